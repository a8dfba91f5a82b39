package dev.varflow.coordinator.api;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;

import dev.varflow.coordinator.BadRequestException;
import dev.varflow.coordinator.NotFoundException;
import dev.varflow.coordinator.RunService;

/**
 * Checks a request against the method it reached before the method runs: no query parameter the method does not
 * read ({@code ?limt=5} is a typo, not a default), none given twice; and, for {@link KnownRun} methods (the event
 * stream), that the run exists, so an unknown run is a 404 and not a 200 whose stream is then cut.
 */
public class RequestChecks {

    private final Map<Method, Set<String>> queryParams = new ConcurrentHashMap<>();
    private final RunService runs;

    public RequestChecks(RunService runs) {
        this.runs = runs;
    }

    @ServerRequestFilter
    public Response checkQuery(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        Set<String> known = queryParams.computeIfAbsent(method, m -> Arrays.stream(m.getParameters())
                .map(p -> p.getAnnotation(QueryParam.class)).filter(Objects::nonNull).map(QueryParam::value)
                .collect(Collectors.toCollection(TreeSet::new)));
        for (Map.Entry<String, List<String>> param : request.getUriInfo().getQueryParameters().entrySet()) {
            String name = RequestParams.shown(param.getKey());
            if (!known.contains(param.getKey())) {
                return ApiErrors.json(ErrorBody.of(400, (known.isEmpty() ? "Expected no query parameter"
                        : "Expected only the query parameters " + String.join(", ", known)) + ", but got \"" + name
                        + "\"", name, null));
            }
            if (param.getValue().size() > 1) {
                return ApiErrors.json(ErrorBody.of(400, "Expected " + name + " once, but got it "
                        + param.getValue().size() + " times", name, null));
            }
        }
        return null;
    }

    @KnownRun
    @ServerRequestFilter
    public Uni<Response> checkRun(ContainerRequestContext request) {
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        try {
            RequestParams.runId(id);
        } catch (BadRequestException e) {
            return Uni.createFrom().item(ApiErrors.json(ErrorBody.of(400, e.getMessage(), e.field(), null)));
        }
        return runs.get(id).replaceWith((Response) null)
                .onFailure(NotFoundException.class).recoverWithItem(e -> ApiErrors.json(ErrorBody.of(404,
                        e.getMessage(), null, null)));
    }
}
