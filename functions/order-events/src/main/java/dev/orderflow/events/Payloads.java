package dev.orderflow.events;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Structural checks of payload records: which required fields a received event left out. */
public final class Payloads {

    private Payloads() {
    }

    /** Every null record component, recursively through nested records and lists of records. */
    public static List<String> missingFields(Record payload) {
        List<String> missing = new ArrayList<>();
        collect(payload, "", missing);
        return missing;
    }

    static List<String> missingFields(Object payload) {
        if (payload instanceof Record record) {
            return missingFields(record);
        }
        throw new IllegalArgumentException("payloads are records, not " + payload.getClass().getName());
    }

    private static void collect(Record record, String prefix, List<String> missing) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            String path = prefix + component.getName();
            Object value = read(record, component);
            if (value == null) {
                missing.add(path);
            } else if (value instanceof Record nested) {
                collect(nested, path + ".", missing);
            } else if (value instanceof Collection<?> items) {
                int index = 0;
                for (Object item : items) {
                    String itemPath = path + "[" + index++ + "]";
                    if (item == null) {
                        missing.add(itemPath);
                    } else if (item instanceof Record nested) {
                        collect(nested, itemPath + ".", missing);
                    }
                }
            }
        }
    }

    private static Object read(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}
