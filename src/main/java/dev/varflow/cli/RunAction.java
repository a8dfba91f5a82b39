package dev.varflow.cli;

/** What {@code cancel}, {@code pause} and {@code resume} ask of a run: the API path and the answer's flag. */
enum RunAction {
    CANCEL("cancel", "cancelled"),
    PAUSE("pause", "paused"),
    RESUME("resume", "resumed");

    private final String path;
    private final String done;

    RunAction(String path, String done) {
        this.path = path;
        this.done = done;
    }

    /** The last segment of {@code POST /api/runs/{id}/...}. */
    String path() {
        return path;
    }

    /** The boolean field of the answer saying it was applied, also the word printed for it. */
    String done() {
        return done;
    }
}
