package dev.orderflow.function;

import java.util.Objects;

import dev.orderflow.events.OrderEvent;

/** What a function's logic decided: the type of the reply event and its data. */
public record NextEvent(String type, OrderEvent data) {

    public NextEvent {
        Objects.requireNonNull(type, "provide the reply event type");
        Objects.requireNonNull(data, "provide the reply event data");
    }

    public static NextEvent of(String type, OrderEvent data) {
        return new NextEvent(type, data);
    }
}
