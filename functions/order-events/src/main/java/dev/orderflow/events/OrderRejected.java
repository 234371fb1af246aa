package dev.orderflow.events;

import java.util.List;

/** {@code order.rejected}: every rule the order broke, in the order the rules ran. */
public record OrderRejected(String orderId, List<String> reasons) implements OrderEvent {
}
