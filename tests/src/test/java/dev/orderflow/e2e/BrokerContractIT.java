package dev.orderflow.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orderflow.e2e.TestSubscriber.Received;
import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.EventStream.Seen;
import dev.orderflow.harness.KafkaProcess;
import dev.orderflow.harness.LocalBroker;
import dev.orderflow.harness.Project;
import dev.orderflow.harness.Sender;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;

/**
 * The local broker's contract, against a real subscriber over HTTP and a real Kafka: ingress status codes, every
 * filter dialect, reply routing, retries with backoff, dead-lettering with the knativeerror* extensions, and ordered
 * delivery. The Broker and Triggers come from {@code src/test/resources/delivery-manifests}.
 */
class BrokerContractIT {

    static final String TOPIC = "knative-broker-delivery-test";
    static final String DEAD_LETTER_TOPIC = "delivery-test-dead-letter";
    static final String PREFIX = "dev.orderflow.test.";

    static KafkaProcess kafka;
    static LocalBroker broker;
    static TestSubscriber subscriber;
    static EventStream stream;
    static String ingress;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Project.workDir("broker-contract");
        subscriber = new TestSubscriber();
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        try (Stream<Path> templates = Files.list(Path.of("src/test/resources/delivery-manifests"))) {
            for (Path template : templates.toList()) {
                Files.writeString(manifests.resolve(template.getFileName()),
                        Files.readString(template).replace("${SUBSCRIBER}", subscriber.url()));
            }
        }
        kafka = new KafkaProcess(dir.resolve("kafka")).start();
        broker = new LocalBroker(dir, kafka.bootstrapServers(), manifests, Map.of(),
                Map.of("orderflow.broker.max-event-size", "64K",
                        "orderflow.broker.features.delivery-retryafter", "enabled")).start();
        ingress = broker.url("delivery", "test");
        stream = new EventStream(kafka.bootstrapServers(), TOPIC, DEAD_LETTER_TOPIC);
    }

    @AfterAll
    static void stop() {
        Stream.of(stream, broker, kafka, subscriber).filter(c -> c != null).forEach(c -> {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static Event event(String type, String subject) {
        return Event.of(PREFIX + type + ".v1", Map.of("n", 1)).subject(subject).attribute("partitionkey", subject);
    }

    static void post(Event event) {
        Sender.post(ingress, event, Mode.BINARY);
    }

    /** Every Trigger has settled every event posted so far: nothing more will be delivered. */
    static void awaitSettled() {
        List<String> groups = Stream.of("attributes", "exact", "prefix", "suffix", "any-not", "cesql", "replier",
                "reply-consumer", "flaky", "patient", "poison", "down", "ordered").map(t -> "knative-trigger-delivery-" + t).toList();
        await("every trigger settled").atMost(Duration.ofSeconds(30)).until(() -> kafka.caughtUp(TOPIC, groups));
    }

    static List<String> idsAt(String path) {
        return subscriber.at(path).stream().map(Received::id).toList();
    }

    @Test
    void shouldAcceptBothContentModesWith202AndStoreBinaryRecordsKeyedByPartitionKey() {
        Event binary = event("stored", "key-1");
        Event structured = event("stored", "key-2");
        given().spec(binary.request(Mode.BINARY)).post(ingress).then().statusCode(202);
        given().spec(structured.request(Mode.STRUCTURED)).post(ingress).then().statusCode(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> stream.ofTopic(TOPIC).stream()
                .filter(s -> s.subject().startsWith("key-") && s.type().endsWith("stored.v1")).count() == 2);
        Seen stored = stream.ofSubject("key-2").get(0);
        assertThat(stored.key()).isEqualTo("key-2");
        assertThat(stored.headers()).containsKeys("ce_id", "ce_type", "ce_source", "ce_specversion", "traceparent");
        assertThat(stored.event().getId()).isEqualTo(structured.id());
        assertThat(new String(stored.event().getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
    }

    @Test
    void shouldRefuseMalformedEventsWithA4xxNamingTheFault() {
        given().contentType("application/json").header("ce-id", "1").header("ce-source", "/t")
                .header("ce-specversion", "1.0").body("{}").post(ingress)
                .then().statusCode(400).body("message", containsString("missing required CloudEvent attribute 'type'"));
        given().contentType("application/cloudevents+json").body("{not json").post(ingress)
                .then().statusCode(400).body("message", containsString("not valid JSON"));
        given().contentType("application/json").body("{}").post(ingress)
                .then().statusCode(400).body("message", containsString("not a CloudEvent"));
        given().spec(event("x", "s").traceparent("00-nope-01").request(Mode.BINARY)).post(ingress)
                .then().statusCode(400).body("message", containsString("traceparent"));
        given().contentType("application/cloudevents-batch+json").body("[]").post(ingress)
                .then().statusCode(415).body("message", containsString("batch"));
    }

    @Test
    void shouldAnswer404ForAnUnknownBroker405ForGetAnd413OverTheSizeLimit() {
        given().spec(event("x", "s").request(Mode.BINARY)).post(broker.url("delivery", "nope"))
                .then().statusCode(404).body("message", containsString("no broker delivery/nope"));
        given().get(ingress).then().statusCode(405).header("Allow", containsString("POST"));
        given().options(ingress).then().statusCode(200).header("Allow", containsString("POST"));
        String big = "x".repeat(70 * 1024);
        given().spec(event("big", "s").data(Map.of("blob", big)).request(Mode.BINARY)).post(ingress)
                .then().statusCode(413).body("message", containsString("larger than the limit"));
    }

    @Test
    void shouldDeliverEachEventToTheTriggersWhoseFiltersMatchItAndNoOthers() {
        List<Event> events = List.of(
                event("attr", "f1"),
                event("attr", "f2").attribute("source", "/elsewhere"),
                event("exact", "f3"),
                event("exact.more", "f4"),
                event("prefixed", "f5"),
                event("other", "f6").attribute("source", "/shop/mobile"),
                event("any1", "f7"),
                event("any2", "f8"),
                event("any2", "skip-me"),
                event("sql", "vip-1"),
                event("sql", "regular-1"));
        events.forEach(BrokerContractIT::post);
        awaitSettled();

        assertThat(idsAt("/ok/attributes")).containsExactly(events.get(0).id());
        assertThat(idsAt("/ok/exact")).containsExactly(events.get(2).id());
        assertThat(idsAt("/ok/prefix")).containsExactly(events.get(4).id());
        assertThat(idsAt("/ok/suffix")).containsExactly(events.get(5).id());
        assertThat(idsAt("/ok/any-not")).containsExactlyInAnyOrder(events.get(6).id(), events.get(7).id());
        assertThat(idsAt("/ok/cesql")).containsExactly(events.get(9).id());
    }

    @Test
    void shouldPutAReplyBackIntoTheBrokerWhereItsOwnTriggerTakesIt() {
        Event ask = event("ask", "conversation-1");
        post(ask);

        await().atMost(Duration.ofSeconds(15)).until(() -> !subscriber.at("/ok/replies").isEmpty());
        Received reply = subscriber.at("/ok/replies").get(0);
        assertThat(reply.type()).isEqualTo(TestSubscriber.REPLY_TYPE);
        assertThat(reply.id()).isEqualTo("reply-" + ask.id());
        assertThat(reply.subject()).isEqualTo("conversation-1");
        Received asked = subscriber.at("/reply").get(0);
        assertThat(asked.headers()).containsEntry("prefer", "reply").containsKey("traceparent");
        assertThat(reply.headers().get("traceparent").split("-")[1]).isEqualTo(asked.headers().get("traceparent")
                .split("-")[1]);
    }

    @Test
    void shouldRetryAFailingSubscriberWithLinearBackoffUntilItRecovers() {
        Event flaky = event("flaky", "retry-1");
        post(flaky);

        await().atMost(Duration.ofSeconds(15)).until(() -> subscriber.at("/flaky").size() == 3);
        List<Received> attempts = subscriber.at("/flaky");
        assertThat(attempts).extracting(Received::id).containsOnly(flaky.id());
        long firstWait = Duration.between(attempts.get(0).at(), attempts.get(1).at()).toMillis();
        long secondWait = Duration.between(attempts.get(1).at(), attempts.get(2).at()).toMillis();
        // Its Retry-After (5 s) is not respected: the Trigger has no retryAfterMax, which opts in.
        assertThat(firstWait).as("wait before retry 1 (200 ms)").isBetween(190L, 2000L);
        assertThat(secondWait).as("wait before retry 2 (400 ms)").isBetween(390L, 2000L);
        awaitSettled();
        assertThat(stream.ofTopic(DEAD_LETTER_TOPIC)).noneMatch(s -> s.event().getId().equals(flaky.id()));
    }

    @Test
    void shouldWaitWhatRetryAfterAsksUpToTheTriggersRetryAfterMax() {
        Event later = event("later", "retry-after-1");
        post(later);

        await().atMost(Duration.ofSeconds(15)).until(() -> subscriber.at("/later").size() == 2);
        List<Received> attempts = subscriber.at("/later");
        long wait = Duration.between(attempts.get(0).at(), attempts.get(1).at()).toMillis();
        assertThat(wait).as("Retry-After: 30 capped at retryAfterMax PT1S, over a backoff of 100 ms").isBetween(950L, 5000L);
    }

    @Test
    void shouldDeadLetterAPoisonEventAtOnceWithTheKnativeErrorExtensions() {
        Event poison = event("poison", "dead-1");
        post(poison);

        Seen dead = awaitDeadLetter(poison);
        assertThat(subscriber.at("/poison")).extracting(Received::id).containsExactly(poison.id());
        assertThat(dead.extension("knativeerrordest")).isEqualTo(subscriber.url() + "/poison");
        assertThat(dead.extension("knativeerrorcode")).isEqualTo("400");
        assertThat(new String(Base64.getDecoder().decode(dead.extension("knativeerrordata")), StandardCharsets.UTF_8))
                .isEqualTo(TestSubscriber.POISON_BODY);
        assertThat(dead.extension("reason")).isEqualTo("validation");
        assertThat(dead.type()).isEqualTo(PREFIX + "poison.v1");
    }

    @Test
    void shouldDeadLetterAfterTheTriggersOwnRetriesWithExponentialBackoff() {
        Event down = event("down", "dead-2");
        post(down);

        Seen dead = awaitDeadLetter(down);
        List<Received> attempts = subscriber.at("/down").stream().filter(r -> r.id().equals(down.id())).toList();
        assertThat(attempts).hasSize(3);
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()).toMillis()).isGreaterThanOrEqualTo(190);
        assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at()).toMillis()).isGreaterThanOrEqualTo(390);
        assertThat(dead.extension("knativeerrorcode")).isEqualTo("503");
    }

    @Test
    void shouldKeepPerKeyOrderOnAnOrderedTrigger() {
        List<Event> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(event("seq", "order-" + (i % 4)).data(Map.of("n", i)));
        }
        sent.forEach(BrokerContractIT::post);

        await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.at("/seq/ordered").size() >= sent.size());
        Map<String, List<String>> expected = sent.stream().collect(Collectors.groupingBy(e -> e.attribute("subject"),
                Collectors.mapping(Event::id, Collectors.toList())));
        Map<String, List<String>> received = subscriber.at("/seq/ordered").stream().collect(Collectors.groupingBy(
                Received::subject, Collectors.mapping(Received::id, Collectors.toList())));
        assertThat(received).isEqualTo(expected);
    }

    static Seen awaitDeadLetter(Event event) {
        return await("dead letter of " + event.id()).atMost(Duration.ofSeconds(20)).until(
                () -> stream.ofTopic(DEAD_LETTER_TOPIC).stream().filter(s -> s.event().getId().equals(event.id()))
                        .findFirst().orElse(null),
                seen -> seen != null);
    }
}
