package dev.orderflow.manifest;

/** A {@code KafkaSink}: events sent to it are written to {@code topic}. */
public record KafkaSinkResource(String namespace, String name, String topic, Integer numPartitions,
        Integer replicationFactor) {
}
