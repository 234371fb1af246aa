package dev.orderflow.events;

/** Names of the CloudEvent extension attributes the flow relies on. */
public final class Extensions {

    /** Kafka record key: every event of one order lands on the same partition. Always the order id. */
    public static final String PARTITION_KEY = "partitionkey";
    /** W3C trace context of the distributed-tracing extension. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** Set by a Knative broker on a dead-lettered event: the URL that failed. */
    public static final String KNATIVE_ERROR_DEST = "knativeerrordest";
    /** Set by a Knative broker on a dead-lettered event: the last HTTP status. */
    public static final String KNATIVE_ERROR_CODE = "knativeerrorcode";
    /** Set by a Knative broker on a dead-lettered event: the response body, base64, at most 1024 bytes. */
    public static final String KNATIVE_ERROR_DATA = "knativeerrordata";

    private Extensions() {
    }
}
