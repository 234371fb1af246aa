package dev.orderflow.broker.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderflow.broker.manifest.Manifest;
import dev.orderflow.broker.manifest.ManifestLoader;
import dev.orderflow.broker.manifest.ManifestRules;

/**
 * Turns the manifests of {@code eventing/} and {@code knative/} into the {@code kn} (1.23) commands that create the
 * same system, so that a deploy with kn and {@code kubectl apply -k knative/} cannot drift apart: both come from
 * the same files. What kn has no flag for is applied as YAML or patched with kubectl, and a comment says so.
 * <p>
 * Each deploy command is idempotent: existing brokers are kept, services are applied, triggers updated. Run as
 * {@code KnPlan <repository root> deploy <registry> <tag>} or {@code KnPlan <repository root> undeploy}; prints one
 * command (or {@code #} comment) per line.
 */
public final class KnPlan {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final String AUTOSCALING = "autoscaling.knative.dev/";
    private static final String CLUSTER_LOCAL_LABEL = "networking.knative.dev/visibility";

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
        of(ManifestRules.SERVING_API, "Service").forEach(m -> service(m, registry, tag));
        of(ManifestRules.EVENTING_API, "Trigger").forEach(this::trigger);
        return List.copyOf(lines);
    }

    /** The commands that delete what {@link #deploy} created, in reverse. */
    public List<String> undeploy() {
        lines.clear();
        of(ManifestRules.EVENTING_API, "Trigger").forEach(m -> lines.add(delete("trigger", m)));
        of(ManifestRules.SERVING_API, "Service").forEach(m -> lines.add(delete("service", m)));
        of(ManifestRules.EVENTING_API, "Broker").forEach(m -> lines.add(delete("broker", m)));
        List<Manifest> applied = new ArrayList<>(applied());
        Collections.reverse(applied);
        applied.forEach(m -> lines.add("kubectl delete --ignore-not-found -f " + file(m)));
        return List.copyOf(lines);
    }

    /** What kn cannot create: namespaces, service accounts, ConfigMaps, KafkaSinks, EventPolicies. */
    private List<Manifest> applied() {
        return manifests.stream().filter(m -> m.is("v1", "Namespace") || m.is("v1", "ServiceAccount")
                || m.is(ManifestRules.CONFIG_MAP_API, "ConfigMap") || m.is(ManifestRules.KAFKA_SINK_API, "KafkaSink")
                || m.is(ManifestRules.EVENT_POLICY_API, "EventPolicy")).toList();
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

    private void service(Manifest m, String registry, String tag) {
        JsonNode template = m.node().path("spec").path("template");
        JsonNode container = template.path("spec").path("containers").path(0);
        JsonNode annotations = template.path("metadata").path("annotations");
        String image = container.path("image").asText();
        String repository = image.substring(image.indexOf('/') + 1, image.lastIndexOf(':'));
        List<String> apply = new ArrayList<>(List.of("kn", "service", "apply", m.name(), "--namespace", m.namespace(),
                "--image", registry + "/" + repository + ":" + tag));
        JsonNode port = container.path("ports").path(0);
        int containerPort = port.path("containerPort").asInt();
        apply.addAll(List.of("--port", port.path("name").asText("http1") + ":" + containerPort));
        scaleFlag(apply, annotations, "min-scale", "--scale-min");
        scaleFlag(apply, annotations, "max-scale", "--scale-max");
        scaleFlag(apply, annotations, "initial-scale", "--scale-init");
        scaleFlag(apply, annotations, "target", "--scale-target");
        scaleFlag(apply, annotations, "metric", "--scale-metric");
        scaleFlag(apply, annotations, "target-utilization-percentage", "--scale-utilization");
        scaleFlag(apply, annotations, "window", "--scale-window");
        JsonNode concurrency = template.path("spec").path("containerConcurrency");
        if (!concurrency.isMissingNode()) {
            apply.addAll(List.of("--concurrency-limit", concurrency.asText()));
        }
        annotations.fields().forEachRemaining(a -> {
            if (a.getKey().startsWith(AUTOSCALING) && !KN_SCALE_FLAGS.containsKey(a.getKey().substring(AUTOSCALING.length()))) {
                apply.addAll(List.of("--annotation-revision", a.getKey() + "=" + a.getValue().asText()));
            }
        });
        JsonNode labels = m.node().path("metadata").path("labels");
        labels.fields().forEachRemaining(l -> {
            if (l.getKey().startsWith("app.kubernetes.io/") && !l.getKey().endsWith("managed-by")) {
                apply.addAll(List.of("--label", l.getKey() + "=" + l.getValue().asText()));
            }
        });
        if ("cluster-local".equals(labels.path(CLUSTER_LOCAL_LABEL).asText())) {
            apply.add("--cluster-local");
        }
        container.path("env").forEach(e -> apply.addAll(List.of("--env", e.path("name").asText() + "="
                + e.path("value").asText())));
        resources(apply, container.path("resources").path("requests"), "--request");
        resources(apply, container.path("resources").path("limits"), "--limit");
        probe(apply, container.path("livenessProbe"), "--probe-liveness");
        probe(apply, container.path("readinessProbe"), "--probe-readiness");
        apply.addAll(List.of("--security-context", "strict"));
        lines.add(join(apply));
        lines.add("# kn --security-context strict has no read-only root filesystem or seccomp profile: patched");
        lines.add(join(List.of("kubectl", "patch", "ksvc", m.name(), "--namespace", m.namespace(), "--type", "json",
                "-p", "[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem\","
                        + "\"value\":true},{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/0/securityContext/"
                        + "seccompProfile\",\"value\":{\"type\":\"RuntimeDefault\"}}]")));
    }

    /** The autoscaling annotations kn writes from a flag of its own. */
    static final Map<String, String> KN_SCALE_FLAGS = Map.of("min-scale", "--scale-min", "max-scale", "--scale-max",
            "initial-scale", "--scale-init", "target", "--scale-target", "metric", "--scale-metric",
            "target-utilization-percentage", "--scale-utilization", "window", "--scale-window");

    private static void scaleFlag(List<String> flags, JsonNode annotations, String annotation, String flag) {
        JsonNode value = annotations.path(AUTOSCALING + annotation);
        if (!value.isMissingNode()) {
            flags.addAll(List.of(flag, value.asText()));
        }
    }

    private static void resources(List<String> flags, JsonNode quantities, String flag) {
        List<String> pairs = new ArrayList<>();
        quantities.fields().forEachRemaining(q -> pairs.add(q.getKey() + "=" + q.getValue().asText()));
        if (!pairs.isEmpty()) {
            flags.addAll(List.of(flag, String.join(",", pairs)));
        }
    }

    private static void probe(List<String> flags, JsonNode probe, String flag) {
        JsonNode http = probe.path("httpGet");
        if (http.isMissingNode()) {
            return;
        }
        // Host and port left out, as in the manifest: the probe goes to the container's port.
        flags.addAll(List.of(flag, "http:::" + http.path("path").asText()));
        List<String> options = new ArrayList<>();
        for (String field : List.of("initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold",
                "successThreshold")) {
            if (probe.has(field)) {
                options.add(field + "=" + probe.path(field).asText());
            }
        }
        if (!options.isEmpty()) {
            flags.addAll(List.of(flag + "-opts", String.join(",", options)));
        }
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
