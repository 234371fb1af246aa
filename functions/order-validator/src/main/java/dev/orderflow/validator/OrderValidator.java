package dev.orderflow.validator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderflow.events.Address;
import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Money;
import dev.orderflow.events.Order;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.OrderRejected;
import dev.orderflow.events.OrderValidated;
import dev.orderflow.events.PaymentDetails;
import dev.orderflow.function.NextEvent;

/**
 * Checks an order against {@link ValidationRules} and collects every reason it fails, so that a customer learns all
 * of them at once. A rejection is a business outcome ({@code order.rejected}), not an error.
 */
@ApplicationScoped
public class OrderValidator {

    private final ValidationRules rules;
    private final Pattern skuPattern;

    public OrderValidator(ValidationRules rules) {
        this.rules = Objects.requireNonNull(rules, "provide the validation rules");
        this.skuPattern = Pattern.compile(rules.skuPattern());
    }

    public NextEvent validate(Order order) {
        List<String> reasons = new ArrayList<>();
        if (isBlank(order.customerId())) {
            reasons.add("customerId is missing");
        }
        checkCurrency(order.currency(), reasons);
        boolean linesValid = checkLines(order.lines(), reasons);
        checkPayment(order.payment(), reasons);
        checkAddress(order.shippingAddress(), reasons);
        if (linesValid) {
            BigDecimal total = Money.of(order.total());
            if (total.compareTo(rules.maxOrderTotal()) > 0) {
                reasons.add("order total " + Money.format(total) + " exceeds the limit of "
                        + Money.format(rules.maxOrderTotal()));
            }
            if (reasons.isEmpty()) {
                return NextEvent.of(EventTypes.ORDER_VALIDATED, new OrderValidated(order.orderId(), total, order));
            }
        }
        return NextEvent.of(EventTypes.ORDER_REJECTED, new OrderRejected(order.orderId(), List.copyOf(reasons)));
    }

    private void checkCurrency(String currency, List<String> reasons) {
        if (isBlank(currency)) {
            reasons.add("currency is missing");
        } else if (!rules.currencies().contains(currency)) {
            reasons.add("currency '" + currency + "' is not accepted (accepted: " + sorted(rules.currencies()) + ")");
        }
    }

    /** True when every line is well-formed, so that the order total means something. */
    private boolean checkLines(List<OrderLine> lines, List<String> reasons) {
        if (lines == null || lines.isEmpty()) {
            reasons.add("the order has no lines");
            return false;
        }
        int before = reasons.size();
        if (lines.size() > rules.maxLines()) {
            reasons.add("the order has " + lines.size() + " lines, at most " + rules.maxLines() + " are accepted");
        }
        for (int i = 0; i < lines.size(); i++) {
            checkLine(i + 1, lines.get(i), reasons);
        }
        return reasons.size() == before;
    }

    private void checkLine(int number, OrderLine line, List<String> reasons) {
        String prefix = "line " + number + ": ";
        if (line == null) {
            reasons.add(prefix + "is empty");
            return;
        }
        if (isBlank(line.sku())) {
            reasons.add(prefix + "sku is missing");
        } else if (!skuPattern.matcher(line.sku()).matches()) {
            reasons.add(prefix + "sku '" + line.sku() + "' is not a valid SKU");
        }
        if (line.quantity() == null) {
            reasons.add(prefix + "quantity is missing");
        } else if (line.quantity() < 1 || line.quantity() > rules.maxQuantity()) {
            reasons.add(prefix + "quantity " + line.quantity() + " is not between 1 and " + rules.maxQuantity());
        }
        if (line.unitPrice() == null) {
            reasons.add(prefix + "unitPrice is missing");
        } else if (line.unitPrice().signum() <= 0) {
            reasons.add(prefix + "unitPrice " + line.unitPrice().toPlainString() + " is not positive");
        } else if (line.unitPrice().stripTrailingZeros().scale() > Money.SCALE) {
            reasons.add(prefix + "unitPrice " + line.unitPrice().toPlainString() + " has more than " + Money.SCALE
                    + " decimals");
        }
    }

    private void checkPayment(PaymentDetails payment, List<String> reasons) {
        if (payment == null) {
            reasons.add("payment is missing");
            return;
        }
        if (isBlank(payment.method())) {
            reasons.add("payment method is missing");
        } else if (!rules.paymentMethods().contains(payment.method())) {
            reasons.add("payment method '" + payment.method() + "' is not accepted (accepted: "
                    + sorted(rules.paymentMethods()) + ")");
        }
        if (isBlank(payment.token())) {
            reasons.add("payment token is missing");
        }
    }

    private void checkAddress(Address address, List<String> reasons) {
        if (address == null) {
            reasons.add("shippingAddress is missing");
            return;
        }
        requirePresent(address.name(), "shippingAddress.name", reasons);
        requirePresent(address.street(), "shippingAddress.street", reasons);
        requirePresent(address.city(), "shippingAddress.city", reasons);
        requirePresent(address.postalCode(), "shippingAddress.postalCode", reasons);
        if (isBlank(address.country())) {
            reasons.add("shippingAddress.country is missing");
        } else if (!rules.shippingCountries().contains(address.country())) {
            reasons.add("the shop does not ship to '" + address.country() + "' (ships to: "
                    + sorted(rules.shippingCountries()) + ")");
        }
    }

    private static void requirePresent(String value, String field, List<String> reasons) {
        if (isBlank(value)) {
            reasons.add(field + " is missing");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", new TreeSet<>(values));
    }
}
