package dev.orderflow.payment.impl;

import java.math.BigDecimal;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderflow.events.Money;
import dev.orderflow.events.PaymentDetails;
import dev.orderflow.http.EventException;
import dev.orderflow.http.EventIds;
import dev.orderflow.payment.PaymentGateway;

/**
 * A deterministic stand-in for a payment provider: the token and the amount decide the answer, and ids are derived
 * from the request so that a retried call gets the same answer.
 */
@ApplicationScoped
public class ConfiguredPaymentGateway implements PaymentGateway {

    private final GatewayBehaviour behaviour;

    public ConfiguredPaymentGateway(GatewayBehaviour behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public Authorization authorize(String orderId, PaymentDetails payment, BigDecimal amount, String currency) {
        if (behaviour.unavailableTokens().contains(payment.token())) {
            throw EventException.transientFailure("payment gateway unavailable");
        }
        if (behaviour.declinedTokens().contains(payment.token())) {
            return new Authorization.Declined("card declined");
        }
        if (amount.compareTo(behaviour.availableFunds()) > 0) {
            return new Authorization.Declined("insufficient funds: " + Money.format(amount) + " " + currency
                    + " exceeds the available " + Money.format(behaviour.availableFunds()));
        }
        return new Authorization.Approved("auth-" + EventIds.shortHash(orderId, payment.token(), Money.format(amount)));
    }

    @Override
    public String refund(String authorizationId, BigDecimal amount, String currency) {
        return "refund-" + EventIds.shortHash(authorizationId, Money.format(amount), currency);
    }
}
