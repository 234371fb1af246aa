package dev.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.orderflow.manifest.Manifest;
import dev.orderflow.manifest.ManifestFixtures;
import dev.orderflow.manifest.ManifestLoader;

/** The KafkaSource that redrives a cluster's dead letters: valid against the official CRD, from the right topic. */
class RedrivePlanTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void shouldRedriveAClustersDeadLettersWithAValidOneShotKafkaSource() {
        List<Manifest> source = ManifestFixtures.parse(RedrivePlan.kafkaSource(ManifestFixtures.repositoryDirectory(), NOW));

        assertThat(source).singleElement().satisfies(m -> {
            assertThat(ManifestLoader.problems(m)).isEmpty();
            assertThat(m.kind()).isEqualTo("KafkaSource");
            assertThat(m.namespace()).isEqualTo("orderflow");
            assertThat(m.node().at("/spec/topics/0").asText()).isEqualTo("orderflow-orders-dead-letter");
            assertThat(m.node().at("/spec/initialOffset").asText()).isEqualTo("earliest");
            assertThat(m.node().at("/spec/consumerGroup").asText()).isEqualTo(m.name()).endsWith("-" + NOW.getEpochSecond());
            assertThat(m.node().at("/spec/bootstrapServers/0").asText()).isEqualTo("my-cluster-kafka-bootstrap.kafka:9092");
            assertThat(m.node().at("/spec/sink/ref/kind").asText()).isEqualTo("Broker");
            assertThat(m.node().at("/spec/sink/ref/name").asText()).isEqualTo("orders");
        });
    }
}
