package dev.orderflow.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.CloseOptions;
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

import dev.orderflow.events.EventTypes;
import dev.orderflow.harness.OrderFlow;

/**
 * Tails what the broker stored: every partition of its topic and of the dead-letter topic, from their end at the
 * moment the tail starts. An order's terminal event is done when Kafka holds it, so its record's timestamp (set when
 * the broker published the notifier's reply) is when the order ended.
 */
final class TerminalTail implements AutoCloseable {

    private static final String TYPE_HEADER = "ce_type";

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread poller;
    private volatile OrderRun run;
    private volatile boolean running = true;
    private final int partitions;

    TerminalTail(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // A fetch returns as soon as a record arrives; while the flow is idle, the bench's own fetches would be part
        // of what the broker's Kafka does (the idle probe), twice a second at Kafka's default wait.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        int brokerTopicPartitions = 0;
        for (String topic : List.of(OrderFlow.TOPIC, OrderFlow.DEAD_LETTER_TOPIC)) {
            List<PartitionInfo> infos = Awaitility.await("topic " + topic).atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.partitionsFor(topic, Duration.ofSeconds(2)), l -> l != null && !l.isEmpty());
            infos.forEach(info -> assigned.add(new TopicPartition(topic, info.partition())));
            if (topic.equals(OrderFlow.TOPIC)) {
                brokerTopicPartitions = infos.size();
            }
        }
        this.partitions = brokerTopicPartitions;
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        // seekToEnd is lazy: resolve the positions now, so nothing posted from here on is missed.
        assigned.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30)));
        poller = new Thread(this::poll, "terminal-tail");
        poller.setDaemon(true);
        poller.start();
    }

    /** The partition count of the broker's topic, for the baseline's topic. */
    int partitions() {
        return partitions;
    }

    /** Records from now on are matched against {@code run}'s orders. */
    void follow(OrderRun run) {
        this.run = run;
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    OrderRun current = run;
                    String key = record.key();
                    if (current == null || key == null || !key.startsWith(current.tag())) {
                        continue;
                    }
                    if (record.topic().equals(OrderFlow.DEAD_LETTER_TOPIC)) {
                        current.deadLettered.incrementAndGet();
                        continue;
                    }
                    current.event(key);
                    String type = header(record, TYPE_HEADER);
                    if (type != null && EventTypes.TERMINAL.contains(type)) {
                        current.terminal(key, record.timestamp(), type.equals(EventTypes.ORDER_COMPLETED));
                    }
                }
            }
        } catch (WakeupException closing) {
            // closed
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
