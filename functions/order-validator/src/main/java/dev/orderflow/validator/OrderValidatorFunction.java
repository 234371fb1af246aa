package dev.orderflow.validator;

import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.Sources;
import dev.orderflow.function.EventProcessor;

/** {@code order.placed} → {@code order.validated} or {@code order.rejected}. */
public class OrderValidatorFunction {

    private final EventProcessor events;
    private final OrderValidator validator;

    public OrderValidatorFunction(EventProcessor events, OrderValidator validator) {
        this.events = events;
        this.validator = validator;
    }

    @Funq("validate-order")
    @CloudEventMapping(trigger = EventTypes.ORDER_PLACED)
    public CloudEvent<Object> validateOrder(CloudEvent<Order> placed) {
        return events.process(placed, Sources.ORDER_VALIDATOR, validator::validate);
    }
}
