package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The broker's java takes the options the broker is given: compact object headers exactly where it has them. */
class JvmsTest {

    private static final Pattern FEATURE = Pattern.compile("version \"(\\d+)");

    @Test
    void shouldStartTheBrokersJavaWithTheBrokersOptions() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(Jvms.BROKER_JVM);
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.waitFor()).as(output).isZero();
        Matcher version = FEATURE.matcher(output);
        assertThat(version.find()).as(output).isTrue();
        if (System.getenv("ORDERFLOW_BROKER_OPTS") == null) {
            boolean compact = Integer.parseInt(version.group(1)) >= 25;
            assertThat(Jvms.BROKER_OPTIONS.contains("-XX:+UseCompactObjectHeaders")).as(output).isEqualTo(compact);
            assertThat(Jvms.BROKER_OPTIONS).contains(compact ? "-Xmx128m" : "-Xmx160m");
        }
    }
}
