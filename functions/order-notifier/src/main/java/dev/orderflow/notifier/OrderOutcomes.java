package dev.orderflow.notifier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Money;
import dev.orderflow.events.OrderCancelled;
import dev.orderflow.events.OrderCompleted;
import dev.orderflow.events.OrderRejected;
import dev.orderflow.events.PaymentDeclined;
import dev.orderflow.events.PaymentRefunded;
import dev.orderflow.events.ShipmentScheduled;
import dev.orderflow.function.NextEvent;

/**
 * Turns the last event of each path through the flow into the order's one terminal event. Every path ends in
 * exactly one of the four events consumed here, so each order gets exactly one outcome.
 */
@ApplicationScoped
public class OrderOutcomes {

    private static final Logger LOG = Logger.getLogger(OrderOutcomes.class);

    public NextEvent completed(ShipmentScheduled scheduled) {
        LOG.infof("order=%s outcome=completed carrier=%s tracking=%s", scheduled.orderId(), scheduled.carrier(),
                scheduled.trackingId());
        return NextEvent.of(EventTypes.ORDER_COMPLETED, new OrderCompleted(scheduled.orderId(), scheduled.carrier(),
                scheduled.trackingId(), scheduled.estimatedDelivery()));
    }

    public NextEvent rejected(OrderRejected rejected) {
        return cancelled(rejected.orderId(), "order rejected: " + String.join("; ", rejected.reasons()),
                EventTypes.ORDER_REJECTED);
    }

    public NextEvent declined(PaymentDeclined declined) {
        return cancelled(declined.orderId(), "payment declined: " + declined.reason(), EventTypes.PAYMENT_DECLINED);
    }

    public NextEvent refunded(PaymentRefunded refunded) {
        return cancelled(refunded.orderId(), refunded.reason() + "; payment of " + Money.format(refunded.amount())
                + " " + refunded.currency() + " refunded", EventTypes.PAYMENT_REFUNDED);
    }

    private static NextEvent cancelled(String orderId, String reason, String cause) {
        LOG.infof("order=%s outcome=cancelled reason=\"%s\"", orderId, reason);
        return NextEvent.of(EventTypes.ORDER_CANCELLED, new OrderCancelled(orderId, reason, cause));
    }
}
