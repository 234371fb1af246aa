package dev.orderflow.e2e.harness;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One packaged function in a process of its own, on a free port. */
public final class FunctionProcess implements AutoCloseable {

    public static final List<String> ALL = List.of("order-validator", "payment", "inventory", "shipping",
            "order-notifier");

    private final String name;
    private final int port;
    private final ManagedProcess process;

    public FunctionProcess(Path dir, String name) {
        this.name = name;
        this.port = Project.freePort();
        this.process = new ManagedProcess(name, List.of(Project.java(), "-Xmx128m", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port, "-jar", Project.functionJar(name).toString()), Map.of(),
                dir.resolve(name + ".log"));
    }

    public FunctionProcess start() {
        process.start();
        return this;
    }

    public FunctionProcess awaitReady() {
        process.awaitReady(Duration.ofSeconds(60), this::ready);
        return this;
    }

    public boolean ready() {
        return given().port(port).get("/q/health/ready").statusCode() == 200;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop();
    }
}
