package dev.orderflow.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * The data of {@code order.placed}: what a customer ordered, how they pay and where it goes.
 * <p>
 * Only the order id is structurally required: every other gap is a business fault that the order-validator
 * reports in {@code order.rejected}, not a malformed event.
 */
public record Order(String orderId, String customerId, String currency, List<OrderLine> lines,
        PaymentDetails payment, Address shippingAddress) implements OrderEvent {

    @Override
    public List<String> missingFields() {
        return orderId == null || orderId.isBlank() ? List.of("orderId") : List.of();
    }

    /** Sum of the line totals; call only on a validated order. */
    public BigDecimal total() {
        return lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** This order with the payment token masked, for every event after payment. */
    public Order withMaskedPayment() {
        return new Order(orderId, customerId, currency, lines, payment == null ? null : payment.masked(),
                shippingAddress);
    }
}
