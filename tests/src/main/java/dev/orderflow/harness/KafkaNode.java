package dev.orderflow.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
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
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Kafka (KRaft) in a process of its own, from the Kafka jars on the test classpath, so a test can
 * kill it and start it again on the same data. Its configuration is {@code kafka/server.properties}.
 */
public final class KafkaNode implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final ManagedProcess process;

    public KafkaNode(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = Project.freePort();
        this.controllerPort = Project.freePort();
        Path config = writeConfig();
        format(config);
        this.process = new ManagedProcess("kafka", List.of(Project.java(), "-Xmx512m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "kafka.Kafka", config.toString()), Map.of(), dir.resolve("kafka.log"));
    }

    public KafkaNode start() {
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

    private Path writeConfig() {
        try (var template = KafkaNode.class.getResourceAsStream("/kafka/server.properties")) {
            Properties p = new Properties();
            p.load(template);
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.put("log.dirs", dir.resolve("data").toString());
            Path config = dir.resolve("server.properties");
            try (Writer out = Files.newBufferedWriter(config)) {
                p.store(out, "written by the e2e suite");
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format(Path config) {
        try {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(config)) {
                p.load(in);
            }
            Formatter formatter = new Formatter()
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(p.getProperty("log.dirs"))
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()));
            formatter.addDirectory(p.getProperty("log.dirs"));
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory in " + dir, e);
        }
    }

    @Override
    public void close() {
        process.stop();
    }
}
