package dev.orderflow.broker.manifest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    public static final String KAFKA_SINK_API = "eventing.knative.dev/v1alpha1";
    public static final String DELIVERY_ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order";
    public static final String BROKER_CLASS_ANNOTATION = "eventing.knative.dev/broker.class";

    static final String PARTITIONS = "default.topic.partitions";
    static final String REPLICATION = "default.topic.replication.factor";
    static final String BOOTSTRAP = "bootstrap.servers";

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("^[a-z][a-z0-9]*$");
    private static final Set<String> DIALECTS = Set.of("exact", "prefix", "suffix", "all", "any", "not", "cesql");

    private ManifestRules() {
    }

    /** Every rule {@code manifest} breaks, as {@code "<where>: <field>: <problem>"}; empty when it passes. */
    public static List<String> check(Manifest manifest) {
        List<String> problems = new ArrayList<>();
        Checker c = new Checker(manifest.where(), problems);
        if (manifest.name().isEmpty()) {
            c.add("metadata.name", "required");
        }
        JsonNode spec = manifest.node().path("spec");
        if (manifest.is(EVENTING_API, "Trigger")) {
            checkTrigger(manifest, spec, c);
        } else if (manifest.is(EVENTING_API, "Broker")) {
            checkBroker(spec, c);
        } else if (manifest.is(CONFIG_MAP_API, "ConfigMap")) {
            checkConfigMap(manifest.node().path("data"), c);
        } else if (manifest.is(KAFKA_SINK_API, "KafkaSink")) {
            checkKafkaSink(spec, c);
        }
        return problems;
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

    private record Checker(String where, List<String> problems) {
        void add(String field, String problem) {
            problems.add(where + ": " + field + ": " + problem);
        }
    }
}
