package dev.orderflow.deploy;

import static dev.orderflow.deploy.Manifests.EVENTING;
import static dev.orderflow.deploy.Manifests.FUNCTIONS;
import static dev.orderflow.deploy.Manifests.KNATIVE;
import static dev.orderflow.deploy.Manifests.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Knative Services in knative/: exactly what each function's Quarkus configuration generates (no drift), and
 * what a cluster needs to run them well: scale to zero with per-revision settings only, probes, resources, a
 * restricted security context, images named by a registry, and kustomizations that apply everything.
 */
class KnativeManifestsTest {

    static final List<String> functions = FUNCTIONS;

    static JsonNode container(JsonNode service) {
        return service.path("spec").path("template").path("spec").path("containers").path(0);
    }

    static JsonNode revisionAnnotations(JsonNode service) {
        return service.path("spec").path("template").path("metadata").path("annotations");
    }

    @ParameterizedTest
    @FieldSource("functions")
    void shouldCommitExactlyWhatTheBuildGenerates(String function) {
        Path generated = ROOT.resolve("functions/" + function + "/target/kubernetes/knative.yml");
        assertThat(generated).as("built by the functions' package phase").exists();
        JsonNode expected = Manifests.read(generated);
        // scripts/run.sh manifests leaves out the probes' port: null (quarkusio/quarkus#32347), and only that.
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            JsonNode httpGet = container(expected).path(probe).path("httpGet");
            assertThat(httpGet.path("port").isNull()).as("%s port as Quarkus writes it", probe).isTrue();
            ((com.fasterxml.jackson.databind.node.ObjectNode) httpGet).remove("port");
        }
        assertThat(Manifests.service(function)).as("knative/400-%s-service.yaml is stale: run scripts/run.sh manifests",
                function).isEqualTo(expected);
    }

    @ParameterizedTest
    @FieldSource("functions")
    void shouldProbeTheContainersPortByLeavingThePortOut(String function) {
        JsonNode container = container(Manifests.service(function));
        assertThat(container.path("livenessProbe").path("httpGet").has("port")).isFalse();
        assertThat(container.path("readinessProbe").path("httpGet").has("port")).isFalse();
    }

    @ParameterizedTest
    @FieldSource("functions")
    void shouldScaleToZeroWithPerRevisionSettings(String function) {
        JsonNode service = Manifests.service(function);
        JsonNode annotations = revisionAnnotations(service);
        assertThat(service.path("metadata").path("name").asText()).isEqualTo(function);
        assertThat(service.path("metadata").path("namespace").asText()).isEqualTo("orderflow");
        assertThat(annotations.path("autoscaling.knative.dev/min-scale").asText()).isEqualTo("0");
        assertThat(Integer.parseInt(annotations.path("autoscaling.knative.dev/max-scale").asText())).isPositive();
        assertThat(Double.parseDouble(annotations.path("autoscaling.knative.dev/target").asText())).isPositive();
        assertThat(annotations.path("autoscaling.knative.dev/metric").asText()).isEqualTo("concurrency");
        assertThat(service.path("spec").path("template").path("spec").path("containerConcurrency").asInt()).isPositive();
        List<String> serviceLevel = new ArrayList<>();
        service.path("metadata").path("annotations").fieldNames().forEachRemaining(serviceLevel::add);
        assertThat(serviceLevel).noneMatch(a -> a.startsWith("autoscaling.knative.dev/"));
    }

    @Test
    void shouldNotWriteClusterWideConfigMaps() {
        List<JsonNode> all = Stream.concat(Manifests.all(EVENTING).stream(), Manifests.all(KNATIVE).stream()).toList();
        assertThat(all).noneMatch(m -> m.path("metadata").path("namespace").asText().startsWith("knative-"));
        assertThat(all).extracting(m -> m.path("metadata").path("name").asText())
                .doesNotContain("config-autoscaler", "config-defaults", "config-features");
    }

    @ParameterizedTest
    @FieldSource("functions")
    void shouldProbeTheHealthEndpoints(String function) {
        JsonNode container = container(Manifests.service(function));
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.path("readinessProbe").path("initialDelaySeconds").asInt()).as("no cold-start delay").isZero();
    }

    @ParameterizedTest
    @FieldSource("functions")
    void shouldRequestAndLimitResources(String function) {
        JsonNode resources = container(Manifests.service(function)).path("resources");
        assertThat(resources.path("requests").path("cpu").asText()).isNotEmpty();
        assertThat(resources.path("requests").path("memory").asText()).isNotEmpty();
        assertThat(resources.path("limits").path("memory").asText()).isNotEmpty();
    }

    @ParameterizedTest
    @FieldSource("functions")
    void shouldRunWithTheRestrictedSecurityContext(String function) {
        JsonNode security = container(Manifests.service(function)).path("securityContext");
        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(security.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    }

    @ParameterizedTest
    @FieldSource("functions")
    void shouldNameItsImageByARegistryAndATag(String function) {
        String image = container(Manifests.service(function)).path("image").asText();
        assertThat(image).matches("[a-z0-9.-]+\\.[a-z0-9.-]+(:\\d+)?/orderflow/" + function + ":[A-Za-z0-9._-]+")
                .doesNotStartWith("docker.io");
    }

    @ParameterizedTest
    @FieldSource("functions")
    void shouldTakeTheTraceEndpointAndTheJvmOptionsFromTheEnvironment(String function) {
        Set<String> env = new java.util.HashSet<>();
        container(Manifests.service(function)).path("env").forEach(e -> env.add(e.path("name").asText()));
        // JDK_JAVA_OPTIONS, not JAVA_TOOL_OPTIONS: the image keeps the latter for its AOT cache.
        assertThat(env).containsExactlyInAnyOrder("OTEL_EXPORTER_OTLP_ENDPOINT", "JDK_JAVA_OPTIONS");
    }

    @Test
    void shouldPointTheDeadLetterSinkAtTheBrokersKafkaWithTheSameReplication() {
        JsonNode config = Manifests.read(EVENTING.resolve("100-kafka-broker-config.yaml")).path("data");
        JsonNode sink = Manifests.read(EVENTING.resolve("101-dead-letter-sink.yaml")).path("spec");
        assertThat(strings(sink.path("bootstrapServers")))
                .containsExactly(config.path("bootstrap.servers").asText().split(","));
        assertThat(sink.path("replicationFactor").asText()).isEqualTo(config.path("default.topic.replication.factor").asText());
    }

    @Test
    void shouldKeepSenderIdentityInAnOverlayOfItsOwn() {
        JsonNode kustomization = Manifests.read(EVENTING.resolve("oidc/kustomization.yaml"));
        List<String> resources = strings(kustomization.path("resources"));
        assertThat(resources).containsExactlyInAnyOrderElementsOf(Manifests.yamlFiles(EVENTING.resolve("oidc")).stream()
                .map(p -> p.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")).toList());
        assertThat(Manifests.all(EVENTING.resolve("oidc"))).extracting(m -> m.path("kind").asText())
                .containsOnly("ServiceAccount", "EventPolicy");
        assertThat(strings(Manifests.read(EVENTING.resolve("kustomization.yaml")).path("resources")))
                .noneMatch(r -> r.startsWith("oidc"));
    }

    @Test
    void shouldApplyEveryEventingManifestThroughItsKustomization() {
        JsonNode kustomization = Manifests.read(EVENTING.resolve("kustomization.yaml"));
        List<String> resources = strings(kustomization.path("resources"));
        Set<String> files = Manifests.yamlFiles(EVENTING).stream().map(p -> p.getFileName().toString())
                .filter(f -> !f.equals("kustomization.yaml")).collect(Collectors.toSet());
        assertThat(resources).containsExactlyInAnyOrderElementsOf(files);
        assertThat(resources).isSorted().first().isEqualTo("000-namespace.yaml");
        assertThat(kustomization.path("sortOptions").path("order").asText()).isEqualTo("fifo");
    }

    @Test
    void shouldApplyTheServicesAfterTheEventingSideAndSetEveryImageInOnePlace() {
        JsonNode kustomization = Manifests.read(KNATIVE.resolve("kustomization.yaml"));
        List<String> resources = strings(kustomization.path("resources"));
        assertThat(resources.get(0)).isEqualTo("../eventing");
        assertThat(resources.subList(1, resources.size())).containsExactlyInAnyOrderElementsOf(
                FUNCTIONS.stream().map(f -> "400-" + f + "-service.yaml").toList());
        resources.subList(1, resources.size()).forEach(r -> assertThat(Files.exists(KNATIVE.resolve(r))).isTrue());
        List<String> images = new ArrayList<>();
        kustomization.path("images").forEach(i -> images.add(i.path("name").asText()));
        assertThat(images).containsExactlyInAnyOrderElementsOf(FUNCTIONS.stream()
                .map(f -> container(Manifests.service(f)).path("image").asText().replaceAll(":[^:/]+$", "")).toList());
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
