package dev.orderflow.broker.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Extensions;

/**
 * Feeds the {@link EventLog} from Kafka with SmallRye Reactive Messaging: every broker topic and dead-letter topic,
 * from the beginning, read as CloudEvents by the connector's CloudEvents support. A fresh consumer group on each
 * start rebuilds the log after a restart; this consumer commits nothing and never affects delivery.
 */
@ApplicationScoped
public class EventLogConsumer {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventLog log;

    public EventLogConsumer(EventLog log) {
        this.log = log;
    }

    @Incoming("event-log")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<?, ?> kafka = KafkaMetadataUtil.readIncomingKafkaMetadata(message).orElse(null);
        IncomingCloudEventMetadata<?> event = message.getMetadata(IncomingCloudEventMetadata.class).orElse(null);
        if (kafka != null && event != null) {
            log.stored(event.getId(), event.getSource().toString(), event.getType(), event.getSubject().orElse(null),
                    event.getTimeStamp().map(Object::toString).orElse(null), kafka.getTimestamp(),
                    traceId(kafka), kafka.getTopic(), kafka.getPartition(), kafka.getOffset(),
                    note(event.getType(), message.getPayload()));
        }
        return message.ack();
    }

    /**
     * The reason of a cancelled order, so the log says why. Event data is otherwise never kept: it may hold
     * payment tokens.
     */
    static String note(String type, byte[] data) {
        if (!EventTypes.ORDER_CANCELLED.equals(type) || data == null) {
            return null;
        }
        try {
            JsonNode reason = MAPPER.readTree(data).path("reason");
            return reason.isTextual() ? reason.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String traceId(IncomingKafkaRecordMetadata<?, ?> kafka) {
        Header header = kafka.getHeaders().lastHeader(Extensions.TRACEPARENT);
        if (header == null) {
            return null;
        }
        String[] parts = new String(header.value(), StandardCharsets.UTF_8).split("-");
        return parts.length > 1 ? parts[1] : null;
    }
}
