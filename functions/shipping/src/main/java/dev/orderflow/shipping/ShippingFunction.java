package dev.orderflow.shipping;

import java.time.LocalDate;
import java.time.ZoneOffset;

import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.InventoryReserved;
import dev.orderflow.events.Sources;
import dev.orderflow.function.EventProcessor;
import dev.orderflow.function.NonBlockingFunction;

/** {@code inventory.reserved} → {@code shipment.scheduled}. */
public class ShippingFunction {

    private final EventProcessor events;
    private final ShippingService shipping;

    public ShippingFunction(EventProcessor events, ShippingService shipping) {
        this.events = events;
        this.shipping = shipping;
    }

    @Funq("schedule-shipment")
    @NonBlockingFunction
    @CloudEventMapping(trigger = EventTypes.INVENTORY_RESERVED)
    public CloudEvent<Object> scheduleShipment(CloudEvent<InventoryReserved> reserved) {
        LocalDate shipDate = reserved.time() != null
                ? reserved.time().atZoneSameInstant(ZoneOffset.UTC).toLocalDate()
                : LocalDate.now(ZoneOffset.UTC);
        return events.process(reserved, Sources.SHIPPING, r -> shipping.schedule(r, shipDate));
    }
}
