package dev.orderflow.broker.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A {@link TriggerConsumer}'s offsets against Kafka: each partition committed up to its lowest unsettled record, so a
 * restart redelivers what was in flight and loses nothing; and whether the consumer lags its topic's end. Called on
 * the consumer's poll thread only, over the partitions it keeps.
 */
final class OffsetCommits {

    private static final Logger LOG = Logger.getLogger(OffsetCommits.class);
    private static final long COMMIT_INTERVAL_MS = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Consumer<String, byte[]> consumer;
    private final String trigger;
    private final Map<TopicPartition, PartitionProgress> partitions;
    private long lastCommit;

    OffsetCommits(Consumer<String, byte[]> consumer, String trigger, Map<TopicPartition, PartitionProgress> partitions) {
        this.consumer = consumer;
        this.trigger = trigger;
        this.partitions = partitions;
    }

    /** Commits what was settled since the last commit: {@code now} synchronously, else at most every 100 ms. */
    void commitIfDue(boolean now) {
        long at = System.currentTimeMillis();
        if (!now && at - lastCommit < COMMIT_INTERVAL_MS) {
            return;
        }
        lastCommit = at;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((tp, p) -> {
            long committable = p.committable();
            if (committable > p.committed) {
                offsets.put(tp, new OffsetAndMetadata(committable));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                if (now) {
                    consumer.commitSync(offsets, TIMEOUT);
                } else {
                    consumer.commitAsync(offsets, (done, error) -> {
                        if (error != null) {
                            LOG.debugf("trigger=%s commit failed: %s", trigger, error.toString());
                        }
                    });
                }
                offsets.forEach((tp, offset) -> partitions.get(tp).committed = offset.offset());
                return;
            } catch (WakeupException woken) {
                // a delivery settled meanwhile; commit again
            } catch (RuntimeException e) {
                LOG.warnf("trigger=%s commit failed: %s", trigger, e.toString());
                return;
            }
        }
    }

    /** True when a partition of the consumer holds records it has not yet polled. */
    boolean lagging() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, TIMEOUT);
        return assigned.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < ends.getOrDefault(tp, 0L));
    }
}
