package dev.orderflow.manifest;

import static dev.orderflow.manifest.ManifestFixtures.BROKER;
import static dev.orderflow.manifest.ManifestFixtures.BROKER_CONFIG;
import static dev.orderflow.manifest.ManifestFixtures.CONFIG_MAP;
import static dev.orderflow.manifest.ManifestFixtures.TRIGGER_BASICS;
import static dev.orderflow.manifest.ManifestFixtures.broker;
import static dev.orderflow.manifest.ManifestFixtures.build;
import static dev.orderflow.manifest.ManifestFixtures.documents;
import static dev.orderflow.manifest.ManifestFixtures.parse;
import static dev.orderflow.manifest.ManifestFixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class ManifestLoaderTest {

    private static final Destination.Ref DEAD_LETTER_SINK = new Destination.Ref("eventing.knative.dev/v1alpha1",
            "KafkaSink", "orders-dead-letter", "orderflow");

    /** The repository's own manifests, the ones a cluster applies. */
    @Nested
    class TheEventingDirectory {

        private final Topology topology = ManifestLoader.load(ManifestFixtures.eventingDirectory());

        @Test
        void shouldReadOneKafkaBrokerOrderflowOrders() {
            assertThat(topology.brokers()).singleElement().satisfies(broker -> {
                assertThat(broker.namespace()).isEqualTo("orderflow");
                assertThat(broker.name()).isEqualTo("orders");
                assertThat(broker.brokerClass()).isEqualTo("Kafka");
                assertThat(broker.topic()).isEqualTo("knative-broker-orderflow-orders");
            });
        }

        @Test
        void shouldReadTheBrokersKafkaConfig() {
            assertThat(topology.broker("orderflow", "orders")).get().extracting(BrokerResource::config)
                    .isEqualTo(new KafkaBrokerConfig("orderflow", "kafka-broker-config", 10, 3,
                            "my-cluster-kafka-bootstrap.kafka:9092"));
        }

        @Test
        void shouldReadNineTriggersOfTheOrdersBrokerInFileOrder() {
            assertThat(topology.triggers()).extracting(TriggerResource::name).containsExactly(
                    "order-validator", "payment-authorize", "payment-refund", "inventory", "shipping",
                    "order-notifier-completed", "order-notifier-rejected", "order-notifier-declined",
                    "order-notifier-refunded");
            assertThat(topology.triggersOf(topology.brokers().get(0))).hasSize(9);
        }

        @Test
        void shouldGiveEveryTriggerTheBrokersDelivery() {
            DeliverySpec brokers = new DeliverySpec(10, BackoffPolicy.LINEAR, Duration.ofSeconds(1),
                    Duration.ofSeconds(10), null, new Destination(DEAD_LETTER_SINK, null));

            assertThat(topology.triggers()).allSatisfy(t -> assertThat(t.delivery()).isEqualTo(brokers));
        }

        @Test
        void shouldResolveTheDeadLetterSinkToItsKafkaTopic() {
            assertThat(topology.kafkaSink(DEAD_LETTER_SINK, "elsewhere")).get().isEqualTo(
                    new KafkaSinkResource("orderflow", "orders-dead-letter", "orderflow-orders-dead-letter", 10, 3));
        }

        @Test
        void shouldNameEachTriggersConsumerGroupAfterItsNamespaceAndName() {
            assertThat(topology.triggers()).allSatisfy(
                    t -> assertThat(t.consumerGroup()).isEqualTo("knative-trigger-orderflow-" + t.name()));
            assertThat(topology.triggers().get(0).consumerGroup()).isEqualTo("knative-trigger-orderflow-order-validator");
        }

        @Test
        void shouldFilterAndAddressTheOrderValidatorTrigger() {
            TriggerResource validator = topology.triggers().get(0);

            // Both versions of order.placed while v2 rolls out (docs/events.md).
            assertThat(validator.attributes()).isEmpty();
            assertThat(validator.filters()).singleElement().satisfies(any -> assertThat(any.path("any"))
                    .extracting(f -> f.path("exact").path("type").asText())
                    .containsExactly("dev.orderflow.order.placed.v1", "dev.orderflow.order.placed.v2"));
            assertThat(validator.subscriber()).isEqualTo(new Destination(
                    new Destination.Ref("serving.knative.dev/v1", "Service", "order-validator", null), null));
            assertThat(validator.ordered()).isFalse();
        }
    }

    @Test
    void shouldRefuseATriggerWhoseBrokerIsNotAmongTheManifests() {
        assertThatThrownBy(() -> build(CONFIG_MAP, BROKER, trigger("broker: missing\nsubscriber:\n  uri: http://x\n")))
                .isInstanceOf(ManifestException.class)
                .extracting(e -> ((ManifestException) e).problems(), list(String.class))
                .singleElement().asString()
                .isEqualTo("test.yaml#2: Trigger orderflow/t: spec.broker: Broker orderflow/missing is not among the manifests");
    }

    @Test
    void shouldRefuseATriggerWhoseBrokerIsInAnotherNamespace() {
        String elsewhere = trigger(TRIGGER_BASICS).replace("namespace: orderflow", "namespace: elsewhere");

        assertThatThrownBy(() -> build(CONFIG_MAP, BROKER, elsewhere))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("spec.broker: Broker elsewhere/orders is not among the manifests");
    }

    @Test
    void shouldRefuseABrokerOfAnotherClass() {
        String channelBased = BROKER.replace("broker.class: Kafka", "broker.class: MTChannelBasedBroker");

        assertThatThrownBy(() -> build(CONFIG_MAP, channelBased))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("metadata.annotations.eventing.knative.dev/broker.class")
                .hasMessageContaining("'MTChannelBasedBroker'");
    }

    @Test
    void shouldRefuseABrokerWithoutClass() {
        String classless = BROKER.replace("    eventing.knative.dev/broker.class: Kafka\n", "    team: orders\n");

        assertThatThrownBy(() -> build(CONFIG_MAP, classless))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("metadata.annotations.eventing.knative.dev/broker.class");
    }

    @Test
    void shouldRefuseABrokerWhoseConfigMapIsNotAmongTheManifests() {
        assertThatThrownBy(() -> build(BROKER))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("spec.config: ConfigMap orderflow/kafka-broker-config is not among the manifests");
    }

    @Test
    void shouldRefuseManifestsThatBreakARuleWithEveryProblem() {
        assertThatThrownBy(() -> build(CONFIG_MAP, BROKER, trigger("a", "broker: orders\n"),
                trigger("b", "subscriber:\n  uri: http://x\n")))
                .isInstanceOf(ManifestException.class)
                .extracting(e -> ((ManifestException) e).problems(), list(String.class))
                .containsExactly("test.yaml#2: Trigger orderflow/a: spec.subscriber: required",
                        "test.yaml#3: Trigger orderflow/b: spec.broker: required");
    }

    @Test
    void shouldKeepSpecFiltersAsWrittenBesideFilterAttributes() {
        TriggerResource trigger = build(CONFIG_MAP, BROKER, trigger(TRIGGER_BASICS + """
                filter:
                  attributes:
                    type: from.attributes
                filters:
                  - exact:
                      type: from.filters
                """)).triggers().get(0);

        assertThat(trigger.attributes()).isEqualTo(Map.of("type", "from.attributes"));
        assertThat(trigger.filters()).singleElement().asString().isEqualTo("{\"exact\":{\"type\":\"from.filters\"}}");
    }

    @Test
    void shouldMarkATriggerOrderedByItsDeliveryOrderAnnotation() {
        String ordered = trigger(TRIGGER_BASICS).replace("  namespace: orderflow\n",
                "  namespace: orderflow\n  annotations:\n    kafka.eventing.knative.dev/delivery.order: ordered\n");

        assertThat(build(CONFIG_MAP, BROKER, ordered).triggers().get(0).ordered()).isTrue();
    }

    @Nested
    class Delivery {

        private static final String BROKER_DELIVERY = """
                delivery:
                  retry: 5
                  backoffPolicy: linear
                  backoffDelay: PT0.2S
                  timeout: PT10S
                  deadLetterSink:
                    uri: http://dead-letters
                """;

        private DeliverySpec triggerDelivery(String brokerSpec, String triggerSpec) {
            return build(CONFIG_MAP, broker(brokerSpec), trigger(triggerSpec)).triggers().get(0).delivery();
        }

        @Test
        void shouldKeepTheBrokersDeliveryWhenTheTriggerHasNone() {
            assertThat(triggerDelivery(BROKER_CONFIG + BROKER_DELIVERY, TRIGGER_BASICS)).isEqualTo(new DeliverySpec(5,
                    BackoffPolicy.LINEAR, Duration.ofMillis(200), Duration.ofSeconds(10), null,
                    new Destination(null, "http://dead-letters")));
        }

        @Test
        void shouldOverrideTheBrokersDeliveryFieldByField() {
            DeliverySpec delivery = triggerDelivery(BROKER_CONFIG + BROKER_DELIVERY,
                    TRIGGER_BASICS + "delivery:\n  retry: 2\n  timeout: PT3S\n");

            assertThat(delivery).isEqualTo(new DeliverySpec(2, BackoffPolicy.EXPONENTIAL, Duration.ofMillis(200),
                    Duration.ofSeconds(3), null, new Destination(null, "http://dead-letters")));
        }

        @Test
        void shouldUseTheTriggersBackoffPolicyAndDeadLetterSink() {
            DeliverySpec delivery = triggerDelivery(BROKER_CONFIG + BROKER_DELIVERY.replace("linear", "exponential"),
                    TRIGGER_BASICS + "delivery:\n  backoffPolicy: linear\n  deadLetterSink:\n    uri: http://mine\n");

            assertThat(delivery.backoffPolicy()).isEqualTo(BackoffPolicy.LINEAR);
            assertThat(delivery.deadLetterSink()).isEqualTo(new Destination(null, "http://mine"));
            assertThat(delivery.retry()).isEqualTo(5);
        }

        @Test
        void shouldUseTheDefaultsWhenNeitherBrokerNorTriggerSetsDelivery() {
            assertThat(triggerDelivery(BROKER_CONFIG, TRIGGER_BASICS)).isEqualTo(
                    new DeliverySpec(0, BackoffPolicy.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofMinutes(10), null, null));
        }

        @Test
        void shouldFillWhatTheBrokerLeavesOpenWithTheDefaults() {
            assertThat(triggerDelivery(BROKER_CONFIG + "delivery:\n  retry: 3\n", TRIGGER_BASICS)).isEqualTo(
                    new DeliverySpec(3, BackoffPolicy.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofMinutes(10), null, null));
        }
    }

    @Nested
    class Reading {

        @Test
        void shouldReadEachDocumentOfAMultiDocumentFile() {
            assertThat(parse(documents(CONFIG_MAP, BROKER, trigger(TRIGGER_BASICS))))
                    .extracting(Manifest::kind, Manifest::document)
                    .containsExactly(tuple("ConfigMap", 0),
                            tuple("Broker", 1),
                            tuple("Trigger", 2));
        }

        @Test
        void shouldBuildATopologyFromOneMultiDocumentFile() {
            Topology topology = build(CONFIG_MAP, BROKER, trigger(TRIGGER_BASICS));

            assertThat(topology.brokers()).extracting(BrokerResource::name).containsExactly("orders");
            assertThat(topology.triggers()).extracting(TriggerResource::name).containsExactly("t");
        }

        @Test
        void shouldSkipEmptyDocuments() {
            assertThat(parse("---\n" + CONFIG_MAP + "---\n---\n" + BROKER + "---\n"))
                    .extracting(Manifest::kind).containsExactly("ConfigMap", "Broker");
        }

        @Test
        void shouldNameTheDocumentInAManifestsWhere() {
            assertThat(parse(documents(CONFIG_MAP, BROKER))).extracting(Manifest::where).containsExactly(
                    "test.yaml: ConfigMap orderflow/kafka-broker-config", "test.yaml#1: Broker orderflow/orders");
        }

        @Test
        void shouldRefuseAFileThatIsNotValidYaml() {
            assertThatThrownBy(() -> parse("kind: Trigger\n  spec: [unclosed\n"))
                    .isInstanceOf(ManifestException.class)
                    .hasMessageContaining("test.yaml: not valid YAML");
        }

        @Test
        void shouldReadOnlyTheYamlFilesOfADirectoryInNameOrder(@TempDir Path directory) throws IOException {
            Files.writeString(directory.resolve("b.yml"), BROKER);
            Files.writeString(directory.resolve("a.yaml"), CONFIG_MAP);
            Files.writeString(directory.resolve("c.txt"), trigger(TRIGGER_BASICS));
            Files.createDirectory(directory.resolve("d.yaml"));

            assertThat(ManifestLoader.read(directory)).extracting(Manifest::kind).containsExactly("ConfigMap", "Broker");
        }
    }
}
