package dev.varflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

class AtticaDevTest {

    @TempDir
    Path dir;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldAnswerEachTokenInTheFormOfTheFile() throws Exception {
        // given the shipped example
        start(Path.of("docs/examples/attica-perms.yaml"), false);

        // when
        HttpResponse<String> list = post("{\"auth_token\": \"dev-operator-token\"}", null);
        HttpResponse<String> map = post("{\"auth_token\": \"dev-viewer-token\"}", null);
        HttpResponse<String> unknown = post("{\"auth_token\": \"nobody\"}", null);

        // then
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).isEqualTo("{\"permissions\":[\"can_execute_commands\",\"can_view_system\"]}");
        assertThat(map.body()).isEqualTo("{\"permissions\":{\"can_view_system\":true,\"can_execute_commands\":false}}");
        assertThat(unknown.body()).isEqualTo("{\"permissions\":[]}");
    }

    @Test
    void shouldRequireAClientTokenWhenAsked() throws Exception {
        // given
        start(Path.of("docs/examples/attica-perms.yaml"), true);

        // when
        HttpResponse<String> anonymous = post("{\"auth_token\": \"dev-operator-token\"}", null);
        HttpResponse<String> client = post("{\"auth_token\": \"dev-operator-token\"}", "Bearer abc");

        // then
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(client.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRejectAFileOfTheWrongShape() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("perms.yaml"), "tokens:\n  t: 3\n");

        // when / then
        assertThatThrownBy(() -> AtticaDevPermissions.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("must be a list of names or a map of name: true/false");
    }

    @Test
    void shouldShowTheClientOfABearerJwtWithoutTheToken() {
        // given a JWT whose payload is {"azp":"varflow-coordinator"}
        String jwt = "Bearer eyJhbGciOiJub25lIn0.eyJhenAiOiJ2YXJmbG93LWNvb3JkaW5hdG9yIn0.sig";

        // when / then
        assertThat(AtticaDev.client(jwt)).isEqualTo("varflow-coordinator");
        assertThat(AtticaDev.client(null)).isNull();
    }

    private void start(Path file, boolean requireClientToken) throws IOException {
        server = new AtticaDev(AtticaDevPermissions.load(file), requireClientToken)
                .start(new InetSocketAddress("127.0.0.1", 0));
    }

    private HttpResponse<String> post(String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/permissions")).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
