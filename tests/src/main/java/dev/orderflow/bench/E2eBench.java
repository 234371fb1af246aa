package dev.orderflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.local.Jvms;
import dev.orderflow.local.Launch;
import dev.orderflow.local.Zipkin;

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
 * baseline is this Kafka alone moving the same number of records. Then the fixed run once more on a fresh flow whose
 * broker and functions export their spans as {@code up --observe} makes them (to Zipkin, here a {@link SpanSink}),
 * after the same warm-up: what exporting costs.
 */
final class E2eBench {

    private static final double MAX_RATE = 5000;

    /** The sizes of the runs: the real ones, or a few seconds each for --smoke. */
    private record Plan(Duration minWarmup, Duration maxWarmup, double fixedRate, double sustainedRate,
            Duration runLength, double rampStart, double rampStep, Duration stepLength, int maxSteps, Duration tick,
            Duration quietDrain, Duration maxDrain, long minBaselineRecords, Duration idleQuiet, Duration maxIdleQuiet,
            Duration idleWindow, int loneRounds) {

        static Plan of(boolean smoke) {
            return smoke
                    ? new Plan(Duration.ofSeconds(1), Duration.ofSeconds(2), 20, 40, Duration.ofSeconds(3), 20, 20,
                            Duration.ofSeconds(2), 2, Duration.ofSeconds(1), Duration.ofSeconds(5),
                            Duration.ofSeconds(20), 600, Duration.ofSeconds(2), Duration.ofSeconds(2),
                            Duration.ofSeconds(3), 1)
                    : new Plan(Duration.ofSeconds(60), Duration.ofSeconds(300), 250, 500, Duration.ofSeconds(60), 100,
                            100, Duration.ofSeconds(15), 100, Duration.ofSeconds(5), Duration.ofSeconds(15),
                            Duration.ofSeconds(180), 60_000, Duration.ofSeconds(30), Duration.ofSeconds(300),
                            Duration.ofSeconds(60), 3);
        }
    }

    /** Warm means: over the last 10 s, at least 95% of the offered orders completed per second, p99 under 500 ms. */
    private static final long STABLE_WINDOW_MS = 10_000;
    private static final double STABLE_P99_MS = 500;

    private final Options options;
    private final Path dir;
    private final LoadClient client;
    private final Trainer trainer;
    private final Plan plan;
    private final E2eReport report;
    private int runs;

    E2eBench(Options options, Path dir, LoadClient client, Trainer trainer) {
        this.options = options;
        this.dir = dir;
        this.client = client;
        this.trainer = trainer;
        this.plan = Plan.of(options.smoke());
        this.report = new E2eReport(options, plan.stepLength());
    }

    void run() {
        Packaging packaging = Packaging.defaultPackaging();
        Bench.section("end to end: orders through the local broker, Kafka and the five functions", options,
                "functions: " + packaging.description() + (options.smoke() ? " (smoke: started without archives)" : "")
                        + ", " + String.join(" ", Jvm.FUNCTION_OPTIONS)
                        + "; the broker with Kafka embedded, as scripts/run.sh up starts it (Java "
                        + Jvm.version(Jvms.BROKER_JAVA) + ", " + String.join(" ", Jvms.BROKER_OPTIONS)
                        + "); order mix: 17/20 completed, 1/20 each rejected, declined, out of stock (refunded);"
                        + " latency: the 202 from the ingress to the terminal event's Kafka timestamp");
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
        List<E2eReport.Run> fixedRuns;
        E2eReport.Run sustainedRun;
        try (OrderFlow flow = OrderFlow.startEmbedded(dir, launches, Map.of());
                TerminalTail tail = new TerminalTail(flow.bootstrapServers());
                OrderPump pump = new OrderPump(flow.ingress())) {
            report.warmedUp(warmUp(tail, pump));
            report.idle(IdleProbe.run(flow, pump, plan.idleQuiet(), plan.maxIdleQuiet(), plan.idleWindow(),
                    plan.loneRounds(), name -> {
                        OrderRun run = newRun(name);
                        tail.follow(run);
                        return run;
                    }));
            E2eReport.Run fixed = fixed(flow, tail, pump, "fixed " + rate(plan.fixedRate()), plan.fixedRate(),
                    plan.runLength());
            E2eReport.Run sustained = fixed(flow, tail, pump, "sustained " + rate(plan.sustainedRate()),
                    plan.sustainedRate(), plan.runLength());
            long records = Math.max(plan.minBaselineRecords(), sustained.run().accepted.get() * KafkaBaseline.EVENTS_PER_ORDER);
            KafkaBaseline baseline = new KafkaBaseline(flow.bootstrapServers());
            for (int i = 1; i <= options.runs(); i++) {
                try {
                    KafkaBaseline.Result result = baseline.run(records, tail.partitions());
                    report.baseline(result, tail.partitions());
                    Bench.progress(String.format(Locale.ROOT,
                            "Kafka baseline run %d: %d records of %d B, %d partitions, in %.2f s: %.0f records/s = %.0f"
                                    + " orders/s", i, records, KafkaBaseline.RECORD_BYTES, tail.partitions(),
                            result.seconds(), result.recordsPerSecond(), result.ordersPerSecond()));
                } catch (IllegalStateException e) {
                    // One failed baseline run is a figure less, not a reason to lose the end-to-end figures.
                    String failure = "Kafka baseline run " + i + " failed: " + e.getMessage();
                    report.baselineFailed(failure);
                    Bench.progress(failure);
                }
            }
            findMaximum(flow, tail, pump);
            // The flow keeps getting faster for minutes (JIT in seven JVMs): the same fixed run once more, later.
            E2eReport.Run again = fixed(flow, tail, pump, "fixed " + rate(plan.fixedRate()) + ", again after the ramp",
                    plan.fixedRate(), plan.runLength());
            report.memory(flow);
            fixedRuns = List.of(fixed, again);
            sustainedRun = sustained;
        }
        report.print(fixedRuns, sustainedRun, exported(launches));
    }

    /** Until no span has come for longer than the exporters' batch delay (5 s), or 30 s. */
    private static void awaitQuiet(SpanSink sink) {
        long deadline = System.currentTimeMillis() + 30_000;
        long last = sink.spans();
        long lastMove = System.currentTimeMillis();
        while (System.currentTimeMillis() - lastMove < 6_000 && System.currentTimeMillis() < deadline) {
            pause(500);
            if (sink.spans() != last) {
                last = sink.spans();
                lastMove = System.currentTimeMillis();
            }
        }
    }

    /** The fixed run on a fresh flow whose broker and functions send their spans to a sink, after the same warm-up. */
    private E2eReport.Run exported(Map<String, Launch> launches) {
        Bench.progress("starting Kafka, the local broker and the five functions again, exporting their spans");
        try (SpanSink sink = SpanSink.start()) {
            Map<String, Launch> exporting = new LinkedHashMap<>();
            List<String> export = Zipkin.exportOptions(sink.zipkinEndpoint());
            launches.forEach((f, launch) -> exporting.put(f, launch.withOptions(export)));
            try (OrderFlow flow = OrderFlow.startEmbedded(dir.resolve("exporting"), exporting,
                    Map.of(Zipkin.SPANS_SETTING, sink.zipkinEndpoint()));
                    TerminalTail tail = new TerminalTail(flow.bootstrapServers());
                    OrderPump pump = new OrderPump(flow.ingress())) {
                String warmedUp = warmUp(tail, pump);
                long before = sink.spans();
                E2eReport.Run run = fixed(flow, tail, pump, "fixed " + rate(plan.fixedRate()) + ", spans to Zipkin",
                        plan.fixedRate(), plan.runLength());
                awaitQuiet(sink);
                report.exported(warmedUp, sink.spans() - before);
                return run;
            }
        }
    }

    private E2eReport.Run fixed(OrderFlow flow, TerminalTail tail, OrderPump pump, String name, double rate,
            Duration length) {
        OrderRun run = newRun(name);
        tail.follow(run);
        Map<String, Double> cpuBefore = CpuTime.ofFlow(flow);
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
        double wall = (System.nanoTime() - wallStart) / 1e9;
        E2eReport.Run result = new E2eReport.Run(name, rate, (stoppedMs - startMs) / 1000.0, run,
                run.window(startMs, stoppedMs), run.all(), run.lost(), Stats.of(perTick),
                CpuTime.share(cpuBefore, CpuTime.ofFlow(flow), wall), wall);
        report.add(result);
        Bench.progress(String.format(Locale.ROOT,
                "%s: %d accepted, %d reached a terminal event (%d completed, %d cancelled), %d lost, %d duplicates;"
                        + " p50 %.0f p95 %.0f p99 %.0f ms",
                name, run.accepted.get(), run.distinctTerminal(), run.completed.get(), run.cancelled.get(), result.lost(),
                run.duplicates.get(), result.all().p50(), result.all().p95(), result.all().p99()));
        return result;
    }

    /**
     * JIT compilation in seven JVMs on two cores takes minutes of load: measured cold, the first minute of a run
     * shows seconds of latency that no later minute does. Orders go in at the fixed run's rate until the flow has
     * kept up for a while (or for at most the plan's maximum), then the backlog drains.
     */
    private String warmUp(TerminalTail tail, OrderPump pump) {
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
        String done = String.format(Locale.ROOT, "warm-up: %.0f s at %.0f orders/s (%d orders), %s", warmMs / 1000.0,
                rate, run.accepted.get(), stable ? "stable at the end" : "NOT stable within "
                        + plan.maxWarmup().toSeconds() + " s: the runs after it start on a flow still warming up");
        Bench.progress(done);
        return done;
    }

    private void findMaximum(OrderFlow flow, TerminalTail tail, OrderPump pump) {
        OrderRun run = newRun("find the maximum");
        tail.follow(run);
        Map<String, Double> cpuBefore = CpuTime.ofFlow(flow);
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
            report.add(new E2eReport.Step(rate, postedRate, window, kept));
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
        double wall = (System.nanoTime() - wallStart) / 1e9;
        report.add(new E2eReport.Run("find the maximum (ramp)", Double.NaN, (stoppedMs - startMs) / 1000.0, run,
                run.window(startMs, stoppedMs), run.all(), run.lost(), Stats.of(),
                CpuTime.share(cpuBefore, CpuTime.ofFlow(flow), wall), wall));
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
        Bench.pause(Duration.ofMillis(Math.max(0, millis)));
    }

    private static String rate(double rate) {
        return Table.number(rate, 0) + "/s";
    }
}
