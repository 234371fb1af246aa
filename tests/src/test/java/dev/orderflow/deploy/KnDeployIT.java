package dev.orderflow.deploy;

import static dev.orderflow.deploy.Manifests.FUNCTIONS;
import static dev.orderflow.deploy.Manifests.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderflow.harness.Project;

/**
 * {@code scripts/run.sh deploy --dry-run} and the YAML describe the same system: every kn command is parsed back and
 * compared with the manifests of knative/ and eventing/ (each Service is applied from its very file); every flag exists
 * in kn 1.23; and a real deploy against stand-ins for kn and kubectl applies the EventPolicies only where the cluster
 * would admit them.
 */
class KnDeployIT {

    static final List<String> functions = FUNCTIONS;
    static List<Command> deploy;
    static List<Command> undeploy;
    static Map<String, Set<String>> knFlags;

    /** One kn or kubectl invocation: its words, and its flags with their values (repeatable flags collect). */
    record Command(List<String> words, Map<String, List<String>> flags) {

        String verb() {
            return words.get(0) + " " + words.get(1) + " " + words.get(2);
        }

        String name() {
            return words.get(3);
        }

        String flag(String name) {
            List<String> values = flags.get(name);
            return values == null ? null : values.get(values.size() - 1);
        }

        List<String> all(String name) {
            return flags.getOrDefault(name, List.of());
        }
    }

    @BeforeAll
    static void plan() throws Exception {
        deploy = commands(run("deploy", "--dry-run"));
        undeploy = commands(run("undeploy", "--dry-run"));
        knFlags = new HashMap<>();
        try (InputStream in = KnDeployIT.class.getResourceAsStream("/kn-1.23-flags.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#") && line.contains(":")) {
                    String[] parts = line.split(":", 2);
                    knFlags.put(parts[0].trim(), Set.of(parts[1].trim().split("\\s+")));
                }
            }
        }
    }

    static String run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    static String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/run.sh"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("ORDERFLOW_REGISTRY", "quay.io/example");
        builder.environment().put("ORDERFLOW_TAG", "1.2.3");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The commands of each line; `describe && update || create` lines count by their create (or apply) part. */
    static List<Command> commands(String output) {
        List<Command> commands = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            for (String part : line.split(" \\|\\| | && ")) {
                List<String> words = words(part.replace(">/dev/null 2>&1", "").trim());
                commands.add(new Command(words, flags(words)));
            }
        }
        return commands;
    }

    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    static Map<String, List<String>> flags(List<String> words) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("-")) {
                boolean hasValue = i + 1 < words.size() && !words.get(i + 1).startsWith("-");
                flags.computeIfAbsent(word, f -> new ArrayList<>()).add(hasValue ? words.get(++i) : "");
            }
        }
        return flags;
    }

    static List<Command> kn(List<Command> commands, String verb) {
        return commands.stream().filter(c -> c.words().get(0).equals("kn") && c.verb().equals(verb)).toList();
    }

    @Test
    void shouldUseOnlyFlagsThatExistInKn123() {
        for (Command command : deploy.stream().filter(c -> c.words().get(0).equals("kn")).toList()) {
            Set<String> known = knFlags.get(command.words().get(1) + " " + command.words().get(2));
            assertThat(known).as("kn %s %s", command.words().get(1), command.words().get(2)).isNotNull();
            command.flags().keySet().stream().filter(f -> !f.equals("--namespace") && !f.equals("-n"))
                    .forEach(f -> assertThat(known).as("%s in %s", f, command.words()).contains(f));
        }
    }

    /**
     * One kn command per Service, from the very file of knative/: everything the YAML says (security context, probes,
     * resources, pull policy, annotations) comes with it, and only the image is put in the user's registry. No
     * kubectl patch after it, which would make a second revision on every deploy.
     */
    @ParameterizedTest
    @FieldSource("functions")
    void shouldDeployEachServiceInOneStepFromItsYamlWithTheImageOfTheRegistry(String function) {
        Command kn = kn(deploy, "kn service apply").stream().filter(c -> c.name().equals(function)).findFirst().orElseThrow();
        JsonNode service = Manifests.service(function);

        assertThat(kn.flags()).containsOnlyKeys("--namespace", "-f", "--image");
        assertThat(kn.flag("--namespace")).isEqualTo(service.path("metadata").path("namespace").asText());
        assertThat(kn.flag("-f")).isEqualTo("knative/400-" + function + "-service.yaml");
        assertThat(Manifests.read(ROOT.resolve(kn.flag("-f")))).isEqualTo(service);
        assertThat(kn.flag("--image")).isEqualTo("quay.io/example/orderflow/" + function + ":1.2.3");
        assertThat(deploy).noneMatch(c -> c.words().get(0).equals("kubectl") && c.words().get(1).equals("patch"));
    }

    @Test
    void shouldTakeTheTagOfTheManifestsWhenNoneIsGiven() throws Exception {
        List<Command> untagged = commands(run(Map.of("ORDERFLOW_TAG", ""), "deploy", "--dry-run"));
        String tag = Manifests.service("payment").path("spec").path("template").path("spec").path("containers").path(0)
                .path("image").asText().replaceAll(".*:", "");
        assertThat(kn(untagged, "kn service apply")).extracting(c -> c.flag("--image"))
                .allMatch(image -> image.startsWith("quay.io/example/orderflow/") && image.endsWith(":" + tag));
    }

    @Test
    void shouldDeployExactlyTheServicesAndTriggersOfTheYaml() {
        assertThat(kn(deploy, "kn service apply")).extracting(Command::name).containsExactlyInAnyOrderElementsOf(FUNCTIONS);
        assertThat(kn(deploy, "kn trigger create")).extracting(Command::name).containsExactlyInAnyOrderElementsOf(
                Manifests.triggers().stream().filter(t -> !t.path("spec").has("filters"))
                        .map(t -> t.path("metadata").path("name").asText()).toList());
        // kn trigger has no flag for spec.filters: such a Trigger is applied from its file.
        assertThat(deploy).filteredOn(c -> c.verb().equals("kubectl apply -f")).extracting(c -> c.words().get(3))
                .contains("eventing/300-trigger-order-validator.yaml");
    }

    @Test
    void shouldCreateEachTriggerWithTheFilterAndSubscriberOfItsYaml() {
        for (JsonNode trigger : Manifests.triggers()) {
            if (trigger.path("spec").has("filters")) {
                continue;
            }
            String name = trigger.path("metadata").path("name").asText();
            Command create = kn(deploy, "kn trigger create").stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow();
            Command update = kn(deploy, "kn trigger update").stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow();
            JsonNode spec = trigger.path("spec");
            assertThat(create.flag("--broker")).isEqualTo(spec.path("broker").asText());
            List<String> filters = new ArrayList<>();
            spec.path("filter").path("attributes").fields().forEachRemaining(a -> filters.add(a.getKey() + "="
                    + a.getValue().asText()));
            assertThat(create.all("--filter")).containsExactlyInAnyOrderElementsOf(filters);
            assertThat(update.all("--filter")).containsExactlyInAnyOrderElementsOf(filters);
            assertThat(create.flag("--sink")).isEqualTo("ksvc:" + spec.path("subscriber").path("ref").path("name").asText());
            assertThat(update.flag("--sink")).isEqualTo(create.flag("--sink"));
        }
    }

    @Test
    void shouldCreateTheBrokerWithTheClassConfigAndDeliveryOfItsYaml() throws IOException {
        JsonNode broker = Manifests.read(Manifests.EVENTING.resolve("102-broker.yaml"));
        Command create = kn(deploy, "kn broker create").get(0);
        JsonNode delivery = broker.path("spec").path("delivery");
        assertThat(create.name()).isEqualTo(broker.path("metadata").path("name").asText());
        assertThat(create.flag("--class")).isEqualTo(broker.path("metadata").path("annotations")
                .path("eventing.knative.dev/broker.class").asText());
        assertThat(create.flag("--broker-config")).isEqualTo("cm:" + broker.path("spec").path("config").path("name").asText());
        assertThat(create.flag("--retry")).isEqualTo(delivery.path("retry").asText());
        assertThat(create.flag("--backoff-policy")).isEqualTo(delivery.path("backoffPolicy").asText());
        assertThat(create.flag("--backoff-delay")).isEqualTo(delivery.path("backoffDelay").asText());
        assertThat(create.flag("--timeout")).isEqualTo(delivery.path("timeout").asText());
        assertThat(create.flag("--dl-sink")).isEqualTo("eventing.knative.dev/v1alpha1/kafkasinks:"
                + delivery.path("deadLetterSink").path("ref").path("name").asText());
    }

    @Test
    void shouldApplyAsYamlWhatKnCannotCreateFromFilesThatExist() {
        List<Command> applied = deploy.stream().filter(c -> c.verb().equals("kubectl apply -f")).toList();
        assertThat(applied).extracting(c -> c.words().get(3)).containsExactly("eventing/000-namespace.yaml",
                "eventing/100-kafka-broker-config.yaml", "eventing/101-dead-letter-sink.yaml",
                "eventing/200-eventtypes.yaml", "eventing/300-trigger-order-validator.yaml");
        applied.forEach(c -> assertThat(Files.exists(ROOT.resolve(c.words().get(3)))).isTrue());
    }

    /** A default install refuses EventPolicies (authentication-oidc is off): the deploy leaves them out there. */
    @Test
    void shouldApplyTheEventPoliciesOnlyWhereAuthenticationOidcIsOn() throws Exception {
        Path dir = Project.workDir("kn-deploy-oidc");
        for (String oidc : List.of("disabled", "enabled")) {
            FakeCluster cluster = FakeCluster.install(dir.resolve(oidc));
            ProcessBuilder builder = cluster.onPath(new ProcessBuilder("bash", "scripts/run.sh", "deploy")
                    .directory(ROOT.toFile()).redirectErrorStream(true));
            builder.environment().put("ORDERFLOW_REGISTRY", "quay.io/example");
            builder.environment().put("FAKE_CLUSTER_OIDC", oidc);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(cluster.calls()).as("with authentication-oidc %s", oidc).contains("kn service apply payment");
            if (oidc.equals("enabled")) {
                assertThat(cluster.calls()).contains("kubectl apply -k eventing/oidc/");
            } else {
                assertThat(cluster.calls()).doesNotContain("eventing/oidc");
                assertThat(output).contains("authentication-oidc is off: eventing/oidc/ left out");
            }
        }
    }

    /** The event catalogue: after the broker it references, and with the schema and description kn cannot set. */
    @Test
    void shouldCreateTheEventTypesAfterTheBroker() {
        int broker = deploy.indexOf(kn(deploy, "kn broker create").get(0));
        int eventTypes = deploy.indexOf(deploy.stream().filter(c -> c.verb().equals("kubectl apply -f")
                && c.words().get(3).equals("eventing/200-eventtypes.yaml")).findFirst().orElseThrow());
        assertThat(eventTypes).isGreaterThan(broker);
        assertThat(undeploy).anyMatch(c -> c.words().equals(List.of("kubectl", "delete", "--ignore-not-found", "-f",
                "eventing/200-eventtypes.yaml")));
    }

    @Test
    void shouldUndeployEveryTriggerServiceAndBrokerItDeployed() {
        assertThat(kn(undeploy, "kn trigger delete")).extracting(Command::name).containsExactlyInAnyOrderElementsOf(
                Manifests.triggers().stream().map(t -> t.path("metadata").path("name").asText()).toList());
        assertThat(kn(undeploy, "kn service delete")).extracting(Command::name).containsExactlyInAnyOrderElementsOf(FUNCTIONS);
        assertThat(kn(undeploy, "kn broker delete")).extracting(Command::name).containsExactly("orders");
        assertThat(undeploy).anyMatch(c -> c.words().equals(List.of("kubectl", "delete", "--ignore-not-found", "-k",
                "eventing/oidc/")));
    }

    @Test
    void shouldRefuseARealDeployWithoutARegistry() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/run.sh", "deploy").directory(ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().remove("ORDERFLOW_REGISTRY");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("set ORDERFLOW_REGISTRY");
    }
}
