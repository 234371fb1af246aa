package dev.orderflow.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) from the Kafka jars on Maven Central: no Docker, no
 * separate install. The local broker runs it in its own JVM ({@link #start}); the tests run it as a process of their
 * own ({@link #main}) so that they can kill it. Its configuration is {@code server.properties} beside this class; its
 * log directory is formatted once and reused, so events survive a restart.
 */
public final class KafkaNode implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KafkaNode.class.getName());

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public KafkaNode(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** {@code KafkaNode <data dir> <port> <controller port>}: runs until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: KafkaNode <data dir> <port> <controller port>");
            System.exit(2);
        }
        KafkaNode node = new KafkaNode(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "kafka-shutdown"));
        node.start();
        Thread.currentThread().join();
    }

    /** Starts the node in this JVM and returns its bootstrap servers. */
    public synchronized String start() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + dataDir, e);
        }
        KafkaConfig config = KafkaConfig.fromProps(properties(), false);
        // Format once; a formatted directory keeps its cluster id, and formatting it again with another would fail.
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            Formatter formatter = new Formatter()
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(config.nodeId())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()));
            formatter.addDirectory(dataDir.toString());
            try {
                formatter.run();
            } catch (Exception e) {
                throw new IllegalStateException("cannot format the Kafka log directory " + dataDir, e);
            }
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOG.log(Level.INFO, "Kafka listening on 127.0.0.1:{0,number,#} with data in {1} ({2,number,#} ms)", port, dataDir,
                (System.nanoTime() - started) / 1_000_000);
        return bootstrapServers();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private Properties properties() {
        Properties p = new Properties();
        try (InputStream in = KafkaNode.class.getResourceAsStream("server.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("log.dirs", dataDir.toString());
        return p;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.log(Level.INFO, "Kafka stopped");
        }
    }
}
