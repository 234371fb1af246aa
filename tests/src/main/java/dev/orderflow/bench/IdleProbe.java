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

    /** A lone order's latency, from the 202 to its terminal event, after a quiet spell and right after that. */
    record Round(double afterQuietMs, double awakeMs) {
    }

    record Result(Duration quiet, Duration window, Map<String, Double> cpu, List<Round> rounds) {

        /** The flow's processes together, the bench's own JVM left out. */
        double flowCpu() {
            return cpu.entrySet().stream().filter(e -> !e.getKey().equals(CpuTime.BENCH)).mapToDouble(Map.Entry::getValue)
                    .sum();
        }
    }

    private IdleProbe() {
    }

    /**
     * @param quiet how long the flow is left alone before the window
     * @param newRun a fresh run of orders by name, followed by the tail
     */
    static Result run(OrderFlow flow, OrderPump pump, Duration quiet, Duration window, int rounds,
            Function<String, OrderRun> newRun) {
        Bench.progress("quiet for " + quiet.toSeconds() + " s (the JVMs finish compiling what the load made hot), then"
                + " the flow's CPU over " + window.toSeconds() + " s");
        Bench.pause(quiet);
        Map<String, Double> before = CpuTime.ofFlow(flow);
        long start = System.nanoTime();
        Bench.pause(window);
        Map<String, Double> cpu = CpuTime.share(before, CpuTime.ofFlow(flow), (System.nanoTime() - start) / 1e9);
        List<Round> measured = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            Bench.pause(SETTLE);
            double afterQuiet = lone(pump, newRun.apply("lone order after quiet " + i));
            double awake = lone(pump, newRun.apply("lone order, awake " + i));
            measured.add(new Round(afterQuiet, awake));
            Bench.progress(String.format(Locale.ROOT, "round %d: a lone order after %d s quiet took %.0f ms,"
                    + " the next one %.0f ms", i, SETTLE.toSeconds(), afterQuiet, awake));
        }
        return new Result(quiet, window, cpu, measured);
    }

    /** Posts one order and waits for its terminal event: its latency in ms. */
    private static double lone(OrderPump pump, OrderRun run) {
        pump.once(run);
        return run.awaitLone(LONE_ORDER_TIMEOUT);
    }
}
