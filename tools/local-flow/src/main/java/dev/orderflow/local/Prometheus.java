package dev.orderflow.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local flow's metrics store ({@code scripts/run.sh up --observe}): Debian's Prometheus scraping the broker and
 * every function at {@code /q/metrics}, with the scrape configuration this module keeps ({@code prometheus.yml}) and
 * the targets of the {@link LocalTopology}. Optional: without the package, the flow runs and says how to add it.
 */
final class Prometheus {

    static final String NAME = "prometheus";
    static final int PORT = 9090;
    static final String UI = "http://127.0.0.1:" + PORT + "/";
    private static final String CONFIG = "prometheus.yml";

    private Prometheus() {
    }

    /** The prometheus binary on the PATH, if the package is installed. */
    static Optional<Path> binary() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(dir -> Path.of(dir, NAME))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * The command that runs Prometheus on the flow's configuration, written into {@code runDir}. Prometheus takes no
     * flag it does not know, so the component's marker is its process name ({@code exec -a}).
     */
    static List<String> command(Path binary, LocalTopology topology, Path runDir) {
        Path config = writeConfig(topology, runDir);
        return List.of("bash", "-c", "exec -a \"$0\" \"$@\"", Supervisor.marker(NAME), binary.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + runDir.resolve(NAME),
                "--storage.tsdb.retention.time=1d", "--web.listen-address=127.0.0.1:" + PORT, "--log.level=warn");
    }

    static Path writeConfig(LocalTopology topology, Path runDir) {
        try (InputStream template = Prometheus.class.getResourceAsStream(CONFIG)) {
            Files.createDirectories(runDir);
            Path config = runDir.resolve(CONFIG);
            Files.write(config, template.readAllBytes());
            Files.writeString(runDir.resolve("prometheus-targets.json"), targets(topology));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prometheus's file-based discovery: each component's address, labelled with its name. */
    static String targets(LocalTopology topology) {
        return topology.all().stream()
                .map(c -> "  {\"targets\": [\"127.0.0.1:" + c.port() + "\"], \"labels\": {\"component\": \"" + c.name()
                        + "\"}}")
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
    }

    static boolean ready() {
        return Supervisor.answersOk("http://127.0.0.1:" + PORT + "/-/ready");
    }
}
