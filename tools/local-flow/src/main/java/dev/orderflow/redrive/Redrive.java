package dev.orderflow.redrive;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.kafka.KafkaMessageFactory;

import dev.orderflow.events.Extensions;

/**
 * Puts dead-lettered events back into a broker ({@code scripts/run.sh redrive}). Reads the dead-letter topic from its
 * first offset to the last one there is when it starts, keeps the events {@link RedriveFilter} admits, takes off the
 * {@code knativeerror*} extensions the dispatcher added, and posts each to the broker's ingress in binary mode with
 * every other attribute as it was ({@code id}, {@code source}, {@code subject}, {@code traceparent}, ...). The functions
 * derive a reply's id from the event's source and id, so an event that had in fact been handled before it was
 * dead-lettered yields again the events it yielded then: duplicates by id, nothing new.
 */
public final class Redrive {

    /** What the dispatcher adds to a dead-lettered event (DATA-PLANE.md); the rest of the event is the sender's. */
    static final List<String> ERROR_EXTENSIONS = List.of(Extensions.KNATIVE_ERROR_DEST, Extensions.KNATIVE_ERROR_CODE,
            Extensions.KNATIVE_ERROR_DATA);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration POST_PATIENCE = Duration.ofSeconds(30);
    private static final int ACCEPTED = 202;

    /** One dead letter: when it was dead-lettered (its record's timestamp) and the event. */
    record DeadLetter(Instant at, CloudEvent event) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final PrintStream out;

    Redrive(PrintStream out) {
        this.out = out;
    }

    /** Every dead letter in {@code topic}, oldest first per partition, up to the offsets there are now. */
    static List<DeadLetter> read(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        letters.add(new DeadLetter(Instant.ofEpochMilli(record.timestamp()),
                                KafkaMessageFactory.createReader(record).toEvent()));
                    }
                }
            }
        }
        return letters;
    }

    /** The event as its sender posted it: without what the dead-lettering added. */
    static CloudEvent withoutErrorExtensions(CloudEvent event) {
        CloudEventBuilder builder = CloudEventBuilder.from(event);
        ERROR_EXTENSIONS.forEach(builder::withoutExtension);
        return builder.build();
    }

    /** Posts what {@code filter} admits of {@code letters}; returns how many the broker refused. */
    int redrive(List<DeadLetter> letters, RedriveFilter filter, URI ingress, boolean dryRun) {
        int sent = 0;
        int refused = 0;
        for (DeadLetter letter : letters) {
            if (!filter.test(letter.event(), letter.at())) {
                continue;
            }
            CloudEvent event = letter.event();
            String line = String.format("%s  %s  %s  %s  (dead-lettered with %s by %s)", letter.at(), event.getType(),
                    event.getSubject(), event.getId(), event.getExtension(Extensions.KNATIVE_ERROR_CODE),
                    event.getExtension(Extensions.KNATIVE_ERROR_DEST));
            if (dryRun) {
                out.println("would redrive " + line);
                sent++;
                continue;
            }
            int status = post(ingress, withoutErrorExtensions(event));
            if (status == ACCEPTED) {
                out.println("redriven " + line);
                sent++;
            } else {
                out.println("refused (" + status + ") " + line);
                refused++;
            }
        }
        out.printf("%s %d of %d dead-lettered event(s)%s%n", dryRun ? "would redrive" : "redrove", sent, letters.size(),
                refused > 0 ? "; the broker refused " + refused : "");
        return refused;
    }

    /** The broker's answer: 202 once Kafka holds the event. Retries a broker that is not up yet, then gives up. */
    private int post(URI ingress, CloudEvent event) {
        Map<String, String> headers = new HashMap<>();
        byte[][] body = { new byte[0] };
        HttpMessageFactory.createWriter(headers::put, bytes -> body[0] = bytes == null ? new byte[0] : bytes)
                .writeBinary(event);
        HttpRequest.Builder request = HttpRequest.newBuilder(ingress).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body[0]));
        headers.forEach(request::header);
        long deadline = System.nanoTime() + POST_PATIENCE.toNanos();
        while (true) {
            try {
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 500 || System.nanoTime() > deadline) {
                    return status;
                }
            } catch (IOException unreachable) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker at " + ingress + " cannot be reached: "
                            + unreachable.getMessage(), unreachable);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
