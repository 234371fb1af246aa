package dev.orderflow.events;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Structural checks of payload records: which required fields a received event left out. */
public final class Payloads {

    /** A record component's name and accessor. */
    private record Component(String name, Method accessor) {
    }

    /**
     * The components of each record class, looked up once: {@code Class.getRecordComponents()} builds them anew on
     * every call, and was a fifth of a function's CPU time per event before (docs/benchmarks.md).
     */
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            List<Component> components = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                Method accessor = component.getAccessor();
                accessor.trySetAccessible();
                components.add(new Component(component.getName(), accessor));
            }
            return List.copyOf(components);
        }
    };

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

    /** Paths are written only for what is missing or nested: every event passes here, few miss anything. */
    private static void collect(Record record, String prefix, List<String> missing) {
        for (Component component : COMPONENTS.get(record.getClass())) {
            Object value = read(record, component);
            if (value == null) {
                missing.add(prefix + component.name());
            } else if (value instanceof Record nested) {
                collect(nested, prefix + component.name() + ".", missing);
            } else if (value instanceof Collection<?> items) {
                int index = 0;
                for (Object item : items) {
                    if (item == null) {
                        missing.add(prefix + component.name() + "[" + index + "]");
                    } else if (item instanceof Record nested) {
                        collect(nested, prefix + component.name() + "[" + index + "].", missing);
                    }
                    index++;
                }
            }
        }
    }

    private static Object read(Record record, Component component) {
        try {
            return component.accessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.name() + " of " + record.getClass(), e);
        }
    }
}
