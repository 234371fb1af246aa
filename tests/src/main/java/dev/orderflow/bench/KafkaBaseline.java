package dev.orderflow.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * The ceiling the end-to-end figures are read against: how fast this Kafka takes and hands back the same number of
 * records as the orders of a run produced (six events an order, about 1 KiB each), with nothing else in the way.
 * One producer with the broker's own settings (acks=all, idempotent, linger 1 ms, 64 KiB batches) writes as fast as
 * it can into a fresh topic with the broker topic's partition count, while one consumer reads them back; the rate is
 * records over the time from the first send to the last record read.
 */
final class KafkaBaseline {

    static final int EVENTS_PER_ORDER = 6;
    static final int RECORD_BYTES = 1024;

    /** One baseline run. */
    record Result(long records, double seconds) {

        double recordsPerSecond() {
            return records / seconds;
        }

        double ordersPerSecond() {
            return recordsPerSecond() / EVENTS_PER_ORDER;
        }
    }

    private final String bootstrapServers;

    KafkaBaseline(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    Result run(long records, int partitions) {
        String topic = "bench-baseline-" + System.nanoTime();
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                return produceAndConsume(topic, records);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                // The next run starts once Kafka has let go of this one's hundreds of megabytes.
                Awaitility.await("deletion of " + topic).atMost(Duration.ofSeconds(60))
                        .until(() -> !admin.listTopics().names().get(5, TimeUnit.SECONDS).contains(topic));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("the Kafka baseline failed: " + e, e);
        }
    }

    private Result produceAndConsume(String topic, long records) throws Exception {
        byte[] value = new byte[RECORD_BYTES];
        ThreadLocalRandom.current().nextBytes(value);
        AtomicLong consumed = new AtomicLong();
        CompletableFuture<Long> lastRead = new CompletableFuture<>();
        AtomicReference<Exception> sendError = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new ByteArraySerializer());
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                        new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30)));
            Thread reader = new Thread(() -> {
                try {
                    while (consumed.get() < records && !lastRead.isDone()) {
                        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(100));
                        if (consumed.addAndGet(batch.count()) >= records) {
                            lastRead.complete(System.nanoTime());
                        }
                    }
                } catch (RuntimeException e) {
                    lastRead.completeExceptionally(e);
                }
            }, "baseline-consumer");
            reader.start();
            long started = System.nanoTime();
            for (long i = 0; i < records && sendError.get() == null; i++) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "order-" + i / EVENTS_PER_ORDER, value);
                record.headers().add("ce_type", "dev.orderflow.bench.v1".getBytes(StandardCharsets.UTF_8));
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        sendError.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
            if (sendError.get() != null) {
                lastRead.complete(-1L);
                reader.join(10_000);
                throw sendError.get();
            }
            long ended;
            try {
                ended = lastRead.get(5, TimeUnit.MINUTES);
            } finally {
                lastRead.complete(-1L);
                reader.join(10_000);
            }
            return new Result(records, (ended - started) / 1e9);
        }
    }

    private Properties adminProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
        return p;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return p;
    }
}
