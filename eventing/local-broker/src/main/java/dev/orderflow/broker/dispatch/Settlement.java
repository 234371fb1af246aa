package dev.orderflow.broker.dispatch;

import java.time.Instant;

/**
 * How a Trigger's delivery of one event ended.
 *
 * @param status the last response's status; {@code null} when there was none
 * @param coldStartMillis how long the delivery waited for its subscriber to start from zero (0: it was running)
 * @param replyType the type of the reply the subscriber answered with, if any
 */
public record Settlement(String trigger, String subscriber, Outcome outcome, Integer status, int attempts, long millis,
        long coldStartMillis, Instant at, String replyType) {

    /** This settlement with {@code replyType}; itself when that is the very string it holds. */
    public Settlement withReplyType(String replyType) {
        return replyType == this.replyType ? this : new Settlement(trigger, subscriber, outcome, status, attempts,
                millis, coldStartMillis, at, replyType);
    }

    public enum Outcome {
        /** The subscriber accepted it (2xx) without a reply. */
        DELIVERED,
        /** The subscriber answered with a reply event, which went back into the broker. */
        REPLIED,
        /** No retry helped, or the subscriber refused it: it went to the dead-letter sink. */
        DEAD_LETTERED,
        /** It could not be delivered and there is no dead-letter sink. */
        DROPPED
    }
}
