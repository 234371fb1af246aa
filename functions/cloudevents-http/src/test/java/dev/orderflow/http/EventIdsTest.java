package dev.orderflow.http;

import static org.assertj.core.api.Assertions.assertThat;

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
}
