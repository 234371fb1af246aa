package dev.orderflow.payment;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.InventoryUnavailable;
import dev.orderflow.events.OrderValidated;
import dev.orderflow.events.PaymentAuthorized;
import dev.orderflow.events.PaymentDeclined;
import dev.orderflow.events.PaymentRefunded;
import dev.orderflow.function.NextEvent;
import dev.orderflow.payment.PaymentGateway.Authorization;

/** Charges validated orders and refunds the ones inventory cannot fulfil (the saga's compensation). */
@ApplicationScoped
public class PaymentService {

    private final PaymentGateway gateway;

    public PaymentService(PaymentGateway gateway) {
        this.gateway = gateway;
    }

    public NextEvent authorize(OrderValidated validated) {
        var order = validated.order();
        Authorization authorization = gateway.authorize(order.orderId(), order.payment(), validated.total(),
                order.currency());
        if (authorization instanceof Authorization.Approved approved) {
            return NextEvent.of(EventTypes.PAYMENT_AUTHORIZED, new PaymentAuthorized(order.orderId(),
                    approved.authorizationId(), validated.total(), order.currency(), order.withMaskedPayment()));
        }
        Authorization.Declined declined = (Authorization.Declined) authorization;
        return NextEvent.of(EventTypes.PAYMENT_DECLINED, new PaymentDeclined(order.orderId(), declined.reason(),
                validated.total(), order.currency()));
    }

    public NextEvent refund(InventoryUnavailable unavailable) {
        String refundId = gateway.refund(unavailable.authorizationId(), unavailable.amount(), unavailable.currency());
        String reason = "out of stock: " + String.join(", ", unavailable.missingSkus());
        return NextEvent.of(EventTypes.PAYMENT_REFUNDED, new PaymentRefunded(unavailable.orderId(),
                unavailable.authorizationId(), refundId, unavailable.amount(), unavailable.currency(), reason));
    }
}
