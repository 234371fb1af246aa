package dev.orderflow.harness;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.orderflow.local.LocalTopology;

/** The packaged local broker in a process of its own, on an external Kafka, serving a manifest directory. */
public final class LocalBroker implements AutoCloseable {

    private final int port;
    private final ManagedProcess process;

    public LocalBroker(Path dir, String bootstrapServers, Path manifests, Map<String, String> subscribers) {
        this(dir, bootstrapServers, manifests, subscribers, Map.of());
    }

    /** {@code properties} are extra system properties, such as {@code orderflow.broker.max-event-size}. */
    public LocalBroker(Path dir, String bootstrapServers, Path manifests, Map<String, String> subscribers,
            Map<String, String> properties) {
        this.port = Project.freePort();
        List<String> command = new ArrayList<>(List.of(Project.java(), "-Xmx384m", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port,
                "-Dorderflow.kafka.bootstrap-servers=" + bootstrapServers,
                "-Dorderflow.broker.manifests=" + manifests));
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
