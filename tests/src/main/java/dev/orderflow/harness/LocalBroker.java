package dev.orderflow.harness;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.orderflow.local.Jvms;
import dev.orderflow.local.LocalTopology;

/**
 * The packaged local broker in a process of its own, serving a manifest directory, on the java and with the JVM
 * options {@code scripts/run.sh} gives it: on an external Kafka, or with Kafka embedded as {@code scripts/run.sh up}
 * runs it.
 */
public final class LocalBroker implements AutoCloseable {

    private final int port;
    private final String bootstrapServers;
    private final ManagedProcess process;

    public LocalBroker(Path dir, String bootstrapServers, Path manifests, Map<String, String> subscribers) {
        this(dir, bootstrapServers, manifests, subscribers, Map.of());
    }

    /**
     * {@code properties} are extra system properties, such as {@code orderflow.broker.max-event-size};
     * {@code bootstrapServers} null embeds Kafka, its data in {@code dir/kafka}.
     */
    public LocalBroker(Path dir, String bootstrapServers, Path manifests, Map<String, String> subscribers,
            Map<String, String> properties) {
        this.port = Project.freePort();
        List<String> command = new ArrayList<>(Jvms.BROKER_JVM);
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dorderflow.broker.manifests=" + manifests));
        if (bootstrapServers == null) {
            int kafkaPort = Project.freePort();
            command.addAll(List.of("-Dorderflow.kafka.embedded-port=" + kafkaPort,
                    "-Dorderflow.kafka.embedded-controller-port=" + Project.freePort(),
                    "-Dorderflow.kafka.data-dir=" + dir.resolve("kafka")));
            this.bootstrapServers = "127.0.0.1:" + kafkaPort;
        } else {
            command.add("-Dorderflow.kafka.bootstrap-servers=" + bootstrapServers);
            this.bootstrapServers = bootstrapServers;
        }
        // What scripts/run.sh gives the broker too: the subscribers' addresses and the event log's notes.
        LocalTopology.brokerProperties(subscribers).forEach((name, value) -> command.add("-D" + name + "=" + value));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", Project.BROKER_JAR.toString()));
        this.process = new ManagedProcess("local-broker", command, Map.of(), dir.resolve("broker.log"));
    }

    public LocalBroker start() {
        process.start().awaitReady(Duration.ofSeconds(90), this::ready);
        return this;
    }

    public void kill() {
        process.kill();
    }

    public void stop() {
        process.stop();
    }

    public boolean ready() {
        return given().port(port).get("/q/health/ready").statusCode() == 200;
    }

    public int port() {
        return port;
    }

    /** The Kafka it uses: the external one, or its own. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The ingress of broker {@code namespace/name}. */
    public String url(String namespace, String name) {
        return "http://127.0.0.1:" + port + "/" + namespace + "/" + name;
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop();
    }
}
