-- Retries, replays, audit and run requests.

ALTER TABLE runs ADD COLUMN error TEXT;
-- Incremented by each replay: a replayed run is a new attempt of the same run.
ALTER TABLE runs ADD COLUMN attempt INT NOT NULL DEFAULT 1;

-- A failed attempt with retries left waits here; the gate's sweeper re-activates it when due.
ALTER TABLE task_runs ADD COLUMN next_attempt_at TIMESTAMPTZ;
-- The attempt last handed to workers; outcomes of older attempts (late redeliveries) are ignored.
ALTER TABLE task_runs ADD COLUMN attempt INT NOT NULL DEFAULT 1;
CREATE INDEX task_runs_retry_due_idx ON task_runs (next_attempt_at) WHERE state = 'RETRY_WAIT';

-- Every finished attempt of every task, kept when the task is retried or the run replayed.
CREATE TABLE task_attempts (
    run_id      TEXT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    task        TEXT        NOT NULL,
    attempt     INT         NOT NULL,
    run_attempt INT         NOT NULL DEFAULT 1,
    state       TEXT        NOT NULL,
    worker      TEXT,
    started_at  TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    exit_code   INT,
    output      TEXT,
    error       TEXT,
    PRIMARY KEY (run_id, task, run_attempt, attempt)
);

-- The run's history: every record the gate handled for it, in order.
CREATE TABLE run_events (
    id      BIGSERIAL PRIMARY KEY,
    run_id  TEXT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    type    TEXT        NOT NULL,
    task    TEXT,
    detail  TEXT,
    at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX run_events_run_idx ON run_events (run_id, id);

-- A request id starts at most one run, however often its record is delivered.
CREATE TABLE run_requests (
    request_id TEXT PRIMARY KEY,
    run_id     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One run per schedule tick, whichever coordinator gets there first.
CREATE TABLE schedule_ticks (
    workflow_name TEXT        NOT NULL,
    tick          TIMESTAMPTZ NOT NULL,
    run_id        TEXT,
    PRIMARY KEY (workflow_name, tick)
);
