package dev.orderflow.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The flow's single-node Kafka ({@code dev.orderflow.kafka.KafkaNode} of tools/local-flow) in a process of its own, so
 * a test can kill it and start it again on the same data and ports.
 */
public final class KafkaProcess implements AutoCloseable {

    private final int port;
    private final int controllerPort;
    private final ManagedProcess process;

    public KafkaProcess(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = Project.freePort();
        this.controllerPort = Project.freePort();
        this.process = new ManagedProcess("kafka", List.of(Project.java(), "-Xmx512m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.orderflow.kafka.KafkaNode", dir.resolve("data").toString(), String.valueOf(port),
                String.valueOf(controllerPort)), Map.of(), dir.resolve("kafka.log"));
    }

    public KafkaProcess start() {
        process.start().awaitReady(Duration.ofSeconds(60), this::answers);
        return this;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public void kill() {
        process.kill();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ManagedProcess process() {
        return process;
    }

    /**
     * True when every consumer group has committed the end of {@code topic}: its Trigger settled every event there,
     * so nothing more will be delivered for what was posted so far.
     */
    public boolean caughtUp(String topic, List<String> groups) {
        try (Admin admin = Admin.create(adminProperties())) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata offset = committed.get(tp);
                    if (ends.get(tp).offset() > 0 && (offset == null || offset.offset() < ends.get(tp).offset())) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Properties adminProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        return p;
    }

    private boolean answers() {
        try (Admin admin = Admin.create(adminProperties())) {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.stop();
    }
}
