package dev.orderflow.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import dev.orderflow.local.LocalTopology.Component;

/**
 * The local flow's processes as {@code scripts/run.sh} runs them: the broker (with its embedded Kafka) and each
 * function as a JVM of one {@link Packaging} or as a container ({@link ContainerLaunch}), started detached and found
 * again by the next command ({@link Supervisor}). What each starts with is decided here and nowhere else; the
 * broker's activator gets the same commands when it scales the functions to zero.
 */
final class Flow {

    /** A JVM writing its startup archive on exit takes several seconds (a Java 25 AOT cache most). */
    static final Duration ARCHIVE_GRACE = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration PROBE = Duration.ofMillis(200);
    private static final String SCALE_TO_ZERO = "scale-to-zero";

    final LocalTopology topology;
    final FlowSettings settings;
    final Supervisor supervisor;
    private final PrintStream out;

    Flow(LocalTopology topology, FlowSettings settings, PrintStream out) {
        this.topology = topology;
        this.settings = settings;
        this.supervisor = new Supervisor(settings.runDir());
        this.out = out;
    }

    boolean containers() {
        return Files.exists(settings.containersMode());
    }

    /** True while the flow sends its spans to Zipkin ({@code up --observe}). */
    boolean observing() {
        return Files.exists(settings.observeMode());
    }

    private List<String> tracing() {
        return observing() ? Zipkin.exportOptions() : List.of();
    }

    /**
     * Starts what {@code up --observe} adds, unless it runs, and waits until each answers: Zipkin, and Prometheus where
     * its package is installed.
     */
    void startObservers() throws InterruptedException {
        startTool(Zipkin.NAME, Zipkin.PORT, Zipkin.command(topology.root()), Zipkin::ready);
        Optional<Path> prometheus = Prometheus.binary();
        if (prometheus.isPresent()) {
            startTool(Prometheus.NAME, Prometheus.PORT,
                    Prometheus.command(prometheus.get(), topology, settings.runDir()), Prometheus::ready);
        } else {
            out.println("no prometheus on the PATH: the metrics stay at each component's /q/metrics "
                    + "(Debian: apt-get install prometheus)");
        }
    }

    /** The tools {@code up --observe} started, for status and down. */
    static final List<String> OBSERVERS = List.of(Zipkin.NAME, Prometheus.NAME);

    private void startTool(String name, int port, List<String> command, BooleanSupplier ready)
            throws InterruptedException {
        Optional<ProcessHandle> process = supervisor.running(name);
        if (process.isEmpty()) {
            if (Supervisor.taken(port)) {
                throw new IllegalStateException("port " + port + " is taken by a process this script did not "
                        + "start: stop it, or run 'scripts/run.sh down'");
            }
            // Watched by its pid while it starts: its command line may not show the marker yet.
            process = ProcessHandle.of(supervisor.start(name, command, settings.runDir()));
        }
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        while (!ready.getAsBoolean()) {
            if (process.filter(ProcessHandle::isAlive).isEmpty() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not start (log: " + supervisor.log(name) + ")\n"
                        + tail(supervisor.log(name), 20));
            }
            Thread.sleep(PROBE.toMillis());
        }
    }

    /** How a function's JVM starts in the chosen packaging; its archive is recorded by {@link #train}. */
    Launch launch(Component function) {
        return settings.packaging().launch(function.app());
    }

    /** The command of {@code component}: {@code training} records the function's startup archive on exit. */
    List<String> command(Component component, boolean scaleToZero, boolean training) {
        if (component.isBroker()) {
            List<String> command = new ArrayList<>(Jvms.BROKER_JVM);
            command.addAll(tracing());
            command.addAll(List.of(Supervisor.marker(component.name()),
                    "-Dquarkus.http.port=" + component.port(),
                    "-Dorderflow.kafka.data-dir=" + settings.runDir().resolve("kafka"),
                    "-Dorderflow.broker.manifests=" + topology.manifests(),
                    "-Dquarkus.config.locations=" + brokerConfig(scaleToZero),
                    "-jar", Launch.RUN_JAR));
            return command;
        }
        if (containers()) {
            return ContainerLaunch.fromEnvironment(topology.root(), settings.runDir()).command(component.name());
        }
        List<String> extra = new ArrayList<>(tracing());
        extra.addAll(List.of(Supervisor.marker(component.name()), "-Dquarkus.http.port=" + component.port()));
        return training ? launch(component).training(extra) : launch(component).command(extra);
    }

    Path directory(Component component) {
        return component.isBroker() || containers() ? component.app() : launch(component).app();
    }

    /**
     * The broker's configuration file for this flow: where each function listens, the event log's notes and, to
     * scale to zero, the activator with each function's command.
     */
    private Path brokerConfig(boolean scaleToZero) {
        Properties properties = new Properties();
        properties.putAll(topology.brokerProperties());
        if (scaleToZero) {
            Map<String, ActivatorConfig.Start> starts = new LinkedHashMap<>();
            topology.functions().forEach(f -> starts.put(f.name(),
                    new ActivatorConfig.Start(command(f, false, false), directory(f))));
            properties.putAll(ActivatorConfig.properties(settings.idleWindow(), supervisor.pidDir(), supervisor.logDir(),
                    starts));
        }
        Path file = settings.runDir().resolve(scaleToZero ? "broker-" + SCALE_TO_ZERO + ".properties" : "broker.properties");
        try (Writer writer = Files.newBufferedWriter(createParent(file))) {
            properties.store(writer, "written by scripts/run.sh up: the broker of the local flow");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** How the running broker runs: with the activator or not; empty when it does not run. */
    Optional<Boolean> brokerScalesToZero() {
        return supervisor.running(LocalTopology.BROKER).map(p -> p.info().arguments()
                .map(args -> List.of(args).stream().anyMatch(a -> a.contains(SCALE_TO_ZERO))).orElse(false));
    }

    void start(Component component, boolean scaleToZero, boolean training) {
        if (supervisor.running(component.name()).isPresent()) {
            return;
        }
        if (containers() && !component.isBroker()) {
            // A container whose podman was killed outlives it: it goes before its successor takes the name and port.
            ContainerLaunch.fromEnvironment(topology.root(), settings.runDir()).remove(component.name());
        }
        if (Supervisor.taken(component.port())) {
            throw new IllegalStateException("port " + component.port() + " is taken by a process this script did not "
                    + "start: stop it, or run 'scripts/run.sh down'");
        }
        supervisor.start(component.name(), command(component, scaleToZero, training), directory(component));
    }

    /** Waits until the component is ready; false when its process exits first. */
    boolean awaitReady(Component component) throws InterruptedException {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        while (!Supervisor.ready(component.port())) {
            if (supervisor.running(component.name()).isEmpty()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(component.name() + " is not ready after "
                        + settings.readyTimeout().toSeconds() + "s (log: " + supervisor.log(component.name()) + ")");
            }
            Thread.sleep(PROBE.toMillis());
        }
        return true;
    }

    /**
     * Starts the component unless it runs and waits until it is ready. One that exits first is started again, twice
     * at most: a process killed a moment ago may still have been found alive, and its successor may find its port or
     * Kafka's lock held while the dead one's resources are let go.
     */
    void startReady(Component component, boolean scaleToZero) throws InterruptedException {
        for (int attempt = 1; attempt <= 3; attempt++) {
            start(component, scaleToZero, false);
            if (awaitReady(component)) {
                return;
            }
            if (attempt < 3) {
                System.err.println(component.name() + " exited before it was ready: starting it again");
            }
        }
        throw new IllegalStateException(component.name() + " exited before it was ready, three times (log: "
                + supervisor.log(component.name()) + ")\n" + tail(supervisor.log(component.name()), 30));
    }

    void stop(Component component, Duration grace) {
        supervisor.stop(component.name(), grace).ifPresent(pid -> out.println("stopped " + component.name()
                + " (pid " + pid + ")"));
        if (containers() && !component.isBroker()) {
            ContainerLaunch.fromEnvironment(topology.root(), settings.runDir()).remove(component.name());
        }
    }

    void stop(Component component) {
        stop(component, GRACE);
    }

    /**
     * First run after a build: the functions run orders of every outcome with their archive being recorded, then
     * stop, which writes it; from then on they start from it.
     */
    void train() throws IOException, InterruptedException {
        List<Component> stale = topology.functions().stream().filter(f -> !launch(f).archiveFresh()).toList();
        if (stale.isEmpty()) {
            return;
        }
        out.println("recording the startup archives (" + settings.packaging() + ") of "
                + String.join(" ", stale.stream().map(Component::name).toList()) + ": once after each build, about 30 s");
        for (Component f : stale) {
            Files.deleteIfExists(launch(f).archive());
            start(f, false, true);
        }
        for (Component f : topology.functions()) {
            start(f, false, false);
            if (!awaitReady(f)) {
                startReady(f, false);
            }
        }
        OrderClient orders = new OrderClient(topology.ingress());
        for (int round = 0; round < 2; round++) {
            for (String outcome : SampleOrders.OUTCOMES) {
                String orderId = OrderClient.newOrderId();
                orders.post(orderId, outcome, Optional.empty());
                orders.awaitEnd(orderId, settings.orderTimeout());
            }
        }
        for (Component f : stale) {
            supervisor.stop(f.name(), ARCHIVE_GRACE);
            if (!launch(f).archiveFresh()) {
                System.err.println("warning: no archive for " + f.name() + " (" + supervisor.log(f.name())
                        + "); it starts without one");
            }
        }
    }

    boolean archivesFresh() {
        return topology.functions().stream().allMatch(f -> launch(f).archiveFresh());
    }

    boolean anyFunctionRuns() {
        return topology.functions().stream().anyMatch(f -> supervisor.running(f.name()).isPresent());
    }

    /** How the functions run: containers of their images, or JVMs of one packaging. */
    String functionsAs() {
        return containers() ? "containers, " + ContainerLaunch.fromEnvironment(topology.root(), settings.runDir()).cli()
                : settings.packaging().toString();
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static Path createParent(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return file;
    }
}
