package dev.orderflow.shipping;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.InventoryReserved;
import dev.orderflow.events.ShipmentScheduled;
import dev.orderflow.function.NextEvent;
import dev.orderflow.shipping.CarrierGateway.Booking;

/** Books a carrier for a reserved order. */
@ApplicationScoped
public class ShippingService {

    private final CarrierGateway carriers;

    public ShippingService(CarrierGateway carriers) {
        this.carriers = carriers;
    }

    /** {@code shipDate} comes from the event, not the clock, so that a redelivered event gets the same booking. */
    public NextEvent schedule(InventoryReserved reserved, LocalDate shipDate) {
        Booking booking = carriers.book(reserved.orderId(), reserved.order().shippingAddress(), shipDate);
        return NextEvent.of(EventTypes.SHIPMENT_SCHEDULED, new ShipmentScheduled(reserved.orderId(), booking.carrier(),
                booking.trackingId(), booking.estimatedDelivery()));
    }
}
