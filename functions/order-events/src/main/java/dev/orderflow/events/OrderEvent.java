package dev.orderflow.events;

import java.util.List;

/**
 * The data of every event in the flow. The order id is the event's {@code subject} and {@code partitionkey}.
 */
public interface OrderEvent {

    String orderId();

    /**
     * The data fields an event of this kind cannot do without, as dotted paths ({@code order.lines[0].sku}).
     * By default every record component, recursively, and a blank order id: it becomes the reply's subject and
     * partitionkey. A payload that tolerates gaps overrides this.
     */
    default List<String> missingFields() {
        List<String> missing = Payloads.missingFields(this);
        if (orderId() != null && orderId().isBlank()) {
            missing.add(0, "orderId");
        }
        return missing;
    }
}
