package dev.orderflow.notifier;

import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.OrderRejected;
import dev.orderflow.events.PaymentDeclined;
import dev.orderflow.events.PaymentRefunded;
import dev.orderflow.events.ShipmentScheduled;
import dev.orderflow.events.Sources;
import dev.orderflow.function.EventProcessor;
import dev.orderflow.function.NonBlockingFunction;

/**
 * {@code shipment.scheduled} → {@code order.completed}; {@code order.rejected}, {@code payment.declined} and
 * {@code payment.refunded} → {@code order.cancelled}.
 */
public class OrderNotifierFunction {

    private final EventProcessor events;
    private final OrderOutcomes outcomes;

    public OrderNotifierFunction(EventProcessor events, OrderOutcomes outcomes) {
        this.events = events;
        this.outcomes = outcomes;
    }

    @Funq("notify-shipped")
    @NonBlockingFunction
    @CloudEventMapping(trigger = EventTypes.SHIPMENT_SCHEDULED)
    public CloudEvent<Object> notifyShipped(CloudEvent<ShipmentScheduled> scheduled) {
        return events.process(scheduled, Sources.ORDER_NOTIFIER, outcomes::completed);
    }

    @Funq("notify-rejected")
    @NonBlockingFunction
    @CloudEventMapping(trigger = EventTypes.ORDER_REJECTED)
    public CloudEvent<Object> notifyRejected(CloudEvent<OrderRejected> rejected) {
        return events.process(rejected, Sources.ORDER_NOTIFIER, outcomes::rejected);
    }

    @Funq("notify-declined")
    @NonBlockingFunction
    @CloudEventMapping(trigger = EventTypes.PAYMENT_DECLINED)
    public CloudEvent<Object> notifyDeclined(CloudEvent<PaymentDeclined> declined) {
        return events.process(declined, Sources.ORDER_NOTIFIER, outcomes::declined);
    }

    @Funq("notify-refunded")
    @NonBlockingFunction
    @CloudEventMapping(trigger = EventTypes.PAYMENT_REFUNDED)
    public CloudEvent<Object> notifyRefunded(CloudEvent<PaymentRefunded> refunded) {
        return events.process(refunded, Sources.ORDER_NOTIFIER, outcomes::refunded);
    }
}
