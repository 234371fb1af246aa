package dev.orderflow.payment.impl;

import java.math.BigDecimal;
import java.util.Set;

import io.smallrye.config.ConfigMapping;

/** How the configured gateway answers, from {@code orderflow.payment.*}: every outcome can be produced on purpose. */
@ConfigMapping(prefix = "orderflow.payment")
public interface GatewayBehaviour {

    /** Tokens whose card is declined. */
    Set<String> declinedTokens();

    /** Tokens for which the gateway is unreachable: the function answers 503 and the broker retries. */
    Set<String> unavailableTokens();

    /** Any amount above this is declined for insufficient funds. */
    BigDecimal availableFunds();
}
