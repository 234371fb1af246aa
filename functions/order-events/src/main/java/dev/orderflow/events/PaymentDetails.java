package dev.orderflow.events;

/**
 * How an order is paid: a method ({@code card}, {@code paypal}, ...) and the token the payment gateway issued for it.
 * The token is a secret: it leaves the payment function only masked.
 */
public record PaymentDetails(String method, String token) {

    private static final int VISIBLE_TOKEN_CHARS = 4;

    /** The same details with all but the last four characters of the token replaced by '*'. */
    public PaymentDetails masked() {
        return new PaymentDetails(method, mask(token));
    }

    public static String mask(String token) {
        if (token == null) {
            return null;
        }
        int visible = token.length() > 2 * VISIBLE_TOKEN_CHARS ? VISIBLE_TOKEN_CHARS : 0;
        return "*".repeat(token.length() - visible) + token.substring(token.length() - visible);
    }

    @Override
    public String toString() {
        return "PaymentDetails[method=" + method + ", token=" + mask(token) + "]";
    }
}
