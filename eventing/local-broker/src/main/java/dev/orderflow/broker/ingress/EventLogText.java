package dev.orderflow.broker.ingress;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.orderflow.broker.log.EventLog;
import dev.orderflow.events.EventTypes;

/**
 * The event log of one order as a person reads it in a terminal: each event with its time after the first, its
 * deliveries, the trace id and the outcome.
 *
 * <pre>
 * order order-1001   trace 4bf92f3577b34da6a3ce929d0e0e4736
 *       +0 ms  order.placed            /shop/web                  → order-validator replied 200 in 6 ms
 *      +11 ms  order.validated         /orderflow/order-validator → payment-authorize replied 200 in 5 ms
 *      ...
 * outcome: order.completed after 61 ms
 * </pre>
 */
final class EventLogText {

    private static final String TYPE_PREFIX = "dev.orderflow.";

    private EventLogText() {
    }

    static String render(String subject, List<EventLog.Entry> entries) {
        StringBuilder out = new StringBuilder();
        String traces = entries.stream().map(EventLog.Entry::traceId).filter(Objects::nonNull).distinct()
                .collect(Collectors.joining(", "));
        out.append("order ").append(subject).append("   trace ").append(traces.isEmpty() ? "-" : traces).append('\n');
        if (entries.isEmpty()) {
            return out.append("no events yet\n").toString();
        }
        Instant first = entries.get(0).storedAt();
        String terminal = null;
        Instant terminalAt = null;
        for (EventLog.Entry e : entries) {
            long offsetMillis = first == null || e.storedAt() == null ? 0 : Duration.between(first, e.storedAt()).toMillis();
            out.append(String.format("%8s  %-24s %-27s", "+" + offsetMillis + " ms", shortType(e.type()), e.source()));
            if (e.deliveries().isEmpty()) {
                out.append('\n');
            }
            boolean firstDelivery = true;
            for (EventLog.Delivery d : e.deliveries()) {
                if (!firstDelivery) {
                    out.append(String.format("%8s  %-24s %-27s", "", "", ""));
                }
                out.append(String.format("→ %s %s%s in %d ms%s%s%n", d.trigger(),
                        d.outcome().name().toLowerCase().replace('_', '-'), d.status() == null ? "" : " " + d.status(),
                        d.millis(), d.attempts() > 1 ? " after " + d.attempts() + " attempts" : "",
                        d.coldStartMillis() > 0 ? " (cold start " + d.coldStartMillis() + " ms)" : ""));
                firstDelivery = false;
            }
            if (e.type() != null && EventTypes.TERMINAL.contains(e.type())) {
                terminal = shortType(e.type()) + (e.note() == null ? "" : " (" + e.note() + ")");
                terminalAt = e.storedAt();
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

    private static String shortType(String type) {
        if (type == null) {
            return "?";
        }
        String s = type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
        return s.endsWith(".v1") ? s.substring(0, s.length() - 3) : s;
    }
}
