package dev.varflow.coordinator.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The JSON error shape for what never reaches a REST method: paths nothing serves (also those the HTTP layer
 * normalised, like {@code /api/runs/%2e%2e/history}), and 401/403 from the security layer. Says nothing more than
 * the status: no path that exists behind the denial, no stack trace.
 */
@ApplicationScoped
public class RouteErrors {

    private static final Logger LOG = Logger.getLogger(RouteErrors.class);
    private static final String UNAUTHORIZED = "Expected a valid bearer token (Authorization: Bearer ...) for this "
            + "request, but there is none or it is not accepted";

    private final ObjectMapper mapper;

    public RouteErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        // Only what no route matched: a catch-all route would also run after a suspended REST method (a stream).
        router.errorHandler(404, context -> write(context, ErrorBody.of(404,
                "Expected a path of the Varflow API, but nothing is at " + context.request().path(), null, null)));
        router.errorHandler(405, context -> write(context, ErrorBody.of(405, message(405, context), null, null)));
        // Before Quarkus's own error handler, which is the last failure handler and answers without a body.
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void failure(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        if (failure instanceof io.quarkus.security.AuthenticationRedirectException) {
            // The web UI's login (authorization code flow): Quarkus answers it with a redirect, not an error.
            context.next();
            return;
        }
        if (failure instanceof UnauthorizedException || failure instanceof AuthenticationException) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            write(context, ErrorBody.of(401, UNAUTHORIZED, null, null));
        } else if (failure instanceof ForbiddenException) {
            write(context, ErrorBody.of(403, "Expected a role that allows this request, but the caller lacks it",
                    null, null));
        } else if (failure == null) {
            int status = context.statusCode() > 0 ? context.statusCode() : 500;
            write(context, ErrorBody.of(status, message(status, context), null, null));
        } else if (Outages.dependencyDown(failure).isPresent()) {
            context.response().putHeader("Retry-After", String.valueOf(ApiErrors.RETRY_AFTER_SECONDS));
            write(context, ErrorBody.of(503, Outages.dependencyDown(failure).get() + " is unavailable; retry in "
                    + ApiErrors.RETRY_AFTER_SECONDS + " s", null, null));
        } else {
            String id = java.util.UUID.randomUUID().toString();
            LOG.errorf(failure, "unexpected error %s on %s", id, context.request().path());
            write(context, ErrorBody.of(500, "Expected to answer this request, but an unexpected error happened "
                    + "(error id " + id + " in the server log)", null, null));
        }
    }

    private static String message(int status, RoutingContext context) {
        return switch (status) {
            case 400 -> "Expected a well-formed HTTP request, but " + context.request().method() + " "
                    + context.request().path() + " is not";
            case 404 -> "Expected a path of the Varflow API, but nothing is at " + context.request().path();
            case 405 -> "Expected another method for " + context.request().path() + ", but got "
                    + context.request().method();
            case 413 -> "Expected a smaller request body, but this one is above the server's limit";
            default -> ErrorBody.reason(status);
        };
    }

    private void write(RoutingContext context, ErrorBody body) {
        if (context.response().ended()) {
            return;
        }
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            json = "{\"status\":" + body.status() + "}";
        }
        context.response().setStatusCode(body.status()).putHeader("Content-Type", MediaType.APPLICATION_JSON)
                .end(json);
    }

    /** The 401 of a REST method (lazy authentication), like the one the HTTP layer answers. */
    static Response unauthorizedResponse() {
        return Response.fromResponse(ApiErrors.json(ErrorBody.of(401, UNAUTHORIZED, null, null)))
                .header("WWW-Authenticate", "Bearer").build();
    }
}
