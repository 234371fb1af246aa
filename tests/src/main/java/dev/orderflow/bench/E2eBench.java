package dev.orderflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.ManagedProcess;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.local.Launch;

/**
 * Orders through the whole flow on real Kafka: posted to the broker's ingress at a fixed rate, timed from the 202 to
 * the terminal event stored in Kafka.
 *
 * <pre>
 * OrderPump ─POST 202─▶ local broker ─▶ Kafka ─▶ broker ─▶ 5 functions ─▶ broker ─▶ Kafka ─▶ TerminalTail
 *     (accepted at)                                                                (terminal record's timestamp)
 * </pre>
 *
 * Runs: a fixed 250/s, a sustained 500/s, then a ramp that adds load every step until the flow falls behind; the
 * baseline is this Kafka alone moving the same number of records.
 */
final class E2eBench {

    static final String RUNS_CSV = "e2e.csv";
    static final String STEPS_CSV = "e2e-steps.csv";
    static final String CPU_CSV = "e2e-cpu.csv";
    static final String BASELINE_CSV = "e2e-baseline.csv";
    static final String RSS_CSV = "e2e-rss.csv";
    static final String CHART = "e2e-latency.png";
    private static final double MAX_RATE = 5000;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** The sizes of the runs: the real ones, or a few seconds each for --smoke. */
    private record Plan(Duration minWarmup, Duration maxWarmup, double fixedRate, double sustainedRate,
            Duration runLength, double rampStart, double rampStep, Duration stepLength, int maxSteps, Duration tick,
            Duration quietDrain, Duration maxDrain, long minBaselineRecords) {

        static Plan of(boolean smoke) {
            return smoke
                    ? new Plan(Duration.ofSeconds(1), Duration.ofSeconds(2), 20, 40, Duration.ofSeconds(3), 20, 20,
                            Duration.ofSeconds(2), 2, Duration.ofSeconds(1), Duration.ofSeconds(5),
                            Duration.ofSeconds(20), 600)
                    : new Plan(Duration.ofSeconds(60), Duration.ofSeconds(300), 250, 500, Duration.ofSeconds(60), 100,
                            100, Duration.ofSeconds(15), 100, Duration.ofSeconds(5), Duration.ofSeconds(15),
                            Duration.ofSeconds(180), 60_000);
        }
    }

    /** Warm means: over the last 10 s, at least 95% of the offered orders completed per second, p99 under 500 ms. */
    private static final long STABLE_WINDOW_MS = 10_000;
    private static final double STABLE_P99_MS = 500;

    /** A finished run: its orders, the completions while it posted, all of them, and each process's CPU share. */
    private record Report(String name, double offered, double seconds, OrderRun run, OrderRun.Window steady,
            OrderRun.Window all, long lost, Stats perTick, Map<String, Double> cpu) {
    }

    /** One step of the ramp. */
    private record Step(double offered, double posted, OrderRun.Window window, boolean kept) {
    }

    private final Options options;
    private final Path dir;
    private final LoadClient client;
    private final Trainer trainer;
    private final Plan plan;
    private final List<Report> reports = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<KafkaBaseline.Result> baselines = new ArrayList<>();
    private final List<String> baselineFailures = new ArrayList<>();
    private int runs;
    private String warmup = "no warm-up";
    private Map<String, Double> idleCpu = Map.of();
    private int partitions;

    E2eBench(Options options, Path dir, LoadClient client, Trainer trainer) {
        this.options = options;
        this.dir = dir;
        this.client = client;
        this.trainer = trainer;
        this.plan = Plan.of(options.smoke());
    }

    void run() {
        Packaging packaging = Packaging.defaultPackaging();
        Bench.section("end to end: orders through the local broker, Kafka and the five functions", options,
                "functions: " + packaging.description() + (options.smoke() ? " (smoke: started without archives)" : "")
                        + ", " + String.join(" ", Jvm.FUNCTION_OPTIONS)
                        + "; broker and Kafka as the e2e suite starts them; order mix: 17/20 completed, 1/20 each"
                        + " rejected, declined, out of stock (refunded); latency: the 202 from the ingress to the"
                        + " terminal event's Kafka timestamp");
        Map<String, Launch> launches = new LinkedHashMap<>();
        for (String function : FunctionProcess.ALL) {
            Launch launch = packaging.launch(function);
            // Recording five archives takes a minute; a smoke run checks the plumbing, and the cold-start smoke
            // already records one.
            launches.put(function, options.smoke()
                    ? launch.withoutArchive("smoke: no archive")
                    : launch);
        }
        trainer.train(launches, client);
        Bench.progress("starting Kafka, the local broker and the five functions");
        try (OrderFlow flow = OrderFlow.start(dir, launches);
                TerminalTail tail = new TerminalTail(flow.kafka().bootstrapServers());
                OrderPump pump = new OrderPump(flow.ingress())) {
            warmUp(tail, pump);
            idle(flow);
            Report fixed = fixed(flow, tail, pump, "fixed " + rate(plan.fixedRate()), plan.fixedRate(),
                    plan.runLength());
            Report sustained = fixed(flow, tail, pump, "sustained " + rate(plan.sustainedRate()), plan.sustainedRate(),
                    plan.runLength());
            long records = Math.max(plan.minBaselineRecords(), sustained.run().accepted.get() * KafkaBaseline.EVENTS_PER_ORDER);
            KafkaBaseline baseline = new KafkaBaseline(flow.kafka().bootstrapServers());
            partitions = tail.partitions();
            for (int i = 1; i <= options.runs(); i++) {
                try {
                    KafkaBaseline.Result result = baseline.run(records, tail.partitions());
                    baselines.add(result);
                    Bench.progress(String.format(Locale.ROOT,
                            "Kafka baseline run %d: %d records of %d B, %d partitions, in %.2f s: %.0f records/s = %.0f"
                                    + " orders/s", i, records, KafkaBaseline.RECORD_BYTES, tail.partitions(),
                            result.seconds(), result.recordsPerSecond(), result.ordersPerSecond()));
                } catch (IllegalStateException e) {
                    // One failed baseline run is a figure less, not a reason to lose the end-to-end figures.
                    baselineFailures.add("Kafka baseline run " + i + " failed: " + e.getMessage());
                    Bench.progress(baselineFailures.get(baselineFailures.size() - 1));
                }
            }
            findMaximum(flow, tail, pump);
            // The flow keeps getting faster for minutes (JIT in seven JVMs): the same fixed run once more, later.
            Report again = fixed(flow, tail, pump, "fixed " + rate(plan.fixedRate()) + ", again after the ramp",
                    plan.fixedRate(), plan.runLength());
            report(List.of(fixed, again), sustained, flow);
        }
    }

    private Report fixed(OrderFlow flow, TerminalTail tail, OrderPump pump, String name, double rate, Duration length) {
        OrderRun run = newRun(name);
        tail.follow(run);
        Map<String, Double> cpuBefore = cpu(flow);
        long wallStart = System.nanoTime();
        long startMs = System.currentTimeMillis();
        pump.start(run, rate);
        List<Double> perTick = new ArrayList<>();
        long endMs = startMs + length.toMillis();
        long tickStart = startMs;
        while (System.currentTimeMillis() < endMs) {
            pause(Math.min(plan.tick().toMillis(), endMs - System.currentTimeMillis()));
            long now = System.currentTimeMillis();
            OrderRun.Window window = run.window(tickStart, now);
            if (now - tickStart >= plan.tick().toMillis() / 2) {
                perTick.add(window.perSecond());
            }
            progress(run, now - startMs, window);
            tickStart = now;
        }
        pump.stop();
        long stoppedMs = System.currentTimeMillis();
        drain(run, startMs);
        Map<String, Double> cpuShare = share(cpuBefore, cpu(flow), (System.nanoTime() - wallStart) / 1e9);
        Report report = new Report(name, rate, (stoppedMs - startMs) / 1000.0, run, run.window(startMs, stoppedMs),
                run.all(), run.lost(), Stats.of(perTick), cpuShare);
        reports.add(report);
        Bench.progress(String.format(Locale.ROOT,
                "%s: %d accepted, %d reached a terminal event (%d completed, %d cancelled), %d lost, %d duplicates;"
                        + " p50 %.0f p95 %.0f p99 %.0f ms",
                name, run.accepted.get(), run.distinctTerminal(), run.completed.get(), run.cancelled.get(), report.lost(),
                run.duplicates.get(), report.all().p50(), report.all().p95(), report.all().p99()));
        return report;
    }

    /**
     * JIT compilation in seven JVMs on two cores takes minutes of load: measured cold, the first minute of a run
     * shows seconds of latency that no later minute does. Orders go in at the fixed run's rate until the flow has
     * kept up for a while (or for at most the plan's maximum), then the backlog drains.
     */
    private void warmUp(TerminalTail tail, OrderPump pump) {
        OrderRun run = newRun("warm-up (not reported)");
        tail.follow(run);
        double rate = plan.fixedRate();
        long startMs = System.currentTimeMillis();
        pump.start(run, rate);
        Bench.progress(String.format(Locale.ROOT, "warming up at %.0f orders/s for %d to %d s: until, over %d s, at least"
                + " 95%% complete per second with p99 under %.0f ms", rate, plan.minWarmup().toSeconds(),
                plan.maxWarmup().toSeconds(), STABLE_WINDOW_MS / 1000, STABLE_P99_MS));
        boolean stable = false;
        long tickStart = startMs;
        while (System.currentTimeMillis() - startMs < plan.maxWarmup().toMillis()) {
            pause(plan.tick().toMillis());
            long now = System.currentTimeMillis();
            progress(run, now - startMs, run.window(tickStart, now));
            tickStart = now;
            OrderRun.Window recent = run.window(now - STABLE_WINDOW_MS, now);
            stable = now - startMs >= plan.minWarmup().toMillis() && recent.perSecond() >= 0.95 * rate
                    && recent.p99() < STABLE_P99_MS;
            if (stable) {
                break;
            }
        }
        pump.stop();
        long warmMs = System.currentTimeMillis() - startMs;
        drain(run, startMs);
        warmup = String.format(Locale.ROOT, "warm-up: %.0f s at %.0f orders/s (%d orders), %s", warmMs / 1000.0, rate,
                run.accepted.get(), stable ? "stable at the end" : "NOT stable within " + plan.maxWarmup().toSeconds()
                        + " s: the runs below start on a flow still warming up");
        Bench.progress(warmup);
    }

    private void findMaximum(OrderFlow flow, TerminalTail tail, OrderPump pump) {
        OrderRun run = newRun("find the maximum");
        tail.follow(run);
        Map<String, Double> cpuBefore = cpu(flow);
        long wallStart = System.nanoTime();
        double rate = plan.rampStart();
        long startMs = System.currentTimeMillis();
        pump.start(run, rate);
        Bench.progress(String.format(Locale.ROOT, "find the maximum: from %.0f orders/s, +%.0f every %d s, until fewer"
                + " than 95%% of the offered orders complete per second or p99 exceeds 1 s", rate, plan.rampStep(),
                plan.stepLength().toSeconds()));
        for (int step = 1; step <= plan.maxSteps(); step++) {
            long stepStart = System.currentTimeMillis();
            long posted = run.posted.get() + run.skipped.get();
            long stepEnd = stepStart + plan.stepLength().toMillis();
            long tickStart = stepStart;
            while (System.currentTimeMillis() < stepEnd) {
                pause(Math.min(plan.tick().toMillis(), stepEnd - System.currentTimeMillis()));
                long now = System.currentTimeMillis();
                progress(run, now - startMs, run.window(tickStart, now));
                tickStart = now;
            }
            long now = System.currentTimeMillis();
            OrderRun.Window window = run.window(stepStart, now);
            double postedRate = (run.posted.get() + run.skipped.get() - posted) / ((now - stepStart) / 1000.0);
            boolean kept = window.perSecond() >= 0.95 * rate && window.p99() <= 1000;
            steps.add(new Step(rate, postedRate, window, kept));
            Bench.progress(String.format(Locale.ROOT,
                    "step %d: offered %.0f/s, completed %.0f/s, p50 %.0f p95 %.0f p99 %.0f ms: %s", step, rate,
                    window.perSecond(), window.p50(), window.p95(), window.p99(),
                    kept ? "keeps up" : "falls behind, stopping the ramp"));
            if (!kept || rate + plan.rampStep() > MAX_RATE) {
                break;
            }
            rate += plan.rampStep();
            pump.rate(rate);
        }
        pump.stop();
        long stoppedMs = System.currentTimeMillis();
        drain(run, startMs);
        Map<String, Double> cpuShare = share(cpuBefore, cpu(flow), (System.nanoTime() - wallStart) / 1e9);
        reports.add(new Report("find the maximum (ramp)", Double.NaN, (stoppedMs - startMs) / 1000.0, run,
                run.window(startMs, stoppedMs), run.all(), run.lost(), Stats.of(), cpuShare));
    }

    /** Waits until every accepted order reached its terminal event, or nothing moved for a while. */
    private void drain(OrderRun run, long startMs) {
        long deadline = System.currentTimeMillis() + plan.maxDrain().toMillis();
        long lastMove = System.currentTimeMillis();
        long last = run.distinctTerminal();
        long lastPrint = System.currentTimeMillis();
        Bench.progress(run.name() + ": posting stopped, draining (until every accepted order has its terminal event, or "
                + plan.quietDrain().toSeconds() + " s without one)");
        while (System.currentTimeMillis() < deadline) {
            boolean answered = run.posted.get() == run.accepted.get() + run.refused.get();
            if (answered && run.inFlight() <= 0) {
                return;
            }
            pause(Math.min(1000, plan.tick().toMillis()));
            long now = System.currentTimeMillis();
            long done = run.distinctTerminal();
            if (done != last) {
                last = done;
                lastMove = now;
            } else if (now - lastMove > plan.quietDrain().toMillis()) {
                return;
            }
            if (now - lastPrint >= plan.tick().toMillis()) {
                progress(run, now - startMs, run.window(lastPrint, now));
                lastPrint = now;
            }
        }
    }

    private OrderRun newRun(String name) {
        runs++;
        String tag = "order-b" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "r" + runs + "-";
        return new OrderRun(name, tag);
    }

    private static void progress(OrderRun run, long elapsedMs, OrderRun.Window window) {
        Bench.progress(String.format(Locale.ROOT,
                "%-24s %4d s: posted %6d, accepted %6d, at terminal %6d, in flight %5d | last %.0f s: %5.0f orders/s done,"
                        + " p50 %5.0f p99 %5.0f ms",
                run.name(), elapsedMs / 1000, run.posted.get(), run.accepted.get(), run.distinctTerminal(),
                run.inFlight(), window.seconds(), window.perSecond(), window.p50(), window.p99()));
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Map<String, Double> cpu(OrderFlow flow) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, ManagedProcess> e : flow.processes().entrySet()) {
            seconds.put(e.getKey(), CpuTime.ofProcess(e.getValue().pid()));
        }
        seconds.put("bench", CpuTime.ofBench());
        return seconds;
    }

    private static Map<String, Double> share(Map<String, Double> before, Map<String, Double> after, double wall) {
        Map<String, Double> percent = new LinkedHashMap<>();
        before.forEach((name, cpu) -> percent.put(name, 100 * (after.get(name) - cpu) / wall));
        return percent;
    }

    private static String rate(double rate) {
        return Table.number(rate, 0) + "/s";
    }

    /** The CPU the flow burns with no orders at all: polling consumers, timers, health checks. */
    private void idle(OrderFlow flow) {
        Duration length = plan.tick().multipliedBy(2);
        Map<String, Double> before = cpu(flow);
        long wallStart = System.nanoTime();
        pause(length.toMillis());
        idleCpu = share(before, cpu(flow), (System.nanoTime() - wallStart) / 1e9);
        Bench.progress("idle for " + length.toSeconds() + " s: the flow's processes used "
                + Table.number(idleCpu.values().stream().mapToDouble(Double::doubleValue).sum(), 0) + "% CPU");
    }

    private void report(List<Report> fixedRuns, Report sustained, OrderFlow flow) {
        Table runsTable = new Table("run", "offered_per_s", "seconds", "posted", "accepted", "refused", "skipped",
                "completed", "cancelled", "lost", "duplicates", "dead_lettered", "events_stored",
                "completed_per_s", "completed_per_s_5s_min", "completed_per_s_5s_max", "p50_ms", "p95_ms", "p99_ms",
                "max_ms");
        Table printed = new Table("run", "offered/s", "sent", "at terminal", "lost", "dup", "DLQ", "done/s (5 s: min–max)",
                "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (Report r : reports) {
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
        stepsTable.print("Find the maximum: " + plan.stepLength().toSeconds() + " s steps (keeps up = at least 95% of"
                + " the offered orders completed per second and p99 <= 1000 ms)");
        double maximum = steps.stream().filter(Step::kept).mapToDouble(s -> s.window().perSecond()).max().orElse(0);

        Table cpuTable = new Table(cpuColumns());
        Map<String, Map<String, Double>> cpuRows = new LinkedHashMap<>();
        if (!idleCpu.isEmpty()) {
            cpuRows.put("idle, no orders", idleCpu);
        }
        reports.forEach(r -> cpuRows.put(r.name(), r.cpu()));
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
        Table rssTable = new Table("process", "rss_mib", "rss_anon_mib", "rss_file_mib");
        flow.processes().forEach((name, process) -> {
            Rss rss = Rss.of(process.pid());
            rssTable.row(name, Table.number(rss.totalKib() / 1024.0, 0), Table.number(rss.anonKib() / 1024.0, 0),
                    Table.number(rss.fileKib() / 1024.0, 0));
        });
        rssTable.writeCsv(options.out().resolve(RSS_CSV));
        rssTable.print("Resident memory of each process after all the runs above (MiB)");
        cpuTable.print("Where the CPU went during each run (% of one core; the machine has "
                + CORES + " cores = " + 100 * CORES + "%)");

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
        for (Report fixed : fixedRuns) {
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
        List<LatencyChart.Point> fixedPoints = reports.stream().filter(r -> !Double.isNaN(r.offered()))
                .map(r -> new LatencyChart.Point(r.steady().perSecond(), r.all().p50(), r.all().p95(), r.all().p99(),
                        r.name()))
                .toList();
        List<String> files = new ArrayList<>(List.of(RUNS_CSV, STEPS_CSV, CPU_CSV, RSS_CSV, BASELINE_CSV));
        if (LatencyChart.write(options.out().resolve(CHART), "Order latency against throughput (local broker, Kafka, "
                + "5 functions, " + CORES + " cores)", stepPoints, fixedPoints)) {
            files.add(CHART);
        }
        Bench.wrote(options, files.toArray(String[]::new));
    }

    private String[] cpuColumns() {
        List<String> columns = new ArrayList<>(List.of("run", "kafka", "broker"));
        columns.addAll(FunctionProcess.ALL);
        columns.addAll(List.of("bench", "total"));
        return columns.toArray(String[]::new);
    }
}
