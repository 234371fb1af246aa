package dev.orderflow.broker.kafka;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which Kafka the local broker uses, from {@code orderflow.kafka.*}: an external cluster when
 * {@code bootstrap-servers} is set, otherwise a single-node KRaft broker it starts itself.
 */
@ConfigMapping(prefix = "orderflow.kafka")
public interface KafkaSettings {

    /** An external cluster's bootstrap servers ({@code ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS}). */
    Optional<String> bootstrapServers();

    /** Port of the embedded broker's client listener. */
    @WithDefault("9092")
    int embeddedPort();

    /** Port of the embedded broker's KRaft controller listener. */
    @WithDefault("9093")
    int embeddedControllerPort();

    /** Where the embedded broker keeps its log; it survives restarts. */
    @WithDefault(".run/kafka")
    String dataDir();

    default boolean embedded() {
        return bootstrapServers().filter(s -> !s.isBlank()).isEmpty();
    }

    default String bootstrap() {
        return bootstrapServers().filter(s -> !s.isBlank()).orElse("127.0.0.1:" + embeddedPort());
    }
}
