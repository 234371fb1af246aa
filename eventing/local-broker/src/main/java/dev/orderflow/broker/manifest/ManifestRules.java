package dev.orderflow.broker.manifest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.sql.ParseException;
import io.cloudevents.sql.Parser;

/**
 * The admission rules that the Knative webhooks enforce and the CRD schemas do not express (knative/eventing
 * pkg/apis/eventing/v1/trigger_validation.go, pkg/apis/duck/v1/delivery_types.go; eventing-kafka-broker
 * control-plane/pkg/kafka/topic.go). A manifest that breaks one would be refused by a cluster, so the local broker
 * refuses it too.
 */
public final class ManifestRules {

    public static final String CONFIG_MAP_API = "v1";
    public static final String EVENTING_API = "eventing.knative.dev/v1";
    public static final String SERVING_API = "serving.knative.dev/v1";
    public static final String KAFKA_SINK_API = "eventing.knative.dev/v1alpha1";
    public static final String EVENT_POLICY_API = "eventing.knative.dev/v1alpha1";
    public static final String DELIVERY_ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order";
    public static final String BROKER_CLASS_ANNOTATION = "eventing.knative.dev/broker.class";

    static final String PARTITIONS = "default.topic.partitions";
    static final String REPLICATION = "default.topic.replication.factor";
    static final String BOOTSTRAP = "bootstrap.servers";

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("^[a-z][a-z0-9]*$");
    private static final String AUTOSCALING = "autoscaling.knative.dev/";
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final List<String> METRICS = List.of("concurrency", "rps", "cpu", "memory");
    /** config-defaults' container-concurrency-max-limit. */
    private static final int MAX_CONTAINER_CONCURRENCY = 1000;
    private static final Set<String> DIALECTS = Set.of("exact", "prefix", "suffix", "all", "any", "not", "cesql");

    private ManifestRules() {
    }

    /** Every rule {@code manifest} breaks on a default install, as {@code "<where>: <field>: <problem>"}. */
    public static List<String> check(Manifest manifest) {
        return check(manifest, ClusterFeatures.DEFAULTS);
    }

    /** Every rule {@code manifest} breaks on a cluster with {@code features}; empty when it passes. */
    public static List<String> check(Manifest manifest, ClusterFeatures features) {
        List<String> problems = new ArrayList<>();
        Checker c = new Checker(manifest.where(), features, problems);
        if (manifest.name().isEmpty()) {
            c.add("metadata.name", "required");
        }
        checkStringMap(manifest.node().path("metadata").path("annotations"), "metadata.annotations", c);
        checkStringMap(manifest.node().path("metadata").path("labels"), "metadata.labels", c);
        JsonNode spec = manifest.node().path("spec");
        if (manifest.is(EVENTING_API, "Trigger")) {
            checkTrigger(manifest, spec, c);
        } else if (manifest.is(EVENTING_API, "Broker")) {
            checkBroker(spec, c);
        } else if (manifest.is(CONFIG_MAP_API, "ConfigMap")) {
            checkConfigMap(manifest.node().path("data"), c);
        } else if (manifest.is(KAFKA_SINK_API, "KafkaSink")) {
            checkKafkaSink(spec, c);
        } else if (manifest.is(SERVING_API, "Service")) {
            checkService(manifest.node(), spec, c);
        } else if (manifest.is(EVENT_POLICY_API, "EventPolicy")) {
            if (!features.authenticationOidc()) {
                c.add("kind", "oidc-authentication feature not enabled (the webhook refuses every EventPolicy unless "
                        + "config-features sets authentication-oidc: enabled; apply it from an opt-in overlay)");
            }
            checkEventPolicy(spec, c);
        }
        return problems;
    }

    /**
     * Knative Eventing's webhook on an EventPolicy (pkg/apis/eventing/v1alpha1/eventpolicy_validation.go): each target
     * is a ref or a selector, each sender a ref or an OIDC subject, and a subject's only wildcard is a trailing '*'.
     */
    private static void checkEventPolicy(JsonNode spec, Checker c) {
        JsonNode to = spec.path("to");
        for (int i = 0; i < to.size(); i++) {
            exactlyOne(to.get(i), "ref", "selector", "spec.to[" + i + "]", c);
            checkObjectRef(to.get(i).path("ref"), "spec.to[" + i + "].ref", c);
        }
        JsonNode from = spec.path("from");
        for (int i = 0; i < from.size(); i++) {
            String path = "spec.from[" + i + "]";
            exactlyOne(from.get(i), "ref", "sub", path, c);
            checkObjectRef(from.get(i).path("ref"), path + ".ref", c);
            String sub = from.get(i).path("sub").asText("");
            if (sub.indexOf('*') >= 0 && sub.indexOf('*') != sub.length() - 1) {
                c.add(path + ".sub", "may end with '*' and hold no other wildcard, not '" + sub + "'");
            }
        }
    }

    private static void exactlyOne(JsonNode node, String one, String other, String path, Checker c) {
        if (node.has(one) == node.has(other)) {
            c.add(path, "needs exactly one of " + one + " or " + other);
        }
    }

    private static void checkObjectRef(JsonNode ref, String path, Checker c) {
        if (ref.isMissingNode()) {
            return;
        }
        for (String field : List.of("apiVersion", "kind", "name")) {
            if (ref.path(field).asText("").isBlank()) {
                c.add(path + "." + field, "required");
            }
        }
    }

    /**
     * Knative Serving's webhook on a Service: autoscaling annotations belong to the revision template and have valid
     * values, containerConcurrency is within the cluster's limit, one container with an image (pkg/apis/autoscaling,
     * pkg/apis/serving/v1/revision_validation.go).
     */
    private static void checkService(JsonNode service, JsonNode spec, Checker c) {
        service.path("metadata").path("annotations").fieldNames().forEachRemaining(name -> {
            if (name.startsWith(AUTOSCALING)) {
                c.add("metadata.annotations." + name, "is per revision: put it in spec.template.metadata.annotations");
            }
        });
        JsonNode annotations = spec.path("template").path("metadata").path("annotations");
        String path = "spec.template.metadata.annotations." + AUTOSCALING;
        Integer min = scaleBound(annotations, "min-scale", path, c);
        Integer max = scaleBound(annotations, "max-scale", path, c);
        Integer initial = scaleBound(annotations, "initial-scale", path, c);
        if (min != null && max != null && max > 0 && min > max) {
            c.add(path + "min-scale", "must not exceed max-scale (" + max + ")");
        }
        if (initial != null && initial == 0) {
            c.add(path + "initial-scale", "0 needs allow-zero-initial-scale in the cluster-wide config-autoscaler");
        }
        String target = annotations.path(AUTOSCALING + "target").asText(null);
        if (target != null && !isNumberAtLeast(target, 0.01)) {
            c.add(path + "target", "must be a number of at least 0.01, not '" + target + "'");
        }
        String utilization = annotations.path(AUTOSCALING + "target-utilization-percentage").asText(null);
        if (utilization != null && (!isNumberAtLeast(utilization, 1) || Double.parseDouble(utilization) > 100)) {
            c.add(path + "target-utilization-percentage", "must be a number from 1 to 100, not '" + utilization + "'");
        }
        String metric = annotations.path(AUTOSCALING + "metric").asText(null);
        if (metric != null && !METRICS.contains(metric)) {
            c.add(path + "metric", "must be one of " + METRICS + ", not '" + metric + "'");
        }
        checkAutoscalingDuration(annotations, "scale-down-delay", Duration.ZERO, Duration.ofHours(1), path, c);
        checkAutoscalingDuration(annotations, "window", Duration.ofSeconds(6), Duration.ofHours(1), path, c);
        JsonNode concurrency = spec.path("template").path("spec").path("containerConcurrency");
        if (!concurrency.isMissingNode() && (!concurrency.isIntegralNumber() || concurrency.asInt() < 0
                || concurrency.asInt() > MAX_CONTAINER_CONCURRENCY)) {
            c.add("spec.template.spec.containerConcurrency", "must be an integer from 0 to " + MAX_CONTAINER_CONCURRENCY);
        }
        JsonNode containers = spec.path("template").path("spec").path("containers");
        // Knative allows several containers when exactly one has a port; the functions are single-container.
        if (!containers.isArray() || containers.size() != 1) {
            c.add("spec.template.spec.containers", "must hold exactly one container");
        } else if (containers.get(0).path("image").asText("").isBlank()) {
            c.add("spec.template.spec.containers[0].image", "required");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            JsonNode port = containers.path(0).path(probe).path("httpGet").path("port");
            if (port.isNull()) {
                // Quarkus Kubernetes writes it so (quarkusio/quarkus#32347); the API server prunes it, a reader trips.
                c.add("spec.template.spec.containers[0]." + probe + ".httpGet.port", "null: leave it out, Knative "
                        + "probes the container's port");
            }
        }
    }

    /** A Go duration in whole seconds within bounds, as the autoscaler's annotation validation wants it. */
    private static void checkAutoscalingDuration(JsonNode annotations, String name, Duration least, Duration most,
            String path, Checker c) {
        String value = annotations.path(AUTOSCALING + name).asText(null);
        if (value == null) {
            return;
        }
        Duration duration = parseGoDuration(value);
        if (duration == null) {
            c.add(path + name, "must be a duration such as 30s or 1m30s, not '" + value + "'");
        } else if (duration.compareTo(least) < 0 || duration.compareTo(most) > 0 || duration.toNanos() % 1_000_000_000 != 0) {
            c.add(path + name, "must be whole seconds from " + least.toSeconds() + "s to " + most.toSeconds() + "s, not '"
                    + value + "'");
        }
    }

    /** A Go duration ({@code 30s}, {@code 1m30s}, {@code 0}); {@code null} when it does not parse. */
    static Duration parseGoDuration(String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = GO_DURATION_PART.matcher(value);
        long nanos = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            double amount = Double.parseDouble(part.group(1));
            long unit = switch (part.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += Math.round(amount * unit);
            end = part.end();
        }
        return end == value.length() && end > 0 ? Duration.ofNanos(nanos) : null;
    }

    private static Integer scaleBound(JsonNode annotations, String name, String path, Checker c) {
        JsonNode value = annotations.path(AUTOSCALING + name);
        if (value.isMissingNode()) {
            return null;
        }
        try {
            int bound = Integer.parseInt(value.asText());
            if (bound >= 0) {
                return bound;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        c.add(path + name, "must be an integer of at least 0, not '" + value.asText() + "'");
        return null;
    }

    private static boolean isNumberAtLeast(String value, double least) {
        try {
            return Double.parseDouble(value) >= least;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Kubernetes annotations and labels are maps of strings: an unquoted number or yes is refused. */
    private static void checkStringMap(JsonNode map, String path, Checker c) {
        map.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                c.add(path + "." + e.getKey(), "must be a string (quote it), not "
                        + e.getValue().getNodeType().name().toLowerCase());
            }
        });
    }

    private static void checkTrigger(Manifest manifest, JsonNode spec, Checker c) {
        boolean hasBroker = spec.path("broker").isTextual() && !spec.path("broker").asText().isBlank();
        if (!hasBroker && !spec.has("brokerRef")) {
            c.add("spec.broker", "required");
        }
        if (!spec.has("subscriber")) {
            c.add("spec.subscriber", "required");
        } else {
            checkDestination(spec.path("subscriber"), "spec.subscriber", c);
        }
        JsonNode attributes = spec.path("filter").path("attributes");
        if (!attributes.isMissingNode()) {
            checkAttributeMap(attributes, "spec.filter.attributes", false, c);
        }
        JsonNode filters = spec.path("filters");
        if (!filters.isMissingNode()) {
            checkFilterList(filters, "spec.filters", c);
        }
        if (spec.has("delivery")) {
            checkDelivery(spec.path("delivery"), "spec.delivery", c);
        }
        String order = manifest.annotation(DELIVERY_ORDER_ANNOTATION);
        if (order != null && !order.equals("ordered") && !order.equals("unordered")) {
            c.add("metadata.annotations." + DELIVERY_ORDER_ANNOTATION, "must be ordered or unordered, not '" + order + "'");
        }
    }

    private static void checkBroker(JsonNode spec, Checker c) {
        JsonNode config = spec.path("config");
        if (!config.isMissingNode()) {
            if (!config.path("name").isTextual() || config.path("name").asText().isBlank()) {
                c.add("spec.config.name", "required");
            }
            if (!"ConfigMap".equals(config.path("kind").asText())) {
                c.add("spec.config.kind", "must be ConfigMap for a Kafka broker");
            }
        }
        if (spec.has("delivery")) {
            checkDelivery(spec.path("delivery"), "spec.delivery", c);
        }
    }

    private static void checkConfigMap(JsonNode data, Checker c) {
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                c.add("data." + e.getKey(), "must be a string (quote it), not " + e.getValue().getNodeType().name().toLowerCase());
            }
        }
        if (data.has(PARTITIONS) || data.has(REPLICATION) || data.has(BOOTSTRAP)) {
            checkPositiveInt(data.path(PARTITIONS), "data." + PARTITIONS, c);
            checkPositiveInt(data.path(REPLICATION), "data." + REPLICATION, c);
            if (data.path(BOOTSTRAP).asText("").isBlank()) {
                c.add("data." + BOOTSTRAP, "required and not empty");
            }
        }
    }

    private static void checkKafkaSink(JsonNode spec, Checker c) {
        if (spec.path("topic").asText("").isBlank()) {
            c.add("spec.topic", "required");
        }
        JsonNode servers = spec.path("bootstrapServers");
        if (!servers.isArray() || servers.isEmpty()) {
            c.add("spec.bootstrapServers", "required and not empty");
        }
    }

    static void checkDelivery(JsonNode delivery, String path, Checker c) {
        JsonNode retry = delivery.path("retry");
        if (!retry.isMissingNode() && (!retry.isIntegralNumber() || retry.asInt() < 0)) {
            c.add(path + ".retry", "must be an integer of at least 0");
        }
        JsonNode policy = delivery.path("backoffPolicy");
        if (!policy.isMissingNode() && !(policy.isTextual() && Set.of("linear", "exponential").contains(policy.asText()))) {
            c.add(path + ".backoffPolicy", "must be linear or exponential, not '" + policy.asText() + "'");
        }
        checkDuration(delivery.path("backoffDelay"), path + ".backoffDelay", false, c);
        checkDuration(delivery.path("timeout"), path + ".timeout", true, c);
        checkDuration(delivery.path("retryAfterMax"), path + ".retryAfterMax", false, c);
        // DeliverySpec.Validate (pkg/apis/duck/v1/delivery_types.go): both fields are behind feature flags.
        if (delivery.has("timeout") && !c.features().deliveryTimeout()) {
            c.add(path, "must not set the field(s): timeout (feature delivery-timeout is disabled)");
        }
        if (delivery.has("retryAfterMax") && !c.features().deliveryRetryAfter()) {
            c.add(path, "must not set the field(s): retryAfterMax (feature delivery-retryafter is disabled)");
        }
        if (delivery.has("deadLetterSink")) {
            checkDestination(delivery.path("deadLetterSink"), path + ".deadLetterSink", c);
        }
    }

    private static void checkDestination(JsonNode destination, String path, Checker c) {
        JsonNode ref = destination.path("ref");
        JsonNode uri = destination.path("uri");
        if (ref.isMissingNode() && uri.isMissingNode()) {
            c.add(path, "needs ref or uri");
            return;
        }
        if (!ref.isMissingNode()) {
            for (String field : List.of("apiVersion", "kind", "name")) {
                if (ref.path(field).asText("").isBlank()) {
                    c.add(path + ".ref." + field, "required");
                }
            }
        }
        if (!uri.isMissingNode() && uri.asText("").isBlank()) {
            c.add(path + ".uri", "must not be empty");
        }
    }

    private static void checkFilterList(JsonNode filters, String path, Checker c) {
        if (!filters.isArray()) {
            c.add(path, "must be a list of filters");
            return;
        }
        for (int i = 0; i < filters.size(); i++) {
            checkFilter(filters.get(i), path + "[" + i + "]", c);
        }
    }

    private static void checkFilter(JsonNode filter, String path, Checker c) {
        List<String> dialects = new ArrayList<>();
        filter.fieldNames().forEachRemaining(name -> {
            if (DIALECTS.contains(name)) {
                dialects.add(name);
            } else {
                c.add(path + "." + name, "is not a filter dialect (exact, prefix, suffix, all, any, not, cesql)");
            }
        });
        if (dialects.size() != 1) {
            c.add(path, "must set exactly one filter dialect, found " + (dialects.isEmpty() ? "none" : dialects));
            return;
        }
        String dialect = dialects.get(0);
        JsonNode value = filter.path(dialect);
        switch (dialect) {
            case "exact" -> checkSingleAttribute(value, path + ".exact", false, c);
            case "prefix", "suffix" -> checkSingleAttribute(value, path + "." + dialect, true, c);
            case "all", "any" -> checkFilterList(value, path + "." + dialect, c);
            case "not" -> checkFilter(value, path + ".not", c);
            case "cesql" -> checkCesql(value, path + ".cesql", c);
            default -> throw new IllegalStateException(dialect);
        }
    }

    private static void checkCesql(JsonNode value, String path, Checker c) {
        if (!value.isTextual() || value.asText().isBlank()) {
            c.add(path, "must be a CESQL expression");
            return;
        }
        try {
            Parser.parseDefault(value.asText());
        } catch (ParseException e) {
            c.add(path, "does not parse: " + e.getMessage());
        } catch (RuntimeException e) {
            // cloudevents-sql 4.0.1 throws a NullPointerException, not a ParseException, on an extraneous or
            // unterminated token (e.g. "type == 'a'"): still a manifest problem, not a crash of the loader.
            c.add(path, "does not parse");
        }
    }

    /** exact, prefix and suffix name one attribute each (ValidateSingleAttributeMap). */
    private static void checkSingleAttribute(JsonNode attributes, String path, boolean nonEmptyValues, Checker c) {
        if (attributes.isObject() && attributes.size() > 1) {
            c.add(path, "must have exactly one attribute, found " + attributes.size());
        }
        checkAttributeMap(attributes, path, nonEmptyValues, c);
    }

    private static void checkAttributeMap(JsonNode attributes, String path, boolean nonEmptyValues, Checker c) {
        // An empty map is accepted, as the webhook accepts it: it matches every event.
        if (!attributes.isObject()) {
            c.add(path, "must map attribute names to values");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ATTRIBUTE_NAME.matcher(e.getKey()).matches()) {
                c.add(path + "." + e.getKey(), "is not a valid attribute name (lowercase letters and digits, "
                        + "starting with a letter)");
            }
            if (!e.getValue().isTextual()) {
                c.add(path + "." + e.getKey(), "must be a string (quote it), not "
                        + e.getValue().getNodeType().name().toLowerCase());
            } else if (nonEmptyValues && e.getValue().asText().isEmpty()) {
                c.add(path + "." + e.getKey(), "must not be empty");
            }
        }
    }

    private static void checkPositiveInt(JsonNode value, String path, Checker c) {
        try {
            if (!value.isTextual() || Integer.parseInt(value.asText()) <= 0) {
                c.add(path, "must be a quoted integer greater than 0");
            }
        } catch (NumberFormatException e) {
            c.add(path, "must be a quoted integer greater than 0, not '" + value.asText() + "'");
        }
    }

    private static void checkDuration(JsonNode value, String path, boolean positive, Checker c) {
        if (value.isMissingNode()) {
            return;
        }
        Duration duration = parseDuration(value.asText());
        if (!value.isTextual() || duration == null) {
            c.add(path, "must be an ISO-8601 duration such as PT0.5S, not '" + value.asText() + "'");
        } else if (duration.isNegative() || (positive && duration.isZero())) {
            c.add(path, positive ? "must be greater than 0" : "must not be negative");
        }
    }

    /** An ISO-8601 duration ({@code PT0.2S}, {@code P1DT2H}); {@code null} when it does not parse. */
    public static Duration parseDuration(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private record Checker(String where, ClusterFeatures features, List<String> problems) {
        void add(String field, String problem) {
            problems.add(where + ": " + field + ": " + problem);
        }
    }
}
