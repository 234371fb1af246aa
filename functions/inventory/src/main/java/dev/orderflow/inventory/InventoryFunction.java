package dev.orderflow.inventory;

import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.PaymentAuthorized;
import dev.orderflow.events.Sources;
import dev.orderflow.function.EventProcessor;
import dev.orderflow.function.NonBlockingFunction;

/** {@code payment.authorized} → {@code inventory.reserved} or {@code inventory.unavailable}. */
public class InventoryFunction {

    private final EventProcessor events;
    private final InventoryService inventory;

    public InventoryFunction(EventProcessor events, InventoryService inventory) {
        this.events = events;
        this.inventory = inventory;
    }

    @Funq("reserve-inventory")
    @NonBlockingFunction
    @CloudEventMapping(trigger = EventTypes.PAYMENT_AUTHORIZED)
    public CloudEvent<Object> reserveInventory(CloudEvent<PaymentAuthorized> authorized) {
        return events.process(authorized, Sources.INVENTORY, inventory::reserve);
    }
}
