package dev.orderflow.inventory.impl;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderflow.http.EventException;
import dev.orderflow.inventory.StockLedger;

/**
 * A stock ledger read from configuration. It keeps no state: a reservation does not lower the levels, so the same
 * event always gets the same answer.
 */
@ApplicationScoped
public class ConfiguredStockLedger implements StockLedger {

    private final StockLevels levels;

    public ConfiguredStockLedger(StockLevels levels) {
        this.levels = levels;
    }

    @Override
    public int available(String sku) {
        if (levels.unreachableSkus().contains(sku)) {
            throw EventException.transientFailure("stock ledger unavailable");
        }
        return levels.stock().getOrDefault(sku, levels.defaultStock());
    }
}
