package dev.orderflow.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.orderflow.events.EventTypes;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;
import dev.orderflow.function.testing.OtlpReceiver;

/** With an OTLP endpoint configured, the function's spans are exported to it (the exporter is shared code). */
@QuarkusTest
@WithTestResource(OtlpReceiver.class)
class OtlpExportTest {

    @Test
    void shouldExportTheEventSpanOverOtlpHttpWhenAnEndpointIsConfigured() {
        Event event = Event.of(EventTypes.ORDER_PLACED, Orders.valid());
        assertThat(event.post(Mode.BINARY).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> OtlpReceiver.exports().stream()
                .anyMatch(e -> e.mentions(event.id())));
        OtlpReceiver.Export export = OtlpReceiver.exports().stream().filter(e -> e.mentions(event.id())).findFirst()
                .orElseThrow();
        assertThat(export.path()).isEqualTo("/v1/traces");
        assertThat(export.contentType()).isEqualTo("application/x-protobuf");
        assertThat(export.mentions("CloudEvents Process " + EventTypes.ORDER_PLACED)).isTrue();
    }
}
