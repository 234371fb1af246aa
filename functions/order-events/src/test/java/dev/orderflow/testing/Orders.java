package dev.orderflow.testing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import dev.orderflow.events.Address;
import dev.orderflow.events.InventoryReserved;
import dev.orderflow.events.InventoryUnavailable;
import dev.orderflow.events.Order;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.OrderRejected;
import dev.orderflow.events.OrderValidated;
import dev.orderflow.events.PaymentAuthorized;
import dev.orderflow.events.PaymentDeclined;
import dev.orderflow.events.PaymentDetails;
import dev.orderflow.events.PaymentRefunded;
import dev.orderflow.events.ShipmentScheduled;

/**
 * Sample orders that pass the default validation rules, variations of them, and the events each step of the flow
 * would emit about them.
 */
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

    public static OrderValidated validated(Order order) {
        return new OrderValidated(order.orderId(), order.total().setScale(2), order);
    }

    public static PaymentAuthorized authorized(Order order) {
        return new PaymentAuthorized(order.orderId(), "auth-" + order.orderId(), order.total().setScale(2),
                order.currency(), order.withMaskedPayment());
    }

    public static InventoryReserved reserved(Order order) {
        return new InventoryReserved(order.orderId(), "res-" + order.orderId(), "auth-" + order.orderId(),
                order.withMaskedPayment());
    }

    public static InventoryUnavailable unavailable(Order order, String... missingSkus) {
        return new InventoryUnavailable(order.orderId(), List.of(missingSkus), "auth-" + order.orderId(),
                order.total().setScale(2), order.currency());
    }

    public static OrderRejected rejected(String orderId, String... reasons) {
        return new OrderRejected(orderId, List.of(reasons));
    }

    public static PaymentDeclined declined(String orderId, String reason) {
        return new PaymentDeclined(orderId, reason, new BigDecimal("25.50"), "EUR");
    }

    public static PaymentRefunded refunded(String orderId, String reason) {
        return new PaymentRefunded(orderId, "auth-" + orderId, "refund-" + orderId, new BigDecimal("25.50"), "EUR",
                reason);
    }

    public static ShipmentScheduled scheduled(String orderId) {
        return new ShipmentScheduled(orderId, "DHL", "DHL-" + orderId, LocalDate.of(2026, 12, 1));
    }
}
