package dev.varflow.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtticaAnswerTest {

    @Test
    void shouldGrantTheTrueEntriesOfAMap() {
        // given
        String body = "{\"permissions\": {\"can_view_system\": true, \"can_execute_commands\": false}}";

        // when / then
        assertThat(AtticaAnswer.parse(bytes(body))).containsExactly("can_view_system");
    }

    @Test
    void shouldGrantEveryNameOfAList() {
        // given
        String body = "{\"permissions\": [\"can_view_system\", \"can_execute_commands\"]}";

        // when / then
        assertThat(AtticaAnswer.parse(bytes(body))).containsExactlyInAnyOrder("can_view_system",
                "can_execute_commands");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "not json", "[]", "{}", "{\"permissions\": null}", "{\"permissions\": \"all\"}",
            "{\"permissions\": {\"a\": \"yes\"}}", "{\"permissions\": [1]}", "{\"permissions\": [\"\"]}" })
    void shouldRejectAnythingElseAsMalformed(String body) {
        // given a body of neither form
        // when / then
        assertThatThrownBy(() -> AtticaAnswer.parse(bytes(body))).isInstanceOf(AtticaException.class)
                .hasMessageStartingWith("malformed answer from Attica");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
