package dev.orderflow.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.OrderFlow;

/**
 * Orders of every outcome through Kafka, the local broker and the five functions, all as separate processes: each
 * reaches exactly one terminal event, along the expected chain, in one trace.
 */
class OrderFlowIT extends OrderOutcomesContract {

    static OrderFlow flow;
    static EventStream stream;

    @BeforeAll
    static void startTheFlow() {
        flow = OrderFlow.start("order-flow");
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

    @Override
    String ingress() {
        return flow.ingress();
    }

    @Override
    EventStream stream() {
        return stream;
    }
}
