package dev.varflow.coordinator.api;

import java.util.Arrays;
import java.util.UUID;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;

import dev.varflow.coordinator.BadRequestException;
import dev.varflow.coordinator.ConflictException;
import dev.varflow.coordinator.InvalidWorkflowException;
import dev.varflow.coordinator.NotFoundException;
import dev.varflow.coordinator.UnavailableException;
import dev.varflow.coordinator.auth.NotOwnerException;

/**
 * Maps every exception a REST method can end with to the one JSON error shape ({@link ErrorBody}); what happens
 * before a method is chosen (unknown paths, authentication) goes through {@link RouteErrors}.
 */
public class ApiErrors {

    /** Seconds a client should wait before retrying while PostgreSQL or Kafka is down. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @ServerExceptionMapper
    public Response invalidWorkflow(InvalidWorkflowException e) {
        return json(ErrorBody.of(e.problems(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return json(ErrorBody.of(400, e.getMessage(), e.field(), null));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return json(ErrorBody.of(409, e.getMessage(), null, null));
    }

    @ServerExceptionMapper
    public Response notOwner(NotOwnerException e) {
        return json(ErrorBody.of(403, e.getMessage(), null, null));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(ErrorBody.of(404, e.getMessage(), null, null));
    }

    @ServerExceptionMapper
    public Response unavailable(UnavailableException e) {
        return unavailable(e.getMessage());
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response json(JsonProcessingException e) {
        return json(JsonErrors.of(e));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(ErrorBody.of(403, "Expected a role that allows this request, but the caller lacks it", null,
                null));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e) {
        return RouteErrors.unauthorizedResponse();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
        String allowed = String.join(", ", e.getResponse().getAllowedMethods().stream().sorted().toList());
        if (allowed.isBlank()) {
            allowed = e.getResponse().getHeaderString("Allow") == null ? "" : e.getResponse().getHeaderString("Allow");
        }
        String expected = allowed.isBlank() ? "another method" : "one of the methods " + allowed;
        Response.ResponseBuilder answer = Response.fromResponse(json(ErrorBody.of(405, "Expected " + expected
                + " for " + request.path() + ", but got " + request.method(), null, null)));
        return (allowed.isBlank() ? answer : answer.header("Allow", allowed)).build();
    }

    @ServerExceptionMapper
    public Response notSupported(NotSupportedException e, HttpServerRequest request) {
        String sent = request.getHeader("Content-Type");
        return json(ErrorBody.of(415, "Expected a body of type " + accepted(request.path()) + ", but got "
                + (sent == null ? "no Content-Type" : sent), null, null));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, HttpServerRequest request) {
        String produced = request.path().endsWith("/events") ? MediaType.SERVER_SENT_EVENTS
                : MediaType.APPLICATION_JSON;
        return json(ErrorBody.of(406, "Expected an Accept header that allows " + produced + ", but got "
                + request.getHeader("Accept"), null, null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                // The framework wraps a body it cannot read in a bare 400: say where it broke.
                return json(JsonErrors.of(json));
            }
        }
        int status = e.getResponse().getStatus();
        String message = status == 404 ? "Expected a path of the Varflow API, but nothing is at /" + uri.getPath()
                .replaceFirst("^/", "") : e.getMessage();
        return json(ErrorBody.of(status, message, null, null));
    }

    /** Anything else is a bug, unless a dependency is down: no stack trace leaves the server, the log has it. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return Outages.dependencyDown(e).map(dependency -> {
            LOG.warnf("%s unavailable: %s", dependency, e.toString());
            return unavailable(dependency + " is unavailable; retry in " + RETRY_AFTER_SECONDS + " s");
        }).orElseGet(() -> {
            String id = UUID.randomUUID().toString();
            LOG.errorf(e, "unexpected error %s", id);
            return json(ErrorBody.of(500, "Expected to answer this request, but an unexpected error happened "
                    + "(error id " + id + " in the server log)", null, null));
        });
    }

    static Response unavailable(String message) {
        return Response.fromResponse(json(ErrorBody.of(503, message, null, null)))
                .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).build();
    }

    /** The body types a path accepts, for the 415 message. */
    static String accepted(String path) {
        return path.startsWith("/api/workflows") ? String.join(", ", Arrays.asList(WorkflowResource.YAML,
                WorkflowResource.X_YAML, WorkflowResource.TEXT_YAML, MediaType.TEXT_PLAIN))
                : MediaType.APPLICATION_JSON;
    }

    static Response json(ErrorBody body) {
        return Response.status(body.status()).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
