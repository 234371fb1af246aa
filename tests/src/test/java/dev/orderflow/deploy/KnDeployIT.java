package dev.orderflow.deploy;

import static dev.orderflow.deploy.Manifests.FUNCTIONS;
import static dev.orderflow.deploy.Manifests.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code scripts/run.sh deploy --dry-run} and the YAML describe the same system: every kn command is parsed back and
 * compared, flag by flag, with the manifests of knative/ and eventing/; and every flag exists in kn 1.23.
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
        List<String> command = new ArrayList<>(List.of("bash", "scripts/run.sh"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("ORDERFLOW_REGISTRY", "quay.io/example");
        builder.environment().put("ORDERFLOW_TAG", "1.2.3");
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

    @ParameterizedTest
    @FieldSource("functions")
    void shouldDeployEachServiceWithTheScaleSettingsOfItsYaml(String function) {
        Command kn = kn(deploy, "kn service apply").stream().filter(c -> c.name().equals(function)).findFirst().orElseThrow();
        JsonNode service = Manifests.service(function);
        JsonNode template = service.path("spec").path("template");
        JsonNode annotations = template.path("metadata").path("annotations");
        JsonNode container = template.path("spec").path("containers").path(0);

        assertThat(kn.flag("--namespace")).isEqualTo(service.path("metadata").path("namespace").asText());
        assertThat(kn.flag("--image")).isEqualTo("quay.io/example/orderflow/" + function + ":1.2.3");
        assertThat(kn.flag("--scale-min")).isEqualTo(annotations.path("autoscaling.knative.dev/min-scale").asText());
        assertThat(kn.flag("--scale-max")).isEqualTo(annotations.path("autoscaling.knative.dev/max-scale").asText());
        assertThat(kn.flag("--scale-target")).isEqualTo(annotations.path("autoscaling.knative.dev/target").asText());
        assertThat(kn.flag("--scale-metric")).isEqualTo(annotations.path("autoscaling.knative.dev/metric").asText());
        assertThat(kn.flag("--concurrency-limit")).isEqualTo(template.path("spec").path("containerConcurrency").asText());
        assertThat(kn.flag("--port")).endsWith(":" + container.path("ports").path(0).path("containerPort").asText());
        Map<String, String> revisionAnnotations = new HashMap<>();
        kn.all("--annotation-revision").forEach(a -> revisionAnnotations.put(a.split("=", 2)[0], a.split("=", 2)[1]));
        annotations.fields().forEachRemaining(a -> {
            if (a.getKey().equals("autoscaling.knative.dev/scale-down-delay")) {
                assertThat(revisionAnnotations).containsEntry(a.getKey(), a.getValue().asText());
            }
        });
        Map<String, String> env = kn.all("--env").stream().collect(Collectors.toMap(e -> e.split("=", 2)[0],
                e -> e.split("=", 2)[1]));
        container.path("env").forEach(e -> assertThat(env).containsEntry(e.path("name").asText(), e.path("value").asText()));
        assertThat(kn.flag("--security-context")).isEqualTo("strict");
        assertThat(kn.flags()).as("cluster-local, as the YAML's visibility label says").containsKey("--cluster-local");
        assertThat(service.path("metadata").path("labels").path("networking.knative.dev/visibility").asText())
                .isEqualTo("cluster-local");
    }

    @Test
    void shouldDeployExactlyTheServicesAndTriggersOfTheYaml() {
        assertThat(kn(deploy, "kn service apply")).extracting(Command::name).containsExactlyInAnyOrderElementsOf(FUNCTIONS);
        assertThat(kn(deploy, "kn trigger create")).extracting(Command::name).containsExactlyInAnyOrderElementsOf(
                Manifests.triggers().stream().map(t -> t.path("metadata").path("name").asText()).toList());
    }

    @Test
    void shouldCreateEachTriggerWithTheFilterAndSubscriberOfItsYaml() {
        for (JsonNode trigger : Manifests.triggers()) {
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
                "eventing/050-shop-service-account.yaml", "eventing/100-kafka-broker-config.yaml",
                "eventing/101-dead-letter-sink.yaml", "eventing/103-event-policy-broker.yaml",
                "eventing/104-event-policy-dead-letter.yaml");
        applied.forEach(c -> assertThat(Files.exists(ROOT.resolve(c.words().get(3)))).isTrue());
    }

    @Test
    void shouldUndeployEveryTriggerServiceAndBrokerItDeployed() {
        assertThat(kn(undeploy, "kn trigger delete")).extracting(Command::name)
                .containsExactlyInAnyOrderElementsOf(kn(deploy, "kn trigger create").stream().map(Command::name).toList());
        assertThat(kn(undeploy, "kn service delete")).extracting(Command::name).containsExactlyInAnyOrderElementsOf(FUNCTIONS);
        assertThat(kn(undeploy, "kn broker delete")).extracting(Command::name).containsExactly("orders");
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
