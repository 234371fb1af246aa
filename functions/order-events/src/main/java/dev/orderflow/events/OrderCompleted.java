package dev.orderflow.events;

import java.time.LocalDate;

/** {@code order.completed}: terminal, the order ships. */
public record OrderCompleted(String orderId, String carrier, String trackingId, LocalDate estimatedDelivery)
        implements OrderEvent {
}
