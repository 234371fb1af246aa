package dev.orderflow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

class TraceContextsTest {

    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @ParameterizedTest
    @ValueSource(strings = { TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
            "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future" })
    void shouldAcceptW3cTraceparents(String value) {
        assertThat(TraceContexts.isValidTraceparent(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "garbage", "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
            "00-00000000000000000000000000000000-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
            "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
            "00-0af7651916cd43dd8448eb211c80319-b7ad6b7169203331-01",
            "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01x",
            "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-tab\there",
            "0g-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" })
    void shouldRefuseMalformedTraceparents(String value) {
        assertThat(TraceContexts.isValidTraceparent(value)).isFalse();
        assertThatThrownBy(() -> TraceContexts.requireValid("the header", value, null))
                .isInstanceOfSatisfying(EventException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("the header traceparent is not a W3C trace context");
    }

    /** The W3C grammar as a regular expression: the reference the hand-written check must agree with. */
    static final Pattern W3C = Pattern.compile("00" + "-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}"
            + "|(?!00|ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}(-[!-~]*)?");

    @Test
    void shouldAgreeWithTheW3cGrammarOnMutatedTraceparents() {
        Random random = new Random(20261126);
        String alphabet = "0123456789abcdefABCDEF-fx \t~\u00e9";
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder value = new StringBuilder(random.nextBoolean() ? TRACEPARENT
                    : "0" + random.nextInt(10) + TRACEPARENT.substring(2) + (random.nextBoolean() ? "-x" : ""));
            for (int edits = random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(value.length());
                switch (random.nextInt(3)) {
                    case 0 -> value.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> value.deleteCharAt(at);
                    default -> value.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            boolean expected = W3C.matcher(value).matches();
            assertThat(TraceContexts.isValidTraceparent(value.toString())).as("%s", value).isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        assertThat(accepted).as("valid ones among the mutations").isBetween(5_000, 45_000);
    }

    @Test
    void shouldRefuseAnOverlongTracestate() {
        assertThatThrownBy(() -> TraceContexts.requireValid("x", TRACEPARENT, "a=" + "b".repeat(600)))
                .hasMessageContaining("tracestate is longer than 512");
    }

    @Test
    void shouldExtractTheRemoteParentAndInjectItBack() {
        Context context = TraceContexts.extract(TRACEPARENT, "vendor=1");
        SpanContext parent = Span.fromContext(context).getSpanContext();
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(TraceContexts.inject(context)).isEqualTo(Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=1"));
    }

    @Test
    void shouldExtractTheRootContextWithoutATraceparent() {
        assertThat(Span.fromContext(TraceContexts.extract(null, null)).getSpanContext().isValid()).isFalse();
    }

    @Test
    void shouldReturnTheContextItChecked() {
        Context checked = TraceContexts.requireValid("the header", TRACEPARENT, "vendor=1");
        assertThat(TraceContexts.inject(checked)).isEqualTo(Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=1"));
        assertThat(Span.fromContext(TraceContexts.requireValid("the header", null, null)).getSpanContext().isValid())
                .isFalse();
    }
}
