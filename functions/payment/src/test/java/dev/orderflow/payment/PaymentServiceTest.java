package dev.orderflow.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.PaymentAuthorized;
import dev.orderflow.events.PaymentDeclined;
import dev.orderflow.events.PaymentRefunded;
import dev.orderflow.http.EventException;
import dev.orderflow.function.NextEvent;
import dev.orderflow.payment.impl.ConfiguredPaymentGateway;
import dev.orderflow.payment.impl.GatewayBehaviour;
import dev.orderflow.testing.Orders;

class PaymentServiceTest {

    record Behaviour(Set<String> declinedTokens, Set<String> unavailableTokens, BigDecimal availableFunds)
            implements GatewayBehaviour {
    }

    final PaymentService payments = new PaymentService(new ConfiguredPaymentGateway(
            new Behaviour(Set.of("tok_declined"), Set.of("tok_down"), new BigDecimal("100.00"))));

    @Test
    void shouldAuthorizeAndMaskTheTokenWhenTheGatewayApproves() {
        Order order = Orders.valid("o-1");
        NextEvent next = payments.authorize(Orders.validated(order));

        assertThat(next.type()).isEqualTo(EventTypes.PAYMENT_AUTHORIZED);
        PaymentAuthorized authorized = (PaymentAuthorized) next.data();
        assertThat(authorized.authorizationId()).startsWith("auth-");
        assertThat(authorized.amount()).isEqualTo(new BigDecimal("25.50"));
        assertThat(authorized.currency()).isEqualTo("EUR");
        assertThat(authorized.order().payment().token()).isEqualTo("*********4242");
        assertThat(payments.authorize(Orders.validated(order))).isEqualTo(next);
    }

    @Test
    void shouldEmitPaymentDeclinedWhenTheCardIsDeclined() {
        Order order = Orders.paidWith(Orders.valid("o-2"), "tok_declined");
        NextEvent next = payments.authorize(Orders.validated(order));
        assertThat(next.type()).isEqualTo(EventTypes.PAYMENT_DECLINED);
        assertThat(((PaymentDeclined) next.data()).reason()).isEqualTo("card declined");
    }

    @Test
    void shouldEmitPaymentDeclinedWhenTheAmountExceedsTheFunds() {
        Order order = Orders.withLines(Orders.valid("o-3"), List.of(Orders.line("SKU-1", 2, "60.00")));
        NextEvent next = payments.authorize(Orders.validated(order));
        assertThat(next.type()).isEqualTo(EventTypes.PAYMENT_DECLINED);
        assertThat(((PaymentDeclined) next.data()).reason())
                .isEqualTo("insufficient funds: 120.00 EUR exceeds the available 100.00");
    }

    @Test
    void shouldFailTransientlyWhenTheGatewayIsUnavailable() {
        Order order = Orders.paidWith(Orders.valid("o-4"), "tok_down");
        assertThatThrownBy(() -> payments.authorize(Orders.validated(order)))
                .isInstanceOfSatisfying(EventException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void shouldRefundTheAuthorizationOfAnOrderThatCannotBeFulfilled() {
        Order order = Orders.valid("o-5");
        NextEvent next = payments.refund(Orders.unavailable(order, "SKU-1", "SKU-2"));

        assertThat(next.type()).isEqualTo(EventTypes.PAYMENT_REFUNDED);
        PaymentRefunded refunded = (PaymentRefunded) next.data();
        assertThat(refunded.authorizationId()).isEqualTo("auth-o-5");
        assertThat(refunded.refundId()).startsWith("refund-");
        assertThat(refunded.amount()).isEqualTo(new BigDecimal("25.50"));
        assertThat(refunded.reason()).isEqualTo("out of stock: SKU-1, SKU-2");
        assertThat(payments.refund(Orders.unavailable(order, "SKU-1", "SKU-2"))).isEqualTo(next);
    }
}
