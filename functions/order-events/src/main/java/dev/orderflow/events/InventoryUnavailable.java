package dev.orderflow.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code inventory.unavailable}: the SKUs that lack stock. It carries the authorization so that payment can refund
 * it without keeping any state.
 */
public record InventoryUnavailable(String orderId, List<String> missingSkus, String authorizationId,
        BigDecimal amount, String currency) implements OrderEvent {
}
