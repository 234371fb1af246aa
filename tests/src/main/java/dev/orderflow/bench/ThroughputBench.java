package dev.orderflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.ManagedProcess;
import dev.orderflow.local.Launch;

/**
 * One instance's events/s and latency at rising concurrency, against raw Vert.x taking the same request on the same
 * JVM with the same options. Both servers run for the whole benchmark and take turns (function, raw, next
 * concurrency...), so the ratio at each concurrency comes from neighbouring minutes.
 */
final class ThroughputBench {

    static final List<Integer> CONCURRENCY = List.of(1, 4, 16, 64);
    static final String RUNS_CSV = "throughput-runs.csv";
    static final String SUMMARY_CSV = "throughput.csv";
    private static final String FUNCTION = "function";
    private static final String RAW = "raw Vert.x";

    /** One timed load run against one server. */
    record Run(String target, int concurrency, int run, LoadClient.Result result, double serverCpuPercent,
            double clientCpuPercent) {
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
                        + " in binary mode; both servers: " + String.join(" ", Jvm.FUNCTION_OPTIONS) + " on Java "
                        + Jvm.version(launch.java()));
        trainer.train(Map.of(function, launch), client);
        List<Samples.Sample> request = List.of(Samples.main(function));
        FirstEventProbe probe = new FirstEventProbe();
        BaselineServer raw = new BaselineServer(RawServer.class, launch.java(), dir.resolve("raw-server.log"));
        try (FunctionProcess instance = new FunctionProcess(dir, function, launch, false)) {
            probe.launchToFirst200(instance.process(), instance.port(), request.get(0), Duration.ofSeconds(60));
            probe.launchToFirst200(raw.process(), raw.port(), request.get(0), Duration.ofSeconds(60));
            Bench.progress("warming up both servers (" + serverWarmup.toSeconds() + " s each at concurrency 16)");
            client.run(instance.port(), request, 16, Duration.ZERO, serverWarmup);
            client.run(raw.port(), request, 16, Duration.ZERO, serverWarmup);
            for (int run = 1; run <= options.runs(); run++) {
                for (int concurrency : CONCURRENCY) {
                    measure(FUNCTION, instance.process(), instance.port(), request, concurrency, run, warmup, measure);
                    measure(RAW, raw.process(), raw.port(), request, concurrency, run, warmup, measure);
                }
            }
        } finally {
            raw.process().stop();
        }
        report(function, packaging);
    }

    private void measure(String target, ManagedProcess server, int port, List<Samples.Sample> request, int concurrency,
            int run, Duration warmup, Duration measure) {
        double serverCpu = CpuTime.ofProcess(server.pid());
        double clientCpu = CpuTime.ofBench();
        long started = System.nanoTime();
        LoadClient.Result result = client.run(port, request, concurrency, warmup, measure);
        double wall = (System.nanoTime() - started) / 1e9;
        Run r = new Run(target, concurrency, run, result, 100 * (CpuTime.ofProcess(server.pid()) - serverCpu) / wall,
                100 * (CpuTime.ofBench() - clientCpu) / wall);
        runs.add(r);
        Bench.progress(String.format(Locale.ROOT,
                "%-10s concurrency %2d run %d: %8.0f events/s, p50 %6.2f ms, p99 %6.2f ms, errors %d, CPU server %3.0f%%"
                        + " client %3.0f%%",
                target, concurrency, run, result.perSecond(), result.p50Millis(), result.p99Millis(), result.errors(),
                r.serverCpuPercent(), r.clientCpuPercent()));
    }

    private void report(String function, Packaging packaging) {
        Table all = new Table("target", "concurrency", "run", "events_per_s", "p50_ms", "p99_ms", "errors",
                "server_cpu_pct", "client_cpu_pct");
        runs.forEach(r -> all.row(r.target(), r.concurrency(), r.run(), Table.number(r.result().perSecond(), 1),
                Table.number(r.result().p50Millis(), 3), Table.number(r.result().p99Millis(), 3), r.result().errors(),
                Table.number(r.serverCpuPercent(), 0), Table.number(r.clientCpuPercent(), 0)));
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
        Bench.wrote(options, RUNS_CSV, SUMMARY_CSV);
    }

    private List<Run> of(String target, int concurrency) {
        return runs.stream().filter(r -> r.target().equals(target) && r.concurrency() == concurrency).toList();
    }
}
