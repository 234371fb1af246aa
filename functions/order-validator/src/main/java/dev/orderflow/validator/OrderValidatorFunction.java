package dev.orderflow.validator;

import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.OrderPlacedV2;
import dev.orderflow.events.Sources;
import dev.orderflow.function.EventProcessor;
import dev.orderflow.function.NonBlockingFunction;

/**
 * {@code order.placed} → {@code order.validated} or {@code order.rejected}, for both versions of {@code order.placed}:
 * a v2 order is validated as the v1 order it contains, so nothing after this step changes (docs/events.md, "A v2
 * rollout").
 */
public class OrderValidatorFunction {

    private final EventProcessor events;
    private final OrderValidator validator;

    public OrderValidatorFunction(EventProcessor events, OrderValidator validator) {
        this.events = events;
        this.validator = validator;
    }

    @Funq("validate-order")
    @NonBlockingFunction
    @CloudEventMapping(trigger = EventTypes.ORDER_PLACED)
    public CloudEvent<Object> validateOrder(CloudEvent<Order> placed) {
        return events.process(placed, Sources.ORDER_VALIDATOR, validator::validate);
    }

    @Funq("validate-order-v2")
    @NonBlockingFunction
    @CloudEventMapping(trigger = EventTypes.ORDER_PLACED_V2)
    public CloudEvent<Object> validateOrderV2(CloudEvent<OrderPlacedV2> placed) {
        return events.process(placed, Sources.ORDER_VALIDATOR, v2 -> validator.validate(v2.order()));
    }
}
