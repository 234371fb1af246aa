package dev.orderflow.redrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.orderflow.manifest.ManifestFixtures;

/**
 * Which dead letters a redrive takes and what it takes off them, and what it refuses to do on a cluster (the
 * KafkaSource itself is checked by RedrivePlanTest).
 */
class RedriveCommandTest {

    static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    static final CloudEvent DEAD = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/orderflow/order-validator"))
            .withType("dev.orderflow.order.validated.v1").withSubject("order-1")
            .withExtension("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .withExtension("partitionkey", "order-1").withExtension("knativeerrordest", "http://payment")
            .withExtension("knativeerrorcode", "503").withExtension("knativeerrordata", "e30=").build();

    @Test
    void shouldTakeOffOnlyWhatTheDeadLetteringAdded() {
        CloudEvent redriven = Redrive.withoutErrorExtensions(DEAD);

        assertThat(redriven.getExtensionNames()).containsExactlyInAnyOrder("traceparent", "partitionkey");
        assertThat(redriven.getId()).isEqualTo("e-1");
        assertThat(redriven.getSource()).isEqualTo(DEAD.getSource());
        assertThat(redriven.getSubject()).isEqualTo("order-1");
    }

    @ParameterizedTest
    @CsvSource({ "90s, 2026-11-30T07:58:30Z", "10m, 2026-11-30T07:50:00Z", "2h, 2026-11-30T06:00:00Z",
            "1d, 2026-11-29T08:00:00Z", "PT10M, 2026-11-30T07:50:00Z", "2026-11-29T23:00:00Z, 2026-11-29T23:00:00Z" })
    void shouldReadATimeAsAnInstantOrAsATimeAgo(String value, Instant expected) {
        assertThat(RedriveFilter.time(value, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "yesterday", "10 m", "-5m", "2026-11-30" })
    void shouldRefuseATimeItCannotRead(String value) {
        assertThatThrownBy(() -> RedriveFilter.time(value, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + value + "' is neither an instant");
    }

    @Test
    void shouldSelectByTypeSubjectAndWindow() {
        Instant at = NOW.minusSeconds(60);
        assertThat(RedriveFilter.ALL.test(DEAD, at)).isTrue();
        assertThat(new RedriveFilter(Set.of("dev.orderflow.order.validated.v1"), Set.of(), null, null).test(DEAD, at)).isTrue();
        assertThat(new RedriveFilter(Set.of("dev.orderflow.order.placed.v1"), Set.of(), null, null).test(DEAD, at)).isFalse();
        assertThat(new RedriveFilter(Set.of(), Set.of("order-1", "order-2"), null, null).test(DEAD, at)).isTrue();
        assertThat(new RedriveFilter(Set.of(), Set.of("order-2"), null, null).test(DEAD, at)).isFalse();
        assertThat(new RedriveFilter(Set.of(), Set.of(), at, null).test(DEAD, at)).as("since is inclusive").isTrue();
        assertThat(new RedriveFilter(Set.of(), Set.of(), null, at).test(DEAD, at)).as("until is exclusive").isFalse();
    }

    @Test
    void shouldCountWhatItWouldRedriveWithoutPostingOnADryRun() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int refused = new Redrive(new PrintStream(out, true, StandardCharsets.UTF_8)).redrive(List.of(
                new Redrive.DeadLetter(NOW, DEAD)), new RedriveFilter(Set.of(), Set.of("order-9"), null, null),
                URI.create("http://127.0.0.1:1/nowhere"), true);

        assertThat(refused).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("would redrive 0 of 1 dead-lettered event(s)\n");
    }

    @Test
    void shouldRefuseAFilterOnTheClusterWhereAKafkaSourceHasNone() {
        String root = ManifestFixtures.repositoryDirectory().toString();
        assertThatThrownBy(() -> RedriveCommand.run(new String[] { root, "--cluster", "--type", "x" }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("a KafkaSource redrives the whole");
    }
}
