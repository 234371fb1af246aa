package dev.orderflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.InventoryReserved;
import dev.orderflow.events.InventoryUnavailable;
import dev.orderflow.events.Order;
import dev.orderflow.http.EventException;
import dev.orderflow.function.NextEvent;
import dev.orderflow.inventory.impl.ConfiguredStockLedger;
import dev.orderflow.inventory.impl.StockLevels;
import dev.orderflow.testing.Orders;

class InventoryServiceTest {

    record Levels(Map<String, Integer> stock, int defaultStock, Set<String> unreachableSkus) implements StockLevels {
    }

    final InventoryService inventory = new InventoryService(new ConfiguredStockLedger(
            new Levels(Map.of("SOLD-OUT", 0, "LAST-TWO", 2), 10, Set.of("LEDGER-DOWN"))));

    @Test
    void shouldReserveWhenEveryLineIsInStock() {
        Order order = Orders.valid("o-1");
        NextEvent next = inventory.reserve(Orders.authorized(order));

        assertThat(next.type()).isEqualTo(EventTypes.INVENTORY_RESERVED);
        InventoryReserved reserved = (InventoryReserved) next.data();
        assertThat(reserved.reservationId()).startsWith("res-");
        assertThat(reserved.authorizationId()).isEqualTo("auth-o-1");
        assertThat(reserved.order().lines()).isEqualTo(order.lines());
        assertThat(inventory.reserve(Orders.authorized(order))).isEqualTo(next);
    }

    @Test
    void shouldNameEveryMissingSkuWhenStockIsShort() {
        Order order = Orders.withLines(Orders.valid("o-2"), List.of(Orders.line("SOLD-OUT", 1, "1.00"),
                Orders.line("SKU-1", 1, "1.00"), Orders.line("LAST-TWO", 3, "1.00")));
        NextEvent next = inventory.reserve(Orders.authorized(order));

        assertThat(next.type()).isEqualTo(EventTypes.INVENTORY_UNAVAILABLE);
        InventoryUnavailable unavailable = (InventoryUnavailable) next.data();
        assertThat(unavailable.missingSkus()).containsExactly("SOLD-OUT", "LAST-TWO");
        assertThat(unavailable.authorizationId()).isEqualTo("auth-o-2");
        assertThat(unavailable.amount()).isEqualByComparingTo("5.00");
    }

    @Test
    void shouldAddUpLinesOfTheSameSku() {
        Order order = Orders.withLines(Orders.valid("o-3"), List.of(Orders.line("LAST-TWO", 1, "1.00"),
                Orders.line("LAST-TWO", 2, "1.00")));
        assertThat(inventory.reserve(Orders.authorized(order)).type()).isEqualTo(EventTypes.INVENTORY_UNAVAILABLE);
    }

    @Test
    void shouldFailTransientlyWhenTheLedgerIsUnreachable() {
        Order order = Orders.withLines(Orders.valid("o-4"), List.of(Orders.line("LEDGER-DOWN", 1, "1.00")));
        assertThatThrownBy(() -> inventory.reserve(Orders.authorized(order)))
                .isInstanceOfSatisfying(EventException.class, e -> assertThat(e.status()).isEqualTo(503));
    }
}
