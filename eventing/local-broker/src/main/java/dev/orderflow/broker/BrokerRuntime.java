package dev.orderflow.broker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import dev.orderflow.broker.activator.Activator;
import dev.orderflow.broker.activator.ActivatorSettings;
import dev.orderflow.broker.dispatch.CloudEventSender;
import dev.orderflow.broker.dispatch.RecordDispatcher;
import dev.orderflow.broker.dispatch.Subscribers;
import dev.orderflow.broker.dispatch.Target;
import dev.orderflow.broker.dispatch.TriggerConsumer;
import dev.orderflow.broker.kafka.EmbeddedKafka;
import dev.orderflow.broker.kafka.EventPublisher;
import dev.orderflow.broker.kafka.KafkaSettings;
import dev.orderflow.broker.log.EventLog;
import dev.orderflow.broker.manifest.BrokerResource;
import dev.orderflow.broker.manifest.KafkaSinkResource;
import dev.orderflow.broker.manifest.ManifestLoader;
import dev.orderflow.broker.manifest.Topology;
import dev.orderflow.broker.manifest.TriggerResource;

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

    private volatile Topology topology;
    private volatile EventPublisher publisher;
    private volatile boolean ready;
    private EmbeddedKafka embedded;
    private CloudEventSender sender;
    private final List<TriggerConsumer> consumers = new ArrayList<>();

    private Activator activator = Activator.NONE;

    public BrokerRuntime(BrokerSettings settings, KafkaSettings kafka, EventLog log, Tracer tracer, Vertx vertx,
            ActivatorSettings activatorSettings) {
        this.settings = settings;
        this.kafka = kafka;
        this.log = log;
        this.tracer = tracer;
        this.vertx = vertx;
        this.activatorSettings = activatorSettings;
    }

    // Before the messaging connectors start, so that the event-log consumer finds the embedded Kafka up.
    void start(@Observes @Priority(0) StartupEvent startup) throws Exception {
        Path manifests = Path.of(settings.manifests()).toAbsolutePath();
        topology = ManifestLoader.load(manifests, settings.clusterFeatures());
        LOG.infof("serving %d broker(s) and %d trigger(s) from %s", topology.brokers().size(),
                topology.triggers().size(), manifests);
        Subscribers subscribers = new Subscribers(settings.subscribers(), topology);
        Map<TriggerResource, Target[]> targets = new HashMap<>();
        for (TriggerResource trigger : topology.triggers()) {
            Target deadLetter = trigger.delivery().deadLetterSink() == null ? null
                    : subscribers.resolve(trigger.delivery().deadLetterSink(), trigger.namespace());
            targets.put(trigger, new Target[] { subscribers.resolve(trigger.subscriber(), trigger.namespace()), deadLetter });
        }

        String bootstrap = kafka.bootstrap();
        if (kafka.embedded()) {
            embedded = new EmbeddedKafka(Path.of(kafka.dataDir()), kafka.embeddedPort(), kafka.embeddedControllerPort());
            bootstrap = embedded.start();
        }
        try (Admin admin = Admin.create(adminProperties(bootstrap))) {
            createTopics(admin);
            initialiseTriggerGroups(admin);
        }
        publisher = new EventPublisher(bootstrap);
        sender = new CloudEventSender(vertx);
        if (activatorSettings.enabled()) {
            Map<String, URI> addresses = new HashMap<>();
            settings.subscribers().forEach((service, url) -> addresses.put(service, URI.create(url)));
            activator = new Activator(activatorSettings, addresses);
        }
        for (TriggerResource trigger : topology.triggers()) {
            BrokerResource broker = topology.broker(trigger.namespace(), trigger.broker()).orElseThrow();
            Target[] t = targets.get(trigger);
            TriggerConsumer[] self = new TriggerConsumer[1];
            RecordDispatcher dispatcher = new RecordDispatcher(trigger, t[0], t[1], broker.topic(), sender, publisher,
                    log, tracer, vertx, activator, () -> self[0].running());
            self[0] = new TriggerConsumer(trigger, broker.topic(), bootstrap, dispatcher, settings.maxInFlight());
            consumers.add(self[0]);
            new Thread(self[0], "trigger-" + trigger.name()).start();
            LOG.infof("trigger=%s filter=%s subscriber=%s delivery=%s ordered=%s", trigger.qualifiedName(),
                    trigger.filter(), t[0], trigger.delivery(), trigger.ordered());
        }
        ready = true;
        topology.brokers().forEach(b -> LOG.infof("broker %s takes events at %s (topic %s)", b.namespace() + "/" + b.name(),
                b.path(), b.topic()));
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        ready = false;
        consumers.forEach(TriggerConsumer::stop);
        for (TriggerConsumer consumer : consumers) {
            consumer.awaitStopped(Duration.ofSeconds(10));
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

    /** Broker topics and KafkaSink topics, with the ConfigMap's partitions; replication capped at the brokers there are. */
    private void createTopics(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> topics = new ArrayList<>();
        for (BrokerResource broker : topology.brokers()) {
            topics.add(new NewTopic(broker.topic(), broker.config().partitions(),
                    (short) Math.min(broker.config().replicationFactor(), brokers)));
        }
        for (KafkaSinkResource sink : topology.kafkaSinks().values()) {
            int partitions = sink.numPartitions() == null ? 1 : sink.numPartitions();
            int replication = sink.replicationFactor() == null ? 1 : sink.replicationFactor();
            topics.add(new NewTopic(sink.topic(), partitions, (short) Math.min(replication, brokers)));
        }
        List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            missing.forEach(t -> LOG.infof("created topic %s partitions=%d replication=%d", t.name(), t.numPartitions(),
                    t.replicationFactor()));
        }
    }

    /**
     * A Trigger that has never consumed starts at the end of its broker's topic, as a Knative Trigger does once it
     * is ready; events posted from then on all reach it, even if its consumer joins later.
     */
    private void initialiseTriggerGroups(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        for (TriggerResource trigger : topology.triggers()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(trigger.consumerGroup())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            if (committed != null && !committed.isEmpty()) {
                continue;
            }
            String topic = topology.broker(trigger.namespace(), trigger.broker()).orElseThrow().topic();
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            ends.forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(trigger.consumerGroup(), start).all().get(30, TimeUnit.SECONDS);
            LOG.debugf("trigger=%s group=%s starts at the end of %s", trigger.name(), trigger.consumerGroup(), topic);
        }
    }

    private static Properties adminProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return p;
    }

    public boolean ready() {
        return ready;
    }

    public Topology topology() {
        return topology;
    }

    public EventPublisher publisher() {
        return publisher;
    }
}
