package dev.orderflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderflow.harness.ManagedProcess;
import dev.orderflow.harness.Project;

/**
 * A function's cold start as a container, the way a node starts a pod scaled from zero: {@code podman run} of its
 * image, under the options its Knative Service gives it (those of {@code scripts/run.sh up --containers}), to the first
 * event answered 200. In the same run, interleaved: the same image with its AOT cache not used, and a minimal Vert.x
 * server in the same image (the floor: the container runtime plus a JVM answering HTTP). Needs podman and the images
 * of {@code scripts/run.sh images}; skipped, with a note, without them.
 */
final class ContainerColdStartBench {

    record Run(String function, String variant, int run, double firstEventMs) {
    }

    static final String SUMMARY_CSV = "cold-start-containers.csv";
    static final String WITH_CACHE = "image, AOT cache";
    static final String WITHOUT_CACHE = "same image, no AOT cache";
    static final String FLOOR = "baseline: minimal Vert.x in the image";
    private static final Duration FIRST_EVENT_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> MINIMAL_SERVER_JARS = List.of("vertx-core-", "netty-", "jackson-core-");

    private final Options options;
    private final Path dir;
    private final FirstEventProbe probe = new FirstEventProbe();
    private final List<Run> runs = new ArrayList<>();

    ContainerColdStartBench(Options options, Path dir) {
        this.options = options;
        this.dir = dir;
    }

    void run() {
        Bench.section("cold start of a container: podman run to first event answered 200", options,
                "each function's image (scripts/run.sh images) run with its Knative Service's options, as scripts/run.sh"
                        + " up --containers runs it; the same image with JAVA_TOOL_OPTIONS emptied (no AOT cache); a minimal"
                        + " Vert.x server in the same image; " + options.runs() + " run(s) each, interleaved");
        Map<String, List<String>> plans = new LinkedHashMap<>();
        for (String function : options.functions()) {
            List<String> plan = plan(function);
            if (plan == null) {
                return;
            }
            plans.put(function, plan);
        }
        Path minimalServer = minimalServer();
        for (int run = 1; run <= options.runs(); run++) {
            for (Map.Entry<String, List<String>> entry : plans.entrySet()) {
                String function = entry.getKey();
                List<String> plan = entry.getValue();
                measure(function, WITH_CACHE, run, plan, List.of(), List.of());
                measure(function, WITHOUT_CACHE, run, plan, List.of("--env=JAVA_TOOL_OPTIONS="), List.of());
                List<String> floor = List.of("--env=JAVA_TOOL_OPTIONS=", "--volume=" + minimalServer + ":/bench:ro",
                        "--volume=" + benchClasses() + ":/classes:ro", "--entrypoint=java");
                // No file cache in /tmp, as the functions have none (quarkus.vertx.caching): the root is read-only.
                measure(function, FLOOR, run, plan, floor, List.of("-Dvertx.disableFileCaching=true",
                        "-Dvertx.disableFileCPResolving=true", "-cp", "/classes:/bench/lib/*", MinimalServer.class.getName()));
            }
        }
        report();
    }

    /**
     * The run options of {@code function}'s container as {@code scripts/run.sh up --containers} gets them (the
     * manifests tool's ContainerPlan); {@code null}, with a note, when podman or the image is missing.
     */
    private List<String> plan(String function) {
        String registry = System.getenv().getOrDefault("ORDERFLOW_REGISTRY", "localhost");
        String tag = System.getenv().getOrDefault("ORDERFLOW_TAG", "");
        try {
            String classpath = Project.ROOT.resolve("tools/manifests/target/manifests.jar").toString();
            String image = command(Project.java(), "-cp", classpath, "dev.orderflow.deploy.ContainerPlan",
                    Project.ROOT.toString(), "images", registry, tag).lines().filter(l -> l.startsWith(function + " "))
                    .map(l -> l.substring(function.length() + 1)).findFirst().orElseThrow();
            String user = command("podman", "image", "inspect", "--format", "{{.Config.User}}", image).strip();
            return command(Project.java(), "-cp", classpath, "dev.orderflow.deploy.ContainerPlan",
                    Project.ROOT.toString(), "run", function, image, dir.resolve(function + ".env").toString(), user,
                    "OTEL_EXPORTER_OTLP_ENDPOINT=").lines().toList();
        } catch (IllegalStateException e) {
            BenchLog.LOG.info("  skipped: " + e.getMessage().lines().findFirst().orElse("")
                    + " (needs podman and the images: scripts/run.sh images)");
            return null;
        }
    }

    /** Vert.x, Netty and Jackson core in {@code lib/} of one directory to mount: the floor's class path. */
    private Path minimalServer() {
        try {
            Path target = Files.createDirectories(dir.resolve("minimal-server/lib"));
            for (String entry : BaselineServer.classpath().split(":")) {
                Path jar = Path.of(entry);
                if (MINIMAL_SERVER_JARS.stream().anyMatch(p -> jar.getFileName().toString().startsWith(p))) {
                    Files.copy(jar, target.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target.getParent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory of the bench's own classes, MinimalServer's among them. */
    private static String benchClasses() {
        return BaselineServer.classpath().split(":")[0];
    }

    private void measure(String function, String variant, int run, List<String> plan, List<String> extra,
            List<String> arguments) {
        int port = Project.freePort();
        List<String> command = new ArrayList<>(List.of("podman", "run"));
        for (String option : plan.subList(0, plan.size() - 1)) {
            if (option.startsWith("--publish=")) {
                String containerPort = option.substring(option.lastIndexOf(':') + 1);
                int inside = arguments.isEmpty() ? Integer.parseInt(containerPort) : port;
                command.add("--publish=127.0.0.1:" + port + ":" + inside);
            } else if (option.startsWith("--name=")) {
                command.add("--name=bench-" + function);
            } else if (!option.startsWith("--label=")) {
                command.add(option);
            }
        }
        command.addAll(extra);
        command.add(plan.get(plan.size() - 1));
        command.addAll(arguments);
        if (!arguments.isEmpty()) {
            command.addAll(List.of(String.valueOf(port), "0.0.0.0"));
        }
        ManagedProcess process = new ManagedProcess("bench-" + function, command, Map.of(),
                dir.resolve(function + "-" + variant.replaceAll("[^a-z]+", "-") + ".log"));
        try {
            double ms = probe.launchToFirst200(process, port, Samples.main(function), FIRST_EVENT_TIMEOUT);
            runs.add(new Run(function, variant, run, ms));
            Bench.progress(String.format(Locale.ROOT, "%-16s %-38s run %d: first event %7.1f ms", function, variant,
                    run, ms));
        } finally {
            process.stop(Duration.ofSeconds(20));
        }
    }

    private void report() {
        Table csv = new Table("function", "variant", "runs", "first_event_ms_median", "first_event_ms_min",
                "first_event_ms_max", "speedup_vs_no_cache");
        Table printed = new Table("function", "container", "first event ms: median (min–max)", "vs no cache");
        List<String> verdicts = new ArrayList<>();
        for (String function : options.functions()) {
            Map<String, Stats> byVariant = new LinkedHashMap<>();
            for (String variant : List.of(WITH_CACHE, WITHOUT_CACHE, FLOOR)) {
                byVariant.put(variant, Stats.of(runs.stream().filter(r -> r.function().equals(function)
                        && r.variant().equals(variant)).map(Run::firstEventMs).toList()));
            }
            double without = byVariant.get(WITHOUT_CACHE).median();
            byVariant.forEach((variant, stats) -> {
                double speedup = variant.equals(FLOOR) ? Double.NaN : without / stats.median();
                csv.row(function, variant, stats.n(), Table.number(stats.median(), 1), Table.number(stats.min(), 1),
                        Table.number(stats.max(), 1), Table.number(speedup, 2));
                printed.row(function, variant, stats.format(0), Double.isNaN(speedup) ? "-" : Table.number(speedup, 2) + "x");
            });
            Stats with = byVariant.get(WITH_CACHE);
            verdicts.add(String.format(Locale.ROOT, "%s container: first event %.0f ms with the AOT cache (target <= 1000"
                    + " ms: %s); %.2fx faster than without (target >= 2x: %s); floor %.0f ms", function, with.median(),
                    ColdStartBench.met(with.median() <= 1000), without / with.median(),
                    ColdStartBench.met(without / with.median() >= 2), byVariant.get(FLOOR).median()));
        }
        csv.writeCsv(options.out().resolve(SUMMARY_CSV));
        printed.print("Cold start of a container (" + options.runs() + " run(s) per row)");
        verdicts.forEach(v -> BenchLog.LOG.info("  " + v));
        Bench.wrote(options, SUMMARY_CSV);
    }

    /** What a command printed; an IllegalStateException with its output when it fails. */
    private static String command(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
