package dev.orderflow.broker.activator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * What Knative's activator does for a service scaled to zero, for local processes: a delivery to a function that
 * is not running waits while the broker starts it and until it is ready, then goes through; a function idle for the
 * configured window is stopped. Each start's cost is returned to the delivery that waited for it, so the event log
 * shows every cold start.
 *
 * <pre>
 * acquire ─▶ STOPPED ─start─▶ STARTING ─/q/health/ready 200─▶ READY ─idle window, nothing in flight─▶ STOPPED
 * </pre>
 */
public final class Activator implements AutoCloseable {

    /** Deliveries go straight through: no function is managed by the broker. */
    public static final Activator NONE = new Activator();

    private static final Logger LOG = Logger.getLogger(Activator.class);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(10);

    private final Map<String, ScaledService> byAuthority = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ReadinessProbe probe;
    private final Duration idleWindow;
    private final Duration readyTimeout;

    private Activator() {
        this.scheduler = null;
        this.probe = null;
        this.idleWindow = Duration.ZERO;
        this.readyTimeout = Duration.ZERO;
    }

    /** Manages the services of {@code settings} whose local address {@code addresses} gives, by service name. */
    public Activator(ActivatorSettings settings, Map<String, URI> addresses) {
        this.idleWindow = settings.idleWindow();
        this.readyTimeout = settings.readyTimeout();
        this.probe = new ReadinessProbe();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "activator");
            thread.setDaemon(true);
            return thread;
        });
        Optional<Path> pidDir = settings.pidDir().map(Path::of);
        Optional<Path> logDir = settings.logDir().map(Path::of);
        settings.services().forEach((name, service) -> {
            URI address = addresses.get(name);
            if (address == null) {
                throw new IllegalArgumentException("orderflow.broker.activator.services." + name
                        + " names no Knative Service a Trigger delivers to");
            }
            ScaledService scaled = new ScaledService(name, address, List.of(service.command().trim().split("\\s+")),
                    service.directory().map(Path::of).orElse(null), pidDir.map(d -> d.resolve(name + ".pid")).orElse(null),
                    logDir.map(d -> d.resolve(name + ".log")).orElse(null));
            scaled.adoptOrClean();
            byAuthority.put(address.getAuthority(), scaled);
        });
        long period = Math.max(200, Math.min(1000, idleWindow.toMillis() / 4));
        scheduler.scheduleWithFixedDelay(this::stopIdle, period, period, TimeUnit.MILLISECONDS);
        LOG.infof("scale to zero: %s start on their first event and stop after %s idle", byAuthority.values().stream()
                .map(s -> s.name).toList(), idleWindow);
    }

    /**
     * Completes once the function at {@code target} is ready, with the milliseconds its cold start took (0 when it
     * was running); call {@link #release} when the delivery attempt is over.
     */
    public CompletableFuture<Long> acquire(URI target) {
        ScaledService service = byAuthority.get(target.getAuthority());
        return service == null ? CompletableFuture.completedFuture(0L) : service.acquire();
    }

    public void release(URI target) {
        ScaledService service = byAuthority.get(target.getAuthority());
        if (service != null) {
            service.release();
        }
    }

    private void stopIdle() {
        long now = System.nanoTime();
        byAuthority.values().forEach(s -> s.stopIfIdle(now));
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            byAuthority.values().forEach(ScaledService::stop);
        }
    }

    private enum State {
        STOPPED,
        STARTING,
        READY
    }

    /** One function's process and its state; every transition under the instance's lock. */
    private final class ScaledService {
        final String name;
        final URI address;
        final List<String> command;
        final Path directory;
        final Path pidFile;
        final Path logFile;
        State state = State.STOPPED;
        ProcessHandle process;
        CompletableFuture<Long> starting;
        int inFlight;
        long lastUsed;

        ScaledService(String name, URI address, List<String> command, Path directory, Path pidFile, Path logFile) {
            this.name = name;
            this.address = address;
            this.command = command;
            this.directory = directory;
            this.pidFile = pidFile;
            this.logFile = logFile;
        }

        /** A process left by an earlier broker keeps serving if it answers; a dead one's pid file goes. */
        synchronized void adoptOrClean() {
            Optional<ProcessHandle> earlier = readPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
            if (earlier.isPresent() && ready()) {
                process = earlier.get();
                state = State.READY;
                lastUsed = System.nanoTime();
                LOG.infof("service=%s adopted pid=%d", name, process.pid());
            } else {
                earlier.ifPresent(ProcessHandle::destroy);
                deletePidFile();
            }
        }

        synchronized CompletableFuture<Long> acquire() {
            inFlight++;
            lastUsed = System.nanoTime();
            if (state == State.READY && process != null && process.isAlive()) {
                return CompletableFuture.completedFuture(0L);
            }
            if (state != State.STARTING) {
                start();
            }
            return starting;
        }

        synchronized void release() {
            inFlight = Math.max(0, inFlight - 1);
            lastUsed = System.nanoTime();
        }

        /** Called with the lock held. */
        private void start() {
            state = State.STARTING;
            starting = new CompletableFuture<>();
            CompletableFuture<Long> started = starting;
            long begin = System.nanoTime();
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                if (directory != null) {
                    builder.directory(directory.toFile());
                }
                builder.redirectOutput(logFile == null ? ProcessBuilder.Redirect.DISCARD
                        : ProcessBuilder.Redirect.appendTo(logFile.toFile()));
                process = builder.start().toHandle();
                writePid(process.pid());
                LOG.infof("service=%s cold start pid=%d", name, process.pid());
            } catch (IOException e) {
                state = State.STOPPED;
                LOG.errorf("service=%s cannot start: %s", name, e.getMessage());
                started.completeExceptionally(e);
                return;
            }
            ProcessHandle launched = process;
            scheduler.execute(() -> awaitReady(launched, started, begin));
        }

        private void awaitReady(ProcessHandle launched, CompletableFuture<Long> started, long begin) {
            long deadline = begin + readyTimeout.toNanos();
            if (!launched.isAlive() || System.nanoTime() > deadline) {
                synchronized (this) {
                    if (process == launched) {
                        launched.destroy();
                        state = State.STOPPED;
                        deletePidFile();
                    }
                }
                LOG.errorf("service=%s did not become ready (%s)", name, launched.isAlive() ? "timeout" : "exited");
                started.completeExceptionally(new IllegalStateException(name + " did not become ready"));
                return;
            }
            if (ready()) {
                long millis = (System.nanoTime() - begin) / 1_000_000;
                synchronized (this) {
                    if (process == launched) {
                        state = State.READY;
                        lastUsed = System.nanoTime();
                    }
                }
                LOG.infof("service=%s ready cold_start_ms=%d", name, millis);
                started.complete(millis);
            } else {
                scheduler.schedule(() -> awaitReady(launched, started, begin), PROBE_INTERVAL.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }

        synchronized void stopIfIdle(long now) {
            if (state == State.READY && process != null && !process.isAlive()) {
                state = State.STOPPED;
                deletePidFile();
                LOG.warnf("service=%s exited; started again on its next event", name);
            } else if (state == State.READY && inFlight == 0 && now - lastUsed > idleWindow.toNanos()) {
                LOG.infof("service=%s idle for %s: stopping pid=%d", name, idleWindow, process.pid());
                stop();
            }
        }

        synchronized void stop() {
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    process.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.destroyForcibly();
                }
            }
            process = null;
            state = State.STOPPED;
            deletePidFile();
        }

        private boolean ready() {
            return probe.ready(address);
        }

        private Optional<Long> readPid() {
            try {
                return pidFile != null && Files.exists(pidFile)
                        ? Optional.of(Long.parseLong(Files.readString(pidFile).trim())) : Optional.empty();
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        private void writePid(long pid) {
            if (pidFile != null) {
                try {
                    Files.createDirectories(pidFile.getParent());
                    Files.writeString(pidFile, Long.toString(pid));
                } catch (IOException e) {
                    LOG.warnf("service=%s cannot write %s: %s", name, pidFile, e.getMessage());
                }
            }
        }

        private void deletePidFile() {
            if (pidFile != null) {
                try {
                    Files.deleteIfExists(pidFile);
                } catch (IOException e) {
                    LOG.debugf("service=%s cannot delete %s", name, pidFile);
                }
            }
        }
    }
}
