package dev.orderflow.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Orders;

/**
 * Valid binary-mode CloudEvents of every type each function consumes, built from the shared sample orders. The first
 * of each function's list is its main path (the event most orders bring it): the one a cold start waits for and the
 * throughput benchmark repeats.
 */
final class Samples {

    /** One event: its type and subject (the order id) for the {@code ce-*} headers, and its data as JSON. */
    record Sample(String type, String subject, String json) {
    }

    static final String SOURCE = "/orderflow/bench";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private Samples() {
    }

    static List<Sample> consumedBy(String function) {
        Order order = Orders.valid("order-bench-1");
        Order soldOut = Orders.withLines(Orders.valid("order-bench-2"), List.of(Orders.line("SOLD-OUT", 1, "10.00")));
        return switch (function) {
            case "order-validator" -> List.of(
                    sample(EventTypes.ORDER_PLACED, order.orderId(), order),
                    sample(EventTypes.ORDER_PLACED, "order-bench-3",
                            Orders.shippedTo(Orders.valid("order-bench-3"), "XX", "10117")));
            case "payment" -> List.of(
                    sample(EventTypes.ORDER_VALIDATED, order.orderId(), Orders.validated(order)),
                    sample(EventTypes.ORDER_VALIDATED, "order-bench-4",
                            Orders.validated(Orders.paidWith(Orders.valid("order-bench-4"), "tok_declined"))),
                    sample(EventTypes.INVENTORY_UNAVAILABLE, soldOut.orderId(), Orders.unavailable(soldOut, "SOLD-OUT")));
            case "inventory" -> List.of(
                    sample(EventTypes.PAYMENT_AUTHORIZED, order.orderId(), Orders.authorized(order)),
                    sample(EventTypes.PAYMENT_AUTHORIZED, soldOut.orderId(), Orders.authorized(soldOut)));
            case "shipping" -> List.of(
                    sample(EventTypes.INVENTORY_RESERVED, order.orderId(), Orders.reserved(order)));
            case "order-notifier" -> List.of(
                    sample(EventTypes.SHIPMENT_SCHEDULED, order.orderId(), Orders.scheduled(order.orderId())),
                    sample(EventTypes.ORDER_REJECTED, "order-bench-3",
                            Orders.rejected("order-bench-3", "country 'XX' is not shipped to")),
                    sample(EventTypes.PAYMENT_DECLINED, "order-bench-4", Orders.declined("order-bench-4", "card declined")),
                    sample(EventTypes.PAYMENT_REFUNDED, soldOut.orderId(), Orders.refunded(soldOut.orderId(), "out of stock")));
            default -> throw new IllegalArgumentException("unknown function " + function);
        };
    }

    static Sample main(String function) {
        return consumedBy(function).get(0);
    }

    /**
     * The HTTP headers of {@code sample} in binary mode, as the broker delivers it: every attribute as a
     * {@code ce-*} header, and the trace context both as the CloudEvents extension and as the W3C header.
     */
    static Map<String, String> headers(Sample sample, String id) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", id);
        headers.put("ce-source", SOURCE);
        headers.put("ce-type", sample.type());
        headers.put("ce-subject", sample.subject());
        headers.put("ce-partitionkey", sample.subject());
        headers.put("ce-traceparent", TRACEPARENT);
        headers.put("traceparent", TRACEPARENT);
        headers.put("content-type", "application/json");
        return headers;
    }

    private static Sample sample(String type, String subject, Object data) {
        return new Sample(type, subject, Event.json(data).toString());
    }
}
