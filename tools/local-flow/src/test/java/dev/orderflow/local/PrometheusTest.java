package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.orderflow.manifest.ManifestFixtures;

/** The scrape configuration up --observe gives Prometheus: every component of the flow, as Prometheus reads it. */
class PrometheusTest {

    static final LocalTopology TOPOLOGY = LocalTopology.of(ManifestFixtures.repositoryDirectory());

    @TempDir
    Path runDir;

    @Test
    void shouldTargetEveryComponentOfTheFlowOnItsPort() {
        String targets = Prometheus.targets(TOPOLOGY);

        for (LocalTopology.Component c : TOPOLOGY.all()) {
            assertThat(targets).contains("\"127.0.0.1:" + c.port() + "\"], \"labels\": {\"component\": \"" + c.name());
        }
    }

    @Test
    void shouldWriteAConfigurationThatPromtoolAccepts() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "Debian's prometheus package brings promtool");
        Path config = Prometheus.writeConfig(TOPOLOGY, runDir);

        Process check = new ProcessBuilder(promtool.toString(), "check", "config", config.toString())
                .redirectErrorStream(true).start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(check.getInputStream().readAllBytes());

        assertThat(check.exitValue()).as(output).isZero();
        assertThat(runDir.resolve("prometheus-targets.json")).exists();
    }
}
