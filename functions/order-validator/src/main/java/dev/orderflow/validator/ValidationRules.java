package dev.orderflow.validator;

import java.math.BigDecimal;
import java.util.Set;

import io.smallrye.config.ConfigMapping;

/** The rules an order must pass, from {@code orderflow.validation.*} (see application.properties and the README). */
@ConfigMapping(prefix = "orderflow.validation")
public interface ValidationRules {

    /** ISO 4217 codes the shop sells in. */
    Set<String> currencies();

    /** Payment methods the gateway takes. */
    Set<String> paymentMethods();

    /** ISO 3166-1 alpha-2 codes of the countries the shop ships to. */
    Set<String> shippingCountries();

    /** A regular expression every SKU matches. */
    String skuPattern();

    int maxLines();

    int maxQuantity();

    /** The largest order total accepted, in any currency. */
    BigDecimal maxOrderTotal();
}
