package dev.orderflow.inventory;

import static dev.orderflow.testing.ReplyAssertions.assertRefused;
import static dev.orderflow.testing.ReplyAssertions.assertUnavailableForAWhile;
import static dev.orderflow.testing.ReplyAssertions.assertReply;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.junit.QuarkusTest;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.Sources;
import dev.orderflow.function.testing.CloudEventContractTest;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;
import dev.orderflow.testing.Reply;
import dev.orderflow.testing.Traceparents;

@QuarkusTest
class InventoryFunctionTest extends CloudEventContractTest {

    @Override
    protected Event validEvent() {
        return Event.of(EventTypes.PAYMENT_AUTHORIZED, Orders.authorized(Orders.valid()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldEmitInventoryReservedWhenEveryLineIsInStock(Mode mode) {
        Order order = Orders.valid();
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.PAYMENT_AUTHORIZED, Orders.authorized(order)).traceparent(traceparent)
                .post(mode);

        assertReply(reply, mode, traceparent, EventTypes.INVENTORY_RESERVED, Sources.INVENTORY, order.orderId());
        assertThat(reply.data().getString("reservationId")).startsWith("res-");
        assertThat(reply.data().getString("authorizationId")).isEqualTo("auth-" + order.orderId());
        assertThat(reply.data().getString("order.shippingAddress.city")).isEqualTo("Berlin");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldEmitInventoryUnavailableNamingTheMissingSkus(Mode mode) {
        Order order = Orders.withLines(Orders.valid(), List.of(Orders.line("SOLD-OUT", 1, "9.99"),
                Orders.line("SKU-1", 1, "1.00"), Orders.line("LAST-ONE", 2, "2.00")));
        String traceparent = Traceparents.random();

        Reply reply = Event.of(EventTypes.PAYMENT_AUTHORIZED, Orders.authorized(order)).traceparent(traceparent)
                .post(mode);

        assertReply(reply, mode, traceparent, EventTypes.INVENTORY_UNAVAILABLE, Sources.INVENTORY, order.orderId());
        assertThat(reply.data().getList("missingSkus", String.class)).containsExactly("SOLD-OUT", "LAST-ONE");
        assertThat(reply.data().getString("authorizationId")).isEqualTo("auth-" + order.orderId());
        assertThat(reply.data().getDouble("amount")).isEqualTo(14.99);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldAnswer503WhenTheLedgerIsUnreachableSoTheBrokerRetries(Mode mode) {
        Order order = Orders.withLines(Orders.valid(), List.of(Orders.line("LEDGER-DOWN", 1, "1.00")));
        assertUnavailableForAWhile(Event.of(EventTypes.PAYMENT_AUTHORIZED, Orders.authorized(order)).post(mode),
                "stock ledger unavailable");
    }
}
