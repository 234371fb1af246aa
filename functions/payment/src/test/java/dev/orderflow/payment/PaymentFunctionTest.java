package dev.orderflow.payment;

import static dev.orderflow.testing.ReplyAssertions.assertRefused;
import static dev.orderflow.testing.ReplyAssertions.assertUnavailableForAWhile;
import static dev.orderflow.testing.ReplyAssertions.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

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
class PaymentFunctionTest extends CloudEventContractTest {

    @Override
    protected Event validEvent() {
        return Event.of(EventTypes.ORDER_VALIDATED, Orders.validated(Orders.valid()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldEmitPaymentAuthorizedWithAMaskedTokenWhenTheGatewayApproves(Mode mode) {
        Order order = Orders.valid();
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.ORDER_VALIDATED, Orders.validated(order)).traceparent(traceparent).post(mode);

        assertReply(reply, mode, traceparent, EventTypes.PAYMENT_AUTHORIZED, Sources.PAYMENT, order.orderId());
        assertThat(reply.data().getString("authorizationId")).startsWith("auth-");
        assertThat(reply.data().getDouble("amount")).isEqualTo(25.5);
        assertThat(reply.data().getString("order.payment.token")).isEqualTo("*********4242");
        assertThat(reply.body()).doesNotContain(Orders.APPROVED_TOKEN);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldEmitPaymentDeclinedWhenTheCardIsDeclined(Mode mode) {
        Order order = Orders.paidWith(Orders.valid(), "tok_declined");
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.ORDER_VALIDATED, Orders.validated(order)).traceparent(traceparent).post(mode);

        assertReply(reply, mode, traceparent, EventTypes.PAYMENT_DECLINED, Sources.PAYMENT, order.orderId());
        assertThat(reply.data().getString("reason")).isEqualTo("card declined");
        assertThat(reply.body()).doesNotContain("tok_declined");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldEmitPaymentDeclinedForInsufficientFundsOverTheAvailableAmount(Mode mode) {
        Order order = Orders.withLines(Orders.valid(), List.of(Orders.line("SKU-1", 11, "100.00")));
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.ORDER_VALIDATED, Orders.validated(order)).traceparent(traceparent).post(mode);

        assertReply(reply, mode, traceparent, EventTypes.PAYMENT_DECLINED, Sources.PAYMENT, order.orderId());
        assertThat(reply.data().getString("reason"))
                .isEqualTo("insufficient funds: 1100.00 EUR exceeds the available 1000.00");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldEmitPaymentRefundedWhenInventoryIsUnavailable(Mode mode) {
        Order order = Orders.valid();
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.INVENTORY_UNAVAILABLE, Orders.unavailable(order, "SKU-2"))
                .traceparent(traceparent).post(mode);

        assertReply(reply, mode, traceparent, EventTypes.PAYMENT_REFUNDED, Sources.PAYMENT, order.orderId());
        assertThat(reply.data().getString("authorizationId")).isEqualTo("auth-" + order.orderId());
        assertThat(reply.data().getString("refundId")).startsWith("refund-");
        assertThat(reply.data().getString("reason")).isEqualTo("out of stock: SKU-2");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldAnswer503WhenTheGatewayIsUnavailableSoTheBrokerRetries(Mode mode) {
        Order order = Orders.paidWith(Orders.valid(), "tok_gateway_down");
        Reply reply = Event.of(EventTypes.ORDER_VALIDATED, Orders.validated(order)).post(mode);
        assertUnavailableForAWhile(reply, "payment gateway unavailable");
    }
}
