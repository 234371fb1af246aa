package dev.orderflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every reply event must carry, whichever function sent it. */
public final class ReplyAssertions {

    private ReplyAssertions() {
    }

    /**
     * A 200 reply of {@code type} from {@code source} about {@code orderId}, in the request's content mode, that
     * continues the request's trace ({@code traceparent} of the request) with a new parent span.
     */
    public static void assertReply(Reply reply, Mode mode, String traceparent, String type, String source,
            String orderId) {
        assertEquals(200, reply.status(), () -> "status of " + reply.body());
        assertEquals(mode == Mode.STRUCTURED, reply.structured(), "reply content mode follows the request's");
        assertEquals("1.0", reply.attribute("specversion"));
        assertEquals(type, reply.type());
        assertEquals(source, reply.source());
        assertEquals(orderId, reply.subject(), "subject is the order id");
        assertEquals(orderId, reply.partitionKey(), "partitionkey is the order id");
        assertNotNull(reply.id());
        assertNotNull(reply.attribute("time"));
        assertNotNull(reply.traceparent(), "reply carries traceparent");
        assertEquals(Traceparents.traceId(traceparent), Traceparents.traceId(reply.traceparent()), "same trace");
        assertNotEquals(Traceparents.parentId(traceparent), Traceparents.parentId(reply.traceparent()), "new parent");
        assertNotNull(reply.data(), "reply carries data");
        assertEquals(orderId, reply.data().getString("orderId"));
    }

    /** A 4xx JSON error whose message contains {@code fragment}, and nothing of a stack trace. */
    public static void assertRefused(Reply reply, int status, String fragment) {
        assertEquals(status, reply.status(), () -> "status of " + reply.body());
        assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
        String message = reply.message();
        assertNotNull(message, reply.body());
        assertTrue(message.contains(fragment), () -> "'" + message + "' should contain '" + fragment + "'");
        assertNoStackTrace(reply.body());
    }

    /** A 503 for a dependency that is down, saying in how many seconds to try again (Retry-After). */
    public static void assertUnavailableForAWhile(Reply reply, String fragment) {
        assertRefused(reply, 503, fragment);
        assertNotNull(reply.retryAfter(), "Retry-After of a 503");
        assertTrue(reply.retryAfter().matches("[1-9][0-9]*"), () -> "Retry-After in seconds: " + reply.retryAfter());
    }

    public static void assertNoStackTrace(String body) {
        assertFalse(body.contains("\tat ") || body.contains("Exception") || body.contains(".java:"),
                () -> "a stack trace leaked: " + body);
    }
}
