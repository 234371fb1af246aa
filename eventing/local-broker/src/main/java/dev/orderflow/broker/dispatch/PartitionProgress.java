package dev.orderflow.broker.dispatch;

import java.util.ArrayDeque;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Offsets of one partition: what was polled and is not yet settled, in offset order. */
final class PartitionProgress {
    final ArrayDeque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
    final TreeSet<Long> unsettled = new TreeSet<>();
    long next = -1;
    long committed = -1;
    int inFlight;
    boolean paused;

    long committable() {
        return unsettled.isEmpty() ? next : unsettled.first();
    }
}
