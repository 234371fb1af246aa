package dev.orderflow.contract;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.orderflow.events.EventCatalog;
import dev.orderflow.events.OrderEvent;

/**
 * The JSON Schema (draft-07, which AsyncAPI and most validators read) of each event type's data, derived from the record its data binds to, so that a
 * field added to or removed from a record changes the schema. What is required follows what the functions refuse
 * with a 400 ({@link OrderEvent#missingFields()}): every field, recursively, unless the record narrows that, as
 * {@code order.placed} does to the order id alone: then what it finds missing in an instance without any field. Fields the records do not know are allowed: the functions ignore
 * them, so a producer may add one before its consumers read it.
 */
public final class JsonSchemas {

    public static final String DIALECT = "http://json-schema.org/draft-07/schema#";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonSchemas() {
    }

    public static ObjectNode of(EventCatalog.Entry entry) {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", DIALECT);
        schema.put("$id", entry.schema());
        schema.put("title", entry.type());
        schema.put("description", entry.description());
        boolean everyField = !narrowsRequired(entry.data());
        schema.setAll(object(entry.data(), everyField));
        if (!everyField) {
            requiredOf(entry.data()).forEach(schema.putArray("required")::add);
        }
        return schema;
    }

    /** What a record that narrows its required fields finds missing when it has none. */
    static List<String> requiredOf(Class<? extends OrderEvent> data) {
        RecordComponent[] components = data.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            return data.getDeclaredConstructor(types).newInstance(new Object[components.length]).missingFields();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make an empty " + data.getName(), e);
        }
    }

    /** True when the record names its own required fields instead of requiring them all. */
    static boolean narrowsRequired(Class<? extends OrderEvent> data) {
        try {
            return data.getMethod("missingFields").getDeclaringClass() != OrderEvent.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(data + " is an OrderEvent without missingFields", e);
        }
    }

    private static ObjectNode object(Class<?> record, boolean everyField) {
        if (!record.isRecord()) {
            throw new IllegalArgumentException("event data are records, not " + record.getName());
        }
        ObjectNode node = JSON.objectNode();
        node.put("type", "object");
        ObjectNode properties = node.putObject("properties");
        for (RecordComponent component : record.getRecordComponents()) {
            properties.set(component.getName(), type(component.getGenericType(), everyField,
                    record.getName() + "." + component.getName()));
        }
        if (everyField) {
            List.of(record.getRecordComponents()).forEach(c -> node.withArray("required").add(c.getName()));
        }
        return node;
    }

    private static ObjectNode type(Type type, boolean everyField, String where) {
        ObjectNode node = JSON.objectNode();
        if (type == String.class) {
            node.put("type", "string");
        } else if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            node.put("type", "integer");
        } else if (type == BigDecimal.class) {
            node.put("type", "number");
        } else if (type == LocalDate.class) {
            node.put("type", "string").put("format", "date");
        } else if (type instanceof Class<?> c && c.isRecord()) {
            return object(c, everyField);
        } else if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            node.put("type", "array");
            node.set("items", type(p.getActualTypeArguments()[0], everyField, where + "[]"));
        } else {
            throw new IllegalArgumentException(where + ": no JSON Schema type for " + type.getTypeName());
        }
        return node;
    }
}
