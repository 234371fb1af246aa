package dev.orderflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orderflow.harness.LocalBroker;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Project;
import dev.orderflow.local.ActivatorConfig;
import dev.orderflow.local.Launch;

/**
 * Scale from zero as Knative's activator does it, on this machine: the broker, Kafka embedded, starts each function
 * on its first event and stops it when idle. An order posted with every function stopped takes five cold hops; for
 * each function, the cold start the broker's event log reports (launch until ready) is set against its first event in
 * the cold-start benchmark run just before, and the order's end-to-end time from zero is reported.
 */
final class ScaleFromZeroBench {

    /** Short, so that the functions are back at zero soon after each order. */
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(3);
    private static final Duration ORDER_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Before each order the machine is left until it is quiet, as it is when the cold-start benchmark launches a
     * function: all its cores together busy under a tenth of one over {@link #QUIET_CHECK}. Otherwise the first hop
     * starts while the broker's JIT is still compiling its own start (the first order) or five functions are exiting
     * (the next ones), and measures the two cores' contention rather than the activator.
     */
    private static final double QUIET_SHARE = 0.10;
    private static final Duration QUIET_CHECK = Duration.ofSeconds(1);
    private static final Duration MAX_QUIET_WAIT = Duration.ofSeconds(60);
    static final String CSV = "cold-start-from-zero.csv";

    private final Options options;
    private final Path dir;
    private final Map<String, Launch> launches;
    private final Map<String, Double> firstEventMs;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param launches each function's launch, its archive recorded
     * @param firstEventMs each function's median first event in the cold-start benchmark, same packaging
     */
    ScaleFromZeroBench(Options options, Path dir, Map<String, Launch> launches, Map<String, Double> firstEventMs) {
        this.options = options;
        this.dir = dir;
        this.launches = launches;
        this.firstEventMs = firstEventMs;
    }

    void run() {
        Bench.progress("scale from zero: " + options.runs() + " order(s) through the broker's activator, every function"
                + " stopped before each");
        Path pids = dir.resolve("pids");
        Map<String, String> subscribers = new LinkedHashMap<>();
        Map<Integer, String> functionOfPort = new LinkedHashMap<>();
        Map<String, ActivatorConfig.Start> starts = new LinkedHashMap<>();
        launches.forEach((function, launch) -> {
            int port = Project.freePort();
            subscribers.put(function, "http://127.0.0.1:" + port);
            functionOfPort.put(port, function);
            starts.put(function, new ActivatorConfig.Start(launch.command(List.of("-Dquarkus.http.port=" + port)),
                    launch.app()));
        });
        Map<String, List<Double>> coldStarts = new LinkedHashMap<>();
        List<Double> orders = new ArrayList<>();
        try {
            Files.createDirectories(pids);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (LocalBroker broker = new LocalBroker(dir, null, Project.MANIFESTS, subscribers,
                ActivatorConfig.properties(IDLE_WINDOW, pids, dir, starts)).start();
                TerminalTail tail = new TerminalTail(broker.bootstrapServers());
                OrderPump pump = new OrderPump(broker.url(OrderFlow.NAMESPACE, OrderFlow.BROKER))) {
            for (int i = 1; i <= options.runs(); i++) {
                awaitAllStopped(pids);
                awaitQuietMachine();
                OrderRun run = new OrderRun("from zero " + i, "order-z" + System.currentTimeMillis() % 1_000_000 + "-");
                tail.follow(run);
                pump.once(run);
                orders.add(run.awaitLone(ORDER_TIMEOUT));
                String orderId = run.tag() + 0;
                Map<String, Long> hops = coldStartsOf(broker.url(OrderFlow.NAMESPACE, OrderFlow.BROKER), orderId,
                        functionOfPort);
                hops.forEach((f, ms) -> coldStarts.computeIfAbsent(f, k -> new ArrayList<>()).add((double) ms));
                Bench.progress(String.format(Locale.ROOT, "order %d from zero: %.0f ms end to end; cold starts %s", i,
                        run.all().max(), hops));
            }
        }
        report(coldStarts, orders);
    }

    private void report(Map<String, List<Double>> coldStarts, List<Double> orders) {
        Table table = new Table("function", "first_event_ms_cold_start_bench", "cold_start_ms_through_activator",
                "difference_ms");
        Table printed = new Table("function", "first event, cold-start bench ms (median)",
                "cold start through the activator ms: median (min–max)", "difference ms");
        List<String> verdicts = new ArrayList<>();
        coldStarts.forEach((function, list) -> {
            Stats hop = Stats.of(list);
            double first = firstEventMs.getOrDefault(function, Double.NaN);
            double difference = hop.median() - first;
            table.row(function, Table.number(first, 0), Table.number(hop.median(), 0), Table.number(difference, 0));
            printed.row(function, Table.number(first, 0), hop.format(0), Table.number(difference, 0));
            if (!Double.isNaN(first)) {
                verdicts.add(function + " " + ColdStartBench.met(difference <= 100));
            }
        });
        Stats order = Stats.of(orders);
        table.row("(order, end to end)", "", Table.number(order.median(), 0), "");
        table.writeCsv(options.out().resolve(CSV));
        printed.print("Scale from zero: each hop's cold start as the broker's event log reports it (launch until ready),"
                + " against the same function's first event in the cold-start benchmark above");
        BenchLog.LOG.info("  a hop within 100 ms of the function's first event (those measured above): "
                + String.join(", ", verdicts));
        BenchLog.LOG.info("  an order from zero, five cold hops: " + order.format(0) + " ms from the 202 to its terminal"
                + " event");
        Bench.wrote(options, CSV);
    }

    private static void awaitAllStopped(Path pids) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Stream<Path> files = Files.list(pids)) {
                if (files.findAny().isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the functions did not scale to zero within 60 s (" + pids + ")");
            }
            Bench.pause(Duration.ofMillis(100));
        }
    }

    private static void awaitQuietMachine() {
        long start = System.nanoTime();
        double busy = CpuTime.ofMachine();
        if (Double.isNaN(busy)) {
            return; // no /proc/stat: nothing to wait on
        }
        boolean quiet = false;
        while (!quiet && System.nanoTime() - start < MAX_QUIET_WAIT.toNanos()) {
            Bench.pause(QUIET_CHECK);
            double now = CpuTime.ofMachine();
            quiet = now - busy < QUIET_SHARE * QUIET_CHECK.toMillis() / 1000.0;
            busy = now;
        }
        Bench.progress(String.format(Locale.ROOT, "the machine %s after %.1f s", quiet ? "quiet (under "
                + Math.round(QUIET_SHARE * 100) + "% of a core over " + QUIET_CHECK.toSeconds() + " s)"
                : "still busy", (System.nanoTime() - start) / 1e9));
    }

    /** Each function's cold start for the order, from the broker's event log (GET .../events?subject=). */
    private Map<String, Long> coldStartsOf(String ingress, String orderId, Map<Integer, String> functionOfPort) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingress + "/events?subject="
                    + orderId)).build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Long> hops = new LinkedHashMap<>();
            for (JsonNode event : json.readTree(response.body()).path("events")) {
                for (JsonNode delivery : event.path("deliveries")) {
                    long cold = delivery.path("coldStartMillis").asLong(0);
                    String function = functionOfPort.get(URI.create(delivery.path("subscriber").asText()).getPort());
                    if (cold > 0 && function != null) {
                        hops.put(function, cold);
                    }
                }
            }
            return hops;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the event log: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
