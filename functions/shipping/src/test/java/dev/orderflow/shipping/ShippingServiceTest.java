package dev.orderflow.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.ShipmentScheduled;
import dev.orderflow.http.EventException;
import dev.orderflow.function.NextEvent;
import dev.orderflow.shipping.impl.CarrierTable;
import dev.orderflow.shipping.impl.ConfiguredCarriers;
import dev.orderflow.testing.Orders;

class ShippingServiceTest {

    record Table(Map<String, String> carriers, String defaultCarrier, Map<String, Integer> transitDays,
            int defaultTransitDays, Set<String> unreachablePostalCodes) implements CarrierTable {
    }

    static final LocalDate SHIP_DATE = LocalDate.of(2026, 11, 26);

    final ShippingService shipping = new ShippingService(new ConfiguredCarriers(
            new Table(Map.of("DE", "DHL"), "PostNL", Map.of("DHL", 2), 5, Set.of("00000"))));

    @Test
    void shouldBookTheCarrierOfTheDestinationCountry() {
        NextEvent next = shipping.schedule(Orders.reserved(Orders.valid("o-1")), SHIP_DATE);

        assertThat(next.type()).isEqualTo(EventTypes.SHIPMENT_SCHEDULED);
        ShipmentScheduled scheduled = (ShipmentScheduled) next.data();
        assertThat(scheduled.carrier()).isEqualTo("DHL");
        assertThat(scheduled.trackingId()).startsWith("DHL-").hasSize(16);
        assertThat(scheduled.estimatedDelivery()).isEqualTo(LocalDate.of(2026, 11, 28));
        assertThat(shipping.schedule(Orders.reserved(Orders.valid("o-1")), SHIP_DATE)).isEqualTo(next);
    }

    @Test
    void shouldBookTheDefaultCarrierElsewhere() {
        Order order = Orders.shippedTo(Orders.valid("o-2"), "FR", "75001");
        ShipmentScheduled scheduled = (ShipmentScheduled) shipping.schedule(Orders.reserved(order), SHIP_DATE).data();
        assertThat(scheduled.carrier()).isEqualTo("PostNL");
        assertThat(scheduled.estimatedDelivery()).isEqualTo(LocalDate.of(2026, 12, 1));
    }

    @Test
    void shouldFailTransientlyWhenTheCarrierIsUnreachable() {
        Order order = Orders.shippedTo(Orders.valid("o-3"), "DE", "00000");
        assertThatThrownBy(() -> shipping.schedule(Orders.reserved(order), SHIP_DATE))
                .isInstanceOfSatisfying(EventException.class, e -> assertThat(e.status()).isEqualTo(503));
    }
}
