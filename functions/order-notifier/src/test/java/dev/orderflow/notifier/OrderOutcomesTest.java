package dev.orderflow.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.OrderCancelled;
import dev.orderflow.events.OrderCompleted;
import dev.orderflow.function.NextEvent;
import dev.orderflow.testing.Orders;

class OrderOutcomesTest {

    final OrderOutcomes outcomes = new OrderOutcomes();

    @Test
    void shouldCompleteAShippedOrder() {
        NextEvent next = outcomes.completed(Orders.scheduled("o-1"));
        assertThat(next.type()).isEqualTo(EventTypes.ORDER_COMPLETED);
        assertThat(next.data()).isEqualTo(new OrderCompleted("o-1", "DHL", "DHL-o-1", LocalDate.of(2026, 12, 1)));
    }

    @Test
    void shouldCancelARejectedOrderWithEveryReason() {
        NextEvent next = outcomes.rejected(Orders.rejected("o-2", "currency is missing", "payment is missing"));
        assertThat(next.type()).isEqualTo(EventTypes.ORDER_CANCELLED);
        assertThat(next.data()).isEqualTo(new OrderCancelled("o-2",
                "order rejected: currency is missing; payment is missing", EventTypes.ORDER_REJECTED));
    }

    @Test
    void shouldCancelAnOrderWhosePaymentWasDeclined() {
        NextEvent next = outcomes.declined(Orders.declined("o-3", "card declined"));
        assertThat(next.data()).isEqualTo(new OrderCancelled("o-3", "payment declined: card declined",
                EventTypes.PAYMENT_DECLINED));
    }

    @Test
    void shouldCancelAnOrderWhosePaymentWasRefunded() {
        NextEvent next = outcomes.refunded(Orders.refunded("o-4", "out of stock: SOLD-OUT"));
        assertThat(next.data()).isEqualTo(new OrderCancelled("o-4",
                "out of stock: SOLD-OUT; payment of 25.50 EUR refunded", EventTypes.PAYMENT_REFUNDED));
    }
}
