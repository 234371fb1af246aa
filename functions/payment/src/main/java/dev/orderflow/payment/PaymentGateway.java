package dev.orderflow.payment;

import java.math.BigDecimal;

import dev.orderflow.events.PaymentDetails;

/**
 * The payment provider. Implementations throw {@link dev.orderflow.http.EventException#transientFailure} when
 * the provider cannot be reached, so that the broker retries the event.
 * Called on the event loop ({@code PaymentFunction} is a {@code @NonBlockingFunction}): an implementation that waits on a
 * remote system takes that annotation off the function, or answers without blocking.
 */
public interface PaymentGateway {

    Authorization authorize(String orderId, PaymentDetails payment, BigDecimal amount, String currency);

    /** Returns the refund id. Refunding the same authorization twice returns the same id. */
    String refund(String authorizationId, BigDecimal amount, String currency);

    /** The gateway's answer to an authorization request. */
    sealed interface Authorization {

        record Approved(String authorizationId) implements Authorization {
        }

        record Declined(String reason) implements Authorization {
        }
    }
}
