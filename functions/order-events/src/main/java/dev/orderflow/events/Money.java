package dev.orderflow.events;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts in the flow have two decimals, whatever a JSON writer made of their trailing zeros. */
public final class Money {

    public static final int SCALE = 2;

    private Money() {
    }

    public static BigDecimal of(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_UP);
    }

    public static String format(BigDecimal amount) {
        return of(amount).toPlainString();
    }
}
