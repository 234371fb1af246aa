package dev.orderflow.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The podman command line, for what a test reads of images and containers (inspect, ps) or does to them. */
public final class Podman {

    private Podman() {
    }

    /** What {@code podman args...} printed; fails with its output when it exits otherwise than 0. */
    public static String run(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
            return output.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One Go-template field of {@code podman inspect}, e.g. {@code {{.HostConfig.ReadonlyRootfs}}}. */
    public static String inspect(String object, String format) {
        return run("inspect", "--format", format, object);
    }

    /** The names of the running containers that carry {@code label}. */
    public static List<String> containers(String label) {
        String names = run("ps", "--filter", "label=" + label, "--format", "{{.Names}}");
        return names.isEmpty() ? List.of() : List.of(names.split("\n"));
    }
}
