package dev.orderflow.broker.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

import dev.orderflow.broker.dispatch.DeliveryListener;
import dev.orderflow.broker.dispatch.Settlement;
import dev.orderflow.manifest.TriggerResource;

/**
 * The broker's metrics at {@code /q/metrics}, named and tagged as the Knative Kafka broker's data plane names its own
 * (its {@code Metrics} class: {@code event_count} with unit 1 and {@code event_dispatch_latencies} in ms, which
 * Prometheus reads as {@code event_count_1_total} and {@code event_dispatch_latencies_ms_bucket}; tags
 * {@code name}, {@code namespace_name}, {@code consumer_name}, {@code event_type}, {@code response_code},
 * {@code response_code_class}), so a dashboard built for a cluster reads the local flow too. Its ingress and its
 * dispatchers run in separate pods there and in one process here: the ingress's series carry an empty
 * {@code consumer_name}, which PromQL reads as no label at all. What Knative does not count is under
 * {@code orderflow_broker_*}: attempts, retries, dead-lettered, dropped, filtered out, cold starts. Consumer lag per
 * Trigger is the Kafka client's own ({@code kafka_consumer_fetch_manager_records_lag_max{client_id=<consumer group>}}).
 */
@ApplicationScoped
public class BrokerMetrics {

    static final String EVENT_COUNT = "event_count";
    static final String EVENT_DISPATCH_LATENCY = "event_dispatch_latencies";
    /** Knative's buckets (50 ms to 10 s), with the few milliseconds a local hop takes in front. */
    private static final double[] LATENCY_BUCKETS = { 1, 5, 10, 50, 100, 500, 1000, 5000, 10000 };

    private final MeterRegistry registry;
    private final Map<Tags, Counter> counts = new ConcurrentHashMap<>();
    private final Map<Tags, DistributionSummary> latencies = new ConcurrentHashMap<>();

    public BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One request to the ingress of broker {@code namespace/name}; {@code eventType} null when none was read. */
    public void received(String namespace, String name, String eventType, int status, long nanos) {
        Tags tags = Tags.of("name", name, "namespace_name", namespace, "consumer_name", "",
                "event_type", eventType == null ? "" : eventType)
                .and(statusTags(status));
        count(tags).increment();
        latency(tags).record(nanos / 1_000_000.0);
    }

    /** What becomes of {@code trigger}'s deliveries, counted. */
    public DeliveryListener trigger(TriggerResource trigger) {
        return new TriggerMetrics(trigger);
    }

    private final class TriggerMetrics implements DeliveryListener {

        private final TriggerResource trigger;
        private final DistributionSummary attempts;
        private final Counter retries;
        private final Counter coldStarts;
        private final Counter deadLettered;
        private final Counter dropped;
        private final Counter filtered;

        TriggerMetrics(TriggerResource trigger) {
            this.trigger = trigger;
            Tags tags = Tags.of("name", trigger.broker(), "namespace_name", trigger.namespace(),
                    "consumer_name", trigger.name());
            this.attempts = DistributionSummary.builder("orderflow.broker.delivery.attempts")
                    .description("Attempts a delivery took, retries included").tags(tags).register(registry);
            this.retries = counter("orderflow.broker.retries", "Attempts after a delivery's first", tags);
            this.coldStarts = counter("orderflow.broker.cold.starts",
                    "Deliveries that waited for their subscriber to start from zero", tags);
            this.deadLettered = counter("orderflow.broker.dead.lettered", "Events sent to the dead-letter sink", tags);
            this.dropped = counter("orderflow.broker.dropped", "Events neither delivered nor dead-lettered", tags);
            this.filtered = counter("orderflow.broker.filtered", "Records the Trigger's filter refused", tags);
        }

        @Override
        public void settled(CloudEvent event, Settlement settlement) {
            Tags tags = Tags.of("name", trigger.broker(), "namespace_name", trigger.namespace(),
                    "consumer_name", trigger.name(), "event_type", event.getType())
                    .and(statusTags(settlement.status() == null ? 0 : settlement.status()));
            count(tags).increment();
            latency(tags).record(settlement.millis());
            attempts.record(settlement.attempts());
            retries.increment(settlement.attempts() - 1);
            if (settlement.coldStartMillis() > 0) {
                coldStarts.increment();
            }
            if (settlement.outcome() == Settlement.Outcome.DEAD_LETTERED) {
                deadLettered.increment();
            } else if (settlement.outcome() == Settlement.Outcome.DROPPED) {
                dropped.increment();
            }
        }

        @Override
        public void discarded(ConsumerRecord<String, byte[]> record) {
            filtered.increment();
        }
    }

    /** The Kafka client's metrics of a Trigger's consumer, lag included, until the returned binder is closed. */
    public AutoCloseable consumer(Consumer<?, ?> consumer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        return metrics;
    }

    private Counter count(Tags tags) {
        return counts.computeIfAbsent(tags, t -> Counter.builder(EVENT_COUNT).description("Number of events received")
                .baseUnit("1").tags(t).register(registry));
    }

    private DistributionSummary latency(Tags tags) {
        return latencies.computeIfAbsent(tags, t -> DistributionSummary.builder(EVENT_DISPATCH_LATENCY)
                .description("The time spent dispatching an event").baseUnit(BaseUnits.MILLISECONDS)
                .serviceLevelObjectives(LATENCY_BUCKETS).tags(t).register(registry));
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** A delivery without any answer (a timeout, a refused connection) has no status: both tags are empty. */
    private static Tags statusTags(int status) {
        return status == 0 ? Tags.of("response_code", "", "response_code_class", "")
                : Tags.of("response_code", Integer.toString(status), "response_code_class", (status / 100) + "xx");
    }
}
