package dev.varflow.coordinator.api;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.varflow.coordinator.BadRequestException;
import dev.varflow.coordinator.ConflictException;
import dev.varflow.coordinator.InvalidWorkflowException;
import dev.varflow.coordinator.NotFoundException;
import dev.varflow.coordinator.auth.NotOwnerException;

/** Maps service exceptions to JSON error bodies that name the place of the problem. */
public class ApiErrors {

    /** One problem: a YAML location or a JSON field, and what is wrong. */
    public record ApiError(String location, Integer line, Integer column, String field, String message, String hint,
            String severity) {
    }

    /** Error body. */
    public record ErrorBody(String error, List<ApiError> problems) {
    }

    @ServerExceptionMapper
    public Response invalidWorkflow(InvalidWorkflowException e) {
        List<ApiError> problems = e.problems().stream()
                .map(p -> new ApiError(p.location().toString(), p.location().line(), p.location().column(), null,
                        p.message(), p.hint(), p.severity().name()))
                .toList();
        return Response.status(400).entity(new ErrorBody("invalid workflow", problems)).build();
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return Response.status(400).entity(new ErrorBody(e.getMessage(),
                List.of(new ApiError(null, null, null, e.field(), e.getMessage(), null, "ERROR")))).build();
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Response.status(409).entity(new ErrorBody(e.getMessage(), List.of())).build();
    }

    @ServerExceptionMapper
    public Response notOwner(NotOwnerException e) {
        return Response.status(403).entity(new ErrorBody(e.getMessage(), List.of())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Response.status(404).entity(new ErrorBody(e.getMessage(), List.of())).build();
    }
}
