package dev.varflow.coordinator.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

import dev.varflow.VarflowConfig;
import dev.varflow.it.InfrastructureResource;
import dev.varflow.it.IntegrationTest;
import dev.varflow.it.SecuredProfile;

/** The breaker stops calling a failing Attica and answers "unavailable" at once while open. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class AtticaCircuitBreakerTest {

    @Inject
    Vertx vertx;

    @Test
    void shouldStopCallingAtticaWhileTheBreakerIsOpen() {
        // given a service whose breaker opens after two failed attempts, and an Attica answering 503
        int port = ConfigProvider.getConfig().getValue("wiremock.port", Integer.class);
        String token = "breaker-" + UUID.randomUUID();
        WireMock attica = new WireMock("127.0.0.1", port);
        attica.register(post(urlEqualTo("/breaker")).willReturn(aResponse().withStatus(503)));
        AtticaClient client = new AtticaClient(WebClient.create(vertx),
                URI.create("http://127.0.0.1:" + port + "/breaker"), null);
        AtticaPermissionService service = new AtticaPermissionService(client, new PermissionCache(Duration.ZERO),
                AtticaGuard.of(new BreakerConfig()));

        // when
        PermissionGrant first = service.permissionsFor(token).await().atMost(Duration.ofSeconds(10));
        service.permissionsFor(token).await().atMost(Duration.ofSeconds(10));
        PermissionGrant third = service.permissionsFor(token).await().atMost(Duration.ofSeconds(10));

        // then
        assertThat(first.error()).isEqualTo("Attica answered HTTP 503");
        assertThat(third.error()).isEqualTo("circuit breaker open after repeated failures");
        assertThat(third.permissions()).isNull();
        attica.verifyThat(exactly(2), postRequestedFor(urlEqualTo("/breaker")).withRequestBody(containing(token)));
    }

    /** No retries; the breaker opens when both of the last two attempts failed and stays open a minute. */
    private static final class BreakerConfig implements VarflowConfig.Attica {
        @Override
        public Optional<String> url() {
            return Optional.empty();
        }

        @Override
        public String clientAuth() {
            return "none";
        }

        @Override
        public Optional<String> oidcClient() {
            return Optional.empty();
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public int retries() {
            return 0;
        }

        @Override
        public Duration backoff() {
            return Duration.ofMillis(10);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofMillis(10);
        }

        @Override
        public Duration cacheTtl() {
            return Duration.ZERO;
        }

        @Override
        public CircuitBreaker circuitBreaker() {
            return new CircuitBreaker() {
                @Override
                public int requestVolume() {
                    return 2;
                }

                @Override
                public double failureRatio() {
                    return 1.0;
                }

                @Override
                public Duration delay() {
                    return Duration.ofMinutes(1);
                }
            };
        }
    }
}
