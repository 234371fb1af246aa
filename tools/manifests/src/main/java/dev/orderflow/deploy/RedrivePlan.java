package dev.orderflow.deploy;

import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderflow.manifest.BrokerResource;
import dev.orderflow.manifest.KafkaSinkResource;
import dev.orderflow.manifest.Manifest;
import dev.orderflow.manifest.ManifestLoader;
import dev.orderflow.manifest.ManifestRules;
import dev.orderflow.manifest.Topology;

/**
 * The one-shot redrive of a cluster, as Knative users do it ({@code scripts/run.sh redrive --cluster}): a KafkaSource
 * reading the broker's dead-letter topic from its first offset (a consumer group of its own) into the broker. It
 * keeps running until deleted, so it is deleted once it has caught up; the knativeerror* extensions stay on the events
 * (a KafkaSource cannot remove them).
 */
public final class RedrivePlan {

    private RedrivePlan() {
    }

    /** The KafkaSource for the first broker of {@code root}'s eventing/ and its dead-letter KafkaSink. */
    public static String kafkaSource(Path root, Instant now) {
        Path eventing = root.resolve("eventing");
        Topology topology = ManifestLoader.load(eventing);
        BrokerResource broker = topology.brokers().get(0);
        KafkaSinkResource deadLetter = topology.deadLetterSink(broker).orElseThrow(
                () -> new IllegalStateException("broker " + broker.name() + " has no dead-letter KafkaSink"));
        JsonNode sink = ManifestLoader.read(eventing).stream()
                .filter(m -> m.is(ManifestRules.KAFKA_SINK_API, "KafkaSink") && m.name().equals(deadLetter.name()))
                .map(Manifest::node).findFirst().orElseThrow().path("spec");
        StringBuilder servers = new StringBuilder();
        sink.path("bootstrapServers").forEach(s -> servers.append("    - \"").append(s.asText()).append("\"\n"));
        String name = "redrive-" + deadLetter.name() + "-" + now.getEpochSecond();
        return """
                # One-shot redrive of %s (scripts/run.sh redrive --cluster): every event in the dead-letter topic,
                # from its first offset, posted back into broker %s. Delete it once it has caught up:
                #   kubectl delete kafkasource %s --namespace %s
                apiVersion: sources.knative.dev/v1beta1
                kind: KafkaSource
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  consumerGroup: %s
                  initialOffset: earliest
                  bootstrapServers:
                %s  topics:
                    - %s
                  sink:
                    ref:
                      apiVersion: eventing.knative.dev/v1
                      kind: Broker
                      name: %s
                """.formatted(deadLetter.topic(), broker.name(), name, broker.namespace(), name, broker.namespace(), name,
                servers, deadLetter.topic(), broker.name());
    }
}
