package dev.orderflow.manifest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The admission rules that the Knative webhooks enforce and the CRD schemas do not express, one class per kind
 * ({@link EventingRules}, {@link FilterRules}, {@link ServingRules}, {@link EventPolicyRules}, {@link KafkaRules}).
 * A manifest that breaks one would be refused by a cluster, so the local broker and the deploy refuse it too.
 */
public final class ManifestRules {

    public static final String CONFIG_MAP_API = "v1";
    public static final String EVENTING_API = "eventing.knative.dev/v1";
    public static final String SERVING_API = "serving.knative.dev/v1";
    public static final String KAFKA_SINK_API = "eventing.knative.dev/v1alpha1";
    public static final String EVENT_POLICY_API = "eventing.knative.dev/v1alpha1";
    public static final String EVENT_TYPE_API = "eventing.knative.dev/v1beta2";
    public static final String DELIVERY_ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order";
    public static final String BROKER_CLASS_ANNOTATION = "eventing.knative.dev/broker.class";

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
            EventingRules.checkTrigger(manifest, spec, c);
        } else if (manifest.is(EVENTING_API, "Broker")) {
            EventingRules.checkBroker(spec, c);
        } else if (manifest.is(CONFIG_MAP_API, "ConfigMap")) {
            KafkaRules.checkConfigMap(manifest.node().path("data"), c);
        } else if (manifest.is(KAFKA_SINK_API, "KafkaSink")) {
            KafkaRules.checkKafkaSink(spec, c);
        } else if (manifest.is(SERVING_API, "Service")) {
            ServingRules.checkService(manifest.node(), spec, c);
        } else if (manifest.is(EVENT_POLICY_API, "EventPolicy")) {
            EventPolicyRules.checkEventPolicy(spec, c);
        } else if (manifest.is(EVENT_TYPE_API, "EventType")) {
            EventingRules.checkEventType(spec, c);
        }
        return problems;
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

    /** An ISO-8601 duration ({@code PT0.2S}, {@code P1DT2H}); {@code null} when it does not parse. */
    public static Duration parseDuration(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
