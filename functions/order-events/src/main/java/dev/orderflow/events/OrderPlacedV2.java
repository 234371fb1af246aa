package dev.orderflow.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The data of {@code order.placed.v2}: the order of v1, plus the channel the customer placed it through ({@code web},
 * {@code app}, {@code store}, ...), which v2 requires. As in v1, every other gap is a business fault the
 * order-validator reports in {@code order.rejected}; only the order id and the channel are structurally required.
 */
public record OrderPlacedV2(String orderId, String customerId, String currency, List<OrderLine> lines,
        PaymentDetails payment, Address shippingAddress, String channel) implements OrderEvent {

    @Override
    public List<String> missingFields() {
        List<String> missing = new ArrayList<>(2);
        if (orderId == null || orderId.isBlank()) {
            missing.add("orderId");
        }
        if (channel == null || channel.isBlank()) {
            missing.add("channel");
        }
        return missing;
    }

    /** The order as v1 has it: what the rest of the flow reads. */
    public Order order() {
        return new Order(orderId, customerId, currency, lines, payment, shippingAddress);
    }

    /** A v1 order placed through {@code channel}. */
    public static OrderPlacedV2 of(Order order, String channel) {
        return new OrderPlacedV2(order.orderId(), order.customerId(), order.currency(), order.lines(), order.payment(),
                order.shippingAddress(), channel);
    }
}
