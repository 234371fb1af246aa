package dev.orderflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderflow.manifest.Manifest;
import dev.orderflow.manifest.ManifestLoader;
import dev.orderflow.manifest.ManifestRules;

/**
 * How a function runs as a container on one machine (podman), under what its Knative Service in {@code knative/}
 * declares: the container's security context (user, read-only root filesystem, capabilities, privilege escalation,
 * seccomp), its resources (limits as limits, requests as the kubelet maps them: CPU shares and a memory reservation),
 * its environment, its port (published on loopback) and its volumes. What a machine cannot give the way a cluster
 * does is refused with the field that asks for it, never silently dropped.
 * <p>
 * The environment goes to a file ({@code --env-file}), so that no option holds a space and the command can be passed
 * on as words (the broker's activator splits its command on spaces).
 */
public final class ContainerPlan {

    /** Every container of the local flow carries this label, so that what a crash left behind can be found. */
    public static final String LABEL = "dev.orderflow.service";

    private static final long KUBELET_MIN_SHARES = 2;
    private static final String USAGE = "usage: ContainerPlan <repository root> images <registry> <tag>\n"
            + "       ContainerPlan <repository root> run <service> <image> <env file> <image user> [NAME=VALUE ...]";

    private final JsonNode service;
    private final String name;

    public ContainerPlan(Manifest service) {
        this.service = service.node();
        this.name = service.name();
    }

    /**
     * {@code images}: each Service's name and image in {@code registry} with {@code tag} (empty: the tag of the
     * manifest), one per line. {@code run}: the run options of one Service's container, one per line, the image last.
     */
    public static void main(String[] args) {
        if (args.length < 4 || !(args[1].equals("images") && args.length == 4 || args[1].equals("run") && args.length >= 6)) {
            System.err.println(USAGE);
            System.exit(2);
        }
        List<Manifest> services = services(Path.of(args[0]));
        try {
            if (args[1].equals("images")) {
                services.forEach(s -> System.out.println(s.name() + " " + image(s, args[2], args[3])));
                return;
            }
            Manifest service = service(Path.of(args[0]), args[2]);
            Map<String, String> overrides = new LinkedHashMap<>();
            for (int i = 6; i < args.length; i++) {
                int equals = args[i].indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("an environment override is NAME=VALUE, not '" + args[i] + "'");
                }
                overrides.put(args[i].substring(0, equals), args[i].substring(equals + 1));
            }
            new ContainerPlan(service).runOptions(args[3], args[5], Path.of(args[4]), overrides).forEach(System.out::println);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** The Knative Services of {@code root}'s knative/. */
    public static List<Manifest> services(Path root) {
        return ManifestLoader.read(root.resolve("knative")).stream().filter(m -> m.is(ManifestRules.SERVING_API, "Service"))
                .toList();
    }

    public static Manifest service(Path root, String name) {
        return services(root).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Knative Service '" + name + "' in knative/"));
    }

    /** The Service's image in {@code registry} with {@code tag} (empty: the manifest's): what images builds and deploy deploys. */
    public static String image(Manifest service, String registry, String tag) {
        return ServiceImages.ref(service, registry, tag);
    }

    /**
     * The {@code podman run} options, ending with the image: {@code imageUser} is the user the image runs as
     * ({@code podman image inspect --format '{{.Config.User}}'}), checked against {@code runAsNonRoot} as the kubelet
     * does; {@code overrides} replace or add environment variables for this machine.
     */
    public List<String> runOptions(String image, String imageUser, Path envFile, Map<String, String> overrides) {
        JsonNode container = service.path("spec").path("template").path("spec").path("containers").path(0);
        // --replace: a container left by a killed podman (or a killed broker's activator) gives way to its successor.
        List<String> options = new ArrayList<>(List.of("--rm", "--replace", "--name=" + containerName(name),
                "--label=" + LABEL + "=" + name));
        container.path("ports").forEach(p -> options.add("--publish=127.0.0.1:" + p.path("containerPort").asInt() + ":"
                + p.path("containerPort").asInt()));
        security(container.path("securityContext"), imageUser, options);
        resources(container.path("resources"), options);
        volumes(container.path("volumeMounts"), service.path("spec").path("template").path("spec").path("volumes"),
                options);
        writeEnvironment(container.path("env"), overrides, envFile);
        options.add("--env-file=" + envFile);
        options.add(image);
        return options;
    }

    /** The container of service {@code name}: one per service, so that a second start finds the first. */
    public static String containerName(String service) {
        return "orderflow-" + service;
    }

    private void security(JsonNode context, String imageUser, List<String> options) {
        String user = context.has("runAsUser") ? context.path("runAsUser").asText() : imageUser.trim();
        if (context.path("runAsNonRoot").asBoolean(false)) {
            String uid = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
            if (!uid.matches("\\d+")) {
                throw refuse("securityContext.runAsNonRoot", "the image has non-numeric user (" + (uid.isEmpty() ? "none, so root"
                        : uid) + "), cannot verify user is non-root");
            }
            if (Long.parseLong(uid) == 0) {
                throw refuse("securityContext.runAsNonRoot", "the image will run as root");
            }
        }
        if (context.has("runAsUser")) {
            options.add("--user=" + context.path("runAsUser").asText()
                    + (context.has("runAsGroup") ? ":" + context.path("runAsGroup").asText() : ""));
        }
        if (context.path("readOnlyRootFilesystem").asBoolean(false)) {
            // Kubernetes mounts nothing writable that the pod does not declare: no tmpfs on /tmp, /run, /var/tmp.
            options.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
        }
        if (context.path("allowPrivilegeEscalation").isBoolean() && !context.path("allowPrivilegeEscalation").asBoolean()) {
            options.add("--security-opt=no-new-privileges");
        }
        if (context.path("privileged").asBoolean(false)) {
            options.add("--privileged");
        }
        context.path("capabilities").path("drop").forEach(c -> options.add("--cap-drop=" + c.asText()));
        context.path("capabilities").path("add").forEach(c -> options.add("--cap-add=" + c.asText()));
        String seccomp = context.path("seccompProfile").path("type").asText("RuntimeDefault");
        switch (seccomp) {
            case "RuntimeDefault" -> {
                // podman's own default profile, as a container runtime's default on a node.
            }
            case "Unconfined" -> options.add("--security-opt=seccomp=unconfined");
            default -> throw refuse("securityContext.seccompProfile.type", "'" + seccomp + "' needs a profile on a node");
        }
    }

    private static void resources(JsonNode resources, List<String> options) {
        JsonNode limits = resources.path("limits");
        JsonNode requests = resources.path("requests");
        if (limits.has("memory")) {
            options.add("--memory=" + Quantities.bytes(limits.path("memory").asText()));
        }
        if (limits.has("cpu")) {
            options.add("--cpus=" + Quantities.millis(limits.path("cpu").asText()) / 1000.0);
        }
        if (requests.has("memory")) {
            options.add("--memory-reservation=" + Quantities.bytes(requests.path("memory").asText()));
        }
        if (requests.has("cpu")) {
            // The kubelet's mapping of a CPU request: 1024 shares a core.
            long shares = Math.max(KUBELET_MIN_SHARES, Quantities.millis(requests.path("cpu").asText()) * 1024 / 1000);
            options.add("--cpu-shares=" + shares);
        }
    }

    private void volumes(JsonNode mounts, JsonNode volumes, List<String> options) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        volumes.forEach(v -> byName.put(v.path("name").asText(), v));
        for (JsonNode mount : mounts) {
            JsonNode volume = byName.get(mount.path("name").asText());
            String path = mount.path("mountPath").asText();
            if (volume == null || !volume.has("emptyDir")) {
                throw refuse("volumeMounts[" + path + "]", "only emptyDir volumes can be given on one machine");
            }
            JsonNode emptyDir = volume.path("emptyDir");
            String size = emptyDir.has("sizeLimit") ? ",size=" + Quantities.bytes(emptyDir.path("sizeLimit").asText()) : "";
            // An emptyDir lives as long as the pod: a tmpfs, or an anonymous volume that --rm removes.
            options.add("Memory".equals(emptyDir.path("medium").asText())
                    ? "--mount=type=tmpfs,destination=" + path + size
                    : "--mount=type=volume,destination=" + path);
        }
    }

    private void writeEnvironment(JsonNode env, Map<String, String> overrides, Path envFile) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode variable : env) {
            String key = variable.path("name").asText();
            if (!variable.has("value") && !overrides.containsKey(key)) {
                throw refuse("env[" + key + "]", "valueFrom needs the cluster's ConfigMaps and Secrets: give its value");
            }
            values.put(key, variable.path("value").asText(""));
        }
        values.putAll(overrides);
        StringBuilder lines = new StringBuilder();
        values.forEach((key, value) -> {
            if (value.indexOf('\n') >= 0) {
                throw refuse("env[" + key + "]", "a value of several lines cannot be passed on");
            }
            lines.append(key).append('=').append(value).append('\n');
        });
        try {
            Files.createDirectories(envFile.toAbsolutePath().getParent());
            Files.writeString(envFile, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + envFile, e);
        }
    }

    private IllegalArgumentException refuse(String field, String problem) {
        return new IllegalArgumentException("Service " + name + ": spec.template.spec.containers[0]." + field + ": "
                + problem);
    }
}
