package dev.orderflow.shipping;

import static dev.orderflow.testing.ReplyAssertions.assertRefused;
import static dev.orderflow.testing.ReplyAssertions.assertUnavailableForAWhile;
import static dev.orderflow.testing.ReplyAssertions.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.junit.QuarkusTest;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.Sources;
import dev.orderflow.function.testing.CloudEventContractTest;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;
import dev.orderflow.testing.Reply;
import dev.orderflow.testing.Traceparents;

@QuarkusTest
class ShippingFunctionTest extends CloudEventContractTest {

    @Override
    protected Event validEvent() {
        return Event.of(EventTypes.INVENTORY_RESERVED, Orders.reserved(Orders.valid()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldEmitShipmentScheduledWithCarrierTrackingAndDelivery(Mode mode) {
        Order order = Orders.shippedTo(Orders.valid(), "US", "10001");
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.INVENTORY_RESERVED, Orders.reserved(order))
                .attribute("time", "2026-11-26T23:30:00-02:00").traceparent(traceparent).post(mode);

        assertReply(reply, mode, traceparent, EventTypes.SHIPMENT_SCHEDULED, Sources.SHIPPING, order.orderId());
        assertThat(reply.data().getString("carrier")).isEqualTo("UPS");
        assertThat(reply.data().getString("trackingId")).startsWith("UPS-");
        // 01:30 UTC on the 27th, plus UPS's four days.
        assertThat(reply.data().getString("estimatedDelivery")).isEqualTo("2026-12-01");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldAnswer503WhenTheCarrierIsUnreachableSoTheBrokerRetries(Mode mode) {
        Order order = Orders.shippedTo(Orders.valid(), "DE", "00000");
        assertUnavailableForAWhile(Event.of(EventTypes.INVENTORY_RESERVED, Orders.reserved(order)).post(mode),
                "carrier booking system unavailable");
    }
}
