package dev.orderflow.events;

import java.time.LocalDate;

/** {@code shipment.scheduled}: a carrier took the parcel. */
public record ShipmentScheduled(String orderId, String carrier, String trackingId, LocalDate estimatedDelivery)
        implements OrderEvent {
}
