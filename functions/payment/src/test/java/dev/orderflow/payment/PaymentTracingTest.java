package dev.orderflow.payment;

import io.quarkus.test.junit.QuarkusTest;

import dev.orderflow.events.EventTypes;
import dev.orderflow.testing.Event;
import dev.orderflow.function.testing.FunctionTracingTest;
import dev.orderflow.testing.Orders;

@QuarkusTest
class PaymentTracingTest extends FunctionTracingTest {

    @Override
    protected Event validEvent() {
        return Event.of(EventTypes.ORDER_VALIDATED, Orders.validated(Orders.valid()));
    }
}
