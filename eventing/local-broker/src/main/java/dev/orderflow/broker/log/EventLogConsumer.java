package dev.orderflow.broker.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.KafkaMetadataUtil;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

import dev.orderflow.broker.BrokerSettings;
import dev.orderflow.events.Extensions;
import dev.orderflow.http.TraceContexts;

/**
 * Feeds the {@link EventLog} from Kafka with SmallRye Reactive Messaging: every broker topic and dead-letter topic,
 * from the beginning, read as CloudEvents by the connector's CloudEvents support. A fresh consumer group on each
 * start rebuilds the log after a restart; this consumer commits nothing and never affects delivery.
 */
@ApplicationScoped
public class EventLogConsumer {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventLog log;
    /** Event type to the data field whose text the log keeps as the event's note. */
    private final Map<String, String> notes;

    public EventLogConsumer(EventLog log, BrokerSettings settings) {
        this.log = log;
        this.notes = notes(settings.eventLogNotes().orElse(List.of()));
    }

    static Map<String, String> notes(List<String> settings) {
        Map<String, String> notes = new HashMap<>();
        for (String note : settings) {
            int colon = note.lastIndexOf(':');
            if (colon <= 0 || colon == note.length() - 1) {
                throw new IllegalArgumentException("orderflow.broker.event-log-notes: '" + note
                        + "' is not <event type>:<data field>");
            }
            notes.put(note.substring(0, colon), note.substring(colon + 1));
        }
        return Map.copyOf(notes);
    }

    @Incoming("event-log")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<?, ?> kafka = KafkaMetadataUtil.readIncomingKafkaMetadata(message).orElse(null);
        IncomingCloudEventMetadata<?> event = message.getMetadata(IncomingCloudEventMetadata.class).orElse(null);
        if (kafka != null && event != null) {
            log.stored(event.getId(), event.getSource().toString(), event.getType(), event.getSubject().orElse(null),
                    event.getTimeStamp().map(Object::toString).orElse(null), kafka.getTimestamp(),
                    traceId(kafka), kafka.getTopic(), kafka.getPartition(), kafka.getOffset(),
                    note(notes.get(event.getType()), message.getPayload()));
        }
        return message.ack();
    }

    /** The text of {@code field} in JSON {@code data}; {@code null} when there is none or no field is noted. */
    static String note(String field, byte[] data) {
        if (field == null || data == null) {
            return null;
        }
        try {
            JsonNode note = MAPPER.readTree(data).path(field);
            return note.isTextual() ? note.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String traceId(IncomingKafkaRecordMetadata<?, ?> kafka) {
        Header header = kafka.getHeaders().lastHeader(Extensions.TRACEPARENT);
        if (header == null) {
            return null;
        }
        return TraceContexts.traceId(new String(header.value(), StandardCharsets.UTF_8)).orElse(null);
    }
}
