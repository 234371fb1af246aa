package dev.orderflow.broker.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cloudevents.CloudEvent;

import dev.orderflow.broker.BrokerSettings;
import dev.orderflow.broker.dispatch.DeliveryListener;
import dev.orderflow.broker.dispatch.Settlement;

/**
 * What a person reads to follow a subject (an order, say) through the broker: the recent events of each subject
 * (type, times, trace id, where Kafka holds them) and, for each, the outcome of every Trigger that took it. Kept in memory and bounded: events are
 * rebuilt from Kafka when the broker restarts, delivery outcomes are recorded from then on.
 */
@ApplicationScoped
public class EventLog implements DeliveryListener {

    /** One event as stored, with its deliveries so far. */
    public record Entry(String id, String source, String type, String subject, String time, Instant storedAt,
            String traceId, String topic, int partition, long offset, String note, List<Settlement> deliveries) {
    }

    private final int capacity;
    private final LinkedHashMap<String, MutableEntry> entries;
    private final Map<String, List<String>> keysBySubject = new HashMap<>();

    public EventLog(BrokerSettings settings) {
        this.capacity = settings.eventLogCapacity();
        this.entries = new LinkedHashMap<>(1024, 0.75f, false);
    }

    /** An event Kafka holds (seen by the event-log consumer). */
    public synchronized void stored(String id, String source, String type, String subject, String time,
            Instant storedAt, String traceId, String topic, int partition, long offset, String note) {
        MutableEntry entry = entry(id, source);
        entry.note = note;
        entry.type = type;
        entry.time = time;
        entry.storedAt = storedAt;
        entry.traceId = traceId;
        entry.topic = topic;
        entry.partition = partition;
        entry.offset = offset;
        index(entry, subject);
    }

    /** The end of one Trigger's delivery of an event. */
    @Override
    public synchronized void settled(CloudEvent event, Settlement settlement) {
        MutableEntry entry = entry(event.getId(), event.getSource().toString());
        entry.deliveries.add(settlement);
        index(entry, event.getSubject());
    }

    /** The events of one subject (an order id), in the order Kafka stored them. */
    public synchronized List<Entry> bySubject(String subject) {
        List<String> keys = keysBySubject.getOrDefault(subject, List.of());
        return keys.stream().map(entries::get).filter(e -> e != null).map(MutableEntry::view)
                .sorted(Comparator.comparing(Entry::storedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** The subjects of the most recent events, newest first, each with its events. */
    public synchronized Map<String, List<Entry>> recent(int subjects) {
        Map<String, List<Entry>> recent = new LinkedHashMap<>();
        List<MutableEntry> newestFirst = new ArrayList<>(entries.values());
        for (int i = newestFirst.size() - 1; i >= 0 && recent.size() < subjects; i--) {
            String subject = newestFirst.get(i).subject;
            if (subject != null && !recent.containsKey(subject)) {
                recent.put(subject, bySubject(subject));
            }
        }
        return recent;
    }

    private MutableEntry entry(String id, String source) {
        String key = source + " " + id;
        MutableEntry entry = entries.get(key);
        if (entry == null) {
            entry = new MutableEntry(key, id, source);
            entries.put(key, entry);
            evict();
        }
        return entry;
    }

    private void index(MutableEntry entry, String subject) {
        if (subject != null && entry.subject == null) {
            entry.subject = subject;
            keysBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(entry.key);
        }
    }

    private void evict() {
        while (entries.size() > capacity) {
            MutableEntry eldest = entries.remove(entries.keySet().iterator().next());
            if (eldest.subject != null) {
                List<String> keys = keysBySubject.get(eldest.subject);
                keys.remove(eldest.key);
                if (keys.isEmpty()) {
                    keysBySubject.remove(eldest.subject);
                }
            }
        }
    }

    private static final class MutableEntry {
        final String key;
        final String id;
        final String source;
        final List<Settlement> deliveries = new ArrayList<>(2);
        String type;
        String subject;
        String time;
        Instant storedAt;
        String traceId;
        String topic;
        int partition = -1;
        long offset = -1;
        String note;

        MutableEntry(String key, String id, String source) {
            this.key = key;
            this.id = id;
            this.source = source;
        }

        Entry view() {
            return new Entry(id, source, type, subject, time, storedAt, traceId, topic, partition, offset, note,
                    List.copyOf(deliveries));
        }
    }
}
