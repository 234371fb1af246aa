package dev.orderflow.function;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What a function did with each request, for Prometheus at {@code /q/metrics}:
 * <ul>
 * <li>{@code orderflow_function_events_total{event_type, outcome, response_code, response_code_class}}: events
 * handled, the outcome being the reply's type, or {@code error} for a 4xx or 5xx answer;</li>
 * <li>{@code orderflow_function_handling_seconds{event_type, response_code_class}}: from the request's arrival at the
 * gate to the end of the answer, as a histogram.</li>
 * </ul>
 * The tags follow the Knative Kafka broker's data plane ({@code event_type}, {@code response_code},
 * {@code response_code_class}), so one dashboard can join the broker's deliveries and the functions' answers.
 */
@ApplicationScoped
public class EventMetrics {

    /** Not a CloudEvent at all, or not one the gate could read a type from. */
    static final String UNKNOWN_TYPE = "unknown";
    static final String ERROR = "error";
    /** From a cached reply (1 ms) to a slow dependency (Knative's default timeout is far above): where p50/p99 fall. */
    private static final Duration[] BUCKETS = { Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5) };

    private final MeterRegistry registry;
    /** Looking a meter up by its tags costs more than counting: each combination is built once. */
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record CounterKey(String type, String outcome, int status) {
    }

    private record TimerKey(String type, int statusHundreds) {
    }

    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One answered request: {@code replyType} is null when the function answered without a reply or failed. */
    public void handled(String eventType, String replyType, int status, long nanos) {
        String type = eventType == null ? UNKNOWN_TYPE : eventType;
        String outcome = status >= 400 ? ERROR : replyType == null ? "none" : replyType;
        counters.computeIfAbsent(new CounterKey(type, outcome, status), k -> Counter.builder("orderflow.function.events")
                .description("Events handled, by type and outcome (the reply's type, or error)")
                .tag("event_type", k.type())
                .tag("outcome", k.outcome())
                .tag("response_code", Integer.toString(k.status()))
                .tag("response_code_class", statusClass(k.status() / 100))
                .register(registry)).increment();
        timers.computeIfAbsent(new TimerKey(type, status / 100), k -> Timer.builder("orderflow.function.handling")
                .description("Time from an event's arrival to the end of the answer")
                .tag("event_type", k.type())
                .tag("response_code_class", statusClass(k.statusHundreds()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String statusClass(int hundreds) {
        return hundreds + "xx";
    }
}
