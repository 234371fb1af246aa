package dev.orderflow.harness;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
        this(dir, name, defaultLaunch(name), false);
    }

    /** How the tests start a function: its packaged jar, no archive. */
    static Launch defaultLaunch(String name) {
        return Launch.plain(name).withOptions(List.of("-Xmx128m", "-XX:+UseSerialGC"));
    }

    /** A function started as {@code launch} says; {@code training} records its startup archive on exit. */
    public FunctionProcess(Path dir, String name, Launch launch, boolean training) {
        this.name = name;
        this.port = Project.freePort();
        List<String> command = new ArrayList<>(training ? launch.training() : launch.command(List.of()));
        command.add(command.size() - 2, "-Dquarkus.http.port=" + port);
        this.process = new ManagedProcess(name, command, Map.of(), dir.resolve(name + ".log"), launch.app());
    }

    public int port() {
        return port;
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
