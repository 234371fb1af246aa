package dev.orderflow.shipping;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract, against the packaged jar that users deploy. */
@QuarkusIntegrationTest
class ShippingFunctionIT extends ShippingFunctionTest {
}
