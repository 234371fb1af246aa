package dev.orderflow.broker.dispatch;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.orderflow.manifest.TriggerResource;

/**
 * One Trigger's Kafka consumer (its own consumer group, so each Trigger progresses on its own). The poll loop owns
 * the consumer and never speaks HTTP: it hands records to the {@link RecordDispatcher}, and {@link OffsetCommits}
 * commits each partition up to its lowest unsettled record.
 *
 * <pre>
 * poll ─▶ pending (per partition) ─▶ dispatch ─▶ … settled ─▶ done queue ─▶ commit lowest unsettled offset
 * </pre>
 *
 * A settled delivery wakes the poll only when records are waiting for it; otherwise it is accounted for, and its
 * offset committed, when the poll returns with new records or after {@value #POLL_MILLIS} ms.
 *
 * Unordered (the default) keeps up to {@code maxInFlight} records of the Trigger in flight at once; ordered
 * ({@code kafka.eventing.knative.dev/delivery.order: ordered}) delivers one record at a time per partition.
 *
 * After {@code restAfter} without a record, with nothing pending or in flight, the consumer rests: it pauses its
 * partitions, so it sends no fetches, until the topic's {@link TopicWatch} sees a record and wakes it.
 */
public final class TriggerConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(TriggerConsumer.class);
    private static final long POLL_MILLIS = 200;
    private static final Duration POLL = Duration.ofMillis(POLL_MILLIS);
    private static final int MAX_POLL_RECORDS = 500;
    /**
     * Records of one partition polled and waiting for a delivery slot before the partition is paused. Behind a backlog
     * every Trigger holds this many per partition on the heap, each with the fetch it came in (10 partitions, 9
     * Triggers: 4,500 records of about 1.3 KiB at 50), so it is kept below the in-flight limit rather than at a whole
     * poll: across its partitions a Trigger still has five times that limit waiting (docs/benchmarks.md, "Memory").
     */
    private static final int MAX_PENDING_PER_PARTITION = 50;
    /** A resting consumer's poll: it fetches nothing, so this only bounds how often its loop turns. */
    private static final Duration REST_POLL = Duration.ofSeconds(5);

    private final TriggerResource trigger;
    private final String topic;
    private final RecordDispatcher dispatcher;
    private final int maxInFlight;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AutoCloseable instrumentation;
    private final TopicWatch watch;
    private final long restAfterNanos;
    private final Runnable wake = this::wake;
    private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
    private final OffsetCommits offsets;
    private final ConcurrentLinkedQueue<ConsumerRecord<String, byte[]>> settled = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    /** Records wait for a delivery to settle (in-flight limit, or order): a settling delivery wakes the poll. */
    private volatile boolean waiting;
    /** A resting consumer was woken by its watch (or stopped). */
    private volatile boolean woken;
    /** Paused until woken: partitions assigned meanwhile are paused too. Poll thread only. */
    private boolean resting;
    private int inFlight;
    private long lastActive = System.nanoTime();

    /**
     * @param instrument binds the consumer's own metrics (lag among them) for as long as it runs; closed with it
     * @param watch wakes the consumer when it rests, after {@code restAfter} without a record
     */
    public TriggerConsumer(TriggerResource trigger, String topic, String bootstrapServers, RecordDispatcher dispatcher,
            int maxInFlight, Function<Consumer<?, ?>, AutoCloseable> instrument, TopicWatch watch,
            Duration restAfter) {
        this.trigger = trigger;
        this.topic = topic;
        this.watch = watch;
        this.restAfterNanos = restAfter.toNanos();
        this.dispatcher = dispatcher;
        this.maxInFlight = trigger.ordered() ? Integer.MAX_VALUE : maxInFlight;
        this.consumer = new KafkaConsumer<>(TriggerConsumerSettings.of(trigger, bootstrapServers, MAX_POLL_RECORDS),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.instrumentation = instrument.apply(consumer);
        this.offsets = new OffsetCommits(consumer, trigger.name(), partitions);
    }

    private void closeInstrumentation() {
        try {
            instrumentation.close();
        } catch (Exception e) {
            LOG.debugf("trigger=%s metrics not unbound: %s", trigger.name(), e.toString());
        }
    }

    @Override
    public void run() {
        Thread.currentThread().setName("trigger-" + trigger.name());
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                settle();
                waiting = pump();
                offsets.commitIfDue(false);
                // Written before this read, as a settling delivery adds then reads: one of the two sees the other.
                if (waiting && !settled.isEmpty()) {
                    continue;
                }
                if (quiet()) {
                    rest();
                    continue;
                }
                try {
                    take(consumer.poll(POLL));
                } catch (WakeupException woken) {
                    // a delivery settled, or stop() was called: loop around
                }
            }
            settle();
            offsets.commitIfDue(true);
        } catch (RuntimeException e) {
            LOG.errorf("trigger=%s consumer failed: %s", trigger.name(), e.toString());
        } finally {
            closeInstrumentation();
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    /**
     * Hands pending records to the dispatcher as the delivery order allows; true when some must wait for a
     * delivery in flight to settle.
     */
    private boolean pump() {
        boolean blocked = false;
        for (Map.Entry<TopicPartition, PartitionProgress> e : partitions.entrySet()) {
            PartitionProgress p = e.getValue();
            while (!p.pending.isEmpty() && inFlight < maxInFlight && (!trigger.ordered() || p.inFlight == 0)) {
                ConsumerRecord<String, byte[]> record = p.pending.poll();
                CompletableFuture<Void> delivery = dispatcher.dispatch(record);
                if (delivery.isDone()) {
                    // Not for this Trigger (or not an event): settled without leaving this thread.
                    p.unsettled.remove(record.offset());
                    continue;
                }
                p.inFlight++;
                inFlight++;
                delivery.whenComplete((ok, error) -> {
                    settled.add(record);
                    if (waiting) {
                        consumer.wakeup();
                    }
                });
            }
            blocked |= !p.pending.isEmpty();
            boolean full = p.pending.size() >= MAX_PENDING_PER_PARTITION;
            if (full && !p.paused) {
                consumer.pause(List.of(e.getKey()));
                p.paused = true;
            } else if (!full && p.paused) {
                consumer.resume(List.of(e.getKey()));
                p.paused = false;
            }
        }
        return blocked;
    }

    /** Queues polled records for dispatch; any record counts as activity. */
    private void take(ConsumerRecords<String, byte[]> records) {
        if (!records.isEmpty()) {
            lastActive = System.nanoTime();
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            PartitionProgress p = partitions.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                    tp -> new PartitionProgress());
            p.pending.add(record);
            p.unsettled.add(record.offset());
            p.next = record.offset() + 1;
        }
    }

    /** Nothing polled for the rest period, nothing pending, nothing in flight. */
    private boolean quiet() {
        return restAfterNanos > 0 && inFlight == 0 && settled.isEmpty()
                && System.nanoTime() - lastActive > restAfterNanos
                && partitions.values().stream().allMatch(p -> p.pending.isEmpty());
    }

    /**
     * Pauses every partition until the watch sees a record. Registered with the watch first, then checked for lag:
     * a record appended after the check is one the watch fetches.
     */
    private void rest() {
        woken = false;
        CompletableFuture<Void> armed = watch.rest(wake);
        try {
            armed.get(10, TimeUnit.SECONDS);
            offsets.commitIfDue(true);
            if (offsets.lagging()) {
                watch.cancel(wake);
                lastActive = System.nanoTime();
                return;
            }
            LOG.debugf("trigger=%s rests", trigger.name());
            resting = true;
            consumer.pause(consumer.assignment());
            while (running && !woken) {
                try {
                    ConsumerRecords<String, byte[]> records = consumer.poll(REST_POLL);
                    if (!records.isEmpty()) {
                        // Fetched before a pause took effect: dispatched like any other.
                        take(records);
                        break;
                    }
                } catch (WakeupException e) {
                    // woken, or stopped
                }
            }
        } catch (WakeupException e) {
            // woken while checking its lag: records arrived
        } catch (TimeoutException | ExecutionException e) {
            LOG.warnf("trigger=%s cannot rest: its topic's watch did not answer (%s)", trigger.name(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            resting = false;
            watch.cancel(wake);
            consumer.resume(consumer.assignment().stream()
                    .filter(tp -> partitions.get(tp) == null || !partitions.get(tp).paused).toList());
            lastActive = System.nanoTime();
        }
    }

    private void wake() {
        woken = true;
        consumer.wakeup();
    }

    private void settle() {
        ConsumerRecord<String, byte[]> record;
        while ((record = settled.poll()) != null) {
            PartitionProgress p = partitions.get(new TopicPartition(record.topic(), record.partition()));
            if (p != null) {
                inFlight--;
                p.inFlight--;
                p.unsettled.remove(record.offset());
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            settle();
            offsets.commitIfDue(true);
            // What was in flight on these partitions is redelivered by their next owner.
            revoked.forEach(partitions::remove);
            inFlight = partitions.values().stream().mapToInt(p -> p.inFlight).sum();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            LOG.debugf("trigger=%s assigned=%s", trigger.name(), assigned);
            if (resting) {
                consumer.pause(assigned);
            }
        }
    }

    public void stop() {
        running = false;
        wake();
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean running() {
        return running;
    }
}
