package dev.orderflow.inventory;

/**
 * The stock system. Implementations throw {@link dev.orderflow.http.EventException#transientFailure} when the
 * ledger cannot be reached, so that the broker retries the event.
 */
public interface StockLedger {

    /** How many units of {@code sku} can be reserved now. */
    int available(String sku);
}
