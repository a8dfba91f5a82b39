package dev.varflow.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.varflow.engine.RunStatus;

/** The commands that talk to a running server over REST: runs, show, cancel, pause, resume, replay. */
public final class RemoteCommands {

    private final PrintStream out;
    private final RestClient client;

    public RemoteCommands(PrintStream out, String server) {
        this.out = out;
        this.client = new RestClient(server);
    }

    /** Lists runs, newest first, as a table. */
    public int runs(String status, String workflow) throws IOException {
        StringBuilder query = new StringBuilder("/api/runs?limit=100");
        if (status != null) {
            query.append("&status=").append(encode(status));
        }
        if (workflow != null) {
            query.append("&workflow=").append(encode(workflow));
        }
        RunTable.format(client.get(query.toString())).forEach(out::println);
        return 0;
    }

    /** Shows one run; exit 0 only if it SUCCEEDED. */
    public int show(String runId) throws IOException {
        JsonNode run = client.get("/api/runs/" + encode(runId));
        RunReport.format(run).forEach(out::println);
        return RunStatus.SUCCEEDED.name().equals(run.path("status").asText()) ? 0 : 1;
    }

    /** Cancels, pauses or resumes a run; exit 1 when the run was not in a state that allows it. */
    public int control(RunAction action, String runId) throws IOException {
        JsonNode answer = client.post("/api/runs/" + encode(runId) + "/" + action.path(), Map.of());
        String done = action.done();
        boolean applied = answer.path(done).asBoolean();
        if (answer.path("pending").asBoolean()) {
            out.println("run " + runId + ": " + action.path() + " requested; no gate has applied it yet (it will "
                    + "when one reads the run's partition; see ./varflow show " + runId + ")");
            return 1;
        }
        out.println("run " + runId + (applied ? " " + done : " not " + done + ": it is "
                + answer.path("status").asText()));
        return applied ? 0 : 1;
    }

    /** Replays a FAILED or STALLED run from its failed tasks, optionally setting variables. */
    public int replay(String runId, Map<String, String> vars) throws IOException {
        JsonNode answer = client.post("/api/runs/" + encode(runId) + "/replay", Map.of("vars", vars));
        if (answer.path("pending").asBoolean()) {
            out.println("run " + runId + ": replay requested; no gate has applied it yet (see ./varflow show "
                    + runId + ")");
            return 1;
        }
        out.println("run " + runId + " replayed as attempt " + answer.path("attempt").asInt());
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
