package dev.orderflow.function;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orderflow.events.OrderValidated;
import dev.orderflow.http.CloudEventReader;

class FailureRepliesTest {

    final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
            "'{\"orderId\":{}}', '''orderId'' must be a string'",
            "'{\"total\":\"lots\"}', '''total'' must be a number'",
            "'{\"order\":{\"lines\":[{\"quantity\":\"x\"}]}}', '''order.lines[0].quantity'' must be an integer'",
            "'{\"order\":{\"lines\":{}}}', '''order.lines'' must be an array'",
            "'{\"order\":5}', '''order'' must be an object'" })
    void shouldDescribeAMismatchByPathAndJsonTypeWithoutJavaNames(String json, String expected) {
        JsonMappingException e = readFailure(json);
        assertThat(FailureReplies.describe(e)).isEqualTo(expected);
    }

    @Test
    void shouldReadTheMediaTypeWithoutParameters() {
        assertThat(CloudEventReader.mediaType("Application/CloudEvents+JSON; charset=utf-8"))
                .isEqualTo(CloudEventReader.STRUCTURED);
        assertThat(CloudEventReader.mediaType(" ")).isNull();
    }

    private JsonMappingException readFailure(String json) {
        try {
            mapper.readValue(json, OrderValidated.class);
        } catch (JsonMappingException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected " + json + " to fail");
    }
}
