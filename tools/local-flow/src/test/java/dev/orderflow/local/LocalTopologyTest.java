package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.orderflow.local.LocalTopology.Component;
import dev.orderflow.manifest.ManifestFixtures;

/** The local flow as the repository's manifests describe it: the one list of functions and their ports. */
class LocalTopologyTest {

    private final LocalTopology topology = LocalTopology.of(ManifestFixtures.repositoryDirectory());

    @Test
    void shouldListTheFunctionsOfKnativeInTheOrderTheTriggersReachThem() {
        assertThat(topology.functions()).extracting(Component::name)
                .containsExactly("order-validator", "payment", "inventory", "shipping", "order-notifier");
    }

    @Test
    void shouldPutEachFunctionOnThePortItsContainerDeclares() {
        assertThat(topology.functions()).extracting(Component::port).containsExactly(8081, 8082, 8083, 8084, 8085);
        assertThat(topology.component("payment").app())
                .isEqualTo(topology.root().resolve("functions/payment/target/quarkus-app"));
    }

    @Test
    void shouldTakeEventsAtTheBrokersPathOfTheEventingManifests() {
        assertThat(topology.broker().port()).isEqualTo(8080);
        assertThat(topology.ingress()).isEqualTo("http://127.0.0.1:8080/orderflow/orders");
    }

    @Test
    void shouldTellTheBrokerWhereEachFunctionListensAndWhatItsLogNotes() {
        assertThat(topology.brokerProperties()).containsEntry("orderflow.broker.subscribers.payment",
                "http://127.0.0.1:8082").containsEntry("orderflow.broker.event-log-notes",
                        "dev.orderflow.order.cancelled.v1:reason");
        assertThat(LocalTopology.brokerProperties(Map.of("payment", "http://127.0.0.1:9999")))
                .containsEntry("orderflow.broker.subscribers.payment", "http://127.0.0.1:9999");
    }

    @Test
    void shouldNameTheComponentsThereAreWhenAskedForAnother() {
        assertThatThrownBy(() -> topology.component("billing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown component 'billing' (components: broker order-validator payment inventory shipping "
                        + "order-notifier)");
    }
}
