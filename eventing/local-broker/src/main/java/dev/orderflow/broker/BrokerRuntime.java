package dev.orderflow.broker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import dev.orderflow.broker.activator.Activator;
import dev.orderflow.broker.activator.ActivatorSettings;
import dev.orderflow.broker.dispatch.ActivatingSender;
import dev.orderflow.broker.dispatch.CloudEventSender;
import dev.orderflow.broker.dispatch.DeadLetterSink;
import dev.orderflow.broker.dispatch.DeliveryListener;
import dev.orderflow.broker.dispatch.EventSender;
import dev.orderflow.broker.dispatch.RecordDispatcher;
import dev.orderflow.broker.dispatch.Subscribers;
import dev.orderflow.broker.dispatch.Target;
import dev.orderflow.broker.dispatch.TopicWatch;
import dev.orderflow.broker.dispatch.TriggerConsumer;
import dev.orderflow.broker.filter.TriggerFilters;
import dev.orderflow.broker.kafka.EventPublisher;
import dev.orderflow.broker.kafka.KafkaSettings;
import dev.orderflow.broker.kafka.Topics;
import dev.orderflow.broker.log.EventLog;
import dev.orderflow.broker.metrics.BrokerMetrics;
import dev.orderflow.kafka.KafkaNode;
import dev.orderflow.manifest.BrokerResource;
import dev.orderflow.manifest.EventTypeResource;
import dev.orderflow.manifest.ManifestException;
import dev.orderflow.manifest.ManifestLoader;
import dev.orderflow.manifest.Topology;
import dev.orderflow.manifest.TriggerResource;

/**
 * Brings the local broker up in the order that loses nothing, and down again:
 *
 * <pre>
 * manifests ─▶ Kafka (embedded or external) ─▶ topics ─▶ trigger groups at the end of the topic ─▶ producer
 *           ─▶ one consumer per Trigger ─▶ ready: the ingress takes events
 * </pre>
 */
@ApplicationScoped
public class BrokerRuntime {

    private static final Logger LOG = Logger.getLogger(BrokerRuntime.class);

    private final BrokerSettings settings;
    private final KafkaSettings kafka;
    private final EventLog log;
    private final Tracer tracer;
    private final Vertx vertx;
    private final ActivatorSettings activatorSettings;
    private final BrokerMetrics metrics;

    private volatile Topology topology;
    private volatile EventPublisher publisher;
    private volatile boolean ready;
    private KafkaNode embedded;
    private CloudEventSender sender;
    private final List<TriggerConsumer> consumers = new ArrayList<>();
    private final Map<String, TopicWatch> watches = new HashMap<>();

    private Activator activator = Activator.NONE;

    public BrokerRuntime(BrokerSettings settings, KafkaSettings kafka, EventLog log, Tracer tracer, Vertx vertx,
            ActivatorSettings activatorSettings, BrokerMetrics metrics) {
        this.settings = settings;
        this.kafka = kafka;
        this.log = log;
        this.tracer = tracer;
        this.vertx = vertx;
        this.activatorSettings = activatorSettings;
        this.metrics = metrics;
    }

    // Before the messaging connectors start, so that the event-log consumer finds the embedded Kafka up.
    void start(@Observes @Priority(0) StartupEvent startup) throws Exception {
        Path manifests = Path.of(settings.manifests()).toAbsolutePath();
        topology = ManifestLoader.load(manifests, settings.clusterFeatures());
        LOG.infof("serving %d broker(s) and %d trigger(s) from %s", topology.brokers().size(),
                topology.triggers().size(), manifests);
        // Every destination resolves before anything starts: a Trigger naming an unknown service fails the start.
        Subscribers subscribers = new Subscribers(settings.subscribers(), topology);
        Map<TriggerResource, Target> subscriberOf = new HashMap<>();
        Map<TriggerResource, Target> deadLetterSinkOf = new HashMap<>();
        for (TriggerResource trigger : topology.triggers()) {
            subscriberOf.put(trigger, subscribers.resolve(trigger.subscriber(), trigger.namespace()));
            if (trigger.delivery().deadLetterSink() != null) {
                deadLetterSinkOf.put(trigger, subscribers.resolve(trigger.delivery().deadLetterSink(), trigger.namespace()));
            }
        }

        String bootstrap = kafka.bootstrap();
        if (kafka.embedded()) {
            embedded = new KafkaNode(Path.of(kafka.dataDir()), kafka.embeddedPort(), kafka.embeddedControllerPort());
            bootstrap = embedded.start();
        }
        Topics.prepare(bootstrap, topology);
        publisher = new EventPublisher(bootstrap);
        sender = new CloudEventSender(vertx);
        if (activatorSettings.enabled()) {
            Map<String, URI> addresses = new HashMap<>();
            settings.subscribers().forEach((service, url) -> addresses.put(service, URI.create(url)));
            activator = new Activator(activatorSettings, addresses);
        }
        for (TriggerResource trigger : topology.triggers()) {
            String topic = topology.broker(trigger.namespace(), trigger.broker()).orElseThrow().topic();
            TriggerConsumer[] self = new TriggerConsumer[1];
            RecordDispatcher dispatcher = new RecordDispatcher(trigger,
                    subscriber(trigger, subscriberOf.get(trigger)),
                    Optional.ofNullable(deadLetterSinkOf.get(trigger)).map(sink -> deadLetterSink(trigger, sink)),
                    (reply, trace) -> publisher.publish(topic, reply, trace),
                    DeliveryListener.both(log, metrics.trigger(trigger)), tracer, this::schedule,
                    () -> self[0].running());
            String servers = bootstrap;
            TopicWatch watch = watches.computeIfAbsent(topic, t -> {
                TopicWatch created = new TopicWatch(t, servers);
                new Thread(created, "watch-" + t).start();
                return created;
            });
            self[0] = new TriggerConsumer(trigger, topic, bootstrap, dispatcher, settings.maxInFlight(),
                    metrics::consumer, watch, settings.restAfter());
            consumers.add(self[0]);
            new Thread(self[0], "trigger-" + trigger.name()).start();
            LOG.infof("trigger=%s filter=%s subscriber=%s delivery=%s ordered=%s", trigger.qualifiedName(),
                    TriggerFilters.of(trigger), subscriberOf.get(trigger), trigger.delivery(), trigger.ordered());
        }
        ready = true;
        topology.brokers().forEach(b -> LOG.infof("broker %s takes events at %s (topic %s)", b.namespace() + "/" + b.name(),
                b.path(), b.topic()));
    }

    /** A Trigger's subscriber over HTTP; through the activator when it scales to zero. */
    private EventSender subscriber(TriggerResource trigger, Target target) {
        if (!(target instanceof Target.Http http)) {
            throw new ManifestException(List.of(trigger.qualifiedName() + ": spec.subscriber: " + target
                    + " is not addressable over HTTP"));
        }
        EventSender direct = sender.to(http.uri(), trigger.delivery().timeout(), trigger.namespace());
        return activator == Activator.NONE ? direct : new ActivatingSender(direct, activator, http.uri());
    }

    private DeadLetterSink deadLetterSink(TriggerResource trigger, Target target) {
        if (target instanceof Target.Topic topic) {
            return DeadLetterSink.topic(publisher, topic.topic());
        }
        return DeadLetterSink.http(sender.to(((Target.Http) target).uri(), trigger.delivery().timeout(),
                trigger.namespace()));
    }

    /** Retries run on the Vert.x event loop: the next attempt after {@code delay}, or at once. */
    private void schedule(Duration delay, Runnable action) {
        if (delay.isZero() || delay.isNegative()) {
            vertx.runOnContext(v -> action.run());
        } else {
            vertx.setTimer(delay.toMillis(), id -> action.run());
        }
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        ready = false;
        consumers.forEach(TriggerConsumer::stop);
        for (TriggerConsumer consumer : consumers) {
            consumer.awaitStopped(Duration.ofSeconds(10));
        }
        for (TopicWatch watch : watches.values()) {
            watch.close();
        }
        activator.close();
        if (publisher != null) {
            publisher.close();
        }
        if (sender != null) {
            sender.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    public boolean ready() {
        return ready;
    }

    /** The broker {@code namespace}/{@code name} of the manifests; empty before they are read. */
    public Optional<BrokerResource> broker(String namespace, String name) {
        Topology read = topology;
        return read == null ? Optional.empty() : read.broker(namespace, name);
    }

    /** The event types the manifests catalogue for {@code broker}, as {@code kn eventtype list} shows them. */
    public List<EventTypeResource> eventTypes(BrokerResource broker) {
        Topology read = topology;
        return read == null ? List.of() : read.eventTypesOf(broker);
    }

    public EventPublisher publisher() {
        return publisher;
    }
}
