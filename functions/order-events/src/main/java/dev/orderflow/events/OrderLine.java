package dev.orderflow.events;

import java.math.BigDecimal;

/** One line of an order: how many of which SKU at what unit price (in the order's currency). */
public record OrderLine(String sku, Integer quantity, BigDecimal unitPrice) {

    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
