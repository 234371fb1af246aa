package dev.orderflow.harness;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.orderflow.local.Launch;
import dev.orderflow.local.LocalTopology;

/** One packaged function in a process of its own, on a free port. */
public final class FunctionProcess implements AutoCloseable {

    /** The functions of knative/, the one list of them. */
    public static final List<String> ALL = LocalTopology.of(Project.ROOT).functions().stream()
            .map(LocalTopology.Component::name).toList();

    private final String name;
    private final int port;
    private final ManagedProcess process;

    public FunctionProcess(Path dir, String name) {
        this(dir, name, defaultLaunch(name), false);
    }

    /** How the tests start a function: its packaged jar, no archive. */
    public static Launch defaultLaunch(String name) {
        return Launch.plain(LocalTopology.functionApp(Project.ROOT, name)).withOptions(List.of("-Xmx128m",
                "-XX:+UseSerialGC"));
    }

    /** A function started as {@code launch} says; {@code training} records its startup archive on exit. */
    public FunctionProcess(Path dir, String name, Launch launch, boolean training) {
        this.name = name;
        this.port = Project.freePort();
        List<String> port = List.of("-Dquarkus.http.port=" + this.port);
        List<String> command = training ? launch.training(port) : launch.command(port);
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
