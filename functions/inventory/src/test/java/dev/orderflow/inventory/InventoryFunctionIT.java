package dev.orderflow.inventory;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract, against the packaged jar that users deploy. */
@QuarkusIntegrationTest
class InventoryFunctionIT extends InventoryFunctionTest {
}
