package dev.orderflow.notifier;

import static dev.orderflow.testing.ReplyAssertions.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.Sources;
import dev.orderflow.function.testing.CloudEventContractTest;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;
import dev.orderflow.testing.Reply;
import dev.orderflow.testing.Traceparents;

@QuarkusTest
class OrderNotifierFunctionTest extends CloudEventContractTest {

    @Override
    protected Event validEvent() {
        return Event.of(EventTypes.SHIPMENT_SCHEDULED, Orders.scheduled(Orders.newOrderId()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldEmitOrderCompletedForAScheduledShipment(Mode mode) {
        String orderId = Orders.newOrderId();
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.SHIPMENT_SCHEDULED, Orders.scheduled(orderId)).traceparent(traceparent)
                .post(mode);

        assertReply(reply, mode, traceparent, EventTypes.ORDER_COMPLETED, Sources.ORDER_NOTIFIER, orderId);
        assertThat(reply.data().getString("carrier")).isEqualTo("DHL");
        assertThat(reply.data().getString("trackingId")).isEqualTo("DHL-" + orderId);
        assertThat(reply.data().getString("estimatedDelivery")).isEqualTo("2026-12-01");
    }

    static Stream<Arguments> cancellations() {
        return Stream.of(Mode.values()).flatMap(mode -> {
            String rejected = Orders.newOrderId();
            String declined = Orders.newOrderId();
            String refunded = Orders.newOrderId();
            return Stream.of(
                    Arguments.of(mode, EventTypes.ORDER_REJECTED, Orders.rejected(rejected, "currency is missing"),
                            "order rejected: currency is missing"),
                    Arguments.of(mode, EventTypes.PAYMENT_DECLINED, Orders.declined(declined, "card declined"),
                            "payment declined: card declined"),
                    Arguments.of(mode, EventTypes.PAYMENT_REFUNDED, Orders.refunded(refunded, "out of stock: SOLD-OUT"),
                            "out of stock: SOLD-OUT; payment of 25.50 EUR refunded"));
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cancellations")
    void shouldEmitOrderCancelledWithTheReason(Mode mode, String type, OrderEvent data, String reason) {
        String traceparent = Traceparents.random();

        Reply reply = Event.of(type, data).traceparent(traceparent).post(mode);

        assertReply(reply, mode, traceparent, EventTypes.ORDER_CANCELLED, Sources.ORDER_NOTIFIER, data.orderId());
        assertThat(reply.data().getString("reason")).isEqualTo(reason);
        assertThat(reply.data().getString("cause")).isEqualTo(type);
    }
}
