package dev.orderflow.shipping.impl;

import java.util.Map;
import java.util.Set;

import io.smallrye.config.ConfigMapping;

/** Which carrier serves which country and how long it takes, from {@code orderflow.shipping.*}. */
@ConfigMapping(prefix = "orderflow.shipping")
public interface CarrierTable {

    /** Carrier per destination country (ISO 3166-1 alpha-2). */
    Map<String, String> carriers();

    /** The carrier of every country not named in {@link #carriers()}. */
    String defaultCarrier();

    /** Days in transit per carrier. */
    Map<String, Integer> transitDays();

    /** Days in transit of a carrier not named in {@link #transitDays()}. */
    int defaultTransitDays();

    /** Postal codes whose carrier cannot be reached: the function answers 503 and the broker retries. */
    Set<String> unreachablePostalCodes();
}
