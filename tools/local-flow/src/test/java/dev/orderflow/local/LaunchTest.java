package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The commands a function starts with, in each packaging, and what the activator is told of them. */
class LaunchTest {

    private static final Path APP = Path.of("/repo/functions/payment/target/quarkus-app");

    @Test
    void shouldRecordAnAppCdsArchiveOnTrainingAndStartFromItAfterwards() {
        Launch launch = Packaging.APPCDS.launch(APP);

        assertThat(launch.training(List.of("-Dquarkus.http.port=8082"))).endsWith("-XX:ArchiveClassesAtExit=app.jsa",
                "-Dquarkus.http.port=8082", "-jar", "quarkus-run.jar");
        assertThat(launch.command(List.of("-Dquarkus.http.port=8082"))).containsSubsequence(
                Jvms.FUNCTION_OPTIONS.get(0), "-XX:SharedArchiveFile=app.jsa", "-Dquarkus.http.port=8082", "-jar",
                "quarkus-run.jar");
        assertThat(launch.archive()).isEqualTo(APP.resolve("app.jsa"));
    }

    @Test
    void shouldStartAPlainApplicationWithoutAnyArchive() {
        Launch launch = Packaging.PLAIN.launch(APP);

        assertThat(launch.archive()).isNull();
        assertThat(launch.archiveFresh()).isTrue();
        assertThat(launch.command(List.of())).noneMatch(word -> word.contains("Archive") || word.contains("AOT"))
                .containsAll(Jvms.FUNCTION_OPTIONS).endsWith("-jar", "quarkus-run.jar");
    }

    @Test
    void shouldRefuseAPackagingItDoesNotKnow() {
        assertThatThrownBy(() -> Packaging.chosen("native")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ORDERFLOW_PACKAGING is aot, appcds, plain or auto, not 'native'");
        assertThat(Packaging.chosen("plain")).isEqualTo(Packaging.PLAIN);
    }

    @Test
    void shouldGiveTheActivatorEachFunctionsCommandAndDirectory() {
        Map<String, String> properties = ActivatorConfig.properties(Duration.ofSeconds(30), Path.of("/run/pids"),
                Path.of("/run/logs"), Map.of("payment", new ActivatorConfig.Start(List.of("java", "-jar",
                        "quarkus-run.jar"), APP)));

        assertThat(properties).containsEntry("orderflow.broker.activator.enabled", "true")
                .containsEntry("orderflow.broker.activator.idle-window", "PT30S")
                .containsEntry("orderflow.broker.activator.services.payment.command", "java -jar quarkus-run.jar")
                .containsEntry("orderflow.broker.activator.services.payment.directory", APP.toString());
    }

    @Test
    void shouldRefuseACommandWordTheActivatorWouldSplit() {
        assertThatThrownBy(() -> ActivatorConfig.properties(Duration.ofSeconds(30), Path.of("/p"), Path.of("/l"),
                Map.of("payment", new ActivatorConfig.Start(List.of("java", "-Dname=a b"), APP))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-Dname=a b' holds a space");
    }
}
