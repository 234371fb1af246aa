package dev.orderflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void shouldDeriveTheSameIdForTheSameInputAndType() {
        assertThat(EventIds.derive("/s", "1", "t")).isEqualTo(EventIds.derive("/s", "1", "t"));
    }

    @Test
    void shouldDeriveDifferentIdsForAnotherSourceIdOrType() {
        String id = EventIds.derive("/s", "1", "t");
        assertThat(id).isNotEqualTo(EventIds.derive("/s2", "1", "t"))
                .isNotEqualTo(EventIds.derive("/s", "2", "t"))
                .isNotEqualTo(EventIds.derive("/s", "1", "t2"));
    }

    @Test
    void shouldGiveTheNameBasedUuidOfTheJdk() {
        for (String name : new String[] { "", "/s\n1\nt", "ord-é-€-😀", "x".repeat(1000) }) {
            assertThat(EventIds.nameUuid(name)).isEqualTo(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(EventIds.derive("/orderflow/validator", "e-1", "t")).isEqualTo(
                UUID.nameUUIDFromBytes("/orderflow/validator\ne-1\nt".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(EventIds.shortHash("a", "b")).isEqualTo(
                UUID.nameUUIDFromBytes("a\nb".getBytes(StandardCharsets.UTF_8)).toString().substring(0, 12));
    }
}
