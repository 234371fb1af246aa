package dev.orderflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.ManagedProcess;
import dev.orderflow.harness.Project;
import dev.orderflow.local.Launch;
import dev.orderflow.local.Zipkin;

/**
 * One instance's events/s and latency at rising concurrency, against raw Vert.x taking the same request on the same
 * JVM with the same options, and against two more instances of the same function that export their spans to a
 * {@link SpanSink}, one over OTLP (the cluster's way), one to Zipkin (the local flow's): what exporting costs. The
 * servers run for the whole benchmark and take turns (function, OTLP, Zipkin, raw, next concurrency...), so the
 * ratios at each concurrency come from neighbouring minutes.
 */
final class ThroughputBench {

    static final List<Integer> CONCURRENCY = List.of(1, 4, 16, 64);
    static final String RUNS_CSV = "throughput-runs.csv";
    static final String SUMMARY_CSV = "throughput.csv";
    static final String EXPORT_CSV = "throughput-export.csv";
    static final String PEER_CSV = "throughput-peer.csv";
    private static final String FUNCTION = "function";
    private static final String OTLP = "OTLP";
    private static final String ZIPKIN = "Zipkin";
    private static final String RAW = "raw Vert.x";
    private static final String PEER = "plain Funqy";
    /** The step the plain Funqy peer implements (tests/funqy-peer): it runs when this function is the one loaded. */
    static final String PEER_STEP = "payment";
    static final Path PEER_APP = Project.ROOT.resolve("tests/funqy-peer/target/quarkus-app");
    /** Quarkus's own OTLP exporter, as the peer has it: a base URL, to which it appends /v1/traces. */
    private static final String QUARKUS_OTLP_ENDPOINT = "-Dquarkus.otel.exporter.otlp.traces.endpoint=";
    /** The standard OpenTelemetry setting of the OTLP traces endpoint, as a JVM option. */
    private static final String OTLP_ENDPOINT = "-Dotel.exporter.otlp.traces.endpoint=";

    /** One timed load run against one server, and the spans the sink received meanwhile. */
    record Run(String target, int concurrency, int run, LoadClient.Result result, double serverCpuPercent,
            double clientCpuPercent, double spansPerSecond) {

        /** Microseconds of the server's CPU per answered event. */
        double cpuMicrosPerEvent() {
            return serverCpuPercent * 1e4 / result.perSecond();
        }
    }

    private final Options options;
    private final Path dir;
    private final LoadClient client;
    private final Trainer trainer;
    private final List<Run> runs = new ArrayList<>();

    ThroughputBench(Options options, Path dir, LoadClient client, Trainer trainer) {
        this.options = options;
        this.dir = dir;
        this.client = client;
        this.trainer = trainer;
    }

    void run() {
        String function = options.loadedFunction();
        Packaging packaging = Packaging.defaultPackaging();
        Launch launch = packaging.launch(function);
        Duration warmup = options.smoke() ? Duration.ofMillis(200) : Duration.ofSeconds(2);
        Duration measure = options.smoke() ? Duration.ofMillis(500) : Duration.ofSeconds(10);
        Duration serverWarmup = options.smoke() ? Duration.ofSeconds(1) : Duration.ofSeconds(15);
        Bench.section("throughput: one instance of " + function + " (" + packaging.description() + ")", options,
                "closed loop over keep-alive HTTP (Vert.x client, one event loop, in the bench JVM on the same 2 cores); "
                        + "each point: " + warmup.toMillis() + " ms unmeasured, then " + measure.toMillis()
                        + " ms measured; " + options.runs() + " run(s); request: " + Samples.main(function).type()
                        + " in binary mode; every server: " + String.join(" ", Jvm.FUNCTION_OPTIONS) + " on Java "
                        + Jvm.version(launch.java()));
        trainer.train(Map.of(function, launch), client);
        Launch peer = function.equals(PEER_STEP) ? packaging.launchApp(PEER_APP) : null;
        if (peer != null) {
            trainer.train(Map.of(function, peer), client);
        }
        List<Samples.Sample> request = List.of(Samples.main(function));
        FirstEventProbe probe = new FirstEventProbe();
        BaselineServer raw = new BaselineServer(RawServer.class, launch.java(), dir.resolve("raw-server.log"));
        List<FunctionProcess> started = new ArrayList<>();
        try (SpanSink sink = SpanSink.start()) {
            Map<String, FunctionProcess> functions = new LinkedHashMap<>();
            functions.put(FUNCTION, new FunctionProcess(dir, function, launch, false));
            functions.put(OTLP, new FunctionProcess(dir.resolve("otlp"), function,
                    launch.withOptions(List.of(OTLP_ENDPOINT + sink.otlpEndpoint())), false));
            functions.put(ZIPKIN, new FunctionProcess(dir.resolve("zipkin"), function,
                    launch.withOptions(Zipkin.exportOptions(sink.zipkinEndpoint())), false));
            if (peer != null) {
                functions.put(PEER, new FunctionProcess(dir.resolve("peer"), function,
                        peer.withOptions(List.of(QUARKUS_OTLP_ENDPOINT + sink.baseUrl())), false));
            } else {
                Bench.progress("the plain Funqy peer is the " + PEER_STEP + " step: run with --functions " + PEER_STEP
                        + " to measure it");
            }
            started.addAll(functions.values());
            for (FunctionProcess f : functions.values()) {
                probe.launchToFirst200(f.process(), f.port(), request.get(0), Duration.ofSeconds(60));
            }
            probe.launchToFirst200(raw.process(), raw.port(), request.get(0), Duration.ofSeconds(60));
            Bench.progress("warming up the " + (functions.size() + 1) + " servers (" + serverWarmup.toSeconds()
                    + " s each at concurrency 16)");
            for (FunctionProcess f : functions.values()) {
                client.run(f.port(), request, 16, Duration.ZERO, serverWarmup);
            }
            client.run(raw.port(), request, 16, Duration.ZERO, serverWarmup);
            for (int run = 1; run <= options.runs(); run++) {
                for (int concurrency : CONCURRENCY) {
                    for (Map.Entry<String, FunctionProcess> f : functions.entrySet()) {
                        measure(f.getKey(), f.getValue().process(), f.getValue().port(), request, concurrency, run,
                                warmup, measure, sink);
                    }
                    measure(RAW, raw.process(), raw.port(), request, concurrency, run, warmup, measure, sink);
                }
            }
            Bench.progress("the span sink received " + sink.spans() + " spans in " + sink.batches() + " batches");
        } finally {
            started.forEach(FunctionProcess::close);
            raw.process().stop();
        }
        report(function, packaging);
    }

    private void measure(String target, ManagedProcess server, int port, List<Samples.Sample> request, int concurrency,
            int run, Duration warmup, Duration measure, SpanSink sink) {
        double serverCpu = CpuTime.ofProcess(server.pid());
        double clientCpu = CpuTime.ofBench();
        long spans = sink.spans();
        long started = System.nanoTime();
        LoadClient.Result result = client.run(port, request, concurrency, warmup, measure);
        double wall = (System.nanoTime() - started) / 1e9;
        Run r = new Run(target, concurrency, run, result, 100 * (CpuTime.ofProcess(server.pid()) - serverCpu) / wall,
                100 * (CpuTime.ofBench() - clientCpu) / wall, (sink.spans() - spans) / wall);
        runs.add(r);
        Bench.progress(String.format(Locale.ROOT,
                "%-10s concurrency %2d run %d: %8.0f events/s, p50 %6.2f ms, p99 %6.2f ms, errors %d, CPU server %3.0f%%"
                        + " client %3.0f%%",
                target, concurrency, run, result.perSecond(), result.p50Millis(), result.p99Millis(), result.errors(),
                r.serverCpuPercent(), r.clientCpuPercent()));
    }

    private void report(String function, Packaging packaging) {
        Table all = new Table("target", "concurrency", "run", "events_per_s", "p50_ms", "p99_ms", "errors",
                "server_cpu_pct", "client_cpu_pct", "spans_per_s");
        runs.forEach(r -> all.row(r.target(), r.concurrency(), r.run(), Table.number(r.result().perSecond(), 1),
                Table.number(r.result().p50Millis(), 3), Table.number(r.result().p99Millis(), 3), r.result().errors(),
                Table.number(r.serverCpuPercent(), 0), Table.number(r.clientCpuPercent(), 0),
                Table.number(r.spansPerSecond(), 0)));
        all.writeCsv(options.out().resolve(RUNS_CSV));

        Table csv = new Table("concurrency", "function_events_per_s_median", "function_events_per_s_min",
                "function_events_per_s_max", "function_p50_ms", "function_p99_ms", "raw_events_per_s_median",
                "raw_events_per_s_min", "raw_events_per_s_max", "raw_p50_ms", "raw_p99_ms", "ratio", "function_errors",
                "function_cpu_pct", "raw_cpu_pct", "client_cpu_pct", "raw_client_cpu_pct");
        Table printed = new Table("concurrency", "function events/s", "p50 ms", "p99 ms", "raw Vert.x events/s",
                "p50 ms", "p99 ms", "function/raw", "CPU% function", "CPU% raw", "CPU% client (function, raw)");
        String verdict = null;
        for (int concurrency : CONCURRENCY) {
            List<Run> fn = of(FUNCTION, concurrency);
            List<Run> raw = of(RAW, concurrency);
            Stats fnRate = Stats.of(fn.stream().map(r -> r.result().perSecond()).toList());
            Stats rawRate = Stats.of(raw.stream().map(r -> r.result().perSecond()).toList());
            Stats fnP50 = Stats.of(fn.stream().map(r -> r.result().p50Millis()).toList());
            Stats fnP99 = Stats.of(fn.stream().map(r -> r.result().p99Millis()).toList());
            Stats rawP50 = Stats.of(raw.stream().map(r -> r.result().p50Millis()).toList());
            Stats rawP99 = Stats.of(raw.stream().map(r -> r.result().p99Millis()).toList());
            Stats fnCpu = Stats.of(fn.stream().map(Run::serverCpuPercent).toList());
            Stats rawCpu = Stats.of(raw.stream().map(Run::serverCpuPercent).toList());
            Stats clientCpu = Stats.of(fn.stream().map(Run::clientCpuPercent).toList());
            Stats rawClientCpu = Stats.of(raw.stream().map(Run::clientCpuPercent).toList());
            long errors = fn.stream().mapToLong(r -> r.result().errors()).sum();
            double ratio = fnRate.median() / rawRate.median();
            csv.row(concurrency, Table.number(fnRate.median(), 1), Table.number(fnRate.min(), 1),
                    Table.number(fnRate.max(), 1), Table.number(fnP50.median(), 3), Table.number(fnP99.median(), 3),
                    Table.number(rawRate.median(), 1), Table.number(rawRate.min(), 1), Table.number(rawRate.max(), 1),
                    Table.number(rawP50.median(), 3), Table.number(rawP99.median(), 3), Table.number(ratio, 3), errors,
                    Table.number(fnCpu.median(), 0), Table.number(rawCpu.median(), 0), Table.number(clientCpu.median(), 0),
                    Table.number(rawClientCpu.median(), 0));
            printed.row(concurrency, fnRate.format(0), fnP50.format(2), fnP99.format(2), rawRate.format(0),
                    rawP50.format(2), rawP99.format(2), Table.number(ratio, 2), fnCpu.format(0), rawCpu.format(0),
                    Table.number(clientCpu.median(), 0) + ", " + Table.number(rawClientCpu.median(), 0));
            if (concurrency == 16) {
                verdict = String.format(Locale.ROOT, "at concurrency 16 %s takes %.2f of raw Vert.x's events/s (target >= 0.5: %s)",
                        function, ratio, ColdStartBench.met(ratio >= 0.5));
            }
            if (errors > 0) {
                BenchLog.LOG.info("  note: " + errors + " failed requests to the function at concurrency " + concurrency
                        + ", first: " + fn.stream().map(r -> r.result().firstError()).filter(e -> e != null)
                                .findFirst().orElse(""));
            }
        }
        csv.writeCsv(options.out().resolve(SUMMARY_CSV));
        printed.print("Throughput of one " + function + " instance (" + packaging.description() + ") against raw Vert.x: "
                + "median (min–max) of " + options.runs() + " run(s); CPU% of one core, 200% = both cores");
        if (verdict != null) {
            BenchLog.LOG.info("  " + verdict);
        }
        reportExport(function);
        List<String> files = new ArrayList<>(List.of(RUNS_CSV, SUMMARY_CSV, EXPORT_CSV));
        if (!of(PEER, CONCURRENCY.get(0)).isEmpty()) {
            reportPeer(function);
            files.add(PEER_CSV);
        }
        Bench.wrote(options, files.toArray(String[]::new));
    }

    /** The same function without and with span export, side by side: CPU per event is what exporting costs. */
    private void reportExport(String function) {
        Table csv = new Table("concurrency", "off_events_per_s", "otlp_events_per_s", "zipkin_events_per_s",
                "off_cpu_us_per_event", "otlp_cpu_us_per_event", "zipkin_cpu_us_per_event", "otlp_change_pct",
                "zipkin_change_pct", "otlp_spans_per_s", "zipkin_spans_per_s");
        Table printed = new Table("concurrency", "events/s off", "OTLP", "Zipkin", "CPU µs/event off", "OTLP",
                "Zipkin", "change OTLP", "Zipkin", "spans/s received OTLP", "Zipkin");
        List<String> verdicts = new ArrayList<>();
        for (int concurrency : CONCURRENCY) {
            Stats offCpu = cpuPerEvent(FUNCTION, concurrency);
            Stats otlpCpu = cpuPerEvent(OTLP, concurrency);
            Stats zipkinCpu = cpuPerEvent(ZIPKIN, concurrency);
            double otlpChange = 100 * (otlpCpu.median() / offCpu.median() - 1);
            double zipkinChange = 100 * (zipkinCpu.median() / offCpu.median() - 1);
            csv.row(concurrency, Table.number(rate(FUNCTION, concurrency).median(), 1),
                    Table.number(rate(OTLP, concurrency).median(), 1), Table.number(rate(ZIPKIN, concurrency).median(), 1),
                    Table.number(offCpu.median(), 1), Table.number(otlpCpu.median(), 1),
                    Table.number(zipkinCpu.median(), 1), Table.number(otlpChange, 1), Table.number(zipkinChange, 1),
                    Table.number(spans(OTLP, concurrency).median(), 0), Table.number(spans(ZIPKIN, concurrency).median(), 0));
            printed.row(concurrency, rate(FUNCTION, concurrency).format(0), rate(OTLP, concurrency).format(0),
                    rate(ZIPKIN, concurrency).format(0), offCpu.format(1), otlpCpu.format(1), zipkinCpu.format(1),
                    String.format(Locale.ROOT, "%+.1f%%", otlpChange), String.format(Locale.ROOT, "%+.1f%%", zipkinChange),
                    spans(OTLP, concurrency).format(0), spans(ZIPKIN, concurrency).format(0));
            if (concurrency == 16) {
                verdicts.add(String.format(Locale.ROOT, "at concurrency 16 exporting spans changes %s's CPU per event"
                        + " by %+.1f%% over OTLP, %+.1f%% to Zipkin (target <= +10%%: %s, %s)", function, otlpChange,
                        zipkinChange, ColdStartBench.met(otlpChange <= 10), ColdStartBench.met(zipkinChange <= 10)));
            }
        }
        csv.writeCsv(options.out().resolve(EXPORT_CSV));
        printed.print("Exporting spans: " + function + " without, and with its spans sent over OTLP and to Zipkin, to a"
                + " collector that counts and discards them (median (min–max) of " + options.runs() + " run(s); the"
                + " exporter's thread is in the function's CPU)");
        verdicts.forEach(v -> BenchLog.LOG.info("  " + v));
    }

    /**
     * The function against the plain Funqy function doing the same step, both exporting their spans over OTLP to the
     * same collector: what a user gains or loses by taking the project's function instead of writing their own.
     */
    private void reportPeer(String function) {
        Table csv = new Table("concurrency", "function_events_per_s", "peer_events_per_s", "ratio", "function_p50_ms",
                "function_p99_ms", "peer_p50_ms", "peer_p99_ms", "function_cpu_us_per_event", "peer_cpu_us_per_event",
                "function_no_export_events_per_s");
        Table printed = new Table("concurrency", function + " events/s (OTLP)", "plain Funqy", function + "/peer",
                "p50 ms", "p99 ms", "peer p50 ms", "p99 ms", "CPU µs/event", "peer", function + " without export");
        String verdict = null;
        for (int concurrency : CONCURRENCY) {
            Stats fn = rate(OTLP, concurrency);
            Stats peer = rate(PEER, concurrency);
            double ratio = fn.median() / peer.median();
            Stats fnP50 = Stats.of(of(OTLP, concurrency).stream().map(r -> r.result().p50Millis()).toList());
            Stats fnP99 = Stats.of(of(OTLP, concurrency).stream().map(r -> r.result().p99Millis()).toList());
            Stats peerP50 = Stats.of(of(PEER, concurrency).stream().map(r -> r.result().p50Millis()).toList());
            Stats peerP99 = Stats.of(of(PEER, concurrency).stream().map(r -> r.result().p99Millis()).toList());
            csv.row(concurrency, Table.number(fn.median(), 1), Table.number(peer.median(), 1), Table.number(ratio, 3),
                    Table.number(fnP50.median(), 3), Table.number(fnP99.median(), 3), Table.number(peerP50.median(), 3),
                    Table.number(peerP99.median(), 3), Table.number(cpuPerEvent(OTLP, concurrency).median(), 1),
                    Table.number(cpuPerEvent(PEER, concurrency).median(), 1),
                    Table.number(rate(FUNCTION, concurrency).median(), 1));
            printed.row(concurrency, fn.format(0), peer.format(0), Table.number(ratio, 2), fnP50.format(2),
                    fnP99.format(2), peerP50.format(2), peerP99.format(2), cpuPerEvent(OTLP, concurrency).format(1),
                    cpuPerEvent(PEER, concurrency).format(1), rate(FUNCTION, concurrency).format(0));
            if (concurrency == 16) {
                verdict = String.format(Locale.ROOT, "at concurrency 16 %s answers %.2f as many events/s as the plain"
                        + " Funqy function (target >= 1.0: %s)", function, ratio, ColdStartBench.met(ratio >= 1.0));
            }
        }
        csv.writeCsv(options.out().resolve(PEER_CSV));
        printed.print("Against the plain Funqy function (tests/funqy-peer: the same step as the quickstart writes it), both"
                + " exporting their spans over OTLP to the same collector: median (min–max) of " + options.runs()
                + " run(s)");
        BenchLog.LOG.info("  " + verdict);
    }

    private Stats rate(String target, int concurrency) {
        return Stats.of(of(target, concurrency).stream().map(r -> r.result().perSecond()).toList());
    }

    private Stats cpuPerEvent(String target, int concurrency) {
        return Stats.of(of(target, concurrency).stream().map(Run::cpuMicrosPerEvent).toList());
    }

    private Stats spans(String target, int concurrency) {
        return Stats.of(of(target, concurrency).stream().map(Run::spansPerSecond).toList());
    }

    private List<Run> of(String target, int concurrency) {
        return runs.stream().filter(r -> r.target().equals(target) && r.concurrency() == concurrency).toList();
    }
}
