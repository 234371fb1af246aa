package dev.orderflow.harness.badinput;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a malformed request must get: one of {@code statuses}, with a JSON error whose {@code message} contains one of
 * {@code fragments}, never a stack trace. Where Vert.x's HTTP decoder refuses the request before any handler runs (a
 * header section over max-header-size: 431, a request line over max-initial-line-length: 414) it answers itself with
 * an empty body; {@code decoderMayAnswer} accepts that.
 */
public record Expect(Set<Integer> statuses, List<String> fragments, boolean decoderMayAnswer) {

    /** Text that only a stack trace puts in a body or a log. */
    public static final List<String> STACK_TRACE_MARKERS = List.of("\tat ", "Exception in", ".java:");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Expect json(int status, String... fragments) {
        return new Expect(Set.of(status), List.of(fragments), false);
    }

    public static Expect json(Set<Integer> statuses, String... fragments) {
        return new Expect(Set.copyOf(statuses), List.of(fragments), false);
    }

    /** A status Vert.x's decoder answers with before any handler, without a body. */
    public static Expect decoder(int status) {
        return new Expect(Set.of(status), List.of(), true);
    }

    /** {@code null} when {@code exchange} meets this expectation, else what is wrong. */
    public String problem(RawHttp.Exchange exchange) {
        if (!exchange.answered()) {
            return exchange.failure();
        }
        RawHttp.Response response = exchange.response();
        String body = response.bodyText();
        for (String marker : STACK_TRACE_MARKERS) {
            if (body.contains(marker)) {
                return "a stack trace in the body: " + abbreviate(body);
            }
        }
        if (!statuses.contains(response.status())) {
            return "status " + response.status() + ", expected " + new TreeSet<>(statuses) + ": " + abbreviate(body);
        }
        if (response.body().length == 0 && decoderMayAnswer) {
            return null;
        }
        if (!response.isJson()) {
            return "no JSON error body (Content-Type " + response.header("content-type") + "): " + abbreviate(body);
        }
        String message;
        try {
            JsonNode json = MAPPER.readTree(response.body());
            message = json.path("message").asText(null);
        } catch (IOException e) {
            return "an error body that is not JSON: " + abbreviate(body);
        }
        if (message == null || message.isBlank()) {
            return "a JSON error without a message: " + abbreviate(body);
        }
        if (!fragments.isEmpty() && fragments.stream().noneMatch(message::contains)) {
            return "message '" + message + "' names none of " + fragments;
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
