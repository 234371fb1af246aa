package dev.orderflow.broker.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.orderflow.manifest.BrokerResource;
import dev.orderflow.manifest.KafkaSinkResource;
import dev.orderflow.manifest.Topology;
import dev.orderflow.manifest.TriggerResource;

/**
 * What the Knative Kafka broker's control plane sets up in Kafka before a Broker and its Triggers are ready: the
 * topics of the brokers and KafkaSinks, and each Trigger's consumer group at the end of its broker's topic.
 */
public final class Topics {

    private static final Logger LOG = Logger.getLogger(Topics.class);
    private static final long TIMEOUT_SECONDS = 30;

    private Topics() {
    }

    public static void prepare(String bootstrap, Topology topology)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(adminProperties(bootstrap))) {
            create(admin, topology);
            initialiseTriggerGroups(admin, topology);
        }
    }

    /** Broker topics and KafkaSink topics, with the ConfigMap's partitions; replication capped at the brokers there are. */
    private static void create(Admin admin, Topology topology)
            throws InterruptedException, ExecutionException, TimeoutException {
        int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
            admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            missing.forEach(t -> LOG.infof("created topic %s partitions=%d replication=%d", t.name(), t.numPartitions(),
                    t.replicationFactor()));
        }
    }

    /**
     * A Trigger that has never consumed starts at the end of its broker's topic, as a Knative Trigger does once it
     * is ready; events posted from then on all reach it, even if its consumer joins later.
     */
    private static void initialiseTriggerGroups(Admin admin, Topology topology)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (TriggerResource trigger : topology.triggers()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(trigger.consumerGroup())
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (committed != null && !committed.isEmpty()) {
                continue;
            }
            String topic = topology.broker(trigger.namespace(), trigger.broker()).orElseThrow().topic();
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            ends.forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(trigger.consumerGroup(), start).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
}
