package dev.orderflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
            System.err.println("bench: " + e.getMessage());
            System.err.println(Options.USAGE);
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
            System.out.flush();
            System.err.println("bench: failed: " + e.getMessage());
            e.printStackTrace();
            exit = 1;
        }
        System.out.println();
        System.out.println("logs of every process: " + work);
        System.out.println("reproduce: " + options.command());
        System.out.flush();
        System.exit(exit);
    }

    /** A timestamped progress line. */
    static void progress(String message) {
        System.out.println("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(CLOCK) + "] " + message);
        System.out.flush();
    }

    /** The start of one benchmark: what it measures, how, and the command that reproduces it. */
    static void section(String title, Options options, String how) {
        System.out.println();
        System.out.println("=== " + title + (options.smoke() ? " (smoke: figures mean nothing)" : ""));
        System.out.println("how: " + how);
        System.out.println("reproduce: " + options.command());
        System.out.flush();
    }

    static void wrote(Options options, String... files) {
        System.out.println("  wrote " + List.of(files).stream().map(f -> options.out().resolve(f).toString())
                .collect(Collectors.joining(", ")));
    }

    private static void header(Options options) {
        System.out.println("orderflow benchmarks, " + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + memory() + ", load average " + loadAverage());
        Path java25 = Jvm.java25();
        System.out.println("java: " + Jvm.version(Jvm.java17()) + " (" + Jvm.java17() + ")"
                + (java25 == null ? "; no Java 25: AOT cache skipped" : "; " + Jvm.version(java25) + " (" + java25 + ")"));
        if (Jvm.feature(Jvm.java17()) != 17) {
            System.out.println("warning: the bench runs on Java " + Jvm.feature(Jvm.java17())
                    + ", so the rows labelled Java 17 ran on it instead");
        }
        System.out.println("commit: " + commit() + "; default packaging: " + Packaging.defaultPackaging().description());
        System.out.println("output: " + options.out());
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
