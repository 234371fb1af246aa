package dev.orderflow.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** A process a test started: its log goes to a file, and the test stops it (or kills it) by its own pid. */
public final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final Path workingDir;
    private Process process;

    public ManagedProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this(name, command, environment, log, Project.ROOT);
    }

    public ManagedProcess(String name, List<String> command, Map<String, String> environment, Path log,
            Path workingDir) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.workingDir = workingDir;
    }

    public synchronized ManagedProcess start() {
        if (isAlive()) {
            return this;
        }
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code ready} holds; fails with the end of the log if the process dies or takes too long. */
    public ManagedProcess awaitReady(Duration timeout, BooleanSupplier ready) {
        try {
            Awaitility.await(name + " ready").atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !isAlive() || probe(ready));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " not ready after " + timeout + ": " + tail(), e);
        }
        if (!isAlive()) {
            throw new IllegalStateException(name + " exited before it was ready: " + tail());
        }
        return this;
    }

    /** A readiness probe that fails (connection refused, timeout) is simply not ready yet. */
    private static boolean probe(BooleanSupplier ready) {
        try {
            return ready.getAsBoolean();
        } catch (Exception notYet) {
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within ten seconds. */
    public void stop() {
        stop(Duration.ofSeconds(10));
    }

    /**
     * SIGTERM, then SIGKILL if it has not exited within {@code grace}: a JVM writing its startup archive on exit (a
     * Java 25 AOT cache takes several seconds) needs longer than ten.
     */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: no shutdown hooks, no flushing, no commits. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Resident set size in KiB, from /proc; -1 when the process is gone. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** The last lines of the log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }
}
