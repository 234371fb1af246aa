package dev.orderflow.payment;

import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.InventoryUnavailable;
import dev.orderflow.events.OrderValidated;
import dev.orderflow.events.Sources;
import dev.orderflow.function.EventProcessor;
import dev.orderflow.function.NonBlockingFunction;

/**
 * {@code order.validated} → {@code payment.authorized} or {@code payment.declined};
 * {@code inventory.unavailable} → {@code payment.refunded}.
 */
public class PaymentFunction {

    private final EventProcessor events;
    private final PaymentService payments;

    public PaymentFunction(EventProcessor events, PaymentService payments) {
        this.events = events;
        this.payments = payments;
    }

    @Funq("authorize-payment")
    @NonBlockingFunction
    @CloudEventMapping(trigger = EventTypes.ORDER_VALIDATED)
    public CloudEvent<Object> authorizePayment(CloudEvent<OrderValidated> validated) {
        return events.process(validated, Sources.PAYMENT, payments::authorize);
    }

    @Funq("refund-payment")
    @NonBlockingFunction
    @CloudEventMapping(trigger = EventTypes.INVENTORY_UNAVAILABLE)
    public CloudEvent<Object> refundPayment(CloudEvent<InventoryUnavailable> unavailable) {
        return events.process(unavailable, Sources.PAYMENT, payments::refund);
    }
}
