package dev.orderflow.broker.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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

    /** The most distinct names (sources, types, topics, reply types) kept shared; past it, entries keep their own. */
    private static final int MAX_NAMES = 4096;

    private final int capacity;
    private final LinkedHashMap<Key, MutableEntry> entries = new LinkedHashMap<>(1024, 0.75f, false);
    private final Map<String, List<MutableEntry>> bySubject = new HashMap<>();
    /**
     * Sources, types, topics and reply types repeat in almost every entry: each is kept once and shared, as are the
     * subjects through {@link #bySubject}, rather than the copy every decoded event brings.
     */
    private final Map<String, String> names = new HashMap<>();

    @Inject
    public EventLog(BrokerSettings settings) {
        this(settings.eventLogCapacity());
    }

    EventLog(int capacity) {
        this.capacity = capacity;
    }

    /** An event Kafka holds (seen by the event-log consumer). */
    public synchronized void stored(String id, String source, String type, String subject, String time,
            Instant storedAt, String traceId, String topic, int partition, long offset, String note) {
        MutableEntry entry = entry(id, source);
        entry.note = note;
        entry.type = name(type);
        entry.time = time;
        entry.storedAt = storedAt;
        entry.traceId = traceId;
        entry.topic = name(topic);
        entry.partition = partition;
        entry.offset = offset;
        index(entry, subject);
    }

    /** The end of one Trigger's delivery of an event. */
    @Override
    public synchronized void settled(CloudEvent event, Settlement settlement) {
        MutableEntry entry = entry(event.getId(), event.getSource().toString());
        entry.deliveries.add(settlement.withReplyType(name(settlement.replyType())));
        index(entry, event.getSubject());
    }

    /** The events of one subject (an order id), in the order Kafka stored them. */
    public synchronized List<Entry> bySubject(String subject) {
        return bySubject.getOrDefault(subject, List.of()).stream().map(MutableEntry::view)
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
        Key key = new Key(name(source), id);
        MutableEntry entry = entries.get(key);
        if (entry == null) {
            entry = new MutableEntry(key);
            entries.put(key, entry);
            evict();
        }
        return entry;
    }

    private void index(MutableEntry entry, String subject) {
        if (subject != null && entry.subject == null) {
            List<MutableEntry> same = bySubject.computeIfAbsent(subject, s -> new ArrayList<>(4));
            entry.subject = same.isEmpty() ? subject : same.get(0).subject;
            same.add(entry);
        }
    }

    private void evict() {
        while (entries.size() > capacity) {
            MutableEntry eldest = entries.remove(entries.keySet().iterator().next());
            if (eldest.subject != null) {
                List<MutableEntry> same = bySubject.get(eldest.subject);
                same.remove(eldest);
                if (same.isEmpty()) {
                    bySubject.remove(eldest.subject);
                }
            }
        }
    }

    /** The one copy of {@code name} the log keeps, while it keeps fewer than {@link #MAX_NAMES}. */
    private String name(String name) {
        if (name == null) {
            return null;
        }
        return names.size() < MAX_NAMES ? names.computeIfAbsent(name, n -> n) : names.getOrDefault(name, name);
    }

    /** An event's identity: CloudEvents ids are unique per source. */
    private record Key(String source, String id) {
    }

    private static final class MutableEntry {
        final Key key;
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

        MutableEntry(Key key) {
            this.key = key;
        }

        Entry view() {
            return new Entry(key.id(), key.source(), type, subject, time, storedAt, traceId, topic, partition, offset,
                    note, List.copyOf(deliveries));
        }
    }
}
