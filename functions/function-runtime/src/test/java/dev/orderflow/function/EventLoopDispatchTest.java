package dev.orderflow.function;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.quarkus.funqy.knative.events.EventAttribute;
import io.quarkus.funqy.runtime.FunctionInvoker;
import dev.orderflow.function.NonBlockingFunction;

class EventLoopDispatchTest {

    static class Functions {

        @NonBlockingFunction
        @CloudEventMapping(trigger = "a")
        public CloudEvent<Object> nonBlocking(CloudEvent<String> in) {
            return null;
        }

        @CloudEventMapping(trigger = "b")
        public CloudEvent<Object> blocking(CloudEvent<String> in) {
            return null;
        }

        @NonBlockingFunction
        @CloudEventMapping(trigger = "c", attributes = @EventAttribute(name = "source", value = "s"))
        public CloudEvent<Object> filtered(CloudEvent<String> in) {
            return null;
        }
    }

    @NonBlockingFunction
    static class NonBlockingFunctions {

        @CloudEventMapping(trigger = "d")
        public CloudEvent<Object> inherited(CloudEvent<String> in) {
            return null;
        }
    }

    @ParameterizedTest
    @CsvSource({ "Functions, nonBlocking, true, a", "Functions, blocking, false, b", "Functions, filtered, false, c",
            "NonBlockingFunctions, inherited, true, d" })
    void shouldAnswerOnTheEventLoopOnlyANonBlockingFunctionWithoutAttributeFilters(String className, String method,
            boolean inPlace, String trigger) throws Exception {
        Class<?> type = Class.forName(EventLoopDispatchTest.class.getName() + "$" + className);
        FunctionInvoker invoker = new FunctionInvoker(method, type, type.getMethod(method, CloudEvent.class));

        assertThat(EventLoopDispatch.runsInPlace(invoker)).isEqualTo(inPlace);
        assertThat(EventLoopDispatch.trigger(invoker)).isEqualTo(trigger);
    }
}
