package dev.orderflow.inventory;

import io.quarkus.test.junit.QuarkusTest;

import dev.orderflow.events.EventTypes;
import dev.orderflow.testing.Event;
import dev.orderflow.function.testing.FunctionTracingTest;
import dev.orderflow.testing.Orders;

@QuarkusTest
class InventoryTracingTest extends FunctionTracingTest {

    @Override
    protected Event validEvent() {
        return Event.of(EventTypes.PAYMENT_AUTHORIZED, Orders.authorized(Orders.valid()));
    }
}
