package dev.orderflow.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.InventoryReserved;
import dev.orderflow.events.InventoryUnavailable;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.PaymentAuthorized;
import dev.orderflow.http.EventIds;
import dev.orderflow.function.NextEvent;

/** Reserves the stock of a paid order, or names every SKU that lacks it so that payment can refund. */
@ApplicationScoped
public class InventoryService {

    private final StockLedger ledger;

    public InventoryService(StockLedger ledger) {
        this.ledger = ledger;
    }

    public NextEvent reserve(PaymentAuthorized authorized) {
        // Two lines of one SKU draw on the same stock.
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (OrderLine line : authorized.order().lines()) {
            wanted.merge(line.sku(), line.quantity(), Integer::sum);
        }
        List<String> missing = wanted.entrySet().stream()
                .filter(e -> e.getValue() > ledger.available(e.getKey()))
                .map(Map.Entry::getKey)
                .toList();
        if (!missing.isEmpty()) {
            return NextEvent.of(EventTypes.INVENTORY_UNAVAILABLE, new InventoryUnavailable(authorized.orderId(), missing,
                    authorized.authorizationId(), authorized.amount(), authorized.currency()));
        }
        String reservationId = "res-" + EventIds.shortHash(authorized.orderId(), authorized.authorizationId());
        return NextEvent.of(EventTypes.INVENTORY_RESERVED, new InventoryReserved(authorized.orderId(), reservationId,
                authorized.authorizationId(), authorized.order()));
    }
}
