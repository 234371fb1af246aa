package dev.orderflow.broker.dispatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.cloudevents.CloudEvent;

/** Told what became of each record a Trigger's dispatcher took. */
public interface DeliveryListener {

    /** The record is not for this Trigger: its filter refused it, or it is not a CloudEvent. */
    default void discarded(ConsumerRecord<String, byte[]> record) {
    }

    /** The event's fate is settled: delivered, replied and stored, dead-lettered or dropped. */
    void settled(CloudEvent event, Settlement settlement);

    /** Tells {@code first}, then {@code second}. */
    static DeliveryListener both(DeliveryListener first, DeliveryListener second) {
        return new DeliveryListener() {
            @Override
            public void discarded(ConsumerRecord<String, byte[]> record) {
                first.discarded(record);
                second.discarded(record);
            }

            @Override
            public void settled(CloudEvent event, Settlement settlement) {
                first.settled(event, settlement);
                second.settled(event, settlement);
            }
        };
    }
}
