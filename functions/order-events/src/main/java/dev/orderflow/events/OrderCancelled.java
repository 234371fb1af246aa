package dev.orderflow.events;

/**
 * {@code order.cancelled}: terminal, the order will not ship. {@code cause} is the type of the event that ended it,
 * {@code reason} says why in words.
 */
public record OrderCancelled(String orderId, String reason, String cause) implements OrderEvent {
}
