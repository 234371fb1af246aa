package dev.orderflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderflow.deploy.ContainerPlan;
import dev.orderflow.manifest.Manifest;

/**
 * A function as a container of its image, run under what its Knative Service in {@code knative/} declares
 * ({@link ContainerPlan}): {@code scripts/run.sh up --containers}. The image is
 * {@code <ORDERFLOW_REGISTRY>/orderflow/<function>:<ORDERFLOW_TAG>}, as {@code scripts/run.sh images} builds it.
 */
public final class ContainerLaunch {

    /** What the cluster has and this machine has not: no trace collector at the Services' address. */
    private static final Map<String, String> LOCAL_ENV = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "");

    private final Path root;
    private final Path runDir;
    private final String cli;
    private final String registry;
    private final String tag;

    public ContainerLaunch(Path root, Path runDir, String cli, String registry, String tag) {
        this.root = root;
        this.runDir = runDir;
        this.cli = cli;
        this.registry = registry;
        this.tag = tag;
    }

    /** From ORDERFLOW_CONTAINER_CLI (podman), ORDERFLOW_REGISTRY (localhost) and ORDERFLOW_TAG (the manifests'). */
    public static ContainerLaunch fromEnvironment(Path root, Path runDir) {
        return new ContainerLaunch(root, runDir, env("ORDERFLOW_CONTAINER_CLI", "podman"),
                env("ORDERFLOW_REGISTRY", "localhost"), env("ORDERFLOW_TAG", ""));
    }

    /** The {@code podman run} command of {@code function}'s container. */
    public List<String> command(String function) {
        Manifest service = ContainerPlan.service(root, function);
        String image = ContainerPlan.image(service, registry, tag);
        String user;
        try {
            user = run(List.of(cli, "image", "inspect", "--format", "{{.Config.User}}", image));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("no image " + image + ": build it with 'scripts/run.sh images'", e);
        }
        List<String> command = new ArrayList<>(List.of(cli, "run"));
        command.addAll(new ContainerPlan(service).runOptions(image, user,
                runDir.resolve("env").resolve(function + ".env"), LOCAL_ENV));
        return command;
    }

    /**
     * Removes what a killed podman left running: every container of the flow, or {@code function}'s only, found by
     * the label each carries.
     */
    public void remove(String function) {
        String label = ContainerPlan.LABEL + (function == null ? "" : "=" + function);
        try {
            List<String> ids = run(List.of(cli, "ps", "--all", "--quiet", "--filter", "label=" + label)).lines()
                    .filter(l -> !l.isBlank()).toList();
            if (!ids.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of(cli, "rm", "--force", "--time", "10"));
                rm.addAll(ids);
                run(rm);
            }
        } catch (IllegalStateException e) {
            // no podman, or nothing to remove: nothing left behind either
        }
    }

    public String cli() {
        return cli;
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + output.strip());
            }
            return output.strip();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " cannot run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String env(String name, String byDefault) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? byDefault : value;
    }
}
