package dev.orderflow.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ProjectTest {

    @Test
    void shouldHandOutDistinctFreePortsBelowTheEphemeralRange() throws IOException {
        int ephemeralStart = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0).trim().split("\\s+")[0]);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Project.freePort();
            assertThat(port).isBetween(20000, ephemeralStart - 1);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
        int port = Project.freePort();
        try (ServerSocket bound = new ServerSocket(port)) {
            assertThat(bound.getLocalPort()).isEqualTo(port);
        }
    }
}
