package dev.orderflow.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real OCI registry on loopback (Debian's {@code docker-registry}, the CNCF distribution registry), its storage in
 * the test's directory: the same push and pull path a user takes to theirs, over plain HTTP.
 */
public final class LocalRegistry implements AutoCloseable {

    private static final String BINARY = "/usr/bin/docker-registry";

    private final int port = Project.freePort();
    private final ManagedProcess process;
    private final HttpClient http = HttpClient.newHttpClient();

    public LocalRegistry(Path dir) {
        try {
            Files.createDirectories(dir.resolve("storage"));
            Path config = Files.writeString(dir.resolve("config.yml"), """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(dir.resolve("storage"), port));
            this.process = new ManagedProcess("registry", List.of(BINARY, "serve", config.toString()), Map.of(),
                    dir.resolve("registry.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LocalRegistry start() {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install docker-registry (.ci/run does)");
        }
        process.start().awaitReady(Duration.ofSeconds(30), () -> get("/v2/").statusCode() == 200);
        return this;
    }

    /** {@code 127.0.0.1:<port>}: the registry part of an image reference. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** A registry API call, e.g. {@code /v2/_catalog} or {@code /v2/<name>/tags/list}. */
    public HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + host() + path)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.stop();
    }
}
