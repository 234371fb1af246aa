package dev.orderflow.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.orderflow.events.Address;
import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.OrderRejected;
import dev.orderflow.events.OrderValidated;
import dev.orderflow.events.PaymentDetails;
import dev.orderflow.function.NextEvent;
import dev.orderflow.testing.Orders;

class OrderValidatorTest {

    record Rules(Set<String> currencies, Set<String> paymentMethods, Set<String> shippingCountries, String skuPattern,
            int maxLines, int maxQuantity, BigDecimal maxOrderTotal) implements ValidationRules {
    }

    static final Rules RULES = new Rules(Set.of("EUR", "USD"), Set.of("card"), Set.of("DE", "FR"),
            "[A-Z0-9][A-Z0-9-]{1,31}", 3, 10, new BigDecimal("100.00"));

    final OrderValidator validator = new OrderValidator(RULES);

    @Test
    void shouldValidateAnOrderThatPassesEveryRuleWithItsTotal() {
        Order order = Orders.valid("o-1");
        NextEvent next = validator.validate(order);
        assertThat(next.type()).isEqualTo(EventTypes.ORDER_VALIDATED);
        OrderValidated validated = (OrderValidated) next.data();
        assertThat(validated.total()).isEqualTo(new BigDecimal("25.50"));
        assertThat(validated.order()).isEqualTo(order);
    }

    @Test
    void shouldRejectWithEveryReasonFound() {
        Order order = new Order("o-2", " ", "JPY",
                List.of(Orders.line("bad sku", 0, "-1"), Orders.line("SKU-1", 11, "1.001")),
                new PaymentDetails("cash", null), new Address("A", null, "Paris", "75001", "ES"));

        NextEvent next = validator.validate(order);

        assertThat(next.type()).isEqualTo(EventTypes.ORDER_REJECTED);
        assertThat(((OrderRejected) next.data()).reasons()).containsExactly(
                "customerId is missing",
                "currency 'JPY' is not accepted (accepted: EUR, USD)",
                "line 1: sku 'bad sku' is not a valid SKU",
                "line 1: quantity 0 is not between 1 and 10",
                "line 1: unitPrice -1 is not positive",
                "line 2: quantity 11 is not between 1 and 10",
                "line 2: unitPrice 1.001 has more than 2 decimals",
                "payment method 'cash' is not accepted (accepted: card)",
                "payment token is missing",
                "shippingAddress.street is missing",
                "the shop does not ship to 'ES' (ships to: DE, FR)");
    }

    @Test
    void shouldRejectAnOrderWithoutLinesPaymentOrAddress() {
        Order order = new Order("o-3", "c", "EUR", List.of(), null, null);
        assertThat(((OrderRejected) validator.validate(order).data()).reasons())
                .containsExactly("the order has no lines", "payment is missing", "shippingAddress is missing");
    }

    @Test
    void shouldRejectAnOrderOverTheTotalLimit() {
        Order order = Orders.withLines(Orders.valid("o-4"), List.of(Orders.line("SKU-1", 10, "10.01")));
        assertThat(((OrderRejected) validator.validate(order).data()).reasons())
                .containsExactly("order total 100.10 exceeds the limit of 100.00");
    }

    @Test
    void shouldRejectAnOrderWithTooManyLines() {
        Order order = Orders.withLines(Orders.valid("o-5"), List.of(Orders.line("A1", 1, "1"), Orders.line("A2", 1, "1"),
                Orders.line("A3", 1, "1"), Orders.line("A4", 1, "1")));
        assertThat(((OrderRejected) validator.validate(order).data()).reasons())
                .containsExactly("the order has 4 lines, at most 3 are accepted");
    }

    @Test
    void shouldNotRecordTheTokenInTheValidatedOrdersString() {
        assertThat(Orders.valid("o-6").toString()).doesNotContain(Orders.APPROVED_TOKEN).contains("*4242");
    }
}
