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
}
