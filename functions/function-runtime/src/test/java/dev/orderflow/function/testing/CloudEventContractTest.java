package dev.orderflow.function.testing;

import static dev.orderflow.testing.ReplyAssertions.assertNoStackTrace;
import static dev.orderflow.testing.ReplyAssertions.assertRefused;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.Arc;

import dev.orderflow.function.EventLoopDispatch;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Reply;
import dev.orderflow.testing.ReplyAssertions;

/**
 * The HTTP contract every function keeps, whatever its logic: malformed requests get a 4xx naming the fault (never a
 * 5xx, which the broker would retry forever), both content modes work, and a redelivered event gets the same reply.
 * A function's test extends this and names one valid event.
 */
public abstract class CloudEventContractTest {

    /** An event the function accepts and answers with a reply. */
    protected abstract Event validEvent();

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldAnswerARedeliveredEventWithTheSameReply(Mode mode) {
        Event event = validEvent();
        Reply first = event.post(mode);
        Reply second = event.post(mode);
        assertEquals(200, first.status(), first.body());
        assertEquals(first.id(), second.id(), "same reply id");
        assertEquals(first.type(), second.type());
        assertEquals(first.data().getMap(""), second.data().getMap(""), "same reply data");
    }

    /**
     * The functions do not block (their dependencies answer in-process): Funqy's worker thread would only cost. Asked
     * of the application in the test's JVM; a packaged one says it in its log at start.
     */
    @Test
    void shouldAnswerOnTheEventLoop() {
        assumeTrue(Arc.container() != null, "the application runs in the test's JVM");
        String type = validEvent().attribute("type");
        assertTrue(Arc.container().instance(EventLoopDispatch.class).get().inPlaceTypes().contains(type),
                type + " is answered on the event loop");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldCountEachEventByTypeAndOutcome(Mode mode) {
        Event event = validEvent();
        String type = event.attribute("type");
        String replyType = event.post(mode).type();
        String handled = "orderflow_function_events_total{event_type=\"" + type + "\",outcome=\"" + replyType
                + "\",response_code=\"200\",response_code_class=\"2xx\"}";
        String refused = "orderflow_function_events_total{event_type=\"dev.orderflow.unknown.v1\",outcome=\"error\","
                + "response_code=\"400\",response_code_class=\"4xx\"}";
        String timed = "orderflow_function_handling_seconds_count{event_type=\"" + type
                + "\",response_code_class=\"2xx\"}";
        double handledBefore = PrometheusText.sample(handled);
        double refusedBefore = PrometheusText.sample(refused);
        double timedBefore = PrometheusText.sample(timed);

        event.post(mode);
        event.post(mode);
        validEvent().attribute("type", "dev.orderflow.unknown.v1").post(mode);

        // Counted once the answer has ended, which the client may see a moment before.
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(handledBefore + 2, PrometheusText.sample(handled), handled);
            assertEquals(refusedBefore + 1, PrometheusText.sample(refused), refused);
            assertEquals(timedBefore + 2, PrometheusText.sample(timed), timed);
        });
    }

    @Test
    void shouldDeriveDifferentReplyIdsForDifferentEvents() {
        Reply first = validEvent().post(Mode.BINARY);
        Reply second = validEvent().post(Mode.BINARY);
        assertNotEquals(first.id(), second.id());
    }

    static Stream<Arguments> requiredAttributes() {
        return Stream.of(Mode.values()).flatMap(mode -> Stream.of("id", "source", "type", "specversion")
                .map(attribute -> Arguments.of(mode, attribute)));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredAttributes")
    void shouldRefuseAnEventWithoutARequiredAttribute(Mode mode, String attribute) {
        assertRefused(validEvent().attribute(attribute, null).post(mode), 400,
                "missing required CloudEvent attribute '" + attribute + "'");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseAnEventWithABlankId(Mode mode) {
        assertRefused(validEvent().id(" ").post(mode), 400, "missing required CloudEvent attribute 'id'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.3", "2.0", "1" })
    void shouldRefuseASpecVersionOtherThan1_0(String specVersion) {
        for (Mode mode : Mode.values()) {
            assertRefused(validEvent().attribute("specversion", specVersion).post(mode), 400, "specversion must be 1.0");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseATypeTheFunctionDoesNotConsume(Mode mode) {
        assertRefused(validEvent().attribute("type", "dev.orderflow.unknown.v1").post(mode), 400,
                "not type 'dev.orderflow.unknown.v1'");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseAnEventWithoutData(Mode mode) {
        assertRefused(validEvent().data(null).post(mode), 400, "data is missing");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseDataThatIsNotAnObject(Mode mode) {
        assertRefused(validEvent().data(List.of(1, 2)).post(mode), 400, "data must be a JSON object, not an array");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseDataWithoutTheOrderId(Mode mode) {
        Event event = validEvent();
        ObjectNode data = Event.json(event.data());
        data.remove("orderId");
        assertRefused(event.data(data).post(mode), 400, "missing required field orderId");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseDataWhoseFieldHasTheWrongType(Mode mode) {
        Event event = validEvent();
        ObjectNode data = Event.json(event.data());
        data.putObject("orderId").put("nested", true);
        assertRefused(event.data(data).post(mode), 400, "'orderId' must be a string");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseDataWithABlankOrderId(Mode mode) {
        Event event = validEvent();
        assertRefused(event.data(Event.json(event.data()).put("orderId", " ")).post(mode), 400,
                "missing required field orderId");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseANumberWhereTheDataHasAString(Mode mode) {
        Event event = validEvent();
        assertRefused(event.data(Event.json(event.data()).put("orderId", 5)).post(mode), 400,
                "'orderId' must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1e99999999", "1e-99999999" })
    void shouldRefuseANumberNoBigDecimalCanComputeWith(String number) {
        for (Mode mode : Mode.values()) {
            Event event = validEvent();
            assertRefused(event.data(Event.json(event.data()).put("amount", new BigDecimal(number))).post(mode), 400,
                    "'amount' is out of range");
        }
    }

    @Test
    void shouldRefuseTextAfterTheJsonValue() {
        Event event = validEvent();
        String data = Event.json(event.data()).toString();
        assertRefused(Reply.of(event.request(Mode.BINARY).body(data + "}").post("/")), 400,
                "the event data is not valid JSON");
    }

    @Test
    void shouldRefuseDataThatIsNotUtf8() {
        Event event = validEvent();
        byte[] data = Event.json(event.data()).put("orderId", "order-\u00e9").toString()
                .getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(Reply.of(event.request(Mode.BINARY).body(data).post("/")), 400, "is not valid UTF-8");
    }

    @Test
    void shouldRefuseWhitespaceAsAnEmptyBody() {
        assertRefused(Reply.of(validEvent().request(Mode.BINARY).body("  \n ").post("/")), 400, "the event data is empty");
    }

    @Test
    void shouldRefuseAnAttributeHeaderGivenTwice() {
        Event event = validEvent();
        assertRefused(Reply.of(event.request(Mode.BINARY).header("ce-type", "dev.orderflow.unknown.v1").post("/")), 400,
                "CloudEvent attribute header 'ce-type' appears more than once");
    }

    @Test
    void shouldRefuseAStructuredExtensionThatIsAnObject() {
        Event event = validEvent();
        ObjectNode envelope = (ObjectNode) Event.json(Map.of("specversion", "1.0", "id", event.id(),
                "source", "/tests", "type", event.attribute("type"), "datacontenttype", "application/json"));
        envelope.set("data", Event.json(event.data()));
        envelope.putObject("myextension").put("a", 1);
        Reply reply = Reply.of(given().contentType("application/cloudevents+json").body(envelope.toString()).post("/"));
        assertRefused(reply, 400, "CloudEvent attribute 'myextension' must be a string, an integer or a boolean");
    }

    @Test
    void shouldRefuseMoreHeadersThanTheLimitWithA431() {
        var request = validEvent().request(Mode.BINARY);
        for (int i = 0; i < 100; i++) {
            request.header("x-pad-" + i, "1");
        }
        assertRefused(Reply.of(request.post("/")), 431, "more than the limit of 100 (orderflow.http.max-header-count)");
    }

    @Test
    void shouldRefuseABinaryBodyThatIsNotJson() {
        Reply reply = Reply.of(validEvent().request(Mode.BINARY).body("{not json").post("/"));
        assertRefused(reply, 400, "the event data is not valid JSON");
    }

    @Test
    void shouldRefuseAStructuredBodyThatIsNotJson() {
        Reply reply = Reply.of(given().contentType("application/cloudevents+json").body("{\"id\": ").post("/"));
        assertRefused(reply, 400, "the structured CloudEvent is not valid JSON");
    }

    @Test
    void shouldRefuseAStructuredBodyThatIsNotAnObject() {
        Reply reply = Reply.of(given().contentType("application/cloudevents+json").body("[1]").post("/"));
        assertRefused(reply, 400, "a structured CloudEvent is a JSON object, not an array");
    }

    @Test
    void shouldRefuseAnEmptyBody() {
        Reply reply = Reply.of(given().contentType("application/cloudevents+json").post("/"));
        assertRefused(reply, 400, "is empty");
    }

    @Test
    void shouldRefuseBinaryDataThatIsNotJson() {
        Reply reply = Reply.of(validEvent().request(Mode.BINARY).contentType("text/plain").body("hello").post("/"));
        assertRefused(reply, 415, "Content-Type must be application/json");
    }

    @Test
    void shouldRefuseBatchMode() {
        Reply reply = Reply.of(given().contentType("application/cloudevents-batch+json").body("[]").post("/"));
        assertRefused(reply, 415, "batch mode");
    }

    @Test
    void shouldRefuseAPlainJsonRequestThatIsNotACloudEvent() {
        Reply reply = Reply.of(given().contentType("application/json").body("{\"orderId\":\"o-1\"}").post("/"));
        assertRefused(reply, 400, "not a CloudEvent");
    }

    @Test
    void shouldRefuseMethodsOtherThanPost() {
        given().get("/").then().statusCode(405).header("Allow", containsString("POST"))
                .body("message", containsString("method GET is not allowed"));
    }

    @Test
    void shouldAnswerKnativesLivenessAndReadinessProbes() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldListPostWhenProbedWithOptions() {
        given().options("/").then().statusCode(200).header("Allow", containsString("POST"));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseAMalformedTraceparentExtension(Mode mode) {
        assertRefused(validEvent().traceparent("00-abc-def-01").post(mode), 400,
                "the CloudEvent extension traceparent is not a W3C trace context");
    }

    @ParameterizedTest
    @ValueSource(strings = { "garbage", "00-00000000000000000000000000000000-0000000000000001-01",
            "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra" })
    void shouldRefuseAMalformedTraceparentHeader(String traceparent) {
        assertRefused(validEvent().header("traceparent", traceparent).post(Mode.BINARY), 400,
                "the HTTP header traceparent is not a W3C trace context");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldRefuseATimeThatIsNotRfc3339(Mode mode) {
        assertRefused(validEvent().attribute("time", "yesterday").post(mode), 400, "invalid CloudEvent");
    }

    @Test
    void shouldNeverLeakAStackTrace() {
        String body = given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/t\",\"type\":{\"a\":1}}")
                .post("/").then().statusCode(400).extract().asString();
        assertNoStackTrace(body);
    }
}
