package dev.orderflow.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderflow.manifest.Manifest;
import dev.orderflow.manifest.ManifestLoader;
import dev.orderflow.manifest.ManifestRules;

/**
 * Turns the manifests of {@code eventing/} and {@code knative/} into the {@code kn} (1.23) commands that create the
 * same system, so that a deploy with kn and {@code kubectl apply -k knative/} cannot drift apart: both come from
 * the same files. What kn has no command or flag for is applied as YAML, and a comment says so.
 * <p>
 * Each deploy command is idempotent: existing brokers are kept, services are applied, triggers updated. Run as
 * {@code KnPlan <repository root> deploy <registry> <tag>} or {@code KnPlan <repository root> undeploy}; prints one
 * command (or {@code #} comment) per line.
 */
public final class KnPlan {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    /** The opt-in overlay of EventPolicies, and how a deploy tells whether the cluster would admit them. */
    static final String OIDC_OVERLAY = "eventing/oidc/";
    static final String OIDC_FEATURE = "kubectl get configmap config-features --namespace knative-eventing"
            + " -o 'jsonpath={.data.authentication-oidc}'";

    private final Path root;
    private final List<Manifest> manifests;
    private final List<String> lines = new ArrayList<>();

    public static void main(String[] args) {
        boolean deploy = args.length == 4 && args[1].equals("deploy");
        if (!deploy && !(args.length == 2 && args[1].equals("undeploy"))) {
            System.err.println("usage: KnPlan <repository root> deploy <registry> <tag> | undeploy");
            System.exit(2);
        }
        KnPlan plan = new KnPlan(Path.of(args[0]));
        (deploy ? plan.deploy(args[2], args[3]) : plan.undeploy()).forEach(System.out::println);
    }

    public KnPlan(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.manifests = new ArrayList<>(ManifestLoader.read(this.root.resolve("eventing")));
        manifests.addAll(ManifestLoader.read(this.root.resolve("knative")));
    }

    /** The commands that create (or update) everything, images from {@code registry} with {@code tag}. */
    public List<String> deploy(String registry, String tag) {
        lines.clear();
        for (Manifest m : applied()) {
            lines.add("# kn has no command for a " + m.kind() + ": applied as YAML");
            lines.add("kubectl apply -f " + file(m));
        }
        of(ManifestRules.EVENTING_API, "Broker").forEach(this::broker);
        eventTypeFiles().forEach(file -> {
            lines.add("# EventTypes as YAML: kn eventtype create sets only the type, source and broker, not the schema"
                    + " and description; their spec is immutable, so they are replaced, not updated");
            lines.add("kubectl delete --ignore-not-found -f " + file + " && kubectl apply -f " + file);
        });
        of(ManifestRules.SERVING_API, "Service").forEach(m -> service(m, registry, tag));
        of(ManifestRules.EVENTING_API, "Trigger").forEach(this::trigger);
        lines.add("# sender identity (EventPolicies, eventing/oidc/) only where Knative's authentication-oidc feature is on:"
                + " its webhook refuses EventPolicies otherwise");
        lines.add("if [ \"$(" + OIDC_FEATURE + ")\" = enabled ]; then kubectl apply -k " + OIDC_OVERLAY
                + "; else echo 'authentication-oidc is off: " + OIDC_OVERLAY + " left out (README: Security on the cluster)'; fi");
        return List.copyOf(lines);
    }

    /** The commands that delete what {@link #deploy} created, in reverse. */
    public List<String> undeploy() {
        lines.clear();
        lines.add("kubectl delete --ignore-not-found -k " + OIDC_OVERLAY);
        of(ManifestRules.EVENTING_API, "Trigger").forEach(m -> lines.add(delete("trigger", m)));
        of(ManifestRules.SERVING_API, "Service").forEach(m -> lines.add(delete("service", m)));
        eventTypeFiles().forEach(file -> lines.add("kubectl delete --ignore-not-found -f " + file));
        of(ManifestRules.EVENTING_API, "Broker").forEach(m -> lines.add(delete("broker", m)));
        List<Manifest> applied = new ArrayList<>(applied());
        Collections.reverse(applied);
        applied.forEach(m -> lines.add("kubectl delete --ignore-not-found -f " + file(m)));
        return List.copyOf(lines);
    }

    /** What kn cannot create: namespaces, ConfigMaps, KafkaSinks. */
    private List<Manifest> applied() {
        return manifests.stream().filter(m -> m.is("v1", "Namespace") || m.is(ManifestRules.CONFIG_MAP_API, "ConfigMap")
                || m.is(ManifestRules.KAFKA_SINK_API, "KafkaSink")).toList();
    }

    /** The files that declare EventTypes, each once, in order. */
    private List<String> eventTypeFiles() {
        return of(ManifestRules.EVENT_TYPE_API, "EventType").stream().map(this::file).distinct().toList();
    }

    private List<Manifest> of(String apiVersion, String kind) {
        return manifests.stream().filter(m -> m.is(apiVersion, kind)).toList();
    }

    private String file(Manifest m) {
        return root.relativize(m.file().toAbsolutePath().normalize()).toString();
    }

    private static String delete(String resource, Manifest m) {
        return join(List.of("kn", resource, "delete", m.name(), "--namespace", m.namespace()));
    }

    private void broker(Manifest m) {
        JsonNode spec = m.node().path("spec");
        List<String> create = new ArrayList<>(List.of("kn", "broker", "create", m.name(), "--namespace", m.namespace(),
                "--class", m.annotation(ManifestRules.BROKER_CLASS_ANNOTATION)));
        if (spec.has("config")) {
            create.addAll(List.of("--broker-config", "cm:" + spec.path("config").path("name").asText()));
        }
        List<String> delivery = deliveryFlags(spec.path("delivery"), m.namespace());
        create.addAll(delivery);
        List<String> update = new ArrayList<>(List.of("kn", "broker", "update", m.name(), "--namespace", m.namespace()));
        update.addAll(delivery);
        lines.add("# an existing broker keeps its class and config (kn cannot change them); its delivery is updated");
        lines.add(describe("broker", m) + " && " + join(update) + " || " + join(create));
    }

    private List<String> deliveryFlags(JsonNode delivery, String namespace) {
        List<String> flags = new ArrayList<>();
        JsonNode sink = delivery.path("deadLetterSink");
        if (!sink.isMissingNode()) {
            flags.addAll(List.of("--dl-sink", sink(sink, namespace)));
        }
        if (delivery.has("retry")) {
            flags.addAll(List.of("--retry", delivery.path("retry").asText()));
        }
        if (delivery.has("backoffPolicy")) {
            flags.addAll(List.of("--backoff-policy", delivery.path("backoffPolicy").asText()));
        }
        if (delivery.has("backoffDelay")) {
            flags.addAll(List.of("--backoff-delay", delivery.path("backoffDelay").asText()));
        }
        if (delivery.has("timeout")) {
            flags.addAll(List.of("--timeout", delivery.path("timeout").asText()));
        }
        return flags;
    }

    /**
     * One step per Service, from its very manifest: {@code -f} carries everything the YAML says (security context,
     * probes, resources, pull policy, annotations), {@code --image} only puts the image in the user's registry. A
     * second command after it would make a second revision on every deploy.
     */
    private void service(Manifest m, String registry, String tag) {
        lines.add(join(List.of("kn", "service", "apply", m.name(), "--namespace", m.namespace(), "-f", file(m), "--image",
                ServiceImages.ref(m, registry, tag))));
    }

    private void trigger(Manifest m) {
        JsonNode spec = m.node().path("spec");
        if (spec.has("filters") || spec.has("delivery")) {
            lines.add("# kn trigger has no flags for spec.filters or spec.delivery: " + m.name() + " applied as YAML");
            lines.add("kubectl apply -f " + file(m));
            return;
        }
        List<String> filters = new ArrayList<>();
        spec.path("filter").path("attributes").fields().forEachRemaining(a -> filters.addAll(List.of("--filter",
                a.getKey() + "=" + a.getValue().asText())));
        String sink = sink(spec.path("subscriber"), m.namespace());
        List<String> update = new ArrayList<>(List.of("kn", "trigger", "update", m.name(), "--namespace", m.namespace()));
        update.addAll(filters);
        update.addAll(List.of("--sink", sink));
        List<String> create = new ArrayList<>(List.of("kn", "trigger", "create", m.name(), "--namespace", m.namespace(),
                "--broker", spec.path("broker").asText()));
        create.addAll(filters);
        create.addAll(List.of("--sink", sink));
        lines.add(describe("trigger", m) + " && " + join(update) + " || " + join(create));
    }

    /** A destination in kn's sink syntax: {@code ksvc:NAME}, {@code group/version/resource:NAME} or a URI. */
    static String sink(JsonNode destination, String namespace) {
        JsonNode ref = destination.path("ref");
        if (ref.isMissingNode()) {
            return destination.path("uri").asText();
        }
        String kind = ref.path("kind").asText();
        String apiVersion = ref.path("apiVersion").asText();
        String name = ref.path("name").asText();
        String refNamespace = ref.path("namespace").asText(namespace);
        String suffix = refNamespace.equals(namespace) ? "" : ":" + refNamespace;
        if (kind.equals("Service") && apiVersion.startsWith("serving.knative.dev/")) {
            return "ksvc:" + name + suffix;
        }
        if (kind.equals("Broker") && apiVersion.startsWith("eventing.knative.dev/")) {
            return "broker:" + name;
        }
        return apiVersion + "/" + kind.toLowerCase() + "s:" + name + suffix;
    }

    private static String describe(String resource, Manifest m) {
        return join(List.of("kn", resource, "describe", m.name(), "--namespace", m.namespace())) + " >/dev/null 2>&1";
    }

    private static String join(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String word : words) {
            quoted.add(SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }
}
