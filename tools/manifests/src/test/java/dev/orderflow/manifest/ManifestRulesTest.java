package dev.orderflow.manifest;

import static dev.orderflow.manifest.ManifestFixtures.BROKER_CONFIG;
import static dev.orderflow.manifest.ManifestFixtures.CONFIG_MAP;
import static dev.orderflow.manifest.ManifestFixtures.TRIGGER_BASICS;
import static dev.orderflow.manifest.ManifestFixtures.broker;
import static dev.orderflow.manifest.ManifestFixtures.parse;
import static dev.orderflow.manifest.ManifestFixtures.trigger;
import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every webhook-mirror rule, each with a manifest that breaks it. The assertions name the field, so a rule that
 * reports the wrong path fails as surely as one that reports nothing.
 */
class ManifestRulesTest {

    /** Every problem the rules find in the manifests of {@code yaml}. */
    private static List<String> problems(String yaml) {
        return parse(yaml).stream().flatMap(m -> ManifestRules.check(m).stream()).toList();
    }

    private static String triggerWithFilters(String filters) {
        return trigger(TRIGGER_BASICS + "filters:\n" + filters.indent(2));
    }

    private static String triggerWithDelivery(String delivery) {
        return trigger(TRIGGER_BASICS + "delivery:\n" + delivery.indent(2));
    }

    @Test
    void shouldPassEveryManifestInTheEventingDirectory() {
        List<Manifest> manifests = ManifestLoader.read(ManifestFixtures.eventingDirectory());

        assertThat(manifests).isNotEmpty();
        assertThat(manifests).allSatisfy(m -> assertThat(ManifestRules.check(m)).as(m.where()).isEmpty());
    }

    @Test
    void shouldPassATriggerThatUsesEveryFilterDialect() {
        assertThat(problems(triggerWithFilters("""
                - exact:
                    type: dev.orderflow.order.placed.v1
                - prefix:
                    source: /orderflow
                - suffix:
                    type: .v1
                - all:
                    - exact:
                        subject: order-1
                - any:
                    - exact:
                        orderid: "42"
                    - not:
                        cesql: "EXISTS tenant"
                - cesql: "type LIKE 'dev.orderflow.%'"
                """))).isEmpty();
    }

    @Test
    void shouldNameTheFileAndTheResourceInEveryProblem() {
        assertThat(problems(trigger("subscriber:\n  uri: http://localhost:8080\n")))
                .containsExactly("test.yaml: Trigger orderflow/t: spec.broker: required");
    }

    @Test
    void shouldRefuseAManifestWithoutName() {
        assertThat(problems("""
                apiVersion: eventing.knative.dev/v1alpha1
                kind: KafkaSink
                metadata:
                  namespace: orderflow
                spec:
                  topic: dead-letters
                  bootstrapServers: ["localhost:9092"]
                """)).singleElement().asString().contains("metadata.name: required");
    }

    @Test
    void shouldRefuseAnEventTypeWithoutTypeAsTheWebhookDoes() {
        assertThat(problems("""
                apiVersion: eventing.knative.dev/v1beta2
                kind: EventType
                metadata:
                  namespace: orderflow
                  name: order-placed
                spec:
                  reference: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: orders}
                """)).containsExactly("test.yaml: EventType orderflow/order-placed: spec.type: required");
    }

    @Nested
    class Trigger {

        @Test
        void shouldRefuseATriggerWithoutBroker() {
            assertThat(problems(trigger("subscriber:\n  uri: http://localhost:8080\n")))
                    .singleElement().asString().endsWith("spec.broker: required");
        }

        @Test
        void shouldRefuseATriggerWithAnEmptyBroker() {
            assertThat(problems(trigger("broker: \"\"\nsubscriber:\n  uri: http://localhost:8080\n")))
                    .singleElement().asString().endsWith("spec.broker: required");
        }

        @Test
        void shouldAcceptATriggerThatNamesItsBrokerWithBrokerRef() {
            assertThat(problems(trigger("brokerRef:\n  name: orders\nsubscriber:\n  uri: http://localhost:8080\n")))
                    .isEmpty();
        }

        @Test
        void shouldRefuseATriggerWithoutSubscriber() {
            assertThat(problems(trigger("broker: orders\n")))
                    .singleElement().asString().endsWith("spec.subscriber: required");
        }

        @Test
        void shouldRefuseASubscriberWithNeitherRefNorUri() {
            assertThat(problems(trigger("broker: orders\nsubscriber:\n  uri_: http://localhost:8080\n")))
                    .singleElement().asString().endsWith("spec.subscriber: needs ref or uri");
        }

        @ParameterizedTest
        @ValueSource(strings = { "apiVersion", "kind", "name" })
        void shouldRefuseASubscriberRefWithoutApiVersionKindOrName(String missing) {
            String ref = Stream.of("apiVersion: serving.knative.dev/v1", "kind: Service", "name: order-validator")
                    .filter(line -> !line.startsWith(missing + ":"))
                    .map(line -> "    " + line + "\n")
                    .collect(joining());

            assertThat(problems(trigger("broker: orders\nsubscriber:\n  ref:\n" + ref)))
                    .singleElement().asString().endsWith("spec.subscriber.ref." + missing + ": required");
        }

        @Test
        void shouldRefuseAnEmptySubscriberUri() {
            assertThat(problems(trigger("broker: orders\nsubscriber:\n  uri: \"\"\n")))
                    .singleElement().asString().endsWith("spec.subscriber.uri: must not be empty");
        }

        @ParameterizedTest
        @ValueSource(strings = { "Type", "1type", "order-id", "order_id", "orderId" })
        void shouldRefuseAFilterAttributeNameThatIsNotLowercaseLettersAndDigits(String name) {
            assertThat(problems(trigger(TRIGGER_BASICS + "filter:\n  attributes:\n    " + name + ": x\n")))
                    .singleElement().asString()
                    .contains("spec.filter.attributes." + name + ": is not a valid attribute name");
        }

        /** YAML 1.1, as the API server reads it: {@code yes}, {@code on}, ... are booleans, {@code 010} is 8. */
        @ParameterizedTest
        @ValueSource(strings = { "yes", "no", "on", "off", "true", "42", "010", "1.5", "null", "[a, b]", "{a: b}" })
        void shouldRefuseAFilterAttributeValueThatIsNotAString(String value) {
            assertThat(problems(trigger(TRIGGER_BASICS + "filter:\n  attributes:\n    type: " + value + "\n")))
                    .singleElement().asString().contains("spec.filter.attributes.type: must be a string");
        }

        @ParameterizedTest
        @ValueSource(strings = { "\"yes\"", "'on'", "\"010\"", "\"\"" })
        void shouldAcceptAQuotedFilterAttributeValue(String value) {
            assertThat(problems(trigger(TRIGGER_BASICS + "filter:\n  attributes:\n    type: " + value + "\n")))
                    .isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = { "fifo", "Ordered", "true" })
        void shouldRefuseADeliveryOrderOtherThanOrderedOrUnordered(String order) {
            String yaml = """
                    apiVersion: eventing.knative.dev/v1
                    kind: Trigger
                    metadata:
                      name: t
                      namespace: orderflow
                      annotations:
                        kafka.eventing.knative.dev/delivery.order: "%s"
                    spec:
                    """.formatted(order) + TRIGGER_BASICS.indent(2);

            assertThat(problems(yaml)).singleElement().asString()
                    .contains("metadata.annotations.kafka.eventing.knative.dev/delivery.order: must be ordered or unordered");
        }

        @ParameterizedTest
        @ValueSource(strings = { "ordered", "unordered" })
        void shouldAcceptADeliveryOrderOfOrderedOrUnordered(String order) {
            String yaml = """
                    apiVersion: eventing.knative.dev/v1
                    kind: Trigger
                    metadata:
                      name: t
                      namespace: orderflow
                      annotations:
                        kafka.eventing.knative.dev/delivery.order: %s
                    spec:
                    """.formatted(order) + TRIGGER_BASICS.indent(2);

            assertThat(problems(yaml)).isEmpty();
        }
    }

    @Nested
    class Filters {

        @Test
        void shouldRefuseFiltersThatAreNotAList() {
            assertThat(problems(trigger(TRIGGER_BASICS + "filters:\n  exact:\n    type: a\n")))
                    .singleElement().asString().endsWith("spec.filters: must be a list of filters");
        }

        @Test
        void shouldRefuseAFilterWithoutDialect() {
            assertThat(problems(triggerWithFilters("- {}\n")))
                    .singleElement().asString()
                    .endsWith("spec.filters[0]: must set exactly one filter dialect, found none");
        }

        @Test
        void shouldRefuseAFilterWithTwoDialects() {
            assertThat(problems(triggerWithFilters("""
                    - exact:
                        type: a
                      prefix:
                        source: b
                    """))).singleElement().asString()
                    .contains("spec.filters[0]: must set exactly one filter dialect, found [exact, prefix]");
        }

        @Test
        void shouldRefuseAnUnknownDialect() {
            assertThat(problems(triggerWithFilters("- regex:\n    type: a\n")))
                    .anySatisfy(p -> assertThat(p).contains("spec.filters[0].regex: is not a filter dialect"));
        }

        @ParameterizedTest
        @ValueSource(strings = { "exact", "prefix", "suffix" })
        void shouldRefuseASingleAttributeDialectWithTwoAttributes(String dialect) {
            assertThat(problems(triggerWithFilters("- " + dialect + ":\n    type: a\n    source: b\n")))
                    .singleElement().asString()
                    .endsWith("spec.filters[0]." + dialect + ": must have exactly one attribute, found 2");
        }

        @ParameterizedTest
        @ValueSource(strings = { "exact", "prefix", "suffix" })
        void shouldAcceptAnEmptyAttributeMapAsTheWebhookDoes(String dialect) {
            assertThat(problems(triggerWithFilters("- " + dialect + ": {}\n"))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = { "exact", "prefix", "suffix" })
        void shouldRefuseADialectThatIsNotAnAttributeMap(String dialect) {
            assertThat(problems(triggerWithFilters("- " + dialect + ": [\"type\"]\n")))
                    .singleElement().asString()
                    .endsWith("spec.filters[0]." + dialect + ": must map attribute names to values");
        }

        @ParameterizedTest
        @ValueSource(strings = { "prefix", "suffix" })
        void shouldRefuseAnEmptyPrefixOrSuffix(String dialect) {
            assertThat(problems(triggerWithFilters("- " + dialect + ":\n    type: \"\"\n")))
                    .singleElement().asString().endsWith("spec.filters[0]." + dialect + ".type: must not be empty");
        }

        @ParameterizedTest
        @ValueSource(strings = { "exact", "prefix", "suffix" })
        void shouldRefuseAnInvalidAttributeNameInADialect(String dialect) {
            assertThat(problems(triggerWithFilters("- " + dialect + ":\n    Type: a\n")))
                    .singleElement().asString()
                    .contains("spec.filters[0]." + dialect + ".Type: is not a valid attribute name");
        }

        @ParameterizedTest
        @ValueSource(strings = { "exact", "prefix", "suffix" })
        void shouldRefuseAnUnquotedYesInADialect(String dialect) {
            assertThat(problems(triggerWithFilters("- " + dialect + ":\n    type: yes\n")))
                    .singleElement().asString()
                    .endsWith("spec.filters[0]." + dialect + ".type: must be a string (quote it), not boolean");
        }

        @ParameterizedTest
        @ValueSource(strings = { "all", "any" })
        void shouldRefuseAllOrAnyThatIsNotAList(String dialect) {
            assertThat(problems(triggerWithFilters("- " + dialect + ":\n    exact:\n      type: a\n")))
                    .singleElement().asString().endsWith("spec.filters[0]." + dialect + ": must be a list of filters");
        }

        @Test
        void shouldCheckFiltersNestedInAllAnyAndNot() {
            assertThat(problems(triggerWithFilters("""
                    - all:
                        - exact:
                            type: a
                        - any:
                            - exact:
                                type: b
                            - not:
                                prefix:
                                  type: ""
                    """))).singleElement().asString()
                    .endsWith("spec.filters[0].all[1].any[1].not.prefix.type: must not be empty");
        }

        @Test
        void shouldRefuseANotWithTwoDialects() {
            assertThat(problems(triggerWithFilters("""
                    - not:
                        exact:
                          type: a
                        suffix:
                          type: b
                    """))).singleElement().asString()
                    .contains("spec.filters[0].not: must set exactly one filter dialect");
        }

        @ParameterizedTest
        @ValueSource(strings = { "type = ", "type = 'a", "WHERE type = 'a'", "type == 'a'" })
        void shouldRefuseCesqlThatDoesNotParse(String expression) {
            assertThat(problems(triggerWithFilters("- cesql: \"" + expression + "\"\n")))
                    .singleElement().asString().contains("spec.filters[0].cesql: does not parse");
        }

        @ParameterizedTest
        @ValueSource(strings = { "\"\"", "42", "true" })
        void shouldRefuseCesqlThatIsNotAnExpressionString(String value) {
            assertThat(problems(triggerWithFilters("- cesql: " + value + "\n")))
                    .singleElement().asString().endsWith("spec.filters[0].cesql: must be a CESQL expression");
        }
    }

    @Nested
    class Delivery {

        static final ClusterFeatures EVERY_FEATURE = new ClusterFeatures(true, true, true);

        /** The problems of the values themselves: on a cluster with every feature a delivery field needs. */
        static List<String> problems(String yaml) {
            return parse(yaml).stream().flatMap(m -> ManifestRules.check(m, EVERY_FEATURE).stream()).toList();
        }

        @Test
        void shouldAcceptAFullDeliveryWhereEveryFeatureItNeedsIsOn() {
            assertThat(problems(triggerWithDelivery("""
                    retry: 0
                    backoffPolicy: linear
                    backoffDelay: PT0.5S
                    timeout: PT30S
                    retryAfterMax: PT1M
                    deadLetterSink:
                      uri: http://localhost:9999
                    """))).isEmpty();
        }

        @Test
        void shouldRefuseRetryAfterMaxWhileTheDeliveryRetryAfterFeatureIsOffAsByDefault() {
            assertThat(ManifestRulesTest.problems(triggerWithDelivery("retry: 3\nretryAfterMax: PT1M\n"))).singleElement()
                    .asString()
                    .endsWith("spec.delivery: must not set the field(s): retryAfterMax (feature delivery-retryafter is disabled)");
        }

        @Test
        void shouldRefuseATimeoutWhereTheDeliveryTimeoutFeatureIsOff() {
            Manifest trigger = parse(triggerWithDelivery("timeout: PT10S\n")).get(0);
            assertThat(ManifestRules.check(trigger)).as("on by default").isEmpty();
            assertThat(ManifestRules.check(trigger, new ClusterFeatures(false, false, false))).singleElement().asString()
                    .endsWith("spec.delivery: must not set the field(s): timeout (feature delivery-timeout is disabled)");
        }

        @ParameterizedTest
        @ValueSource(strings = { "-1", "1.5", "\"5\"", "yes" })
        void shouldRefuseARetryThatIsNotAnIntegerOfAtLeastZero(String retry) {
            assertThat(problems(triggerWithDelivery("retry: " + retry + "\n")))
                    .singleElement().asString().endsWith("spec.delivery.retry: must be an integer of at least 0");
        }

        @ParameterizedTest
        @ValueSource(strings = { "fibonacci", "Linear", "EXPONENTIAL", "1" })
        void shouldRefuseABackoffPolicyOtherThanLinearOrExponential(String policy) {
            assertThat(problems(triggerWithDelivery("backoffPolicy: " + policy + "\n")))
                    .singleElement().asString().contains("spec.delivery.backoffPolicy: must be linear or exponential");
        }

        @ParameterizedTest
        @CsvSource({
                "backoffDelay, 200ms",
                "backoffDelay, 0.2",
                "backoffDelay, 1",
                "timeout, 10s",
                "timeout, PT",
                "retryAfterMax, 5m",
        })
        void shouldRefuseADurationThatIsNotIso8601(String field, String value) {
            assertThat(problems(triggerWithDelivery(field + ": " + value + "\n")))
                    .singleElement().asString()
                    .contains("spec.delivery." + field + ": must be an ISO-8601 duration");
        }

        @ParameterizedTest
        @ValueSource(strings = { "backoffDelay", "retryAfterMax" })
        void shouldRefuseANegativeDuration(String field) {
            assertThat(problems(triggerWithDelivery(field + ": -PT1S\n")))
                    .singleElement().asString().endsWith("spec.delivery." + field + ": must not be negative");
        }

        @ParameterizedTest
        @ValueSource(strings = { "PT0S", "-PT1S" })
        void shouldRefuseATimeoutThatIsNotGreaterThanZero(String timeout) {
            assertThat(problems(triggerWithDelivery("timeout: " + timeout + "\n")))
                    .singleElement().asString().endsWith("spec.delivery.timeout: must be greater than 0");
        }

        @Test
        void shouldRefuseADeadLetterSinkWithNeitherRefNorUri() {
            assertThat(problems(triggerWithDelivery("deadLetterSink: {}\n")))
                    .singleElement().asString().endsWith("spec.delivery.deadLetterSink: needs ref or uri");
        }

        @Test
        void shouldRefuseADeadLetterSinkRefWithoutName() {
            assertThat(problems(triggerWithDelivery("""
                    deadLetterSink:
                      ref:
                        apiVersion: eventing.knative.dev/v1alpha1
                        kind: KafkaSink
                    """))).singleElement().asString().endsWith("spec.delivery.deadLetterSink.ref.name: required");
        }

        @Test
        void shouldCheckTheDeliveryOfABrokerToo() {
            assertThat(problems(broker(BROKER_CONFIG + "delivery:\n  retry: -1\n  backoffPolicy: fibonacci\n")))
                    .hasSize(2)
                    .anySatisfy(p -> assertThat(p).contains("Broker orderflow/orders: spec.delivery.retry"))
                    .anySatisfy(p -> assertThat(p).contains("Broker orderflow/orders: spec.delivery.backoffPolicy"));
        }
    }

    @Nested
    class Broker {

        @Test
        void shouldRefuseABrokerConfigWithoutName() {
            assertThat(problems(broker("config:\n  apiVersion: v1\n  kind: ConfigMap\n")))
                    .singleElement().asString().endsWith("spec.config.name: required");
        }

        @ParameterizedTest
        @ValueSource(strings = { "Secret", "KafkaChannel", "configmap" })
        void shouldRefuseABrokerConfigThatIsNotAConfigMap(String kind) {
            assertThat(problems(broker("config:\n  apiVersion: v1\n  kind: " + kind + "\n  name: kafka-broker-config\n")))
                    .singleElement().asString().endsWith("spec.config.kind: must be ConfigMap for a Kafka broker");
        }
    }

    @Nested
    class ConfigMap {

        private static String configMap(String data) {
            return """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: kafka-broker-config
                      namespace: orderflow
                    data:
                    """ + data.indent(2);
        }

        @Test
        void shouldPassTheFixtureConfigMap() {
            assertThat(problems(CONFIG_MAP)).isEmpty();
        }

        /** YAML 1.1: an unquoted {@code yes} is a boolean, which a ConfigMap's {@code data} cannot hold. */
        @ParameterizedTest
        @CsvSource({ "yes, boolean", "on, boolean", "true, boolean", "1, number", "010, number" })
        void shouldRefuseAnUnquotedConfigMapValue(String value, String type) {
            assertThat(problems(configMap("enabled: " + value + "\n")))
                    .singleElement().asString().endsWith("data.enabled: must be a string (quote it), not " + type);
        }

        @ParameterizedTest
        @CsvSource({
                "default.topic.partitions, '\"0\"'",
                "default.topic.partitions, '\"-1\"'",
                "default.topic.partitions, '\"ten\"'",
                "default.topic.partitions, '\"1.5\"'",
                "default.topic.partitions, '\"\"'",
                "default.topic.replication.factor, '\"0\"'",
                "default.topic.replication.factor, '\"three\"'",
        })
        void shouldRefuseATopicSettingThatIsNotAQuotedIntegerAboveZero(String key, String value) {
            String data = """
                    default.topic.partitions: "10"
                    default.topic.replication.factor: "3"
                    bootstrap.servers: "localhost:9092"
                    """.replaceFirst(Pattern.quote(key) + ": .*", key + ": " + value);

            assertThat(problems(configMap(data)))
                    .singleElement().asString().contains("data." + key + ": must be a quoted integer greater than 0");
        }

        @Test
        void shouldRefuseAnUnquotedPartitionCount() {
            assertThat(problems(configMap("""
                    default.topic.partitions: 10
                    default.topic.replication.factor: "3"
                    bootstrap.servers: "localhost:9092"
                    """)))
                    .anySatisfy(p -> assertThat(p).endsWith("data.default.topic.partitions: must be a string (quote it), not number"))
                    .anySatisfy(p -> assertThat(p).contains("data.default.topic.partitions: must be a quoted integer greater than 0"));
        }

        @Test
        void shouldRefuseATopicConfigWithoutPartitionCount() {
            assertThat(problems(configMap("""
                    default.topic.replication.factor: "3"
                    bootstrap.servers: "localhost:9092"
                    """))).singleElement().asString()
                    .contains("data.default.topic.partitions: must be a quoted integer greater than 0");
        }

        @ParameterizedTest
        @ValueSource(strings = { "bootstrap.servers: \"\"\n", "bootstrap.servers: \"  \"\n", "" })
        void shouldRefuseAnEmptyOrMissingBootstrapServers(String bootstrap) {
            assertThat(problems(configMap("default.topic.partitions: \"10\"\ndefault.topic.replication.factor: \"3\"\n"
                    + bootstrap))).singleElement().asString().endsWith("data.bootstrap.servers: required and not empty");
        }

        @Test
        void shouldPassAConfigMapWithoutKafkaTopicSettings() {
            assertThat(problems(configMap("level: \"debug\"\n"))).isEmpty();
        }
    }

    @Nested
    class KafkaSink {

        private static String kafkaSink(String spec) {
            return """
                    apiVersion: eventing.knative.dev/v1alpha1
                    kind: KafkaSink
                    metadata:
                      name: dead-letters
                      namespace: orderflow
                    spec:
                    """ + spec.indent(2);
        }

        @Test
        void shouldPassAKafkaSinkWithTopicAndBootstrapServers() {
            assertThat(problems(kafkaSink("topic: dead-letters\nbootstrapServers: [\"localhost:9092\"]\n"))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = { "", "topic: \"\"\n" })
        void shouldRefuseAKafkaSinkWithoutTopic(String topic) {
            assertThat(problems(kafkaSink(topic + "bootstrapServers: [\"localhost:9092\"]\n")))
                    .singleElement().asString().endsWith("spec.topic: required");
        }

        @ParameterizedTest
        @ValueSource(strings = { "", "bootstrapServers: []\n", "bootstrapServers: \"localhost:9092\"\n" })
        void shouldRefuseAKafkaSinkWithoutBootstrapServerList(String servers) {
            assertThat(problems(kafkaSink("topic: dead-letters\n" + servers)))
                    .singleElement().asString().endsWith("spec.bootstrapServers: required and not empty");
        }
    }
}
