package dev.orderflow.harness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;

/**
 * Everything written to some topics, read back with a plain Kafka consumer from the first offset: what the broker
 * stored is the truth a test checks, not what any component says about it.
 */
public final class EventStream implements AutoCloseable {

    /** One record as stored: where, its key, the CloudEvent it holds and its Kafka headers. */
    public record Seen(String topic, int partition, long offset, String key, CloudEvent event,
            Map<String, String> headers) {

        public String type() {
            return event.getType();
        }

        public String subject() {
            return event.getSubject();
        }

        public String extension(String name) {
            Object value = event.getExtension(name);
            return value == null ? null : value.toString();
        }

        /** The trace id of the record's W3C traceparent header. */
        public String traceId() {
            String traceparent = headers.get("traceparent");
            return traceparent == null ? null : traceparent.split("-")[1];
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public EventStream(String bootstrapServers, String... topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = Awaitility.await("topic " + topic).atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.partitionsFor(topic, Duration.ofSeconds(2)), list -> list != null && !list.isEmpty());
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        poller = new Thread(this::poll, "event-stream");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header h : record.headers()) {
                        headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                    }
                    seen.add(new Seen(record.topic(), record.partition(), record.offset(), record.key(),
                            KafkaMessageFactory.createReader(record).toEvent(), headers));
                }
            }
        } catch (WakeupException stopping) {
            // closed
        } catch (RuntimeException e) {
            // Kafka went away for good: the test's own conditions time out and say so
        } finally {
            consumer.close();
        }
    }

    public List<Seen> all() {
        return List.copyOf(seen);
    }

    public List<Seen> ofSubject(String subject) {
        return seen.stream().filter(s -> subject.equals(s.subject())).toList();
    }

    public List<Seen> ofTopic(String topic) {
        return seen.stream().filter(s -> topic.equals(s.topic())).toList();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
