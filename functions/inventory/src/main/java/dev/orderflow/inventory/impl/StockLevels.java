package dev.orderflow.inventory.impl;

import java.util.Map;
import java.util.Set;

import io.smallrye.config.ConfigMapping;

/** Stock per SKU, from {@code orderflow.inventory.*}: every outcome can be produced on purpose. */
@ConfigMapping(prefix = "orderflow.inventory")
public interface StockLevels {

    /** Units in stock of the SKUs named here; {@code orderflow.inventory.stock."SKU-1"=3}. */
    Map<String, Integer> stock();

    /** Units in stock of every SKU not named in {@link #stock()}. */
    int defaultStock();

    /** SKUs whose ledger entry cannot be read: the function answers 503 and the broker retries. */
    Set<String> unreachableSkus();
}
