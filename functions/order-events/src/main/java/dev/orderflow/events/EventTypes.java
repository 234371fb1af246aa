package dev.orderflow.events;

import java.util.Set;

/**
 * Every CloudEvent type of the order flow, as versioned reverse-DNS names.
 *
 * <pre>
 * order.placed ─▶ order-validator ─▶ order.validated ─▶ payment ─▶ payment.authorized ─▶ inventory
 *                      │                                  │                                 │
 *                      ▼                                  ▼                                 ├─▶ inventory.reserved ─▶ shipping ─▶ shipment.scheduled
 *                order.rejected                    payment.declined                         └─▶ inventory.unavailable ─▶ payment ─▶ payment.refunded
 *
 * order-notifier:  shipment.scheduled                              ─▶ order.completed
 *                  order.rejected | payment.declined | payment.refunded ─▶ order.cancelled
 * </pre>
 */
public final class EventTypes {

    public static final String ORDER_PLACED = "dev.orderflow.order.placed.v1";
    /** {@code order.placed} with the channel the order came through, required (docs/events.md, "A v2 rollout"). */
    public static final String ORDER_PLACED_V2 = "dev.orderflow.order.placed.v2";
    public static final String ORDER_VALIDATED = "dev.orderflow.order.validated.v1";
    public static final String ORDER_REJECTED = "dev.orderflow.order.rejected.v1";
    public static final String PAYMENT_AUTHORIZED = "dev.orderflow.payment.authorized.v1";
    public static final String PAYMENT_DECLINED = "dev.orderflow.payment.declined.v1";
    public static final String PAYMENT_REFUNDED = "dev.orderflow.payment.refunded.v1";
    public static final String INVENTORY_RESERVED = "dev.orderflow.inventory.reserved.v1";
    public static final String INVENTORY_UNAVAILABLE = "dev.orderflow.inventory.unavailable.v1";
    public static final String SHIPMENT_SCHEDULED = "dev.orderflow.shipment.scheduled.v1";
    public static final String ORDER_COMPLETED = "dev.orderflow.order.completed.v1";
    public static final String ORDER_CANCELLED = "dev.orderflow.order.cancelled.v1";

    /** The events that end an order: each order gets exactly one of them. */
    public static final Set<String> TERMINAL = Set.of(ORDER_COMPLETED, ORDER_CANCELLED);

    private EventTypes() {
    }
}
