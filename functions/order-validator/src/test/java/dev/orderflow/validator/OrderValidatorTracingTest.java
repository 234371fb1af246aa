package dev.orderflow.validator;

import io.quarkus.test.junit.QuarkusTest;

import dev.orderflow.events.EventTypes;
import dev.orderflow.testing.Event;
import dev.orderflow.function.testing.FunctionTracingTest;
import dev.orderflow.testing.Orders;

@QuarkusTest
class OrderValidatorTracingTest extends FunctionTracingTest {

    @Override
    protected Event validEvent() {
        return Event.of(EventTypes.ORDER_PLACED, Orders.valid());
    }
}
