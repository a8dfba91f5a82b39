package dev.varflow.coordinator.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RunRequestRedactionTest {

    @Test
    void shouldReplaceEveryTokenFieldOfARejectedRequest() {
        // given
        String request = "{\"workflow\": \"w\", \"authToken\": \"SECRET-1\", \"auth_token\": \"SECRET-2\","
                + " \"vars\": {\"AUTH_TOKEN\": \"SECRET-3\", \"X\": \"1\"}}";

        // when
        String kept = RunRequestRedaction.redact(request.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(kept).doesNotContain("SECRET").contains("\"X\":\"1\"").contains("\"workflow\":\"w\"")
                .contains(RunRequestRedaction.REDACTED);
    }

    @Test
    void shouldReplaceTokenVariablesInAnySpelling() {
        // given
        String request = "{\"workflow\": \"w\", \"AuthToken\": \"SECRET-5\", \"vars\": {\"auth_token\": \"SECRET-6\","
                + " \"Auth_Token\": \"SECRET-7\", \"AUTH_TOKENS\": \"kept\"}}";

        // when
        String kept = RunRequestRedaction.redact(request.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(kept).doesNotContain("SECRET").contains("\"auth_token\":\"[redacted]\"")
                .contains("\"Auth_Token\":\"[redacted]\"").contains("\"AUTH_TOKENS\":\"kept\"");
    }

    @Test
    void shouldKeepOnlyTheHashOfARecordThatIsNotJson() {
        // given
        String garbage = "authToken=SECRET-4 {";

        // when
        String kept = RunRequestRedaction.redact(garbage.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(kept).doesNotContain("SECRET").startsWith("[not JSON, 20 bytes, sha256 ");
    }
}
