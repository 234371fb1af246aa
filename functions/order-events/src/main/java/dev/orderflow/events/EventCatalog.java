package dev.orderflow.events;

import java.util.List;
import java.util.Optional;

/**
 * The flow's event contract in one place: each type, the record its data binds to, who emits it and what it means.
 * The JSON Schemas, the Knative EventTypes and the AsyncAPI document are generated from it
 * ({@code scripts/run.sh manifests}), and every event a function emits names its schema in {@code dataschema}.
 */
public final class EventCatalog {

    /** Where the schemas are identified: {@code <base><type>.json} is each schema's {@code $id}. */
    public static final String SCHEMA_BASE = "https://orderflow.dev/schemas/";

    /**
     * One event type. {@code source} is the CloudEvents source of the function that emits it, empty for the events a
     * shop posts to the broker.
     */
    public record Entry(String type, Class<? extends OrderEvent> data, Optional<String> source, String description) {

        public String schema() {
            return schemaOf(type);
        }
    }

    public static final List<Entry> ENTRIES = List.of(
            new Entry(EventTypes.ORDER_PLACED, Order.class, Optional.empty(),
                    "A customer placed an order: what they ordered, how they pay and where it goes. Posted to the"
                            + " broker by the shop; only orderId is required of the data, every other gap becomes a"
                            + " reason of order.rejected."),
            new Entry(EventTypes.ORDER_PLACED_V2, OrderPlacedV2.class, Optional.empty(),
                    "Version 2 of order.placed: the same order, plus the channel the customer placed it through"
                            + " (web, app, store), which v2 requires. The order-validator takes both versions."),
            new Entry(EventTypes.ORDER_VALIDATED, OrderValidated.class, Optional.of(Sources.ORDER_VALIDATOR),
                    "The order passed every rule; total is what payment charges."),
            new Entry(EventTypes.ORDER_REJECTED, OrderRejected.class, Optional.of(Sources.ORDER_VALIDATOR),
                    "The order broke one or more rules, listed in the order the rules ran."),
            new Entry(EventTypes.PAYMENT_AUTHORIZED, PaymentAuthorized.class, Optional.of(Sources.PAYMENT),
                    "The amount is held on the customer's payment method; the order carries the masked token only."),
            new Entry(EventTypes.PAYMENT_DECLINED, PaymentDeclined.class, Optional.of(Sources.PAYMENT),
                    "The payment gateway refused the payment, and why."),
            new Entry(EventTypes.PAYMENT_REFUNDED, PaymentRefunded.class, Optional.of(Sources.PAYMENT),
                    "The compensation of an authorization whose order could not be fulfilled."),
            new Entry(EventTypes.INVENTORY_RESERVED, InventoryReserved.class, Optional.of(Sources.INVENTORY),
                    "Every line of the order is held in stock."),
            new Entry(EventTypes.INVENTORY_UNAVAILABLE, InventoryUnavailable.class, Optional.of(Sources.INVENTORY),
                    "Some SKUs lack stock; carries the authorization so that payment can refund it."),
            new Entry(EventTypes.SHIPMENT_SCHEDULED, ShipmentScheduled.class, Optional.of(Sources.SHIPPING),
                    "A carrier took the parcel."),
            new Entry(EventTypes.ORDER_COMPLETED, OrderCompleted.class, Optional.of(Sources.ORDER_NOTIFIER),
                    "Terminal: the order ships."),
            new Entry(EventTypes.ORDER_CANCELLED, OrderCancelled.class, Optional.of(Sources.ORDER_NOTIFIER),
                    "Terminal: the order will not ship; cause is the type of the event that ended it."));

    private EventCatalog() {
    }

    /** The {@code $id} of a type's JSON Schema, and the {@code dataschema} of its events. */
    public static String schemaOf(String type) {
        return SCHEMA_BASE + type + ".json";
    }

    public static Entry of(String type) {
        return ENTRIES.stream().filter(e -> e.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type " + type + " in the catalogue"));
    }
}
