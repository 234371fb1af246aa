package dev.orderflow.shipping.impl;

import java.time.LocalDate;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderflow.events.Address;
import dev.orderflow.http.EventException;
import dev.orderflow.http.EventIds;
import dev.orderflow.shipping.CarrierGateway;

/** Carrier bookings computed from {@link CarrierTable}: same order, same booking. */
@ApplicationScoped
public class ConfiguredCarriers implements CarrierGateway {

    private final CarrierTable table;

    public ConfiguredCarriers(CarrierTable table) {
        this.table = table;
    }

    @Override
    public Booking book(String orderId, Address destination, LocalDate shipDate) {
        if (table.unreachablePostalCodes().contains(destination.postalCode())) {
            throw EventException.transientFailure("carrier booking system unavailable");
        }
        String carrier = table.carriers().getOrDefault(destination.country(), table.defaultCarrier());
        int days = table.transitDays().getOrDefault(carrier, table.defaultTransitDays());
        String trackingId = carrier.toUpperCase(Locale.ROOT) + "-"
                + EventIds.shortHash(orderId, carrier).toUpperCase(Locale.ROOT);
        return new Booking(carrier, trackingId, shipDate.plusDays(days));
    }
}
