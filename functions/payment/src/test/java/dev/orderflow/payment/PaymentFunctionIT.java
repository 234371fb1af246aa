package dev.orderflow.payment;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract, against the packaged jar that users deploy. */
@QuarkusIntegrationTest
class PaymentFunctionIT extends PaymentFunctionTest {
}
