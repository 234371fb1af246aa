package dev.orderflow.local;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderflow.events.EventTypes;

/**
 * An order's events as a person reads them in a terminal, from the broker's event log (its JSON): each event with its
 * time after the first, its deliveries, the trace id and the outcome.
 *
 * <pre>
 * order order-1001   trace 4bf92f3577b34da6a3ce929d0e0e4736
 *       +0 ms  order.placed            /shop/web                  → order-validator replied 200 in 6 ms
 *      +11 ms  order.validated         /orderflow/order-validator → payment-authorize replied 200 in 5 ms
 *      ...
 * outcome: order.completed after 61 ms
 * </pre>
 */
public final class OrderChain {

    private static final String TYPE_PREFIX = "dev.orderflow.";

    private OrderChain() {
    }

    /** True once the log holds the order's terminal event. */
    public static boolean ended(JsonNode log) {
        for (JsonNode event : log.path("events")) {
            if (EventTypes.TERMINAL.contains(event.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The order's trace id, from its first event that has one. */
    public static Optional<String> traceId(JsonNode log) {
        for (JsonNode event : log.path("events")) {
            if (event.path("traceId").isTextual()) {
                return Optional.of(event.path("traceId").asText());
            }
        }
        return Optional.empty();
    }

    /** {@code log} is the answer of {@code GET <ingress>/events?subject=<order id>}. */
    public static String render(JsonNode log) {
        StringBuilder out = new StringBuilder();
        JsonNode events = log.path("events");
        Set<String> traces = new LinkedHashSet<>();
        events.forEach(e -> {
            if (e.path("traceId").isTextual()) {
                traces.add(e.path("traceId").asText());
            }
        });
        out.append("order ").append(log.path("subject").asText()).append("   trace ")
                .append(traces.isEmpty() ? "-" : String.join(", ", traces)).append('\n');
        if (events.isEmpty()) {
            return out.append("no events yet\n").toString();
        }
        Instant first = instant(events.get(0).path("storedAt"));
        String terminal = null;
        Instant terminalAt = null;
        for (JsonNode e : events) {
            Instant storedAt = instant(e.path("storedAt"));
            long offsetMillis = first == null || storedAt == null ? 0 : Duration.between(first, storedAt).toMillis();
            out.append(String.format("%8s  %-24s %-27s", "+" + offsetMillis + " ms", shortType(e.path("type").asText(null)),
                    e.path("source").asText()));
            if (e.path("deliveries").isEmpty()) {
                out.append('\n');
            }
            boolean firstDelivery = true;
            for (JsonNode d : e.path("deliveries")) {
                if (!firstDelivery) {
                    out.append(String.format("%8s  %-24s %-27s", "", "", ""));
                }
                int attempts = d.path("attempts").asInt();
                long coldStart = d.path("coldStartMillis").asLong();
                out.append(String.format("→ %s %s%s in %d ms%s%s%n", d.path("trigger").asText(),
                        d.path("outcome").asText().replace('_', '-'),
                        d.path("status").isNumber() ? " " + d.path("status").asInt() : "", d.path("millis").asLong(),
                        attempts > 1 ? " after " + attempts + " attempts" : "",
                        coldStart > 0 ? " (cold start " + coldStart + " ms)" : ""));
                firstDelivery = false;
            }
            if (EventTypes.TERMINAL.contains(e.path("type").asText())) {
                terminal = shortType(e.path("type").asText()) + (e.path("reason").isTextual()
                        ? " (" + e.path("reason").asText() + ")" : "");
                terminalAt = storedAt;
            }
        }
        if (terminal != null) {
            long total = first == null || terminalAt == null ? 0 : Duration.between(first, terminalAt).toMillis();
            out.append("outcome: ").append(terminal).append(" after ").append(total).append(" ms\n");
        } else {
            out.append("outcome: pending\n");
        }
        return out.toString();
    }

    private static Instant instant(JsonNode value) {
        return value.isTextual() ? Instant.parse(value.asText()) : null;
    }

    private static String shortType(String type) {
        if (type == null) {
            return "?";
        }
        String s = type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
        return s.endsWith(".v1") ? s.substring(0, s.length() - 3) : s;
    }
}
