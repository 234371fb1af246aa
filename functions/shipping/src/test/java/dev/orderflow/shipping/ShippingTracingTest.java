package dev.orderflow.shipping;

import io.quarkus.test.junit.QuarkusTest;

import dev.orderflow.events.EventTypes;
import dev.orderflow.testing.Event;
import dev.orderflow.function.testing.FunctionTracingTest;
import dev.orderflow.testing.Orders;

@QuarkusTest
class ShippingTracingTest extends FunctionTracingTest {

    @Override
    protected Event validEvent() {
        return Event.of(EventTypes.INVENTORY_RESERVED, Orders.reserved(Orders.valid()));
    }
}
