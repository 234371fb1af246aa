package dev.orderflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * What happened to the orders of one end-to-end run: when each was accepted (the broker's 202, on the bench's clock)
 * and when its terminal event was stored in Kafka (the record's timestamp, on the same machine's clock). Written by
 * the pump's event loop and the Kafka tail's thread; read by the progress printer and the report.
 */
final class OrderRun {

    /** One order; whichever of its 202 and its terminal event comes second settles its latency. */
    private static final class Track {
        long acceptedMs = -1;
        long terminalMs = -1;
        int terminals;
    }

    /** An order that reached its terminal event: when, and how long after its 202. */
    record Completion(long terminalMs, long latencyMs) {
    }

    /** Percentiles and counts of the completions inside a time window. */
    record Window(long completions, double seconds, double p50, double p95, double p99, double max) {

        double perSecond() {
            return completions / seconds;
        }
    }

    private final String name;
    private final String tag;
    private final Map<String, Track> orders = new ConcurrentHashMap<>();
    private final List<Completion> completions = new ArrayList<>();
    final AtomicLong posted = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong cancelled = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    private volatile String firstRefusal;

    OrderRun(String name, String tag) {
        this.name = name;
        this.tag = tag;
    }

    String name() {
        return name;
    }

    /** The prefix of this run's order ids: the Kafka tail tells this run's records from any other's by it. */
    String tag() {
        return tag;
    }

    void posted(String orderId) {
        orders.put(orderId, new Track());
        posted.incrementAndGet();
    }

    void accepted(String orderId, long nowMs) {
        Track track = orders.get(orderId);
        synchronized (track) {
            track.acceptedMs = nowMs;
            if (track.terminalMs >= 0) {
                complete(track);
            }
        }
        accepted.incrementAndGet();
    }

    void refused(String orderId, String why) {
        orders.remove(orderId);
        refused.incrementAndGet();
        if (firstRefusal == null) {
            firstRefusal = why;
        }
    }

    String firstRefusal() {
        return firstRefusal;
    }

    /** A record of this run stored on the broker's topic. */
    void event(String orderId) {
        if (orders.containsKey(orderId)) {
            events.incrementAndGet();
        }
    }

    /** A terminal event of this run's order {@code orderId}, stored at {@code timestampMs}. */
    void terminal(String orderId, long timestampMs, boolean completedOrder) {
        Track track = orders.get(orderId);
        if (track == null) {
            return;
        }
        synchronized (track) {
            track.terminals++;
            if (track.terminals > 1) {
                duplicates.incrementAndGet();
                return;
            }
            track.terminalMs = timestampMs;
            if (track.acceptedMs >= 0) {
                complete(track);
            }
        }
        (completedOrder ? completed : cancelled).incrementAndGet();
    }

    private void complete(Track track) {
        synchronized (completions) {
            completions.add(new Completion(track.terminalMs, Math.max(0, track.terminalMs - track.acceptedMs)));
        }
    }

    /** Orders accepted and not yet at their terminal event. */
    long inFlight() {
        return accepted.get() - (completed.get() + cancelled.get());
    }

    /** Accepted orders with no terminal event (final once the run has drained). */
    long lost() {
        return orders.values().stream().filter(t -> {
            synchronized (t) {
                return t.acceptedMs >= 0 && t.terminals == 0;
            }
        }).count();
    }

    long distinctTerminal() {
        return completed.get() + cancelled.get();
    }

    /** The completions whose terminal event was stored in [fromMs, toMs). */
    Window window(long fromMs, long toMs) {
        Histogram histogram = new Histogram(3_600_000L, 3);
        long count = 0;
        synchronized (completions) {
            for (Completion c : completions) {
                if (c.terminalMs() >= fromMs && c.terminalMs() < toMs) {
                    histogram.recordValue(Math.min(c.latencyMs(), histogram.getHighestTrackableValue()));
                    count++;
                }
            }
        }
        double seconds = Math.max(0.001, (toMs - fromMs) / 1000.0);
        if (count == 0) {
            return new Window(0, seconds, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Window(count, seconds, histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(95),
                histogram.getValueAtPercentile(99), histogram.getMaxValue());
    }

    /** Every completion of the run, whenever it came. */
    Window all() {
        return window(0, Long.MAX_VALUE);
    }

    /** Waits for the run's one order to be accepted and reach its terminal event: its latency in ms. */
    double awaitLone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (distinctTerminal() < 1 || accepted.get() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": no terminal event within " + timeout.toSeconds() + " s"
                        + (refused.get() > 0 ? " (" + firstRefusal() + ")" : ""));
            }
            Bench.pause(Duration.ofMillis(2));
        }
        return all().max();
    }
}
