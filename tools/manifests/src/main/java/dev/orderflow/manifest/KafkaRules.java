package dev.orderflow.manifest;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Knative Kafka broker's control plane refuses in a broker's ConfigMap and in a KafkaSink
 * (eventing-kafka-broker control-plane/pkg/kafka/topic.go, pkg/apis/eventing/v1alpha1/kafka_sink_validation.go).
 */
final class KafkaRules {

    static final String PARTITIONS = "default.topic.partitions";
    static final String REPLICATION = "default.topic.replication.factor";
    static final String BOOTSTRAP = "bootstrap.servers";

    private KafkaRules() {
    }

    static void checkConfigMap(JsonNode data, Checker c) {
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

    static void checkKafkaSink(JsonNode spec, Checker c) {
        if (spec.path("topic").asText("").isBlank()) {
            c.add("spec.topic", "required");
        }
        JsonNode servers = spec.path("bootstrapServers");
        if (!servers.isArray() || servers.isEmpty()) {
            c.add("spec.bootstrapServers", "required and not empty");
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
}
