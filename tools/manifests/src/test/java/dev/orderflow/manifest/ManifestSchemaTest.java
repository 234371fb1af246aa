package dev.orderflow.manifest;

import static dev.orderflow.manifest.ManifestFixtures.eventingDirectory;
import static dev.orderflow.manifest.ManifestFixtures.knativeDirectory;
import static dev.orderflow.manifest.ManifestFixtures.oidcDirectory;
import static dev.orderflow.manifest.ManifestFixtures.parse;
import static dev.orderflow.manifest.ManifestFixtures.replaceOnce;
import static dev.orderflow.manifest.ManifestFixtures.repositoryFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.ValidationMessage;

import dev.orderflow.events.EventCatalog;

/**
 * The three levels a manifest goes through ({@link ManifestLoader#problems}): the CRD's raw schema, the same schema
 * made strict, and the webhook-mirror rules. Each broken manifest is a copy of a real one of the repository with one
 * fault, and each assertion names the level ({@code schema:}, {@code strict:} or the rule's field) that must catch it.
 */
class ManifestSchemaTest {

    /** The payment Service, its scale settings pinned so that the edits below do not follow their tuning. */
    private static final String SERVICE = repositoryFile("knative/400-payment-service.yaml")
            .replaceFirst("containerConcurrency: \\d+", "containerConcurrency: 200")
            .replaceFirst("autoscaling.knative.dev/target: \"\\d+\"", "autoscaling.knative.dev/target: \"100\"")
            .replaceFirst("autoscaling.knative.dev/max-scale: \"\\d+\"", "autoscaling.knative.dev/max-scale: \"10\"");
    private static final String BROKER = repositoryFile("eventing/102-broker.yaml");
    private static final String KAFKA_SINK = repositoryFile("eventing/101-dead-letter-sink.yaml");
    private static final String TRIGGER = repositoryFile("eventing/300-trigger-order-validator.yaml");

    private static final String TEMPLATE_ANNOTATIONS = "      annotations:\n";
    private static final String AUTOSCALING = "spec.template.metadata.annotations.autoscaling.knative.dev/";

    /** Every problem of every level in the manifests of {@code yaml}. */
    private static List<String> problems(String yaml) {
        return parse(yaml).stream().flatMap(m -> ManifestLoader.problems(m).stream()).toList();
    }

    /** The one manifest of {@code yaml}. */
    private static Manifest manifest(String yaml) {
        List<Manifest> manifests = parse(yaml);
        assertThat(manifests).hasSize(1);
        return manifests.get(0);
    }

    /** The payment Service with {@code annotation} added to its revision template's annotations. */
    private static String serviceWithTemplateAnnotation(String annotation) {
        return replaceOnce(SERVICE, TEMPLATE_ANNOTATIONS, TEMPLATE_ANNOTATIONS + "        " + annotation + "\n");
    }

    @Test
    void shouldPassTheUnbrokenCopiesTheOtherTestsStartFrom() {
        assertThat(problems(ManifestFixtures.documents(SERVICE, BROKER, KAFKA_SINK, TRIGGER))).isEmpty();
    }

    /**
     * The very files a cluster applies with {@code kubectl apply -k knative/}, on a default install, and the opt-in
     * overlay {@code eventing/oidc/} on a cluster with sender identity on.
     */
    @Nested
    class TheRepositoryManifests {

        static Stream<Named<Manifest>> repositoryManifests() {
            return Stream.of(eventingDirectory(), knativeDirectory(), oidcDirectory())
                    .flatMap(dir -> ManifestLoader.read(dir).stream()
                            .map(m -> Named.of(dir.getFileName() + "/" + m.where(), m)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("repositoryManifests")
        void shouldPassTheSchemaTheStrictSchemaAndTheRules(Manifest manifest) {
            boolean overlay = manifest.file().getParent().equals(oidcDirectory());
            assertThat(ManifestLoader.problems(manifest,
                    overlay ? ClusterFeatures.DEFAULTS.withAuthenticationOidc() : ClusterFeatures.DEFAULTS)).isEmpty();
        }

        @Test
        void shouldApplyNoEventPolicyOnTheDefaultPath() {
            assertThat(Stream.of(eventingDirectory(), knativeDirectory()).flatMap(d -> ManifestLoader.read(d).stream()))
                    .extracting(Manifest::kind).doesNotContain("EventPolicy");
            assertThat(ManifestLoader.read(oidcDirectory())).extracting(Manifest::kind)
                    .containsExactly("ServiceAccount", "EventPolicy", "EventPolicy");
        }

        /** A kind without a CRD here would get no schema check at all, and pass unseen (see below). */
        @ParameterizedTest(name = "{0}")
        @MethodSource("repositoryManifests")
        void shouldBeOfAKindTheValidationKnows(Manifest manifest) {
            assertThat(manifest.is("v1", "Namespace") || manifest.is("v1", "ConfigMap")
                    || manifest.is("v1", "ServiceAccount") || CrdSchemas.get().defines(manifest.apiVersion(), manifest.kind()))
                    .as("%s %s is a v1 Namespace, ServiceAccount or ConfigMap, or a kind of crds/", manifest.apiVersion(),
                            manifest.kind())
                    .isTrue();
        }

        @Test
        void shouldFindTheEventingSideAndTheFiveServices() {
            assertThat(ManifestLoader.read(eventingDirectory())).extracting(Manifest::kind)
                    .containsOnly("Namespace", "ConfigMap", "KafkaSink", "Broker", "EventType", "Trigger")
                    .hasSize(13 + EventCatalog.ENTRIES.size());
            assertThat(ManifestLoader.read(knativeDirectory())).extracting(Manifest::name).containsExactly(
                    "inventory", "order-notifier", "order-validator", "payment", "shipping");
        }

        @ParameterizedTest
        @ValueSource(strings = { "eventing", "knative", "eventing/oidc" })
        void shouldReadEveryYamlDocumentButTheKustomization(String directory) throws IOException {
            Path dir = ManifestFixtures.repositoryDirectory().resolve(directory);
            Path kustomization = dir.resolve("kustomization.yaml");
            assertThat(kustomization).isRegularFile();

            List<Manifest> manifests = ManifestLoader.read(dir);

            assertThat(manifests).extracting(m -> m.file().getFileName().toString())
                    .isNotEmpty()
                    .doesNotContain("kustomization.yaml");
            assertThat(ManifestLoader.readFile(kustomization)).isEmpty();
            assertThat(manifests).hasSize(documentsIn(dir) - 1);
        }

        @ParameterizedTest
        @CsvSource({
                "serving.knative.dev/v1, Service",
                "eventing.knative.dev/v1, Broker",
                "eventing.knative.dev/v1, Trigger",
                "eventing.knative.dev/v1alpha1, KafkaSink",
                "eventing.knative.dev/v1alpha1, EventPolicy",
        })
        void shouldHaveTheCrdOfEveryKnativeKindTheFlowUses(String apiVersion, String kind) {
            assertThat(CrdSchemas.get().defines(apiVersion, kind)).isTrue();
        }

        @Test
        void shouldNotCheckTheSchemaOfAKindWithoutCrd() {
            Manifest deployment = manifest("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: payment
                    spec:
                      replicas: many
                    """);

            assertThat(CrdSchemas.get().defines("apps/v1", "Deployment")).isFalse();
            assertThat(CrdSchemas.get().check(deployment)).isEmpty();
        }

        /** Non-empty YAML documents of the directory's YAML files, counted apart from the loader. */
        private static int documentsIn(Path dir) throws IOException {
            YAMLMapper yaml = new YAMLMapper();
            int count = 0;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                        while (documents.hasNextValue()) {
                            JsonNode document = documents.nextValue();
                            if (document != null && !document.isNull() && !document.isEmpty()) {
                                count++;
                            }
                        }
                    }
                }
            }
            return count;
        }
    }

    /** Wrong types, enums, patterns and missing required fields: what the CRD's openAPIV3Schema says itself. */
    @Nested
    class TheRawSchema {

        @Test
        void shouldRefuseAContainerConcurrencyThatIsAString() {
            assertThat(problems(replaceOnce(SERVICE, "containerConcurrency: 200", "containerConcurrency: \"ten\"")))
                    .anySatisfy(p -> assertThat(p)
                            .contains("schema: $.spec.template.spec.containerConcurrency: string found, integer expected"));
        }

        @Test
        void shouldRefuseAnUnquotedMinScaleAsTemplateAnnotationsAreStrings() {
            assertThat(problems(replaceOnce(SERVICE, "min-scale: \"0\"", "min-scale: 1")))
                    .singleElement().asString().contains(
                            "schema: $." + AUTOSCALING + "min-scale: integer found, string expected");
        }

        @Test
        void shouldRefuseAnUnquotedYesAmongTheTemplateLabels() {
            String yes = replaceOnce(SERVICE, "      labels:\n        networking.knative.dev/visibility",
                    "      labels:\n        canary: yes\n        networking.knative.dev/visibility");

            assertThat(problems(yes)).singleElement().asString()
                    .contains("schema: $.spec.template.metadata.labels.canary: boolean found, string expected");
        }

        /** The CRD does not require a container's image (Kubernetes leaves it to higher-level config); the rule does. */
        @Test
        void shouldLeaveAContainerWithoutImageToTheRule() {
            String imageless = replaceOnce(SERVICE, "          image: registry.example.com/orderflow/payment:0.1.0\n", "");

            assertThat(CrdSchemas.get().check(manifest(imageless))).isEmpty();
            assertThat(problems(imageless)).singleElement().asString()
                    .endsWith("Service orderflow/payment: spec.template.spec.containers[0].image: required");
        }

        @Test
        void shouldRefuseAnEnvEntryWithoutName() {
            String nameless = replaceOnce(SERVICE, "            - name: JDK_JAVA_OPTIONS\n              value:",
                    "            - value:");

            assertThat(problems(nameless)).singleElement().asString()
                    .contains("schema: $.spec.template.spec.containers[0].env[0]: required property 'name' not found");
        }

        @ParameterizedTest
        @ValueSource(strings = { "lots", "256MB", "1Gb", "\"\"" })
        void shouldRefuseAMemoryLimitThatIsNotAKubernetesQuantity(String memory) {
            String limits = replaceOnce(SERVICE, "limits:\n              memory: 256Mi",
                    "limits:\n              memory: " + memory);

            assertThat(problems(limits)).singleElement().asString().contains(
                    "schema: $.spec.template.spec.containers[0].resources.limits.memory: does not match the regex pattern");
        }

        @ParameterizedTest
        @ValueSource(strings = { "512Mi", "1G", "0.5Gi", "\"1e9\"", "268435456" })
        void shouldAcceptAMemoryLimitThatIsAKubernetesQuantity(String memory) {
            assertThat(problems(replaceOnce(SERVICE, "limits:\n              memory: 256Mi",
                    "limits:\n              memory: " + memory))).isEmpty();
        }

        @Test
        void shouldRefuseABrokerRetryThatIsAString() {
            assertThat(problems(replaceOnce(BROKER, "retry: 10", "retry: \"3\"")))
                    .anySatisfy(p -> assertThat(p).contains("Broker orderflow/orders: schema: $.spec.delivery.retry: "
                            + "string found, integer expected"));
        }

        @Test
        void shouldRefuseAKafkaSinkWithoutTopic() {
            assertThat(problems(replaceOnce(KAFKA_SINK, "  topic: orderflow-orders-dead-letter\n", "")))
                    .anySatisfy(p -> assertThat(p)
                            .contains("KafkaSink orderflow/orders-dead-letter: schema: $.spec: required property 'topic' not found"));
        }

        @Test
        void shouldRefuseAKafkaSinkContentModeOutsideItsEnum() {
            assertThat(problems(replaceOnce(KAFKA_SINK, "contentMode: binary", "contentMode: json")))
                    .singleElement().asString()
                    .contains("schema: $.spec.contentMode: does not have a value in the enumeration [\"binary\", \"structured\"]");
        }

        @Test
        void shouldRefuseATriggerSubscriberRefNameThatIsANumber() {
            assertThat(problems(replaceOnce(TRIGGER, "      name: order-validator\n", "      name: 42\n")))
                    .singleElement().asString()
                    .contains("Trigger orderflow/order-validator: schema: $.spec.subscriber.ref.name: integer found, string expected");
        }

        /** A typo that drops a required field is no case for strict: the raw schema misses the field already. */
        @Test
        void shouldRefuseContainerzInPlaceOfContainersAsContainersAreRequired() {
            assertThat(problems(replaceOnce(SERVICE, "      containers:", "      containerz:")))
                    .anySatisfy(p -> assertThat(p)
                            .contains("schema: $.spec.template.spec: required property 'containers' not found"));
        }
    }

    /** {@code additionalProperties: false} wherever the CRD does not preserve unknown fields: the typos. */
    @Nested
    class TheStrictSchema {

        @Test
        void shouldRefuseARefsTypoInATriggerSubscriber() {
            List<String> problems = problems(replaceOnce(TRIGGER, "    ref:", "    refs:"));

            assertThat(problems).noneSatisfy(p -> assertThat(p).contains(": schema: "));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("Trigger orderflow/order-validator: strict: "
                    + "$.spec.subscriber: property 'refs' is not defined in the schema"));
        }

        @Test
        void shouldRefuseAContainerzFieldBesideTheContainers() {
            String containerz = replaceOnce(SERVICE, "      containerConcurrency: 200\n",
                    "      containerConcurrency: 200\n      containerz: []\n");

            assertThat(problems(containerz)).singleElement().asString()
                    .contains("strict: $.spec.template.spec: property 'containerz' is not defined in the schema");
        }

        @Test
        void shouldRefuseAContainerConcurrencyTypoThatNothingElseSees() {
            String typo = replaceOnce(SERVICE, "containerConcurrency: 200", "containerConcurency: 200");

            assertThat(problems(typo)).singleElement().asString()
                    .contains("strict: $.spec.template.spec: property 'containerConcurency' is not defined in the schema");
        }

        @Test
        void shouldRefuseAnImagePullPoliceTypoInAContainer() {
            assertThat(problems(replaceOnce(SERVICE, "imagePullPolicy: Always", "imagePullPolice: Always")))
                    .singleElement().asString().contains(
                            "strict: $.spec.template.spec.containers[0]: property 'imagePullPolice' is not defined in the schema");
        }

        /** The blind spot of SCHEMA-NOTES.md: a Trigger's spec preserves unknown fields, so only the rule sees it. */
        @Test
        void shouldLeaveASubscribrTypoUnderATriggersSpecToTheRule() {
            String subscribr = replaceOnce(TRIGGER, "  subscriber:", "  subscribr:");

            assertThat(CrdSchemas.get().check(manifest(subscribr))).isEmpty();
            assertThat(problems(subscribr)).containsExactly(
                    "test.yaml: Trigger orderflow/order-validator: spec.subscriber: required");
        }

        @Test
        void shouldAcceptUnknownFieldsWhereTheCrdPreservesThem() {
            String affinity = replaceOnce(SERVICE, "      containerConcurrency: 200\n",
                    "      containerConcurrency: 200\n      affinity:\n        anyField: any value\n");

            assertThat(problems(affinity)).isEmpty();
        }
    }

    /**
     * Knative Serving's webhook, which no schema expresses: where the autoscaling annotations go and what values
     * they take, the container concurrency limit, one container.
     */
    @Nested
    class TheServiceWebhookRules {

        @Test
        void shouldRefuseAnAutoscalingAnnotationOnTheServiceItself() {
            String onService = replaceOnce(SERVICE, "  annotations:\n    app.quarkus.io",
                    "  annotations:\n    autoscaling.knative.dev/min-scale: \"1\"\n    app.quarkus.io");

            assertThat(problems(onService)).singleElement().asString().endsWith("Service orderflow/payment: "
                    + "metadata.annotations.autoscaling.knative.dev/min-scale: is per revision: put it in "
                    + "spec.template.metadata.annotations");
        }

        @Test
        void shouldRefuseAMinScaleAboveTheMaxScale() {
            assertThat(problems(replaceOnce(SERVICE, "min-scale: \"0\"", "min-scale: \"11\"")))
                    .singleElement().asString().endsWith(AUTOSCALING + "min-scale: must not exceed max-scale (10)");
        }

        @ParameterizedTest
        @ValueSource(strings = { "10", "3" })
        void shouldAcceptAMinScaleUpToTheMaxScale(String minScale) {
            assertThat(problems(replaceOnce(SERVICE, "min-scale: \"0\"", "min-scale: \"" + minScale + "\"")))
                    .isEmpty();
        }

        /** A max-scale of 0 means no limit. */
        @Test
        void shouldAcceptAnyMinScaleWhenTheMaxScaleIsZero() {
            String unbounded = replaceOnce(replaceOnce(SERVICE, "max-scale: \"10\"", "max-scale: \"0\""),
                    "min-scale: \"0\"", "min-scale: \"20\"");

            assertThat(problems(unbounded)).isEmpty();
        }

        @Test
        void shouldRefuseAnInitialScaleOfZero() {
            assertThat(problems(serviceWithTemplateAnnotation("autoscaling.knative.dev/initial-scale: \"0\"")))
                    .singleElement().asString().endsWith(AUTOSCALING
                            + "initial-scale: 0 needs allow-zero-initial-scale in the cluster-wide config-autoscaler");
        }

        @ParameterizedTest
        @ValueSource(strings = { "fast", "0", "0.001", "-5" })
        void shouldRefuseATargetThatIsNotANumberOfAtLeastOneHundredth(String target) {
            assertThat(problems(replaceOnce(SERVICE, "target: \"100\"", "target: \"" + target + "\"")))
                    .singleElement().asString()
                    .endsWith(AUTOSCALING + "target: must be a number of at least 0.01, not '" + target + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = { "150", "0", "half" })
        void shouldRefuseATargetUtilizationPercentageOutsideOneToAHundred(String percentage) {
            assertThat(problems(serviceWithTemplateAnnotation(
                    "autoscaling.knative.dev/target-utilization-percentage: \"" + percentage + "\"")))
                    .singleElement().asString().endsWith(AUTOSCALING
                            + "target-utilization-percentage: must be a number from 1 to 100, not '" + percentage + "'");
        }

        @Test
        void shouldRefuseAMetricTheAutoscalerDoesNotKnow() {
            assertThat(problems(replaceOnce(SERVICE, "metric: concurrency", "metric: qps")))
                    .singleElement().asString()
                    .contains(AUTOSCALING + "metric: must be one of [")
                    .endsWith("], not 'qps'");
        }

        @ParameterizedTest
        @ValueSource(strings = { "PT1M", "60", "1 m", "1d" })
        void shouldRefuseAScaleDownDelayThatIsNotAGoDuration(String delay) {
            assertThat(problems(replaceOnce(SERVICE, "scale-down-delay: 60s", "scale-down-delay: \"" + delay + "\"")))
                    .singleElement().asString().endsWith(AUTOSCALING
                            + "scale-down-delay: must be a duration such as 30s or 1m30s, not '" + delay + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = { "30s", "1m30s", "\"0\"", "1h", "0.5m" })
        void shouldAcceptAScaleDownDelayThatIsAGoDurationOfWholeSecondsUpToAnHour(String delay) {
            assertThat(problems(replaceOnce(SERVICE, "scale-down-delay: 60s", "scale-down-delay: " + delay))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = { "1.5h", "61m", "500ms", "1500ms" })
        void shouldRefuseAScaleDownDelayOverAnHourOrFinerThanASecond(String delay) {
            assertThat(problems(replaceOnce(SERVICE, "scale-down-delay: 60s", "scale-down-delay: " + delay)))
                    .singleElement().asString().endsWith(AUTOSCALING
                            + "scale-down-delay: must be whole seconds from 0s to 3600s, not '" + delay + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = { "5000", "1001", "-1" })
        void shouldRefuseAContainerConcurrencyOutsideZeroToAThousand(String concurrency) {
            assertThat(problems(replaceOnce(SERVICE, "containerConcurrency: 200", "containerConcurrency: " + concurrency)))
                    .singleElement().asString()
                    .endsWith("spec.template.spec.containerConcurrency: must be an integer from 0 to 1000");
        }

        @ParameterizedTest
        @ValueSource(strings = { "0", "1000" })
        void shouldAcceptAContainerConcurrencyFromZeroToAThousand(String concurrency) {
            assertThat(problems(replaceOnce(SERVICE, "containerConcurrency: 200", "containerConcurrency: " + concurrency)))
                    .isEmpty();
        }

        @Test
        void shouldRefuseTwoContainers() {
            String sidecar = replaceOnce(SERVICE, "      containers:\n",
                    "      containers:\n        - name: sidecar\n          image: registry.example.com/sidecar:1.0\n");

            assertThat(problems(sidecar)).singleElement().asString()
                    .contains("spec.template.spec.containers: must hold exactly one container");
        }

        /** YAML 1.1, as the API server reads it: an unquoted on or yes is a boolean, which no label can hold. */
        @ParameterizedTest
        @CsvSource({ "labels, on", "labels, yes", "annotations, on", "annotations, yes" })
        void shouldRefuseAnUnquotedYamlBooleanOnTheServicesMetadata(String map, String value) {
            String unquoted = replaceOnce(SERVICE, "\n  " + map + ":\n", "\n  " + map + ":\n    canary: " + value + "\n");

            assertThat(problems(unquoted)).singleElement().asString()
                    .endsWith("Service orderflow/payment: metadata." + map + ".canary: must be a string (quote it), not boolean");
        }

        @ParameterizedTest
        @ValueSource(strings = { "labels", "annotations" })
        void shouldAcceptAQuotedOnOnTheServicesMetadata(String map) {
            assertThat(problems(replaceOnce(SERVICE, "\n  " + map + ":\n", "\n  " + map + ":\n    canary: \"on\"\n")))
                    .isEmpty();
        }
    }

    /** {@link CrdSchemas#withoutNulls}: the API server drops null fields before it validates, and so must the check. */
    @Nested
    class NullPruning {

        private static final String READINESS_PORT = "              path: /q/health/ready\n              port: null\n";
        /** The payment Service as Quarkus Kubernetes writes it, before scripts/run.sh manifests drops the nulls. */
        private static final String GENERATED = replaceOnce(replaceOnce(SERVICE,
                "              path: /q/health/live\n", "              path: /q/health/live\n              port: null\n"),
                "              path: /q/health/ready\n", READINESS_PORT);

        @Test
        void shouldPassTheSchemaWithAProbePortOfNullButRefuseItByRule() {
            Manifest service = manifest(GENERATED);

            assertThat(service.node().at("/spec/template/spec/containers/0/readinessProbe/httpGet/port").isNull())
                    .isTrue();
            assertThat(CrdSchemas.get().check(service)).isEmpty();
            assertThat(ManifestLoader.problems(service)).containsExactly(
                    "test.yaml: Service orderflow/payment: spec.template.spec.containers[0].livenessProbe"
                            + ".httpGet.port: null: leave it out, Knative probes the container's port",
                    "test.yaml: Service orderflow/payment: spec.template.spec.containers[0].readinessProbe"
                            + ".httpGet.port: null: leave it out, Knative probes the container's port");
        }

        /** Without the pruning, the port's anyOf integer/string would refuse the null. */
        @Test
        void shouldBeWhatLetsTheNullPortThrough() {
            Manifest service = manifest(GENERATED);

            assertThat(validate(serviceSchema(), service.node())).anySatisfy(
                    m -> assertThat(m).contains("$.spec.template.spec.containers[0].readinessProbe.httpGet.port: null found"));
            assertThat(validate(serviceSchema(), CrdSchemas.withoutNulls(service.node()))).isEmpty();
        }

        @Test
        void shouldDropTheNullFieldsOfACopyAndKeepTheRest() {
            JsonNode service = manifest(GENERATED).node();

            JsonNode pruned = CrdSchemas.withoutNulls(service);

            JsonNode httpGet = pruned.at("/spec/template/spec/containers/0/livenessProbe/httpGet");
            assertThat(httpGet.has("port")).isFalse();
            assertThat(httpGet.path("path").asText()).isEqualTo("/q/health/live");
            assertThat(service.at("/spec/template/spec/containers/0/livenessProbe/httpGet").has("port")).isTrue();
        }

        /** The readiness probe's port stays null: its periodSeconds is the only fault. */
        @Test
        void shouldNotHideATypeErrorBesideANullPort() {
            String often = replaceOnce(GENERATED, "periodSeconds: 1\n", "periodSeconds: often\n");

            assertThat(often).contains(READINESS_PORT);
            assertThat(CrdSchemas.get().check(manifest(often))).singleElement().asString().contains(
                    "schema: $.spec.template.spec.containers[0].readinessProbe.periodSeconds: string found, integer expected");
        }

        @Test
        void shouldNotHideAPortOfTheWrongType() {
            String boolPort = replaceOnce(GENERATED, READINESS_PORT,
                    "              path: /q/health/ready\n              port: true\n");

            assertThat(CrdSchemas.get().check(manifest(boolPort))).isNotEmpty().allSatisfy(p -> assertThat(p)
                    .contains("schema: $.spec.template.spec.containers[0].readinessProbe.httpGet.port: boolean found"));
        }

        /** A required field set to null is missing once pruned, and still refused. */
        @Test
        void shouldStillRefuseARequiredFieldThatIsNull() {
            String nullName = replaceOnce(SERVICE, "- name: JDK_JAVA_OPTIONS", "- name: null");

            assertThat(problems(nullName)).singleElement().asString()
                    .contains("schema: $.spec.template.spec.containers[0].env[0]: required property 'name' not found");
        }

        private static List<String> validate(JsonNode schema, JsonNode node) {
            return CrdSchemas.draft4().getSchema(schema).validate(node).stream()
                    .map(ValidationMessage::getMessage).toList();
        }

        /** The Service CRD's v1 openAPIV3Schema, read here apart from {@link CrdSchemas}. */
        private static JsonNode serviceSchema() {
            try (InputStream in = CrdSchemas.class.getResourceAsStream("/crds/service.yaml")) {
                JsonNode crd = new YAMLMapper().readTree(in);
                return crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class TheEventPolicyWebhookRules {

        /** Every problem of every level, on a cluster whose Eventing has authentication-oidc on. */
        private static List<String> problems(String yaml) {
            return parse(yaml).stream().flatMap(m -> ManifestLoader.problems(m,
                    ClusterFeatures.DEFAULTS.withAuthenticationOidc()).stream()).toList();
        }

        @Test
        void shouldRefuseEveryEventPolicyOnADefaultInstall() {
            assertThat(ManifestSchemaTest.problems(POLICY)).singleElement().asString()
                    .endsWith("kind: oidc-authentication feature not enabled (the webhook refuses every EventPolicy "
                            + "unless config-features sets authentication-oidc: enabled; apply it from an opt-in overlay)");
        }

        static final String POLICY = """
                apiVersion: eventing.knative.dev/v1alpha1
                kind: EventPolicy
                metadata:
                  name: p
                  namespace: orderflow
                spec:
                  to:
                    - ref:
                        apiVersion: eventing.knative.dev/v1
                        kind: Broker
                        name: orders
                  from:
                    - sub: "system:serviceaccount:orderflow:shop"
                """;

        @Test
        void shouldAcceptTheRepositorysPolicyShape() {
            assertThat(problems(POLICY)).isEmpty();
        }

        @Test
        void shouldRefuseASenderWithBothARefAndASubject() {
            assertThat(problems(replaceOnce(POLICY, "    - sub: \"system:serviceaccount:orderflow:shop\"",
                    "    - sub: \"x\"\n      ref:\n        apiVersion: v1\n        kind: ServiceAccount\n        name: shop")))
                    .singleElement().asString().endsWith("spec.from[0]: needs exactly one of ref or sub");
        }

        @Test
        void shouldRefuseAWildcardAnywhereButAtTheEnd() {
            assertThat(problems(replaceOnce(POLICY, "orderflow:shop", "*:shop"))).singleElement().asString()
                    .endsWith("spec.from[0].sub: may end with '*' and hold no other wildcard, not 'system:serviceaccount:*:shop'");
            assertThat(problems(replaceOnce(POLICY, "orderflow:shop", "orderflow:*"))).isEmpty();
        }

        @Test
        void shouldRefuseATargetWithoutAName() {
            assertThat(problems(replaceOnce(POLICY, "        name: orders\n", ""))).singleElement().asString()
                    .endsWith("spec.to[0].ref.name: required");
        }
    }
}
