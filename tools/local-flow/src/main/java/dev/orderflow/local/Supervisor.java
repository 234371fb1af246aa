package dev.orderflow.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The processes of the flow that {@code scripts/run.sh} starts: each outlives the command that started it, with its pid
 * in {@code <run dir>/pids} and its output in {@code <run dir>/logs}. A pid file counts only while its process is
 * alive and is still this component's: its command line carries the component's marker, so a number the system has
 * given to another process since is not mistaken for it.
 */
public final class Supervisor {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration EXEC_POLL = Duration.ofMillis(5);

    private final Path pids;
    private final Path logs;

    public Supervisor(Path runDir) {
        this.pids = runDir.resolve("pids");
        this.logs = runDir.resolve("logs");
    }

    /** The system property that marks a JVM as {@code component}'s. */
    public static String marker(String component) {
        return "-Dorderflow.component=" + component;
    }

    /** The option that marks a container as {@code component}'s. */
    public static String containerMarker(String component) {
        return "--name=orderflow-" + component;
    }

    public Path pidDir() {
        return pids;
    }

    public Path logDir() {
        return logs;
    }

    public Path log(String component) {
        return logs.resolve(component + ".log");
    }

    /** The running process of {@code component}, if its pid file names one. */
    public Optional<ProcessHandle> running(String component) {
        Path file = pids.resolve(component + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isComponents(p.pid(), component));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isComponents(long pid, String component) {
        Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
        if (!Files.isReadable(cmdline)) {
            return true;
        }
        try {
            List<String> args = Arrays.asList(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
            return args.contains(marker(component)) || args.contains(containerMarker(component));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts {@code command} in {@code directory}, its output appended to the component's log, immune to the
     * terminal's hangup (nohup), and records its pid.
     */
    public long start(String component, List<String> command, Path directory) {
        try {
            Files.createDirectories(pids);
            Files.createDirectories(logs);
            List<String> detached = new ArrayList<>(List.of("nohup"));
            detached.addAll(command);
            Process process = new ProcessBuilder(detached).directory(directory.toFile())
                    .redirectInput(new File("/dev/null"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(component).toFile()))
                    .start();
            Files.writeString(pids.resolve(component + ".pid"), Long.toString(process.pid()));
            awaitExec(process, component);
            return process.pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + component, e);
        }
    }

    /**
     * Waits until the started process shows the component's marker: for a moment after a fork, the child's command
     * line is still the spawn helper's, and a {@link #running} asked then would not recognise it.
     */
    private static void awaitExec(Process process, String component) {
        long deadline = System.nanoTime() + EXEC_TIMEOUT.toNanos();
        while (process.isAlive() && !isComponents(process.pid(), component) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(EXEC_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; the pid of what was stopped, if anything ran. */
    public Optional<Long> stop(String component, Duration grace) {
        Optional<ProcessHandle> process = running(component);
        process.ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception stillRunning) {
                p.destroyForcibly();
                p.onExit().join();
            }
        });
        try {
            Files.deleteIfExists(pids.resolve(component + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return process.map(ProcessHandle::pid);
    }

    /** True when something answers 200 on {@code port}'s readiness probe. */
    public static boolean ready(int port) {
        return answersOk("http://127.0.0.1:" + port + "/q/health/ready");
    }

    /** True when {@code url} answers 200. */
    public static boolean answersOk(String url) {
        return status(url) == 200;
    }

    /** True when anything at all answers HTTP on {@code port}. */
    public static boolean taken(int port) {
        return status("http://127.0.0.1:" + port + "/") > 0;
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
