package dev.orderflow.http;

import java.util.List;

/**
 * Why a function did not answer with a reply event. The status follows the broker's contract: a poison event gets a
 * 4xx that is never retried (straight to the dead-letter sink), a transient failure gets a 5xx that is retried.
 */
public final class EventException extends RuntimeException {

    public static final int BAD_REQUEST = 400;
    public static final int METHOD_NOT_ALLOWED = 405;
    public static final int PAYLOAD_TOO_LARGE = 413;
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;
    public static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;
    public static final int SERVICE_UNAVAILABLE = 503;

    private final int status;

    private EventException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The request is not a valid CloudEvent for this function. */
    public static EventException invalidEvent(String message) {
        return new EventException(BAD_REQUEST, message);
    }

    public static EventException missingAttribute(String attribute) {
        return invalidEvent("missing required CloudEvent attribute '" + attribute + "'");
    }

    public static EventException missingData(String type, List<String> fields) {
        return invalidEvent("data of " + type + " is missing required field" + (fields.size() == 1 ? " " : "s ")
                + String.join(", ", fields));
    }

    public static EventException unsupportedMediaType(String message) {
        return new EventException(UNSUPPORTED_MEDIA_TYPE, message);
    }

    /** More header fields than {@code limit}, the value of {@code property}. */
    public static EventException tooManyHeaders(int count, int limit, String property) {
        return new EventException(REQUEST_HEADER_FIELDS_TOO_LARGE, "the request has " + count
                + " header fields, more than the limit of " + limit + " (" + property + ")");
    }

    public static EventException payloadTooLarge(String what, long limit) {
        return new EventException(PAYLOAD_TOO_LARGE, what + " is larger than the limit of " + limit + " bytes");
    }

    public static EventException methodNotAllowed(String method) {
        return new EventException(METHOD_NOT_ALLOWED, "method " + method + " is not allowed: deliver CloudEvents with POST");
    }

    /** A dependency (payment gateway, stock ledger, carrier) failed in a way that a retry may cure. */
    public static EventException transientFailure(String message) {
        return new EventException(SERVICE_UNAVAILABLE, message);
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return status >= 500;
    }
}
