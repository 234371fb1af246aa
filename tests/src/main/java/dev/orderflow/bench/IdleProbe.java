package dev.orderflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.orderflow.harness.OrderFlow;

/**
 * The flow at rest: the CPU each of its processes uses over a window with no orders, once it has been quiet for longer
 * than the broker waits before its Trigger consumers rest; then, in rounds, a lone order after a quiet spell against
 * one posted right after it, on a flow that is awake: what resting costs the first event.
 */
final class IdleProbe {

    /** Longer than the broker's default rest-after (2 s), so that every Trigger consumer rests. */
    static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration LONE_ORDER_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The JIT compilers go on compiling for minutes after a load, in bursts (after {@code scripts/run.sh up} and three
     * orders, the broker's used 2.8%, 0.6%, 0.4%, 0.6%, 0.4% and 0.2% of a core in six minutes): the flow counts as at
     * rest once all its compiler threads together used under half a percent of one core over one {@link #CHECK}.
     */
    private static final double COMPILERS_DONE_SHARE = 0.005;
    private static final Duration CHECK = Duration.ofSeconds(30);

    /** A lone order's latency, from the 202 to its terminal event, after a quiet spell and right after that. */
    record Round(double afterQuietMs, double awakeMs) {
    }

    /**
     * @param quiet how long the flow was left alone before the window
     * @param compilerCpu the share of one core the flow's JIT compilers used in the window, part of {@code cpu}
     */
    record Result(Duration quiet, Duration window, Map<String, Double> cpu, double compilerCpu, List<Round> rounds) {

        /** The flow's processes together, the bench's own JVM left out. */
        double flowCpu() {
            return cpu.entrySet().stream().filter(e -> !e.getKey().equals(CpuTime.BENCH)).mapToDouble(Map.Entry::getValue)
                    .sum();
        }
    }

    private IdleProbe() {
    }

    /**
     * @param quiet how long the flow is left alone at least, before the window
     * @param maxQuiet how long at most, if its JIT compilers keep compiling
     * @param newRun a fresh run of orders by name, followed by the tail
     */
    static Result run(OrderFlow flow, OrderPump pump, Duration quiet, Duration maxQuiet, Duration window, int rounds,
            Function<String, OrderRun> newRun) {
        Bench.progress("quiet for " + quiet.toSeconds() + " s, then until the JIT compilers have been quiet for "
                + CHECK.toSeconds() + " s (at most " + maxQuiet.toSeconds() + " s in all); then the flow's CPU over "
                + window.toSeconds() + " s");
        Duration waited = settle(flow, quiet, maxQuiet);
        Map<String, Double> before = CpuTime.ofFlow(flow);
        double compilersBefore = CpuTime.ofFlowCompilers(flow);
        long start = System.nanoTime();
        Bench.pause(window);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpu = CpuTime.share(before, CpuTime.ofFlow(flow), seconds);
        double compilerCpu = 100 * (CpuTime.ofFlowCompilers(flow) - compilersBefore) / seconds;
        List<Round> measured = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            Bench.pause(SETTLE);
            double afterQuiet = lone(pump, newRun.apply("lone order after quiet " + i));
            double awake = lone(pump, newRun.apply("lone order, awake " + i));
            measured.add(new Round(afterQuiet, awake));
            Bench.progress(String.format(Locale.ROOT, "round %d: a lone order after %d s quiet took %.0f ms,"
                    + " the next one %.0f ms", i, SETTLE.toSeconds(), afterQuiet, awake));
        }
        return new Result(waited, window, cpu, compilerCpu, measured);
    }

    /** Waits {@code quiet}, then until the flow's JIT compilers are quiet or {@code maxQuiet} has passed in all. */
    private static Duration settle(OrderFlow flow, Duration quiet, Duration maxQuiet) {
        long start = System.nanoTime();
        Bench.pause(quiet);
        double compiling = CpuTime.ofFlowCompilers(flow);
        boolean done = false;
        while (!done && System.nanoTime() - start + CHECK.toNanos() <= maxQuiet.toNanos()) {
            Bench.pause(CHECK);
            double now = CpuTime.ofFlowCompilers(flow);
            done = now - compiling < COMPILERS_DONE_SHARE * CHECK.toSeconds();
            compiling = now;
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        Bench.progress("quiet for " + waited.toSeconds() + " s: " + (done ? "the JIT compilers were quiet for the last "
                + CHECK.toSeconds() + " s" : "the JIT compilers were still compiling"));
        return waited;
    }

    /** Posts one order and waits for its terminal event: its latency in ms. */
    private static double lone(OrderPump pump, OrderRun run) {
        pump.once(run);
        return run.awaitLone(LONE_ORDER_TIMEOUT);
    }
}
