package dev.orderflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class PayloadsTest {

    static final Order ORDER = new Order("o-1", "c-1", "EUR",
            List.of(new OrderLine("SKU-1", 1, BigDecimal.ONE)), new PaymentDetails("card", "tok_1234567890"),
            new Address("n", "s", "c", "p", "DE"));

    @Test
    void shouldFindNoGapsInACompletePayload() {
        assertThat(new OrderValidated("o-1", BigDecimal.ONE, ORDER).missingFields()).isEmpty();
    }

    @Test
    void shouldNameEveryMissingFieldByItsPath() {
        Order gappy = new Order("o-1", null, "EUR", Arrays.asList(new OrderLine(null, 1, BigDecimal.ONE), null),
                new PaymentDetails("card", null), null);
        assertThat(new OrderValidated("o-1", null, gappy).missingFields()).containsExactly(
                "total", "order.customerId", "order.lines[0].sku", "order.lines[1]", "order.payment.token",
                "order.shippingAddress");
    }

    @Test
    void shouldCountABlankOrderIdAsMissingSinceItBecomesTheSubject() {
        assertThat(new OrderValidated(" ", BigDecimal.ONE, ORDER).missingFields()).containsExactly("orderId");
        assertThat(new ShipmentScheduled("", "DHL", "DHL-1", null).missingFields())
                .containsExactly("orderId", "estimatedDelivery");
    }

    @Test
    void shouldRequireOnlyTheIdOfAPlacedOrder() {
        assertThat(new Order("o-1", null, null, null, null, null).missingFields()).isEmpty();
        assertThat(new Order(" ", null, null, null, null, null).missingFields()).containsExactly("orderId");
    }

    @Test
    void shouldMaskAllButTheLastFourCharactersOfAToken() {
        assertThat(PaymentDetails.mask("tok_visa_4242")).isEqualTo("*********4242");
        assertThat(PaymentDetails.mask("short")).isEqualTo("*****");
        assertThat(PaymentDetails.mask(null)).isNull();
        assertThat(ORDER.withMaskedPayment().payment().token()).isEqualTo("**********7890");
        assertThat(ORDER.toString()).doesNotContain("tok_1234567890");
    }

    @Test
    void shouldFormatMoneyWithTwoDecimals() {
        assertThat(Money.format(new BigDecimal("1100"))).isEqualTo("1100.00");
        assertThat(Money.format(new BigDecimal("2.345"))).isEqualTo("2.35");
    }
}
