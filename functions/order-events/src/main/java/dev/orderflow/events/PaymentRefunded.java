package dev.orderflow.events;

import java.math.BigDecimal;

/** {@code payment.refunded}: the compensation of an authorization whose order could not be fulfilled. */
public record PaymentRefunded(String orderId, String authorizationId, String refundId, BigDecimal amount,
        String currency, String reason) implements OrderEvent {
}
