package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;

import dev.orderflow.e2e.TestSubscriber.Received;
import dev.orderflow.harness.KafkaProcess;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Project;
import dev.orderflow.harness.Script;

/**
 * {@code scripts/run.sh redrive} as a user runs it, against a real Kafka holding dead letters and a real HTTP
 * endpoint standing in for the broker's ingress: it posts what its filters select, in binary mode, without the
 * {@code knativeerror*} extensions and with every other attribute as it was; a dry run posts nothing.
 */
class RedriveIT {

    static final Instant EARLY = Instant.parse("2026-11-30T06:00:00Z");
    static final Instant LATE = Instant.parse("2026-11-30T07:00:00Z");
    static final String VALIDATED = "dev.orderflow.order.validated.v1";
    static final String RESERVED = "dev.orderflow.inventory.reserved.v1";

    static KafkaProcess kafka;
    static TestSubscriber ingress;
    static Script script;
    static final String PATH = "/ok/ingress";

    @BeforeAll
    static void deadLettersInKafka() {
        Path dir = Project.workDir("redrive");
        kafka = new KafkaProcess(dir.resolve("kafka")).start();
        ingress = new TestSubscriber();
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(OrderFlow.DEAD_LETTER_TOPIC, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the dead-letter topic", e);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            for (CloudEvent event : List.of(dead("e-1", VALIDATED, "order-1"), dead("e-2", RESERVED, "order-1"),
                    dead("e-3", VALIDATED, "order-2"))) {
                Instant at = event.getId().equals("e-3") ? LATE : EARLY;
                producer.send(KafkaMessageFactory.createWriter(OrderFlow.DEAD_LETTER_TOPIC, 0, at.toEpochMilli(),
                        event.getSubject()).writeBinary(event)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the dead letters", e);
        }
        script = new Script(Map.of("ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "ORDERFLOW_BROKER_URL", ingress.url() + PATH), dir);
    }

    @AfterAll
    static void stop() {
        if (ingress != null) {
            ingress.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    int before;

    @BeforeEach
    void countWhatArrivedSoFar() {
        before = ingress.at(PATH).size();
    }

    static CloudEvent dead(String id, String type, String subject) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/orderflow/tests")).withType(type)
                .withSubject(subject).withDataContentType("application/json").withData("{\"orderId\":\"x\"}".getBytes())
                .withExtension("partitionkey", subject)
                .withExtension("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .withExtension("knativeerrordest", "http://127.0.0.1:8082").withExtension("knativeerrorcode", "503")
                .withExtension("knativeerrordata", "e30=").build();
    }

    List<Received> posted() {
        List<Received> all = ingress.at(PATH);
        return all.subList(before, all.size());
    }

    @Test
    void shouldPostTheSelectedTypeWithoutTheErrorExtensionsAndEveryOtherAttributeAsItWas() {
        String output = script.run(Duration.ofMinutes(2), "redrive", "--type", VALIDATED).ok("redrive").output();

        assertThat(output).contains("redriven 2026-11-30T06:00:00Z  " + VALIDATED + "  order-1  e-1  (dead-lettered with 503",
                "redrove 2 of 3 dead-lettered event(s)");
        await().atMost(Duration.ofSeconds(10)).until(() -> posted().size() == 2);
        assertThat(posted()).extracting(Received::id).containsExactlyInAnyOrder("e-1", "e-3");
        assertThat(posted()).allSatisfy(r -> {
            assertThat(r.headers()).containsEntry("ce-source", "/orderflow/tests").containsEntry("ce-type", VALIDATED)
                    .containsEntry("ce-traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .containsEntry("ce-partitionkey", r.subject()).containsKey("ce-specversion")
                    .doesNotContainKeys("ce-knativeerrordest", "ce-knativeerrorcode", "ce-knativeerrordata");
        });
    }

    @Test
    void shouldSelectBySubjectAndByTheTimeEachWasDeadLettered() {
        script.run(Duration.ofMinutes(2), "redrive", "--subject", "order-1", "--until", "2026-11-30T06:30:00Z").ok("redrive");
        await().atMost(Duration.ofSeconds(10)).until(() -> posted().size() == 2);
        assertThat(posted()).extracting(Received::id).containsExactlyInAnyOrder("e-1", "e-2");

        before = ingress.at(PATH).size();
        script.run(Duration.ofMinutes(2), "redrive", "--since", "2026-11-30T06:30:00Z").ok("redrive");
        await().atMost(Duration.ofSeconds(10)).until(() -> posted().size() == 1);
        assertThat(posted()).extracting(Received::id).containsExactly("e-3");
    }

    @Test
    void shouldPostNothingOnADryRun() {
        String output = script.run(Duration.ofMinutes(2), "redrive", "--dry-run").ok("redrive --dry-run").output();

        assertThat(output).contains("would redrive 3 of 3 dead-lettered event(s)").doesNotContain("redriven ");
        assertThat(posted()).isEmpty();
    }

    @Test
    void shouldPrintTheOneShotKafkaSourceOfAClusterOnADryRun() {
        String output = script.run(Duration.ofMinutes(1), "redrive", "--cluster", "--dry-run").ok("redrive --cluster")
                .output();

        assertThat(output).contains("kind: KafkaSource", "initialOffset: earliest", "- " + OrderFlow.DEAD_LETTER_TOPIC,
                "kind: Broker", "kubectl delete kafkasource redrive-orders-dead-letter-");
    }

    @Test
    void shouldSayWhatItCannotRead() {
        Script.Result result = script.run(Duration.ofMinutes(1), "redrive", "--since", "yesterday");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("'yesterday' is neither an instant");
    }
}
