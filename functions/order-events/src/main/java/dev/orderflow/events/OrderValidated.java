package dev.orderflow.events;

import java.math.BigDecimal;

/** {@code order.validated}: the order passed every rule; {@code total} is what payment charges. */
public record OrderValidated(String orderId, BigDecimal total, Order order) implements OrderEvent {
}
