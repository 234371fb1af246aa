package dev.orderflow.shipping;

import java.time.LocalDate;

import dev.orderflow.events.Address;

/**
 * The carriers' booking systems. Implementations throw {@link dev.orderflow.http.EventException#transientFailure}
 * when a carrier cannot be reached, so that the broker retries the event.
 * Called on the event loop ({@code ShippingFunction} is a {@code @NonBlockingFunction}): an implementation that waits on a
 * remote system takes that annotation off the function, or answers without blocking.
 */
public interface CarrierGateway {

    /** Books a parcel for {@code destination} that leaves on {@code shipDate}. Booking twice returns the same. */
    Booking book(String orderId, Address destination, LocalDate shipDate);

    record Booking(String carrier, String trackingId, LocalDate estimatedDelivery) {
    }
}
