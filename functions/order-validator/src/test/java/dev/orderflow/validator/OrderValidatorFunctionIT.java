package dev.orderflow.validator;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract, against the packaged jar that users deploy. */
@QuarkusIntegrationTest
class OrderValidatorFunctionIT extends OrderValidatorFunctionTest {
}
