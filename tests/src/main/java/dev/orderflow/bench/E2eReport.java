package dev.orderflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.OrderFlow;

/** What {@link E2eBench} measured, kept as it goes, then printed as tables and written as CSV files and a chart. */
final class E2eReport {

    static final String RUNS_CSV = "e2e.csv";
    static final String STEPS_CSV = "e2e-steps.csv";
    static final String CPU_CSV = "e2e-cpu.csv";
    static final String BASELINE_CSV = "e2e-baseline.csv";
    static final String RSS_CSV = "e2e-rss.csv";
    static final String EXPORT_CSV = "e2e-export.csv";
    static final String IDLE_CSV = "e2e-idle.csv";
    static final String CHART = "e2e-latency.png";
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /**
     * A finished run: its orders, the completions while it posted, all of them, and each process's CPU share over
     * {@code wallSeconds} (posting and draining).
     */
    record Run(String name, double offered, double seconds, OrderRun run, OrderRun.Window steady,
            OrderRun.Window all, long lost, Stats perTick, Map<String, Double> cpu, double wallSeconds) {
    }

    /** One step of the ramp. */
    record Step(double offered, double posted, OrderRun.Window window, boolean kept) {
    }

    private final Options options;
    private final Duration stepLength;
    private final List<Run> runs = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<KafkaBaseline.Result> baselines = new ArrayList<>();
    private final List<String> baselineFailures = new ArrayList<>();
    private String warmup = "no warm-up";
    private String exportWarmup = "no warm-up";
    private long exportedSpans;
    private Table rss = new Table("process", "rss_mib", "rss_anon_mib", "rss_file_mib");
    private Map<String, Double> idleCpu = Map.of();
    private double brokerRssMib = Double.NaN;
    private IdleProbe.Result idle;
    private int partitions;

    E2eReport(Options options, Duration stepLength) {
        this.options = options;
        this.stepLength = stepLength;
    }

    void add(Run run) {
        runs.add(run);
    }

    void add(Step step) {
        steps.add(step);
    }

    void warmedUp(String how) {
        warmup = how;
    }

    void idle(IdleProbe.Result result) {
        idle = result;
        idleCpu = result.cpu();
    }

    void baseline(KafkaBaseline.Result result, int partitions) {
        baselines.add(result);
        this.partitions = partitions;
    }

    void baselineFailed(String why) {
        baselineFailures.add(why);
    }

    /** The flow that exported its spans: how it warmed up, and how many spans its fixed run sent. */
    void exported(String warmedUp, long spans) {
        exportWarmup = warmedUp;
        exportedSpans = spans;
    }

    /**
     * Prints and writes everything: {@code fixedRuns} are the fixed-rate runs, {@code sustained} the run at the
     * sustained rate, {@code exported} the fixed run on the flow that exports its spans.
     */
    void print(List<Run> fixedRuns, Run sustained, Run exported) {
        Table runsTable = new Table("run", "offered_per_s", "seconds", "posted", "accepted", "refused", "skipped",
                "completed", "cancelled", "lost", "duplicates", "dead_lettered", "events_stored",
                "completed_per_s", "completed_per_s_5s_min", "completed_per_s_5s_max", "p50_ms", "p95_ms", "p99_ms",
                "max_ms");
        Table printed = new Table("run", "offered/s", "sent", "at terminal", "lost", "dup", "DLQ", "done/s (5 s: min–max)",
                "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (Run r : runs) {
            OrderRun run = r.run();
            runsTable.row(r.name(), Table.number(r.offered(), 0), Table.number(r.seconds(), 1), run.posted.get(),
                    run.accepted.get(), run.refused.get(), run.skipped.get(), run.completed.get(), run.cancelled.get(),
                    r.lost(), run.duplicates.get(), run.deadLettered.get(), run.events.get(),
                    Table.number(r.steady().perSecond(), 1), Table.number(r.perTick().min(), 1),
                    Table.number(r.perTick().max(), 1), Table.number(r.all().p50(), 0), Table.number(r.all().p95(), 0),
                    Table.number(r.all().p99(), 0), Table.number(r.all().max(), 0));
            String spread = r.perTick().n() == 0 ? "" : " (" + Table.number(r.perTick().min(), 0) + "–"
                    + Table.number(r.perTick().max(), 0) + ")";
            printed.row(r.name(), Table.number(r.offered(), 0), run.accepted.get(), run.distinctTerminal(), r.lost(),
                    run.duplicates.get(), run.deadLettered.get(), Table.number(r.steady().perSecond(), 0) + spread,
                    Table.number(r.all().p50(), 0), Table.number(r.all().p95(), 0), Table.number(r.all().p99(), 0),
                    Table.number(r.all().max(), 0));
            if (run.refused.get() > 0 || run.skipped.get() > 0) {
                BenchLog.LOG.info("  note: " + r.name() + ": " + run.refused.get() + " posts refused (first: "
                        + run.firstRefusal() + "), " + run.skipped.get() + " orders skipped (over "
                        + "4096 posts unanswered)");
            }
        }
        runsTable.writeCsv(options.out().resolve(RUNS_CSV));
        printed.print("End to end (sent = accepted with 202; lost = sent without a terminal event after draining;"
                + " done/s = terminal events per second while posting)");
        BenchLog.LOG.info("  " + warmup);

        Table stepsTable = new Table("offered_per_s", "posted_per_s", "completed_per_s", "p50_ms", "p95_ms", "p99_ms",
                "keeps_up");
        steps.forEach(s -> stepsTable.row(Table.number(s.offered(), 0), Table.number(s.posted(), 1),
                Table.number(s.window().perSecond(), 1), Table.number(s.window().p50(), 0),
                Table.number(s.window().p95(), 0), Table.number(s.window().p99(), 0), s.kept()));
        stepsTable.writeCsv(options.out().resolve(STEPS_CSV));
        stepsTable.print("Find the maximum: " + stepLength.toSeconds() + " s steps (keeps up = at least 95% of"
                + " the offered orders completed per second and p99 <= 1000 ms)");
        double maximum = steps.stream().filter(Step::kept).mapToDouble(s -> s.window().perSecond()).max().orElse(0);

        Table cpuTable = new Table(cpuColumns());
        Map<String, Map<String, Double>> cpuRows = new LinkedHashMap<>();
        if (!idleCpu.isEmpty()) {
            cpuRows.put("idle, no orders (" + idle.window().toSeconds() + " s, after " + idle.quiet().toSeconds()
                    + " s quiet)", idleCpu);
        }
        runs.forEach(r -> cpuRows.put(r.name(), r.cpu()));
        cpuRows.forEach((name, shares) -> {
            List<Object> cells = new ArrayList<>(List.of(name));
            double total = 0;
            for (double share : shares.values()) {
                cells.add(Table.number(share, 0));
                total += share;
            }
            cells.add(Table.number(total, 0));
            cpuTable.row(cells.toArray());
        });
        cpuTable.writeCsv(options.out().resolve(CPU_CSV));
        rss.writeCsv(options.out().resolve(RSS_CSV));
        rss.print("Resident memory of each process after the runs on the first flow, the last at "
                + Table.number(fixedRuns.get(fixedRuns.size() - 1).offered(), 0) + " orders/s (MiB)");
        BenchLog.LOG.info(String.format(Locale.ROOT, "  the broker with its embedded Kafka: %.0f MiB (target < 320 MiB: %s)",
                brokerRssMib, ColdStartBench.met(brokerRssMib < 320)));
        cpuTable.print("Where the CPU went during each run (% of one core; the machine has "
                + CORES + " cores = " + 100 * CORES + "%)");
        printIdle();

        Table baselineTable = new Table("run", "records", "record_bytes", "partitions", "seconds", "records_per_s",
                "orders_per_s_equivalent");
        for (int i = 0; i < baselines.size(); i++) {
            KafkaBaseline.Result b = baselines.get(i);
            baselineTable.row(i + 1, b.records(), KafkaBaseline.RECORD_BYTES, partitions, Table.number(b.seconds(), 3),
                    Table.number(b.recordsPerSecond(), 0), Table.number(b.ordersPerSecond(), 1));
        }
        baselineTable.writeCsv(options.out().resolve(BASELINE_CSV));
        Stats kafka = Stats.of(baselines.stream().map(KafkaBaseline.Result::ordersPerSecond).toList());
        Stats kafkaRecords = Stats.of(baselines.stream().map(KafkaBaseline.Result::recordsPerSecond).toList());
        BenchLog.LOG.info("");
        BenchLog.LOG.info("Kafka baseline (same Kafka, fresh topic, same partition count, produce and consume "
                + KafkaBaseline.EVENTS_PER_ORDER + " records of " + KafkaBaseline.RECORD_BYTES + " B per order): "
                + kafkaRecords.format(0) + " records/s = " + kafka.format(0) + " orders/s");
        baselineFailures.forEach(f -> BenchLog.LOG.info("  note: " + f));

        boolean zeroLoss = sustained.lost() == 0 && sustained.run().refused.get() == 0 && sustained.run().skipped.get() == 0;
        boolean keptUp = sustained.steady().perSecond() >= 0.95 * sustained.offered();
        for (Run fixed : fixedRuns) {
            BenchLog.LOG.info(String.format(Locale.ROOT, "  %s: p99 %.0f ms (target < 250 ms: %s)", fixed.name(),
                    fixed.all().p99(), ColdStartBench.met(fixed.all().p99() < 250)));
        }
        BenchLog.LOG.info(String.format(Locale.ROOT,
                "  %s for %.0f s: %.0f orders/s completed, %d lost, %d refused or skipped (target >= 500/s with zero"
                        + " loss: %s)",
                sustained.name(), sustained.seconds(), sustained.steady().perSecond(), sustained.lost(),
                sustained.run().refused.get() + sustained.run().skipped.get(),
                ColdStartBench.met(zeroLoss && keptUp && sustained.offered() >= 500)));
        BenchLog.LOG.info(String.format(Locale.ROOT,
                "  maximum that kept up: %.0f orders/s; ratio to the Kafka baseline: %.3f (sustained run: %.3f)",
                maximum, maximum / kafka.median(), sustained.steady().perSecond() / kafka.median()));

        List<LatencyChart.Point> stepPoints = steps.stream()
                .map(s -> new LatencyChart.Point(s.window().perSecond(), s.window().p50(), s.window().p95(),
                        s.window().p99(), null))
                .toList();
        List<LatencyChart.Point> fixedPoints = runs.stream().filter(r -> !Double.isNaN(r.offered()))
                .map(r -> new LatencyChart.Point(r.steady().perSecond(), r.all().p50(), r.all().p95(), r.all().p99(),
                        r.name()))
                .toList();
        reportExport(fixedRuns.get(0), exported);
        List<String> files = new ArrayList<>(List.of(RUNS_CSV, STEPS_CSV, CPU_CSV, RSS_CSV, BASELINE_CSV, EXPORT_CSV,
                IDLE_CSV));
        if (LatencyChart.write(options.out().resolve(CHART), "Order latency against throughput (local broker, Kafka, "
                + "5 functions, " + CORES + " cores)", stepPoints, fixedPoints)) {
            files.add(CHART);
        }
        Bench.wrote(options, files.toArray(String[]::new));
    }

    /** The flow at rest, and a lone order after a quiet spell against one on the awake flow. */
    private void printIdle() {
        Table rounds = new Table("round", "after_quiet_ms", "awake_ms", "difference_ms");
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < idle.rounds().size(); i++) {
            IdleProbe.Round r = idle.rounds().get(i);
            differences.add(r.afterQuietMs() - r.awakeMs());
            rounds.row(i + 1, Table.number(r.afterQuietMs(), 0), Table.number(r.awakeMs(), 0),
                    Table.number(r.afterQuietMs() - r.awakeMs(), 0));
        }
        rounds.writeCsv(options.out().resolve(IDLE_CSV));
        rounds.print("A lone order after " + IdleProbe.SETTLE.toSeconds() + " s quiet, and the next one right after it"
                + " (from the 202 to the terminal event)");
        double flow = idle.flowCpu();
        BenchLog.LOG.info(String.format(Locale.ROOT, "  idle: the flow's processes used %.1f%% of one core over %d s"
                + " after %d s quiet, their JIT compilers %.1f%% of it (target <= 3%%: %s); a lone order after quiet"
                + " took %s ms more than on the awake flow (median; target <= 50 ms: %s)", flow,
                idle.window().toSeconds(), idle.quiet().toSeconds(), idle.compilerCpu(), ColdStartBench.met(flow <= 3),
                Table.number(Stats.of(differences).median(), 0), ColdStartBench.met(Stats.of(differences).median() <= 50)));
    }

    /** Each process's resident memory now. */
    void memory(OrderFlow flow) {
        rss = new Table("process", "rss_mib", "rss_anon_mib", "rss_file_mib");
        flow.processes().forEach((name, process) -> {
            Rss of = Rss.of(process.pid());
            if (name.equals("broker")) {
                brokerRssMib = of.totalKib() / 1024.0;
            }
            rss.row(name, Table.number(of.totalKib() / 1024.0, 0), Table.number(of.anonKib() / 1024.0, 0),
                    Table.number(of.fileKib() / 1024.0, 0));
        });
    }

    /**
     * The first fixed run against the same run on the flow that exports its spans, both right after the same warm-up:
     * the flow's CPU per completed order (Kafka, the broker and the functions; not the bench) and the latency.
     */
    private void reportExport(Run off, Run on) {
        Table csv = new Table("run", "completed_per_s", "flow_cpu_ms_per_order", "broker_cpu_ms_per_order",
                "functions_cpu_ms_per_order", "p50_ms", "p99_ms", "spans_per_order");
        Table printed = new Table("run", "done/s", "CPU ms/order: flow", "broker", "functions", "p50 ms", "p99 ms",
                "spans/order");
        for (Run r : List.of(off, on)) {
            double spans = r == on ? exportedSpans / (double) Math.max(1, r.run().accepted.get()) : 0;
            double flow = cpuPerOrder(r, name -> !name.equals("bench"));
            double broker = cpuPerOrder(r, name -> name.equals("broker"));
            double functions = cpuPerOrder(r, FunctionProcess.ALL::contains);
            csv.row(r.name(), Table.number(r.steady().perSecond(), 1), Table.number(flow, 3), Table.number(broker, 3),
                    Table.number(functions, 3), Table.number(r.all().p50(), 0), Table.number(r.all().p99(), 0),
                    Table.number(spans, 1));
            printed.row(r.name(), Table.number(r.steady().perSecond(), 0), Table.number(flow, 2),
                    Table.number(broker, 2), Table.number(functions, 2), Table.number(r.all().p50(), 0),
                    Table.number(r.all().p99(), 0), Table.number(spans, 1));
        }
        csv.writeCsv(options.out().resolve(EXPORT_CSV));
        printed.print("Exporting spans end to end: the same fixed run on a flow without, and on one with, every span sent"
                + " to a Zipkin endpoint that counts and discards them (CPU of one core per completed order)");
        double change = 100 * (cpuPerOrder(on, name -> !name.equals("bench"))
                / cpuPerOrder(off, name -> !name.equals("bench")) - 1);
        BenchLog.LOG.info(String.format(Locale.ROOT, "  %s (%s): exporting changes the flow's CPU per order by %+.1f%%"
                + " (target <= +10%%: %s)", on.name(), exportWarmup, change, ColdStartBench.met(change <= 10)));
    }

    /** Milliseconds of CPU per order that reached its end, of the processes {@code counted} names. */
    private static double cpuPerOrder(Run r, Predicate<String> counted) {
        double percent = r.cpu().entrySet().stream().filter(e -> counted.test(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
        return 10 * percent * r.wallSeconds() / Math.max(1, r.run().distinctTerminal());
    }

    private String[] cpuColumns() {
        // Kafka runs inside the broker's process, as scripts/run.sh up runs it.
        List<String> columns = new ArrayList<>(List.of("run", "broker"));
        columns.addAll(FunctionProcess.ALL);
        columns.addAll(List.of("bench", "total"));
        return columns.toArray(String[]::new);
    }
}
