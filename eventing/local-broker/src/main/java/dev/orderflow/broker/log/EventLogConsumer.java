package dev.orderflow.broker.log;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.KafkaMetadataUtil;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

import dev.orderflow.events.Extensions;

/**
 * Feeds the {@link EventLog} from Kafka with SmallRye Reactive Messaging: every broker topic and dead-letter topic,
 * from the beginning, read as CloudEvents by the connector's CloudEvents support. A fresh consumer group on each
 * start rebuilds the log after a restart; this consumer commits nothing and never affects delivery.
 */
@ApplicationScoped
public class EventLogConsumer {

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
                    traceId(kafka), kafka.getTopic(), kafka.getPartition(), kafka.getOffset());
        }
        return message.ack();
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
