package dev.orderflow.inventory;

/**
 * The stock system. Implementations throw {@link dev.orderflow.http.EventException#transientFailure} when the
 * ledger cannot be reached, so that the broker retries the event.
 * Called on the event loop ({@code InventoryFunction} is a {@code @NonBlockingFunction}): an implementation that waits on a
 * remote system takes that annotation off the function, or answers without blocking.
 */
public interface StockLedger {

    /** How many units of {@code sku} can be reserved now. */
    int available(String sku);
}
