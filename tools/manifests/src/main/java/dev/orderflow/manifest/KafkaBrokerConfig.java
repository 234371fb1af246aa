package dev.orderflow.manifest;

/** The {@code kafka-broker-config} ConfigMap a Kafka Broker points at with {@code spec.config}. */
public record KafkaBrokerConfig(String namespace, String name, int partitions, int replicationFactor,
        String bootstrapServers) {
}
