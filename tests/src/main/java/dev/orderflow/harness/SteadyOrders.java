package dev.orderflow.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.orderflow.events.EventTypes;
import dev.orderflow.harness.EventStream.Seen;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;

/**
 * A steady stream of orders of every outcome, posted at a fixed rate by a producer that retries until the broker takes
 * each one (202), and the count, read from Kafka, of how every order ended: the yardstick of the fault scenarios.
 */
public final class SteadyOrders implements AutoCloseable {

    /** How the orders of a scenario ended, counted per order from what Kafka holds. */
    public record Tally(long sent, long completed, long cancelled, long duplicates, long deadLettered, long lost,
            List<String> wrong) {

        @Override
        public String toString() {
            return String.format("sent=%d completed=%d cancelled=%d duplicates_seen=%d dead_lettered=%d lost=%d", sent,
                    completed, cancelled, duplicates, deadLettered, lost);
        }
    }

    private final String ingress;
    private final int rate;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger posted = new AtomicInteger();
    private final Map<String, String> expected = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();

    /** {@code count} orders for {@code ingress}, a quarter of each outcome, to post at {@code rate} a second. */
    public SteadyOrders(String ingress, int count, int rate) {
        this.ingress = ingress;
        this.rate = rate;
        for (int i = 0; i < count; i++) {
            var order = Orders.valid();
            String outcome = EventTypes.ORDER_CANCELLED;
            switch (i % 4) {
                case 0 -> outcome = EventTypes.ORDER_COMPLETED;
                case 1 -> order = Orders.paidWith(order, "tok_declined");
                case 2 -> order = Orders.withLines(order, List.of(Orders.line("SOLD-OUT", 1, "3.00")));
                default -> order = Orders.shippedTo(order, "XX", "1");
            }
            expected.put(order.orderId(), outcome);
            events.add(Event.of(EventTypes.ORDER_PLACED, order).subject(order.orderId())
                    .attribute("partitionkey", order.orderId()));
        }
    }

    /** Posts them all at the rate; completes when the last one was taken, or with what stopped the producer. */
    public CompletableFuture<Void> post() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> {
            int i = posted.get();
            if (i < events.size() && !done.isDone()) {
                try {
                    Sender.post(ingress, events.get(i), Mode.BINARY);
                    posted.incrementAndGet();
                } catch (RuntimeException | Error e) {
                    done.completeExceptionally(e);
                }
            } else {
                done.complete(null);
            }
        }, 0, 1000 / rate, TimeUnit.MILLISECONDS);
        done.whenComplete((ok, error) -> task.cancel(false));
        return done;
    }

    public int posted() {
        return posted.get();
    }

    public Map<String, String> expected() {
        return Map.copyOf(expected);
    }

    /** True once every order has a terminal event in {@code stream}. */
    public boolean allEnded(EventStream stream) {
        return expected.keySet().stream().allMatch(id -> stream.ofSubject(id).stream()
                .anyMatch(e -> EventTypes.TERMINAL.contains(e.type())));
    }

    /**
     * Per order: one terminal event (by id) of the expected outcome, at most one charge and one refund (by id); what
     * breaks that is listed in {@link Tally#wrong()}. Duplicates are records of an event id seen before.
     */
    public Tally tally(EventStream stream, String deadLetterTopic) {
        Map<String, List<Seen>> byOrder = stream.all().stream().filter(s -> expected.containsKey(s.subject()))
                .collect(Collectors.groupingBy(Seen::subject));
        long completed = 0;
        long cancelled = 0;
        long lost = 0;
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> order : expected.entrySet()) {
            List<Seen> seen = byOrder.getOrDefault(order.getKey(), List.of());
            Set<String> terminals = ids(seen, EventTypes.TERMINAL);
            if (terminals.isEmpty()) {
                lost++;
                continue;
            }
            String type = seen.stream().filter(e -> EventTypes.TERMINAL.contains(e.type())).findFirst().orElseThrow().type();
            if (terminals.size() > 1 || !type.equals(order.getValue())) {
                wrong.add(order.getKey() + ": terminal events " + terminals + " of type " + type + ", expected one "
                        + order.getValue());
            }
            if (ids(seen, Set.of(EventTypes.PAYMENT_AUTHORIZED)).size() > 1 || ids(seen, Set.of(EventTypes.PAYMENT_REFUNDED)).size() > 1) {
                wrong.add(order.getKey() + ": charged or refunded twice");
            }
            if (type.equals(EventTypes.ORDER_COMPLETED)) {
                completed++;
            } else {
                cancelled++;
            }
        }
        List<Seen> ofOrders = byOrder.values().stream().flatMap(List::stream).toList();
        long duplicates = ofOrders.size() - ofOrders.stream().map(s -> s.topic() + " " + s.event().getSource() + " "
                + s.event().getId()).distinct().count();
        long deadLettered = ofOrders.stream().filter(s -> s.topic().equals(deadLetterTopic)).count();
        return new Tally(expected.size(), completed, cancelled, duplicates, deadLettered, lost, wrong);
    }

    private static Set<String> ids(List<Seen> events, Set<String> types) {
        return events.stream().filter(e -> types.contains(e.type())).map(e -> e.event().getId())
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
