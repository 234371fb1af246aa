package dev.orderflow.peer;

import java.util.UUID;

import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import io.quarkus.funqy.knative.events.CloudEventMapping;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.InventoryUnavailable;
import dev.orderflow.events.Order;
import dev.orderflow.events.OrderValidated;
import dev.orderflow.events.PaymentAuthorized;
import dev.orderflow.events.PaymentDeclined;
import dev.orderflow.events.PaymentRefunded;

/**
 * The payment step written as the Funqy quickstart writes a function: the event's data bound to a record, a decision,
 * the reply built with {@code CloudEventBuilder}. No checks beyond what Funqy does, no error mapping, random ids, the
 * OpenTelemetry extension as it comes. What a user would write instead of the project's payment, measured beside it
 * by {@code scripts/run.sh bench throughput} (docs/benchmarks.md); not shipped.
 */
public class PlainPayment {

    private static final String DECLINED_TOKEN = "tok_declined";

    @Funq
    @CloudEventMapping(trigger = EventTypes.ORDER_VALIDATED)
    public CloudEvent<Object> authorize(CloudEvent<OrderValidated> event) {
        OrderValidated validated = event.data();
        Order order = validated.order();
        if (order.payment().token().startsWith(DECLINED_TOKEN)) {
            return CloudEventBuilder.create().type(EventTypes.PAYMENT_DECLINED)
                    .build(new PaymentDeclined(validated.orderId(), "card declined", validated.total(), order.currency()));
        }
        return CloudEventBuilder.create().type(EventTypes.PAYMENT_AUTHORIZED)
                .build(new PaymentAuthorized(validated.orderId(), "auth-" + UUID.randomUUID(), validated.total(),
                        order.currency(), order.withMaskedPayment()));
    }

    @Funq
    @CloudEventMapping(trigger = EventTypes.INVENTORY_UNAVAILABLE)
    public CloudEvent<PaymentRefunded> refund(CloudEvent<InventoryUnavailable> event) {
        InventoryUnavailable unavailable = event.data();
        return CloudEventBuilder.create().type(EventTypes.PAYMENT_REFUNDED)
                .build(new PaymentRefunded(unavailable.orderId(), unavailable.authorizationId(),
                        "refund-" + UUID.randomUUID(), unavailable.amount(), unavailable.currency(),
                        "out of stock: " + String.join(", ", unavailable.missingSkus())));
    }
}
