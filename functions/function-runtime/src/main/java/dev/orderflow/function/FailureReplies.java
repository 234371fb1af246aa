package dev.orderflow.function;

import java.math.BigInteger;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.orderflow.http.ErrorReplies;
import dev.orderflow.http.EventException;
import dev.orderflow.http.JsonChecks;

/**
 * Whatever fails behind the {@link CloudEventGate} (in Funqy, in the data binding, in a function) answered as the
 * broker's contract says: a JSON error without a stack trace, a 4xx for the sender's faults, a 503 with
 * {@code Retry-After} for a dependency that is down, a 500 only for the function's own.
 */
@ApplicationScoped
public class FailureReplies {

    private static final Logger LOG = Logger.getLogger(FailureReplies.class);

    private final long maxBodySize;
    private final long retryAfterSeconds;

    public FailureReplies(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M") MemorySize maxBodySize,
            @ConfigProperty(name = "orderflow.http.retry-after", defaultValue = "5s") Duration retryAfter) {
        this.maxBodySize = maxBodySize.asLongValue();
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    void install(@Observes Router router) {
        router.route().order(CloudEventGate.ROUTE_ORDER).failureHandler(this::fail);
    }

    /** Maps whatever failed behind the gate to the broker's contract, with no stack trace in the reply. */
    void fail(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        EventException known = find(failure, EventException.class);
        JsonMappingException mapping = find(failure, JsonMappingException.class);
        if (known != null) {
            if (known.retryable()) {
                LOG.warnf("status=%d reason=\"%s\"", known.status(), known.getMessage());
                // A dependency is down: say when a retry may find it back (RFC 9110 Retry-After, in seconds), which a
                // sender with Knative's delivery-retryafter honours up to its retryAfterMax.
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
            }
            ErrorReplies.send(ctx.response(), known.status(), known.getMessage());
        } else if (mapping != null) {
            ErrorReplies.send(ctx.response(), EventException.BAD_REQUEST, "data does not match the payload: " + describe(mapping));
        } else if (status == EventException.PAYLOAD_TOO_LARGE) {
            ErrorReplies.send(ctx.response(), status, "request body is larger than the limit of " + maxBodySize + " bytes");
        } else if (status >= 400 && status < 500) {
            ErrorReplies.send(ctx.response(), status, "request refused");
        } else if (!ctx.request().isEnded()) {
            // Nothing behind the gate runs before the whole body is in: this is the request itself breaking off (a
            // chunk size that is not hex, the client closing the connection). Vert.x closes the connection after it.
            LOG.debugf("status=400 reason=\"request unreadable\" error=%s", failure == null ? "none"
                    : failure.getClass().getName());
            ErrorReplies.send(ctx.response(), EventException.BAD_REQUEST, "the request could not be read");
        } else {
            LOG.errorf("status=500 error=%s reason=\"%s\"", failure == null ? "none" : failure.getClass().getName(),
                    failure == null ? "" : JsonChecks.firstLine(failure.getMessage()));
            ErrorReplies.send(ctx.response(), 500, "internal error while processing the event");
        }
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code 'lines[0].quantity' must be a number}, without Java type names or the offending value. */
    static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String field = path.isEmpty() ? "the data" : "'" + path + "'";
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return field + " must be " + jsonTypeOf(mismatch.getTargetType());
        }
        return field + " cannot be read";
    }

    private static String jsonTypeOf(Class<?> type) {
        if (type == Integer.class || type == Long.class || type == Short.class || type == BigInteger.class
                || type == int.class || type == long.class || type == short.class) {
            return "an integer";
        } else if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        } else if (type == String.class) {
            return "a string";
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        } else if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        } else if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date";
        }
        return "an object";
    }

}
