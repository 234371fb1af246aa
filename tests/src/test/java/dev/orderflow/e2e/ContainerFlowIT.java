package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.LocalRegistry;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Podman;
import dev.orderflow.harness.Project;
import dev.orderflow.harness.Script;

/**
 * What a cluster runs, built and run here as a user would: {@code scripts/run.sh images --push} builds the five images
 * (Jib, the AOT cache recorded by each image's own JVM) and pushes them to a real registry; they are pulled back from
 * it; {@code scripts/run.sh up --containers} runs the flow from them, each container under what its Knative Service
 * declares. Every outcome then ends once, in one trace (the inherited contract).
 */
class ContainerFlowIT extends OrderOutcomesContract {

    static final List<String> functions = FunctionProcess.ALL;
    static final Duration BUILD = Duration.ofMinutes(20);
    /** The one variable of the Services that up --containers replaces: the cluster's collector is not here. */
    static final String NO_COLLECTOR_HERE = "OTEL_EXPORTER_OTLP_ENDPOINT";

    static Path dir;
    static LocalRegistry registry;
    static Script script;
    static EventStream stream;
    static Map<String, String> images;

    @BeforeAll
    static void buildPushPullAndRunTheImages() {
        dir = Project.workDir("containers");
        registry = new LocalRegistry(dir.resolve("registry")).start();
        Map<String, String> env = new LinkedHashMap<>(Map.of("ORDERFLOW_RUN_DIR", dir.resolve("run").toString()));
        String base = new Script(env, dir).run(BUILD, "base-image").ok("base-image").lastLine();
        env.put("ORDERFLOW_BASE_IMAGE", base);
        env.put("ORDERFLOW_REGISTRY", registry.host());
        script = new Script(env, dir);

        String pushed = script.run(BUILD, "images", "--push").ok("images --push").output();
        images = new LinkedHashMap<>();
        for (String function : functions) {
            String ref = registry.host() + "/orderflow/" + function + ":0.1.0";
            assertThat(pushed).contains("pushed " + ref);
            images.put(function, ref);
        }
        // Pulled back from the registry, as a node would: the built images are gone first, every name of them.
        for (String ref : images.values()) {
            String id = Podman.inspect(ref, "{{.Id}}");
            Podman.run("rmi", "--force", id);
            assertThat(Podman.run("images", "--quiet", "--filter", "id=" + id)).isEmpty();
            Podman.run("pull", "--quiet", "--tls-verify=false", ref);
            assertThat(Podman.inspect(ref, "{{.Id}}")).as("the same image back from the registry").isEqualTo(id);
        }

        script.run(Duration.ofMinutes(5), "up", "--containers").ok("up --containers");
        stream = new EventStream("127.0.0.1:9092", OrderFlow.TOPIC);
    }

    @AfterAll
    static void stopAndRemoveTheImagesOfThisRegistry() {
        if (stream != null) {
            stream.close();
        }
        if (script != null) {
            script.run(Duration.ofMinutes(2), "down");
        }
        if (images != null) {
            // The content stays, under the names a run without a registry uses, for the next build to reuse.
            images.forEach((function, ref) -> {
                Podman.run("tag", ref, "localhost/orderflow/" + function + ":0.1.0");
                Podman.run("rmi", ref);
            });
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    String ingress() {
        return "http://127.0.0.1:8080/" + OrderFlow.NAMESPACE + "/" + OrderFlow.BROKER;
    }

    @Override
    EventStream stream() {
        return stream;
    }

    @Test
    void shouldHoldTheFiveImagesInTheRegistry() {
        String catalog = registry.get("/v2/_catalog").body();
        functions.forEach(f -> {
            assertThat(catalog).contains("\"orderflow/" + f + "\"");
            assertThat(registry.get("/v2/orderflow/" + f + "/tags/list").body()).contains("\"0.1.0\"");
        });
    }

    @ParameterizedTest
    @FieldSource("functions")
    void shouldRunEachContainerAsItsServiceSays(String function) throws Exception {
        String container = "orderflow-" + function;
        JsonNode declared = new YAMLMapper().readTree(Project.ROOT.resolve("knative/400-" + function + "-service.yaml")
                .toFile()).at("/spec/template/spec/containers/0");

        assertThat(Podman.inspect(container, "{{.ImageName}}")).isEqualTo(images.get(function));
        assertThat(declared.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(Podman.inspect(container, "{{.HostConfig.ReadonlyRootfs}}")).isEqualTo("true");
        assertThat(declared.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(Podman.inspect(container, "{{.Config.User}}")).matches("[1-9][0-9]*");
        assertThat(Podman.inspect(container, "{{.HostConfig.CapAdd}}")).isEqualTo("[]");
        assertThat(Podman.inspect(container, "{{.EffectiveCaps}}")).isEqualTo("[]");
        assertThat(Podman.inspect(container, "{{.HostConfig.SecurityOpt}}")).contains("no-new-privileges");
        assertThat(Podman.inspect(container, "{{.HostConfig.Memory}}")).isEqualTo(String.valueOf(
                bytes(declared.at("/resources/limits/memory").asText())));
        assertThat(Podman.inspect(container, "{{json .HostConfig.PortBindings}}")).contains(
                "\"" + declared.at("/ports/0/containerPort").asInt() + "/tcp\"").contains("\"HostIp\":\"127.0.0.1\"");
        String env = Podman.inspect(container, "{{json .Config.Env}}");
        declared.path("env").forEach(e -> assertThat(env).contains("\"" + e.path("name").asText() + "="
                + (e.path("name").asText().equals(NO_COLLECTOR_HERE) ? "" : e.path("value").asText()) + "\""));
    }

    /**
     * The cache in the image is one its JVM can use with the Service's options: -XX:AOTMode=on refuses to start
     * otherwise (another JVM build, another class path, another collector), and a container that ran into a mismatch
     * would say so on its standard error.
     */
    @ParameterizedTest
    @FieldSource("functions")
    void shouldStartFromTheAotCacheInTheImage(String function) throws Exception {
        assertThat(Podman.inspect(images.get(function), "{{json .Config.Env}}"))
                .contains("\"JAVA_TOOL_OPTIONS=-XX:AOTCache=app.aot\"");
        String log = Files.readString(dir.resolve("run/logs/" + function + ".log"));
        assertThat(log).contains("Picked up JAVA_TOOL_OPTIONS: -XX:AOTCache=app.aot").doesNotContain("[aot]", "AOT cache");
        String jvmOptions = Podman.inspect("orderflow-" + function, "{{json .Config.Env}}")
                .replaceAll("(?s).*\"JDK_JAVA_OPTIONS=([^\"]*)\".*", "$1");
        String check = Podman.run("run", "--rm", "--env", "JDK_JAVA_OPTIONS=" + jvmOptions, "--entrypoint", "java",
                images.get(function), "-XX:AOTCache=app.aot", "-XX:AOTMode=on", "-cp", "quarkus-run.jar", "-version");
        assertThat(check).contains("Picked up JDK_JAVA_OPTIONS: -XX:+UseSerialGC", "Temurin");
    }

    static long bytes(String mebibytes) {
        assertThat(mebibytes).endsWith("Mi");
        return Long.parseLong(mebibytes.replace("Mi", "")) * 1024 * 1024;
    }
}
