package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An order's event log as a person reads it: times after the first event, deliveries, trace and outcome. */
class OrderChainTest {

    private static JsonNode log(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void shouldShowEachEventWithItsDeliveriesAndTheOutcome() throws Exception {
        JsonNode log = log("""
                {"subject":"order-1","events":[
                  {"type":"dev.orderflow.order.placed.v1","source":"/shop","storedAt":"2026-11-30T08:00:00Z",
                   "traceId":"4bf92f3577b34da6a3ce929d0e0e4736","deliveries":[{"trigger":"order-validator",
                   "outcome":"replied","status":200,"attempts":1,"millis":6,"coldStartMillis":0}]},
                  {"type":"dev.orderflow.order.cancelled.v1","source":"/orderflow/order-notifier",
                   "storedAt":"2026-11-30T08:00:00.061Z","traceId":"4bf92f3577b34da6a3ce929d0e0e4736",
                   "reason":"payment declined","deliveries":[{"trigger":"audit","outcome":"dead_lettered","status":503,
                   "attempts":3,"millis":40,"coldStartMillis":900}]}]}
                """);

        String text = OrderChain.render(log);

        assertThat(OrderChain.ended(log)).isTrue();
        assertThat(text.lines()).containsExactly(
                "order order-1   trace 4bf92f3577b34da6a3ce929d0e0e4736",
                "   +0 ms  order.placed             /shop                      → order-validator replied 200 in 6 ms",
                "  +61 ms  order.cancelled          /orderflow/order-notifier  → audit dead-lettered 503 in 40 ms after 3 "
                        + "attempts (cold start 900 ms)",
                "outcome: order.cancelled (payment declined) after 61 ms");
    }

    @Test
    void shouldSayAnOrderWithoutItsTerminalEventIsPending() throws Exception {
        JsonNode log = log("""
                {"subject":"order-2","events":[{"type":"dev.orderflow.order.placed.v1","source":"/shop",
                 "storedAt":"2026-11-30T08:00:00Z","deliveries":[]}]}
                """);

        assertThat(OrderChain.ended(log)).isFalse();
        assertThat(OrderChain.render(log)).startsWith("order order-2   trace -\n").endsWith("outcome: pending\n");
    }

    @Test
    void shouldSayWhenThereIsNothingYet() throws Exception {
        assertThat(OrderChain.render(log("{\"subject\":\"order-3\",\"events\":[]}"))).isEqualTo(
                "order order-3   trace -\nno events yet\n");
    }
}
