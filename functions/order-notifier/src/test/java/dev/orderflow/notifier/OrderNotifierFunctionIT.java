package dev.orderflow.notifier;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract, against the packaged jar that users deploy. */
@QuarkusIntegrationTest
class OrderNotifierFunctionIT extends OrderNotifierFunctionTest {
}
