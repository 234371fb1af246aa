package dev.orderflow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonToken;

/** The streaming check of binary-mode data refuses what parsing it into a tree refuses, with the same words. */
class JsonScanTest {

    private static JsonChecks.JsonScan scan(String json) {
        return JsonChecks.scanJson(json.getBytes(StandardCharsets.UTF_8), "the event data", 1000);
    }

    @Test
    void shouldFindTheTopLevelValueAndNoNumberOutOfRange() {
        JsonChecks.JsonScan scan = scan("{\"amount\": 12.50, \"lines\": [{\"quantity\": 2, \"unitPrice\": 1e3}]}");

        assertThat(scan.top()).isEqualTo(JsonToken.START_OBJECT);
        assertThat(scan.numberOutOfRange()).isNull();
    }

    @Test
    void shouldNameThePathOfTheFirstNumberBeyondTheExponentLimit() {
        assertThat(scan("{\"order\": {\"lines\": [{\"unitPrice\": 1}, {\"unitPrice\": 1e-99999999}]}, \"x\": 1e9999}")
                .numberOutOfRange()).isEqualTo("order.lines[1].unitPrice");
        assertThat(scan("{\"amount\": 1e1000}").numberOutOfRange()).isNull();
        assertThat(scan("{\"amount\": 1e1001}").numberOutOfRange()).isEqualTo("amount");
        assertThat(scan("[1.5e-1001]").numberOutOfRange()).isEqualTo("[0]");
    }

    @Test
    void shouldReportAScalarOrArrayAtTheTop() {
        assertThat(scan("[1, 2]").top()).isEqualTo(JsonToken.START_ARRAY);
        assertThat(JsonChecks.describe(scan("\"text\"").top())).isEqualTo("a string");
        assertThat(JsonChecks.describe(scan("null").top())).isEqualTo("null");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"a\": 1}}", "{\"a\": 1} {\"b\": 2}", "1 2", "{\"a\": 1, \"a\": 2}", "{\"a\": 1,}",
            "{\"a\": ", "{'a': 1}", "{\"a\": NaN}", "[" })
    void shouldRefuseWhatTheTreeParserRefuses(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonChecks.parseJson(bytes, "the event data"))
                .hasMessageStartingWith("the event data is not valid JSON");
        assertThatThrownBy(() -> JsonChecks.scanJson(bytes, "the event data", 1000))
                .isInstanceOfSatisfying(EventException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("the event data is not valid JSON");
    }

    @Test
    void shouldRefuseNestingBeyondJacksonsLimit() {
        assertThatThrownBy(() -> scan("[".repeat(1001) + "]".repeat(1001)))
                .hasMessageStartingWith("the event data is not valid JSON").hasMessageContaining("nesting depth");
    }

    @Test
    void shouldRefuseAnEmptyOrBlankBodyAndInvalidUtf8() {
        assertThatThrownBy(() -> scan("")).hasMessage("the event data is empty");
        assertThatThrownBy(() -> scan("  \n")).hasMessage("the event data is empty");
        byte[] overlong = { '{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}' };
        assertThatThrownBy(() -> JsonChecks.scanJson(overlong, "the event data", 1000))
                .hasMessageStartingWith("the event data is not valid UTF-8");
    }
}
