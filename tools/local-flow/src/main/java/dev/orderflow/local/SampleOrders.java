package dev.orderflow.local;

import java.util.List;

/**
 * The orders {@code scripts/run.sh order} posts: each ends in the named outcome with the functions' default
 * configuration (README, "The order flow").
 */
public final class SampleOrders {

    public static final List<String> OUTCOMES = List.of("completed", "rejected", "declined", "insufficient-funds",
            "out-of-stock");

    private SampleOrders() {
    }

    /** The data of an {@code order.placed} that ends in {@code outcome}. */
    public static String data(String orderId, String outcome) {
        String token = "tok_visa_4242";
        String sku = "SKU-1";
        int quantity = 2;
        String currency = "EUR";
        String country = "DE";
        switch (outcome) {
            case "completed" -> {
            }
            case "rejected" -> {
                currency = "JPY";
                country = "XX";
            }
            case "declined" -> token = "tok_declined";
            case "insufficient-funds" -> quantity = 60;
            case "out-of-stock" -> sku = "SOLD-OUT";
            default -> throw new IllegalArgumentException("unknown outcome '" + outcome + "' (outcomes: "
                    + String.join(" ", OUTCOMES) + ")");
        }
        return """
                {"orderId":"%s","customerId":"customer-7","currency":"%s",
                 "lines":[{"sku":"%s","quantity":%d,"unitPrice":19.99},{"sku":"SKU-2","quantity":1,"unitPrice":5.50}],
                 "payment":{"method":"card","token":"%s"},
                 "shippingAddress":{"name":"Ada Lovelace","street":"Unter den Linden 1","city":"Berlin","postalCode":"10117","country":"%s"}}
                """.formatted(orderId, currency, sku, quantity, token, country);
    }
}
