package dev.orderflow.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.orderflow.manifest.ClusterFeatures;

/** The local broker's settings, from {@code orderflow.broker.*} (see application.properties and the README). */
@ConfigMapping(prefix = "orderflow.broker")
public interface BrokerSettings {

    /** The directory of Broker, Trigger, ConfigMap and KafkaSink manifests to serve. */
    @WithDefault("eventing")
    String manifests();

    /**
     * Where each Knative Service that a Trigger names listens locally, by service name: {@code
     * orderflow.broker.subscribers.payment=http://127.0.0.1:8082} ({@code ORDERFLOW_BROKER_SUBSCRIBERS_PAYMENT}).
     */
    Map<String, String> subscribers();

    /** Events of one Trigger in flight at once in unordered mode (the Kafka broker's max.poll.records). */
    @WithDefault("100")
    int maxInFlight();

    /**
     * How long a Trigger's consumer goes without a record before it rests: it stops fetching until a record arrives
     * on its topic ({@code TopicWatch}), so an idle flow costs next to no CPU. Zero or negative: never rests.
     */
    @WithDefault("2s")
    Duration restAfter();

    /** The largest event the ingress takes; larger ones get 413. Kafka's default record limit is 1 MiB. */
    @WithDefault("1000K")
    MemorySize maxEventSize();

    /**
     * How many events the event log keeps: about 1,700 orders of the sample mix. Each costs about 1 KiB of the
     * broker's heap with its deliveries (docs/benchmarks.md, "Memory").
     */
    @WithDefault("10000")
    int eventLogCapacity();

    /**
     * The events the event log notes a field of, as {@code <type>:<field>} (a top-level text field of JSON data):
     * {@code orderflow.broker.event-log-notes=com.example.order.cancelled.v1:reason} shows why an order was
     * cancelled. Event data is otherwise never kept: it may hold payment tokens.
     */
    Optional<List<String>> eventLogNotes();

    /**
     * The Knative Eventing feature flags of the cluster this broker stands in for, as in {@code config-features}:
     * {@code orderflow.broker.features.delivery-retryafter=enabled}. Unset, a default install's.
     */
    Map<String, String> features();

    /** The feature flags as the manifest rules take them. */
    default ClusterFeatures clusterFeatures() {
        return ClusterFeatures.of(features());
    }
}
