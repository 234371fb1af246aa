package dev.orderflow.events;

/** The CloudEvent {@code source} of the events each function emits (URI references). */
public final class Sources {

    public static final String ORDER_VALIDATOR = "/orderflow/order-validator";
    public static final String PAYMENT = "/orderflow/payment";
    public static final String INVENTORY = "/orderflow/inventory";
    public static final String SHIPPING = "/orderflow/shipping";
    public static final String ORDER_NOTIFIER = "/orderflow/order-notifier";

    private Sources() {
    }
}
