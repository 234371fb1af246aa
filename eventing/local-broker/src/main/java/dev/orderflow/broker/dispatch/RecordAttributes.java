package dev.orderflow.broker.dispatch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;

/**
 * The context attributes and extensions of a binary-mode Kafka record, each read from its header only when asked:
 * what a Trigger's filter needs, without decoding the whole event. Every Trigger sees every record of the broker
 * topic and most let it pass, so only the ones that match pay for {@code KafkaMessageFactory.createReader(...)
 * .toEvent()}. Values are what that decoding would give: {@code ce_<name>} headers, {@code content-type} for
 * {@code datacontenttype}, extensions as strings. The event has no data: a filter never reads it.
 */
final class RecordAttributes implements CloudEvent {

    private static final String PREFIX = "ce_";
    private static final String CONTENT_TYPE = "content-type";

    private final ConsumerRecord<?, ?> record;
    private final SpecVersion specVersion;

    private RecordAttributes(ConsumerRecord<?, ?> record, SpecVersion specVersion) {
        this.record = record;
        this.specVersion = specVersion;
    }

    /**
     * The record's attributes, or {@code null} when it is not a binary-mode CloudEvent of a known spec version
     * (structured mode, or not an event at all): then only a full decoding can tell.
     */
    static RecordAttributes of(ConsumerRecord<?, ?> record) {
        String specVersion = header(record, PREFIX + "specversion");
        if (specVersion == null) {
            return null;
        }
        try {
            return new RecordAttributes(record, SpecVersion.parse(specVersion));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    @Override
    public SpecVersion getSpecVersion() {
        return specVersion;
    }

    @Override
    public String getId() {
        return header(record, PREFIX + "id");
    }

    @Override
    public String getType() {
        return header(record, PREFIX + "type");
    }

    @Override
    public URI getSource() {
        String source = header(record, PREFIX + "source");
        return source == null ? null : URI.create(source);
    }

    @Override
    public String getDataContentType() {
        return header(record, CONTENT_TYPE);
    }

    @Override
    public URI getDataSchema() {
        String schema = header(record, PREFIX + (specVersion == SpecVersion.V03 ? "schemaurl" : "dataschema"));
        return schema == null ? null : URI.create(schema);
    }

    @Override
    public String getSubject() {
        return header(record, PREFIX + "subject");
    }

    @Override
    public OffsetDateTime getTime() {
        String time = header(record, PREFIX + "time");
        return time == null ? null : OffsetDateTime.parse(time);
    }

    @Override
    public Object getAttribute(String name) {
        return switch (name) {
            case "specversion" -> specVersion;
            case "id" -> getId();
            case "type" -> getType();
            case "source" -> getSource();
            case "datacontenttype" -> getDataContentType();
            case "dataschema", "schemaurl" -> getDataSchema();
            case "subject" -> getSubject();
            case "time" -> getTime();
            default -> throw new IllegalArgumentException("not a context attribute of CloudEvents "
                    + specVersion + ": " + name);
        };
    }

    @Override
    public Set<String> getAttributeNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String name : specVersion.getAllAttributes()) {
            if (getAttribute(name) != null) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public Object getExtension(String name) {
        return specVersion.getAllAttributes().contains(name) ? null : header(record, PREFIX + name);
    }

    @Override
    public Set<String> getExtensionNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Header header : record.headers()) {
            String key = header.key();
            if (key.startsWith(PREFIX) && !specVersion.getAllAttributes().contains(key.substring(PREFIX.length()))) {
                names.add(key.substring(PREFIX.length()));
            }
        }
        return names;
    }

    @Override
    public CloudEventData getData() {
        return null;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
