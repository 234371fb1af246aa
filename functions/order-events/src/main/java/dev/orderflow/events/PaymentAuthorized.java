package dev.orderflow.events;

import java.math.BigDecimal;

/** {@code payment.authorized}: the amount is held; {@code order} carries the masked token only. */
public record PaymentAuthorized(String orderId, String authorizationId, BigDecimal amount, String currency,
        Order order) implements OrderEvent {
}
