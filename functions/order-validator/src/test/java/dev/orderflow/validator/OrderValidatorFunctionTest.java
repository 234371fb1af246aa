package dev.orderflow.validator;

import static dev.orderflow.testing.ReplyAssertions.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.junit.QuarkusTest;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.OrderPlacedV2;
import dev.orderflow.events.Sources;
import dev.orderflow.function.testing.CloudEventContractTest;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;
import dev.orderflow.testing.Reply;
import dev.orderflow.testing.Traceparents;

@QuarkusTest
class OrderValidatorFunctionTest extends CloudEventContractTest {

    @Override
    protected Event validEvent() {
        return Event.of(EventTypes.ORDER_PLACED, Orders.valid());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldEmitOrderValidatedWithTheTotalForAValidOrder(Mode mode) {
        Order order = Orders.valid();
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.ORDER_PLACED, order).traceparent(traceparent).post(mode);

        assertReply(reply, mode, traceparent, EventTypes.ORDER_VALIDATED, Sources.ORDER_VALIDATOR, order.orderId());
        assertThat(reply.data().getDouble("total")).isEqualTo(25.5);
        assertThat(reply.data().getString("order.customerId")).isEqualTo("customer-7");
        assertThat(reply.data().getList("order.lines")).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldEmitOrderRejectedWithEveryReasonForAnInvalidOrder(Mode mode) {
        Order valid = Orders.valid();
        Order order = Orders.shippedTo(Orders.withLines(valid, List.of(Orders.line("SKU-1", 0, "1.00"))), "XX", "1");
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.ORDER_PLACED, order).traceparent(traceparent).post(mode);

        assertReply(reply, mode, traceparent, EventTypes.ORDER_REJECTED, Sources.ORDER_VALIDATOR, order.orderId());
        assertThat(reply.data().getList("reasons", String.class)).containsExactly(
                "line 1: quantity 0 is not between 1 and 100",
                "the shop does not ship to 'XX' (ships to: AT, BE, DE, FR, GB, NL, US)");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRejectAnOrderMissingEverythingButItsId(Mode mode) {
        Order order = new Order(Orders.newOrderId(), null, null, null, null, null);
        Reply reply = Event.of(EventTypes.ORDER_PLACED, order).traceparent(Traceparents.random()).post(mode);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.type()).isEqualTo(EventTypes.ORDER_REJECTED);
        assertThat(reply.data().getList("reasons", String.class)).contains("customerId is missing",
                "currency is missing", "the order has no lines", "payment is missing", "shippingAddress is missing");
    }

    /** Version 2 during its rollout: validated as the v1 order it holds, so nothing downstream changes. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldValidateAV2OrderAsItsV1Order(Mode mode) {
        Order order = Orders.valid();
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.ORDER_PLACED_V2, OrderPlacedV2.of(order, "app")).traceparent(traceparent)
                .post(mode);

        assertReply(reply, mode, traceparent, EventTypes.ORDER_VALIDATED, Sources.ORDER_VALIDATOR, order.orderId());
        assertThat(reply.data().getDouble("total")).isEqualTo(25.5);
        assertThat(reply.data().getString("order.customerId")).isEqualTo("customer-7");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseAV2OrderWithoutTheChannelV2Requires(Mode mode) {
        Reply reply = Event.of(EventTypes.ORDER_PLACED_V2, OrderPlacedV2.of(Orders.valid(), " "))
                .traceparent(Traceparents.random()).post(mode);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("data of " + EventTypes.ORDER_PLACED_V2 + " is missing required field channel");
    }
}
