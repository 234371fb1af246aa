package dev.orderflow.testing;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import dev.orderflow.events.Address;
import dev.orderflow.events.Order;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.PaymentDetails;

/** Sample orders that pass the default validation rules, and variations of them. */
public final class Orders {

    public static final String APPROVED_TOKEN = "tok_visa_4242";

    private Orders() {
    }

    public static String newOrderId() {
        return "order-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Two lines, 25.50 EUR in all, paid by card, shipped to Berlin. */
    public static Order valid() {
        return valid(newOrderId());
    }

    public static Order valid(String orderId) {
        return new Order(orderId, "customer-7", "EUR",
                List.of(line("SKU-1", 2, "10.00"), line("SKU-2", 1, "5.50")),
                new PaymentDetails("card", APPROVED_TOKEN),
                new Address("Ada Lovelace", "Unter den Linden 1", "Berlin", "10117", "DE"));
    }

    public static OrderLine line(String sku, int quantity, String unitPrice) {
        return new OrderLine(sku, quantity, new BigDecimal(unitPrice));
    }

    public static Order withLines(Order order, List<OrderLine> lines) {
        return new Order(order.orderId(), order.customerId(), order.currency(), lines, order.payment(),
                order.shippingAddress());
    }

    public static Order paidWith(Order order, String token) {
        return new Order(order.orderId(), order.customerId(), order.currency(), order.lines(),
                new PaymentDetails(order.payment().method(), token), order.shippingAddress());
    }

    public static Order shippedTo(Order order, String country, String postalCode) {
        Address a = order.shippingAddress();
        return new Order(order.orderId(), order.customerId(), order.currency(), order.lines(), order.payment(),
                new Address(a.name(), a.street(), a.city(), postalCode, country));
    }
}
