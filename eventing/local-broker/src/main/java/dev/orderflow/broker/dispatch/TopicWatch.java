package dev.orderflow.broker.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Lets the Trigger consumers of a quiet topic rest: instead of each of them asking Kafka for records ten times a
 * second (their short fetch wait keeps deliveries prompt under load), one consumer without a group waits on the
 * topic's end with a long fetch, and wakes every resting Trigger consumer when a record arrives. A fetch returns as
 * soon as a record is appended, so the first event after a quiet spell is as prompt as before.
 *
 * <pre>
 * Trigger consumer: quiet ─▶ rest(wake) ─▶ armed ─▶ no lag? ─▶ pause, poll ─ … ─▶ woken ─▶ resume
 * watch:            first rest ─▶ seek to the end, armed ─▶ long fetch ─▶ a record ─▶ wake all ─▶ none rest: idle
 * </pre>
 *
 * No record is missed: a consumer registers before it checks its lag, and the watch completes the registration only
 * once its own position is resolved, at or before the topic's end; any record appended after the lag check is at or
 * after that position, so the watch fetches it and wakes the consumer.
 */
public final class TopicWatch implements Runnable, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicWatch.class);
    /**
     * How long one fetch waits on a quiet topic: at most one request per this period while the flow is idle. Kafka
     * answers a waiting fetch as soon as a record is appended, so a longer wait costs no latency, only fewer requests
     * for an idle flow's Kafka to serve (docs/benchmarks.md, "An idle flow").
     */
    static final Duration LONG_POLL = Duration.ofSeconds(5);
    private static final Duration BACK_OFF = Duration.ofSeconds(1);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Resting> resting = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private boolean armed;

    /** One consumer at rest: woken by {@code wake}; {@code armed} completes when the watch covers it. */
    private record Resting(Runnable wake, CompletableFuture<Void> armed) {
    }

    public TopicWatch(String topic, String bootstrapServers) {
        this.topic = topic;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "orderflow-watch-" + topic);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(LONG_POLL.toMillis()));
        // Only whether a record arrived matters: one is enough.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Registers a consumer about to rest; {@code wake} runs once, on the watch's thread, when a record arrives on the
     * topic after the returned future completed. Call {@link #cancel} to leave without being woken.
     */
    public CompletableFuture<Void> rest(Runnable wake) {
        Resting entry = new Resting(wake, new CompletableFuture<>());
        synchronized (this) {
            resting.add(entry);
            if (armed) {
                entry.armed.complete(null);
            }
            notifyAll();
        }
        return entry.armed;
    }

    public synchronized void cancel(Runnable wake) {
        resting.removeIf(r -> r.wake == wake);
    }

    @Override
    public void run() {
        Thread.currentThread().setName("watch-" + topic);
        try {
            while (running) {
                if (!awaitResting()) {
                    break;
                }
                try {
                    if (!armed) {
                        arm();
                    }
                    if (!consumer.poll(LONG_POLL).isEmpty()) {
                        wakeAll();
                    }
                } catch (WakeupException woken) {
                    // close() was called
                } catch (KafkaException e) {
                    // Kafka cannot be reached for now: the resting consumers fetch on their own until it can.
                    LOG.debugf("watch of %s: %s; resting consumers woken", topic, e.toString());
                    disarm();
                    wakeAll();
                    backOff();
                }
            }
        } finally {
            running = false;
            wakeAll();
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    /** Blocks while no consumer rests, without fetching; false once closed. */
    private boolean awaitResting() {
        synchronized (this) {
            while (running && resting.isEmpty()) {
                // Nothing to watch for: no fetches until a consumer rests again.
                disarm();
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return running;
        }
    }

    private synchronized void disarm() {
        if (armed) {
            consumer.unsubscribe();
            armed = false;
        }
    }

    private synchronized void backOff() {
        try {
            wait(BACK_OFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Takes every partition at its end; once each position is resolved, every resting consumer is covered. */
    private void arm() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        synchronized (this) {
            armed = true;
            resting.forEach(r -> r.armed.complete(null));
        }
    }

    private void wakeAll() {
        List<Resting> woken;
        synchronized (this) {
            woken = resting.stream().filter(r -> r.armed.isDone() || !running).toList();
            resting.removeAll(woken);
        }
        woken.forEach(r -> r.wake.run());
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        consumer.wakeup();
        stopped.await(10, TimeUnit.SECONDS);
    }
}
