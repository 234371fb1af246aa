package dev.orderflow.deploy;

import static dev.orderflow.manifest.ManifestFixtures.parse;
import static dev.orderflow.manifest.ManifestFixtures.replaceOnce;
import static dev.orderflow.manifest.ManifestFixtures.repositoryFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.orderflow.manifest.Manifest;

/**
 * A function's container is given what its Knative Service declares: each setting of the payment Service maps to the
 * podman option that enforces it, and what one machine cannot honour is refused with the field that asks for it.
 */
class ContainerPlanTest {

    static final String SERVICE = repositoryFile("knative/400-payment-service.yaml");
    static final String IMAGE = "localhost/orderflow/payment:0.1.0";
    static final String SECURITY = "          securityContext:\n";

    @TempDir
    Path dir;

    List<String> options(String yaml, String imageUser) {
        return options(yaml, imageUser, Map.of());
    }

    List<String> options(String yaml, String imageUser, Map<String, String> overrides) {
        Manifest service = parse(yaml).get(0);
        return new ContainerPlan(service).runOptions(IMAGE, imageUser, dir.resolve("payment.env"), overrides);
    }

    @Test
    void shouldRunThePaymentServiceUnderItsSecurityContextResourcesAndPort() {
        assertThat(options(SERVICE, "185")).containsExactly(
                "--rm", "--replace", "--name=orderflow-payment", "--label=dev.orderflow.service=payment",
                "--publish=127.0.0.1:8082:8082",
                "--read-only", "--read-only-tmpfs=false", "--security-opt=no-new-privileges", "--cap-drop=ALL",
                "--memory=268435456", "--memory-reservation=134217728", "--cpu-shares=1024",
                "--env-file=" + dir.resolve("payment.env"), IMAGE);
    }

    @Test
    void shouldWriteTheServicesEnvironmentWithTheOverridesOfThisMachine() throws IOException {
        options(SERVICE, "185", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "", "EXTRA", "x y"));

        assertThat(Files.readAllLines(dir.resolve("payment.env"))).containsExactly(
                "JDK_JAVA_OPTIONS=-XX:+UseSerialGC -XX:-UsePerfData -Xmx96m -Xmn12m -XX:TrimNativeHeapInterval=5000",
                "OTEL_EXPORTER_OTLP_ENDPOINT=", "EXTRA=x y");
    }

    @Test
    void shouldPassNoOptionWithASpaceSoTheCommandSplitsIntoWords() {
        assertThat(options(SERVICE, "185")).noneMatch(o -> o.contains(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''        | the image has non-numeric user (none, so root), cannot verify user is non-root",
            "jboss     | the image has non-numeric user (jboss), cannot verify user is non-root",
            "0         | the image will run as root",
            "0:0       | the image will run as root" })
    void shouldRefuseAnImageThatTheKubeletWouldNotRunAsNonRoot(String imageUser, String problem) {
        assertThatThrownBy(() -> options(SERVICE, imageUser)).hasMessage(
                "Service payment: spec.template.spec.containers[0].securityContext.runAsNonRoot: " + problem);
    }

    @Test
    void shouldRunAsTheServicesUserOverTheImages() {
        String asUser = replaceOnce(SERVICE, SECURITY, SECURITY + "            runAsUser: 1001\n            runAsGroup: 2002\n");

        assertThat(options(asUser, "0")).contains("--user=1001:2002");
    }

    @Test
    void shouldMapCpuLimitsAndRequestsAsTheKubeletDoes() {
        String limited = replaceOnce(replaceOnce(SERVICE, "              memory: 256Mi\n",
                "              memory: 256Mi\n              cpu: 1500m\n"), "cpu: \"1\"", "cpu: 250m");

        assertThat(options(limited, "185")).contains("--cpus=1.5", "--cpu-shares=256");
    }

    @Test
    void shouldGiveAnEmptyDirAsTmpfsOrAnAnonymousVolume() {
        String withVolumes = replaceOnce(replaceOnce(SERVICE, SECURITY, """
                          volumeMounts:
                            - name: tmp
                              mountPath: /tmp
                            - name: cache
                              mountPath: /cache
                """ + SECURITY), "      containerConcurrency: 32\n", """
                      containerConcurrency: 32
                      volumes:
                        - name: tmp
                          emptyDir:
                            medium: Memory
                            sizeLimit: 64Mi
                        - name: cache
                          emptyDir: {}
                """);

        assertThat(options(withVolumes, "185")).contains("--mount=type=tmpfs,destination=/tmp,size=67108864",
                "--mount=type=volume,destination=/cache");
    }

    @Test
    void shouldRefuseAVolumeAMachineCannotGiveAsTheClusterWould() {
        String withSecret = replaceOnce(replaceOnce(SERVICE, SECURITY, """
                          volumeMounts:
                            - name: creds
                              mountPath: /creds
                """ + SECURITY), "      containerConcurrency: 32\n", """
                      containerConcurrency: 32
                      volumes:
                        - name: creds
                          secret:
                            secretName: creds
                """);

        assertThatThrownBy(() -> options(withSecret, "185")).hasMessageEndingWith(
                "volumeMounts[/creds]: only emptyDir volumes can be given on one machine");
    }

    @Test
    void shouldRefuseAnEnvironmentValueFromTheCluster() {
        String fromSecret = replaceOnce(SERVICE, "            - name: OTEL_EXPORTER_OTLP_ENDPOINT\n"
                + "              value: http://otel-collector.observability.svc.cluster.local:4318\n",
                "            - name: TOKEN\n              valueFrom:\n                secretKeyRef:\n"
                        + "                  name: s\n                  key: k\n");

        assertThatThrownBy(() -> options(fromSecret, "185")).hasMessageEndingWith(
                "env[TOKEN]: valueFrom needs the cluster's ConfigMaps and Secrets: give its value");
        assertThat(options(fromSecret, "185", Map.of("TOKEN", "local"))).isNotEmpty();
    }

    @Test
    void shouldRefuseASeccompProfileFromTheNode() {
        String localhost = replaceOnce(SERVICE, "type: RuntimeDefault", "type: Localhost");

        assertThatThrownBy(() -> options(localhost, "185")).hasMessageEndingWith(
                "securityContext.seccompProfile.type: 'Localhost' needs a profile on a node");
    }

    @ParameterizedTest
    @CsvSource({ "256Mi, 268435456", "1Gi, 1073741824", "128M, 128000000", "1.5Gi, 1610612736", "100, 100",
            "0.5Ki, 512" })
    void shouldReadMemoryQuantitiesInBytes(String quantity, long bytes) {
        assertThat(Quantities.bytes(quantity)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({ "1, 1000", "500m, 500", "1.5, 1500", "0.1, 100", "2500m, 2500" })
    void shouldReadCpuQuantitiesInThousandthsOfACore(String quantity, long millis) {
        assertThat(Quantities.millis(quantity)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "1e3", "256MB", "-1", "Mi", "1 Gi" })
    void shouldRefuseWhatIsNotAKubernetesQuantity(String quantity) {
        assertThatThrownBy(() -> Quantities.bytes(quantity)).hasMessage("not a Kubernetes quantity: '" + quantity + "'");
    }
}
