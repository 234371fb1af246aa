package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.PaymentDetails;
import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.EventStream.Seen;
import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.badinput.Expect;
import dev.orderflow.harness.badinput.MalformedCorpus;
import dev.orderflow.harness.badinput.MalformedCorpus.BadRequest;
import dev.orderflow.harness.badinput.MalformedCorpus.Category;
import dev.orderflow.harness.badinput.MalformedCorpus.Limits;
import dev.orderflow.harness.badinput.MalformedCorpus.Target;
import dev.orderflow.harness.badinput.RawHttp;
import dev.orderflow.harness.badinput.RawHttp.Exchange;
import dev.orderflow.harness.badinput.RawRequest;
import dev.orderflow.testing.Orders;

/**
 * Bad input, request limits and what must never leak, against the packaged processes of the whole flow (Kafka, the
 * local broker, the five functions), over raw HTTP/1.1 sockets:
 *
 * <pre>
 * MalformedCorpus ─raw bytes─▶ order-validator | payment | inventory | shipping | order-notifier   POST /
 *   (1,200 per endpoint)  ───▶ local-broker                                                        POST /orderflow/orders
 *                              each: a 4xx naming the fault, never a 5xx, a hang or a reset; then a valid event still works
 * </pre>
 *
 * Then each size limit at and one past its value, the loopback-only listeners, and the payment token: raw in the
 * events before payment, masked after, and nowhere in a log or an error body, like stack traces.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    static final long SEED = 20_261_126L;
    static final int CORPUS_SIZE = 1_200;
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final String LOOPBACK = "127.0.0.1";
    /** A token to find again: in events before payment, and nowhere else. */
    static final String TOKEN = "tok_badinput_5f3a9c1e";
    static final String MASKED = PaymentDetails.mask(TOKEN);
    static final Set<String> EVENTS_WITH_THE_TOKEN = Set.of(EventTypes.ORDER_PLACED, EventTypes.ORDER_VALIDATED);
    /** No Trigger takes this type, so the broker's limit tests store events that go nowhere. */
    static final String UNROUTED_TYPE = "dev.orderflow.test.limits.v1";

    static final Limits FUNCTION_LIMITS = new Limits(1024 * 1024, 16 * 1024, 4096, 100);
    static final Limits BROKER_LIMITS = new Limits(1000 * 1024, 16 * 1024, 4096, 100);
    static final String BROKER = "local-broker";

    static OrderFlow flow;
    static EventStream stream;
    static final Order ORDER = Orders.paidWith(Orders.valid("order-bad-input"), TOKEN);
    /** Every response the test read, for the final scan. */
    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

    record Received(String what, int status, String type, String body) {
    }

    @BeforeAll
    static void startTheFlow() {
        flow = OrderFlow.start("bad-input");
        stream = flow.stream();
    }

    @AfterAll
    static void stopTheFlow() {
        if (stream != null) {
            stream.close();
        }
        if (flow != null) {
            flow.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ the corpus

    static Map<String, Target> targets() {
        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put("order-validator", function("order-validator", EventTypes.ORDER_PLACED, ORDER));
        targets.put("payment", function("payment", EventTypes.ORDER_VALIDATED, Orders.validated(ORDER)));
        targets.put("inventory", function("inventory", EventTypes.PAYMENT_AUTHORIZED, Orders.authorized(ORDER)));
        targets.put("shipping", function("shipping", EventTypes.INVENTORY_RESERVED, Orders.reserved(ORDER)));
        targets.put("order-notifier", function("order-notifier", EventTypes.SHIPMENT_SCHEDULED,
                Orders.scheduled(ORDER.orderId())));
        targets.put(BROKER, new Target(BROKER, "/" + OrderFlow.NAMESPACE + "/" + OrderFlow.BROKER,
                EventTypes.ORDER_PLACED, ORDER, false, BROKER_LIMITS));
        return targets;
    }

    static Target function(String name, String type, Object data) {
        return new Target(name, "/", type, data, true, FUNCTION_LIMITS);
    }

    static Stream<String> endpoints() {
        return targets().keySet().stream();
    }

    static int port(String endpoint) {
        return BROKER.equals(endpoint) ? flow.broker().port() : flow.function(endpoint).port();
    }

    static int accepted(String endpoint) {
        return BROKER.equals(endpoint) ? 202 : 200;
    }

    /** What one endpoint made of its corpus. */
    record Tally(String endpoint, int sent, SortedMap<Integer, Integer> byStatus, int withoutBody,
            Map<Category, Integer> byCategory, List<String> problems, Exchange afterwards) {
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void shouldAnswerEveryMalformedRequestWithA4xxNamingTheFaultAndKeepServing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(targets().size());
        List<Future<Tally>> running = new ArrayList<>();
        try {
            for (Target target : targets().values()) {
                running.add(pool.submit(() -> run(new MalformedCorpus(target, SEED, CORPUS_SIZE))));
            }
            List<Tally> tallies = new ArrayList<>();
            for (Future<Tally> tally : running) {
                tallies.add(tally.get());
            }
            print(tallies);
            for (Tally tally : tallies) {
                assertThat(tally.problems()).as("requests of the %s corpus that did not get their 4xx", tally.endpoint())
                        .isEmpty();
                assertThat(tally.afterwards().status()).as("%s answers a valid event after its corpus: %s",
                        tally.endpoint(), tally.afterwards()).isEqualTo(accepted(tally.endpoint()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static Tally run(MalformedCorpus corpus) {
        String endpoint = corpus.target().name();
        int port = port(endpoint);
        SortedMap<Integer, Integer> byStatus = new TreeMap<>();
        Map<Category, Integer> byCategory = new EnumMap<>(Category.class);
        List<String> problems = new ArrayList<>();
        int withoutBody = 0;
        for (int i = 0; i < corpus.size(); i++) {
            BadRequest bad = corpus.get(i);
            Exchange exchange = RawHttp.send(LOOPBACK, port, bad.request(), TIMEOUT);
            byStatus.merge(exchange.status(), 1, Integer::sum);
            byCategory.merge(bad.category(), 1, Integer::sum);
            if (exchange.answered() && exchange.response().body().length == 0) {
                withoutBody++;
            }
            record(endpoint + " #" + i, exchange);
            String problem = bad.expect().problem(exchange);
            if (problem != null) {
                problems.add("#" + i + " " + bad.category().label() + ", " + bad.fault() + ": " + problem);
            }
        }
        Exchange afterwards = RawHttp.send(LOOPBACK, port, corpus.valid("after-corpus-" + endpoint), TIMEOUT);
        record(endpoint + " after the corpus", afterwards);
        return new Tally(endpoint, corpus.size(), byStatus, withoutBody, byCategory, problems, afterwards);
    }

    static void record(String what, Exchange exchange) {
        if (exchange.answered()) {
            RECEIVED.add(new Received(what, exchange.status(), exchange.response().header("ce-type"),
                    exchange.response().bodyText()));
        }
    }

    static void print(List<Tally> tallies) {
        SortedSet<Integer> statuses = new TreeSet<>();
        tallies.forEach(t -> statuses.addAll(t.byStatus().keySet()));
        StringBuilder out = new StringBuilder("\nBad input: " + CORPUS_SIZE + " malformed requests per endpoint, seed "
                + SEED + " (status -1: no status at all)\n");
        out.append(String.format("%-16s %6s", "endpoint", "sent"));
        statuses.forEach(s -> out.append(String.format(" %6d", s)));
        out.append(String.format(" %13s %15s %9s%n", "without body", "after corpus", "problems"));
        for (Tally t : tallies) {
            out.append(String.format("%-16s %6d", t.endpoint(), t.sent()));
            statuses.forEach(s -> out.append(String.format(" %6d", t.byStatus().getOrDefault(s, 0))));
            out.append(String.format(" %13d %15s %9d%n", t.withoutBody(), t.afterwards().status(), t.problems().size()));
        }
        for (Tally t : List.of(tallies.get(0), tallies.get(tallies.size() - 1))) {
            out.append("categories for ").append(t.endpoint()).append(": ").append(t.byCategory().entrySet().stream()
                    .map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
        }
        tallies.forEach(t -> t.problems().stream().limit(15).forEach(p -> out.append(t.endpoint()).append(": ")
                .append(p).append('\n')));
        System.out.println(out);
    }

    // ------------------------------------------------------------------------------------------------ the limits

    /** A valid event for {@code endpoint}; the broker's goes to no Trigger. */
    static RawRequest valid(String endpoint, String id) {
        RawRequest request = new MalformedCorpus(targets().get(endpoint), SEED, 0).valid(id);
        return BROKER.equals(endpoint) ? request.removeHeader("ce-type").header("ce-type", UNROUTED_TYPE) : request;
    }

    static Limits limits(String endpoint) {
        return targets().get(endpoint).limits();
    }

    static Exchange send(String what, String endpoint, RawRequest request) {
        Exchange exchange = RawHttp.send(LOOPBACK, port(endpoint), request, TIMEOUT);
        record(what, exchange);
        return exchange;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    @org.junit.jupiter.api.Order(2)
    void shouldTakeMaxHeaderCountHeadersAndRefuseOneMoreWithAJson431(String endpoint) {
        int limit = limits(endpoint).maxHeaderCount();
        RawRequest request = valid(endpoint, "headers-at-limit-" + endpoint);
        for (int i = 0; request.headerCount() < limit; i++) {
            request.header("x-pad-" + i, "1");
        }
        assertThat(request.headerCount()).isEqualTo(limit);
        Exchange atLimit = send(endpoint + " headers at the limit", endpoint, request);
        assertThat(atLimit.status()).as("%d headers: %s", limit, atLimit).isEqualTo(accepted(endpoint));

        Exchange over = send(endpoint + " headers over the limit", endpoint, request.header("x-one-more", "1"));
        assertThat(Expect.json(431, "has " + (limit + 1) + " header fields, more than the limit of " + limit
                + " (orderflow.http.max-header-count)").problem(over)).as("%d headers", limit + 1).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    @org.junit.jupiter.api.Order(2)
    void shouldTakeAHeaderSectionOfMaxHeaderSizeAndRefuseOneByteMoreWith431(String endpoint) {
        int limit = limits(endpoint).maxHeaderSize();
        RawRequest base = valid(endpoint, "header-size-" + endpoint);
        int padding = limit - base.headerSectionLength() - "x-pad: ".length();
        RawRequest atLimit = valid(endpoint, "header-size-" + endpoint).header("x-pad", "a".repeat(padding));
        assertThat(atLimit.headerSectionLength()).isEqualTo(limit);
        Exchange passed = send(endpoint + " header section at the limit", endpoint, atLimit);
        assertThat(passed.status()).as("a header section of %d bytes: %s", limit, passed).isEqualTo(accepted(endpoint));

        RawRequest over = valid(endpoint, "header-size-" + endpoint).header("x-pad", "a".repeat(padding + 1));
        Exchange refused = send(endpoint + " header section over the limit", endpoint, over);
        assertThat(Expect.decoder(431).problem(refused)).as("a header section of %d bytes", limit + 1).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    @org.junit.jupiter.api.Order(2)
    void shouldTakeARequestLineOfMaxInitialLineLengthAndRefuseOneByteMoreWith414(String endpoint) {
        int limit = limits(endpoint).maxInitialLineLength();
        String path = targets().get(endpoint).path();
        RawRequest base = valid(endpoint, "request-line-" + endpoint);
        int padding = limit - base.to("POST", path + "?pad=").requestLineLength();
        RawRequest atLimit = base.to("POST", path + "?pad=" + "a".repeat(padding));
        assertThat(atLimit.requestLineLength()).isEqualTo(limit);
        Exchange passed = send(endpoint + " request line at the limit", endpoint, atLimit);
        assertThat(passed.status()).as("a request line of %d bytes: %s", limit, passed).isEqualTo(accepted(endpoint));

        Exchange refused = send(endpoint + " request line over the limit", endpoint,
                base.to("POST", path + "?pad=" + "a".repeat(padding + 1)));
        assertThat(Expect.decoder(414).problem(refused)).as("a request line of %d bytes", limit + 1).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    @org.junit.jupiter.api.Order(2)
    void shouldTakeABodyOfMaxBodySizeAndRefuseOneByteMoreWithAJson413(String endpoint) {
        int limit = (int) limits(endpoint).maxBodySize();
        Exchange passed = send(endpoint + " body at the limit", endpoint, padded(endpoint, limit));
        assertThat(passed.status()).as("a body of %d bytes: %s", limit, passed).isEqualTo(accepted(endpoint));

        Exchange refused = send(endpoint + " body over the limit", endpoint, padded(endpoint, limit + 1));
        assertThat(Expect.json(413, "larger than the limit of " + limit + " bytes").problem(refused))
                .as("a body of %d bytes", limit + 1).isNull();
        Exchange refusedChunked = send(endpoint + " chunked body over the limit", endpoint,
                padded(endpoint, limit + 1).chunked());
        assertThat(Expect.json(413, "larger than the limit of " + limit + " bytes").problem(refusedChunked))
                .as("a chunked body of %d bytes", limit + 1).isNull();
    }

    /**
     * HTTP framing that only Vert.x's decoder sees, outside the corpus: it answers a bad Content-Length, a control
     * byte in a header value or a space in a header name with 400 and no body, before any handler. A chunk size that
     * is not hex arrives after the request was handed on: the decoder then closes the connection, and a reply written
     * in that moment is never flushed, so there is no status at all. Either way: no hang, no error log (checked at the
     * end), and the process serves the next event.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    @org.junit.jupiter.api.Order(2)
    void shouldEndBrokenFramingQuicklyAndKeepServing(String endpoint) {
        String head = new String(valid(endpoint, "framing-" + endpoint).withoutContentLength().body(new byte[0]).toBytes(),
                StandardCharsets.ISO_8859_1).replace("Connection: close\r\n\r\n", "Connection: close\r\n");
        Map<String, String> probes = new LinkedHashMap<>();
        probes.put("Content-Length not a number", head + "Content-Length: 12x\r\n\r\n{}");
        probes.put("a control byte in a header value", head + "x-note: a\u0001b\r\nContent-Length: 2\r\n\r\n{}");
        probes.put("a space in a header name", head + "x note: 1\r\nContent-Length: 2\r\n\r\n{}");
        probes.forEach((what, request) -> {
            Exchange exchange = RawHttp.send(LOOPBACK, port(endpoint), request.getBytes(StandardCharsets.ISO_8859_1),
                    TIMEOUT);
            record(endpoint + " " + what, exchange);
            assertThat(Expect.decoder(400).problem(exchange)).as(what).isNull();
        });

        Exchange brokenChunk = RawHttp.send(LOOPBACK, port(endpoint), (head
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                TIMEOUT);
        assertThat(brokenChunk.answered() ? brokenChunk.status() / 100 : 4).as("a chunk size 'zz': %s", brokenChunk)
                .isEqualTo(4);
        assertThat(brokenChunk.failure()).as("a chunk size 'zz'").satisfiesAnyOf(
                failure -> assertThat(failure).isNull(),
                failure -> assertThat(failure).startsWith("connection closed"));

        Exchange after = send(endpoint + " after broken framing", endpoint, valid(endpoint, "after-framing-" + endpoint));
        assertThat(after.status()).as("a valid event after broken framing: %s", after).isEqualTo(accepted(endpoint));
    }

    /** A valid event whose JSON data is padded with spaces to {@code size} bytes. */
    static RawRequest padded(String endpoint, int size) {
        RawRequest request = valid(endpoint, "body-size-" + endpoint + "-" + size);
        byte[] body = request.body();
        byte[] padded = Arrays.copyOf(body, size);
        Arrays.fill(padded, body.length, size, (byte) ' ');
        return request.body(padded);
    }

    // ------------------------------------------------------------------------------------------------ security

    @Test
    @org.junit.jupiter.api.Order(3)
    void shouldListenOnLoopbackOnly() throws IOException {
        InetAddress external = nonLoopbackAddress();
        assumeTrue(external != null, "this machine has no non-loopback address: cannot show that the processes refuse "
                + "connections on one");
        for (String endpoint : targets().keySet()) {
            int port = port(endpoint);
            assertThatThrownBy(() -> connect(external, port))
                    .as("%s must refuse a connection to %s:%d", endpoint, external.getHostAddress(), port)
                    .isInstanceOf(ConnectException.class);
            Exchange health = RawHttp.send(LOOPBACK, port, RawRequest.of("GET", "/q/health/ready"), TIMEOUT);
            assertThat(health.status()).as("%s on %s:%d", endpoint, LOOPBACK, port).isEqualTo(200);
        }
    }

    /** An address of this machine other than loopback and link-local, IPv4 first; {@code null} when there is none. */
    static InetAddress nonLoopbackAddress() throws IOException {
        List<InetAddress> candidates = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                        .forEach(candidates::add);
            }
        }
        return candidates.stream().filter(a -> a instanceof Inet4Address).findFirst()
                .orElse(candidates.isEmpty() ? null : candidates.get(0));
    }

    static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void shouldCarryThePaymentTokenRawOnlyBeforePaymentAndMaskedAfter() {
        Map<String, UnaryOperator<Order>> shapes = new LinkedHashMap<>();
        shapes.put("completed", o -> o);
        shapes.put("cancelled after refund", o -> Orders.withLines(o, List.of(Orders.line("SOLD-OUT", 1, "9.99"))));
        shapes.put("rejected", o -> Orders.shippedTo(o, "XX", "1"));
        List<String> orderIds = new ArrayList<>();
        shapes.forEach((outcome, shape) -> {
            Order order = shape.apply(Orders.paidWith(Orders.valid(), TOKEN));
            orderIds.add(order.orderId());
            Exchange posted = send("order " + outcome, BROKER, new MalformedCorpus(targets().get(BROKER), SEED, 0)
                    .valid(order.orderId() + "-placed")
                    .removeHeader("ce-subject").header("ce-subject", order.orderId())
                    .removeHeader("ce-partitionkey").header("ce-partitionkey", order.orderId())
                    .body(json(order)));
            assertThat(posted.status()).as("order %s: %s", outcome, posted).isEqualTo(202);
        });

        for (String orderId : orderIds) {
            await("terminal event of " + orderId).atMost(Duration.ofSeconds(30)).until(() -> stream.ofSubject(orderId)
                    .stream().anyMatch(e -> EventTypes.TERMINAL.contains(e.type())));
            List<Seen> events = stream.ofSubject(orderId);
            assertThat(events).isNotEmpty();
            for (Seen event : events) {
                String data = new String(event.event().getData().toBytes(), StandardCharsets.UTF_8);
                if (EVENTS_WITH_THE_TOKEN.contains(event.type())) {
                    assertThat(data).as("%s of %s carries the token for payment", event.type(), orderId).contains(TOKEN);
                } else {
                    assertThat(data).as("%s of %s", event.type(), orderId).doesNotContain(TOKEN);
                }
                if (event.type().equals(EventTypes.PAYMENT_AUTHORIZED) || event.type().equals(EventTypes.INVENTORY_RESERVED)) {
                    assertThat(data).as("%s of %s carries the masked token", event.type(), orderId).contains(MASKED);
                }
            }
            String path = "/" + OrderFlow.NAMESPACE + "/" + OrderFlow.BROKER + "/events?subject=" + orderId;
            send("event log of " + orderId, BROKER, RawRequest.of("GET", path));
        }
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void shouldNeverLogOrAnswerWithTheTokenOrAStackTrace() throws IOException {
        assertThat(RECEIVED).as("responses read by the tests before this one").hasSizeGreaterThan(6 * CORPUS_SIZE);
        for (Received received : RECEIVED) {
            for (String marker : Expect.STACK_TRACE_MARKERS) {
                assertThat(received.body()).as("response to %s", received.what()).doesNotContain(marker);
            }
            boolean mayCarryToken = received.status() / 100 == 2 && received.type() != null
                    && EVENTS_WITH_THE_TOKEN.contains(received.type());
            if (!mayCarryToken) {
                assertThat(received.body()).as("response to %s (%d %s)", received.what(), received.status(),
                        received.type()).doesNotContain(TOKEN);
            }
        }
        List<Path> ours = new ArrayList<>();
        ours.add(flow.broker().process().log());
        flow.functions().stream().map(FunctionProcess::process).forEach(p -> ours.add(p.log()));
        List<Path> logs = new ArrayList<>(ours);
        logs.add(flow.dir().resolve("kafka").resolve("kafka.log"));
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            assertThat(text).as("log %s", log).doesNotContain(TOKEN);
            for (String marker : Expect.STACK_TRACE_MARKERS) {
                assertThat(text).as("log %s", log).doesNotContain(marker);
            }
            if (ours.contains(log)) {
                // A client's garbage is not the server's error: nothing of it may be logged as one.
                assertThat(text.lines().filter(line -> line.contains(" ERROR ["))).as("ERROR lines in %s", log).isEmpty();
            }
        }
    }

    static byte[] json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
