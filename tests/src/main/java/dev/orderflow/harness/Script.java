package dev.orderflow.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/run.sh} as a user runs it, from the repository root, with the environment a test gives it; its
 * output (stdout and stderr together) goes to a file, so a long build cannot block on a full pipe.
 */
public record Script(Map<String, String> environment, Path dir) {

    /** How a run ended: its exit code and everything it printed. */
    public record Result(int exit, String output) {

        public Result ok(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " exited with " + exit + ":\n" + output);
            }
            return this;
        }

        /** The last line printed, e.g. the value a command prints for the next one. */
        public String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    public Script {
        environment = Map.copyOf(environment);
    }

    public Result run(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/run.sh"));
        command.addAll(List.of(arguments));
        try {
            Files.createDirectories(dir);
            Path log = Files.createTempFile(dir, "run-" + arguments[0] + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Project.ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("run.sh " + String.join(" ", arguments) + " did not end within " + timeout
                        + ":\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
