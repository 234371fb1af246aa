package dev.orderflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Collectors;

import dev.orderflow.harness.Project;

/**
 * The benchmark suite of the order flow, run by {@code scripts/run.sh bench}:
 *
 * <pre>
 * cold-start   launch to first event answered, per function and packaging   floor: minimal Vert.x server
 * throughput   one instance, closed loop at concurrency 1, 4, 16, 64        ceiling: raw Vert.x, same request
 * e2e          orders/s and latency through broker, Kafka and 5 functions   ceiling: Kafka alone, same records
 * </pre>
 *
 * Every baseline is measured in the same run as what it is compared with, since this 2-core machine is shared and
 * its speed drifts from one hour to the next. Figures are printed as tables and written as CSV; nothing is asserted.
 */
public final class Bench {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Bench() {
    }

    public static void main(String[] args) {
        // The chart is drawn off-screen; set before anything touches AWT.
        System.setProperty("java.awt.headless", "true");
        // The Kafka clients of the tail and the baseline log every connection attempt at INFO and WARN.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            BenchLog.LOG.severe("bench: " + e.getMessage() + System.lineSeparator() + Options.USAGE);
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::stopChildren, "bench-cleanup"));
        header(options);
        Path work = Project.workDir("bench");
        int exit = 0;
        try (LoadClient client = new LoadClient()) {
            Trainer trainer = new Trainer(work.resolve("training"), options.smoke() ? 20 : 200);
            if (options.includes("cold-start")) {
                new ColdStartBench(options, work.resolve("cold-start"), client, trainer).run();
            }
            if (options.includes("throughput")) {
                new ThroughputBench(options, work.resolve("throughput"), client, trainer).run();
            }
            if (options.includes("e2e")) {
                new E2eBench(options, work.resolve("e2e"), client, trainer).run();
            }
        } catch (RuntimeException e) {
            BenchLog.LOG.log(Level.SEVERE, "bench: failed: " + e.getMessage(), e);
            exit = 1;
        }
        BenchLog.LOG.info("");
        BenchLog.LOG.info("logs of every process: " + work);
        BenchLog.LOG.info("reproduce: " + options.command());
        System.exit(exit);
    }

    /** Waits {@code length}: the bench's own pacing (a window to measure over, a poll's interval). */
    static void pause(Duration length) {
        try {
            TimeUnit.NANOSECONDS.sleep(length.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A timestamped progress line. */
    static void progress(String message) {
        BenchLog.LOG.info("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(CLOCK) + "] " + message);
    }

    /** The start of one benchmark: what it measures, how, and the command that reproduces it. */
    static void section(String title, Options options, String how) {
        BenchLog.LOG.info("");
        BenchLog.LOG.info("=== " + title + (options.smoke() ? " (smoke: figures mean nothing)" : ""));
        BenchLog.LOG.info("how: " + how);
        BenchLog.LOG.info("reproduce: " + options.command());
    }

    static void wrote(Options options, String... files) {
        BenchLog.LOG.info("  wrote " + List.of(files).stream().map(f -> options.out().resolve(f).toString())
                .collect(Collectors.joining(", ")));
    }

    private static void header(Options options) {
        BenchLog.LOG.info("orderflow benchmarks, " + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        BenchLog.LOG.info("machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + memory() + ", load average " + loadAverage());
        Path java25 = Jvm.java25();
        BenchLog.LOG.info("java: " + Jvm.version(Jvm.java17()) + " (" + Jvm.java17() + ")"
                + (java25 == null ? "; no Java 25: AOT cache skipped" : "; " + Jvm.version(java25) + " (" + java25 + ")"));
        if (Jvm.feature(Jvm.java17()) != 17) {
            BenchLog.LOG.info("warning: the bench runs on Java " + Jvm.feature(Jvm.java17())
                    + ", so the rows labelled Java 17 ran on it instead");
        }
        BenchLog.LOG.info("commit: " + commit() + "; default packaging: " + Packaging.defaultPackaging().description());
        BenchLog.LOG.info("output: " + options.out());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").findFirst()
                    .orElse("unknown memory");
        } catch (IOException | NumberFormatException e) {
            return "unknown memory";
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(Project.ROOT.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            boolean clean = new ProcessBuilder("git", "diff", "--quiet", "HEAD").directory(Project.ROOT.toFile())
                    .start().waitFor() == 0;
            return git.waitFor() == 0 ? out + (clean ? "" : " with local changes") : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /**
     * On any exit (Ctrl-C included) nothing the bench started may outlive it: its children are exactly the
     * processes it launched (functions, broker, Kafka, baseline servers, an AOT cache's assembly JVM).
     */
    private static void stopChildren() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
    }
}
