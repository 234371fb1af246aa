package dev.orderflow.events;

/** {@code inventory.reserved}: every line of the order is held in stock. */
public record InventoryReserved(String orderId, String reservationId, String authorizationId, Order order)
        implements OrderEvent {
}
