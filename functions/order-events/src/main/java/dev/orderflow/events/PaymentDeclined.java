package dev.orderflow.events;

import java.math.BigDecimal;

/** {@code payment.declined}: the gateway refused the payment, and why. */
public record PaymentDeclined(String orderId, String reason, BigDecimal amount, String currency)
        implements OrderEvent {
}
