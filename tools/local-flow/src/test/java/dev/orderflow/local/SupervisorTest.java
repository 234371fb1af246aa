package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Processes that outlive the command that started them, found again by pid file and marker, and stopped. */
class SupervisorTest {

    @TempDir
    Path runDir;

    @Test
    void shouldFindAndStopWhatItStarted() throws Exception {
        Supervisor supervisor = new Supervisor(runDir);
        long pid = supervisor.start("payment", List.of("bash", "-c", "echo started; sleep 60; exit", "bash",
                Supervisor.marker("payment")), runDir);

        assertThat(supervisor.running("payment")).get().extracting(ProcessHandle::pid).isEqualTo(pid);
        // The log is the process's own output: wait until it has written, or stopping it first leaves it empty.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Files.readString(supervisor.log("payment"))).contains("started"));
        assertThat(supervisor.stop("payment", Duration.ofSeconds(5))).contains(pid);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(supervisor.running("payment")).isEmpty();
        assertThat(Files.readString(supervisor.log("payment"))).contains("started");
    }

    @Test
    void shouldNotTakeAnotherProcessForAComponentItOnceStarted() throws Exception {
        Supervisor supervisor = new Supervisor(runDir);
        Files.createDirectories(supervisor.pidDir());
        // A stale pid file whose number the system has given to another process since: this test's JVM.
        Files.writeString(supervisor.pidDir().resolve("payment.pid"), Long.toString(ProcessHandle.current().pid()));

        assertThat(supervisor.running("payment")).isEmpty();
        assertThat(supervisor.stop("payment", Duration.ofSeconds(1))).isEmpty();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void shouldForgetAPidFileOfAProcessThatIsGone() throws Exception {
        Supervisor supervisor = new Supervisor(runDir);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.createDirectories(supervisor.pidDir());
        Files.writeString(supervisor.pidDir().resolve("payment.pid"), Long.toString(gone.pid()));

        assertThat(supervisor.running("payment")).isEmpty();
    }
}
