package dev.orderflow.broker.dispatch;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import dev.orderflow.manifest.TriggerResource;

/** How a Trigger's consumer talks to Kafka: its group, and the fetch, session and retry settings, each with its reason. */
final class TriggerConsumerSettings {

    private TriggerConsumerSettings() {
    }

    static Properties of(TriggerResource trigger, String bootstrapServers, int maxPollRecords) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, trigger.consumerGroup());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, trigger.consumerGroup());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // The broker initialises each group at the end of the topic before taking events (as Knative does when a
        // Trigger becomes ready); earliest only matters if those offsets were lost, and then nothing is skipped.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
        // What one fetch may bring back, across the topic's partitions (a record larger than this still comes alone).
        // Kafka's default, 50 MiB, let the nine Triggers buffer up to 10 MiB each (1 MiB per partition) behind a
        // backlog. A polled record's headers are views into its fetch's buffer until read, so every record waiting
        // for a delivery slot keeps its whole fetch on the heap: 256 KiB (about 200 events of 1.3 KiB) keeps a
        // Trigger's deliveries fed and the broker's heap small (docs/benchmarks.md, "Memory"). The event log's
        // consumer takes the same limit for the same reason (mp.messaging.incoming.event-log.fetch.max.bytes).
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(256 * 1024));
        // A fetch returns as soon as a record arrives on a partition it asks for, but a partition left out of the
        // fetch in flight (paused, or with records still buffered) waits for it to end: this bounds that wait.
        // 50 ms sent 180 empty fetches a second from the nine Triggers of an idle flow (docs/benchmarks.md).
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        // Static membership: a broker restarted after a crash takes its Triggers' partitions over at once, without
        // waiting for the old members' session to expire, so the session can be long and the heartbeats rare. Every
        // heartbeat wakes the consumer's poll, resting or not: 9 Triggers at Kafka's 3 s default cost an idle flow
        // about 1.5% of a core (docs/benchmarks.md, "An idle flow").
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, trigger.consumerGroup());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "15000");
        p.put(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG, "1000");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        return p;
    }
}
