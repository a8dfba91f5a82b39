-- Registered workflow versions: a changed file is a new version; runs are pinned to theirs.
CREATE TABLE workflows (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL,
    version     INT         NOT NULL,
    digest      TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (name, version),
    UNIQUE (name, digest)
);

CREATE TABLE runs (
    id            TEXT PRIMARY KEY,
    workflow_id   BIGINT      NOT NULL REFERENCES workflows (id),
    workflow_name TEXT        NOT NULL,
    status        TEXT        NOT NULL,
    permissions   TEXT,
    permission_error TEXT,
    token_hash    TEXT,
    waiting       TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ
);
CREATE INDEX runs_status_idx ON runs (status, created_at DESC);
CREATE INDEX runs_workflow_idx ON runs (workflow_name, created_at DESC);

-- First value emitted for a name wins: the primary key makes a re-emission a no-op.
CREATE TABLE run_variables (
    run_id      TEXT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    value       TEXT        NOT NULL,
    source_task TEXT,
    set_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, name)
);

-- One row per activated task: inserting it is the claim that makes activation exactly once.
CREATE TABLE task_runs (
    run_id       TEXT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    task         TEXT        NOT NULL,
    plugin       TEXT        NOT NULL,
    state        TEXT        NOT NULL,
    attempts     INT         NOT NULL DEFAULT 0,
    dispatched   BOOLEAN     NOT NULL DEFAULT FALSE,
    worker       TEXT,
    activated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    exit_code    INT,
    output       TEXT,
    error        TEXT,
    PRIMARY KEY (run_id, task)
);

-- Claims not yet confirmed sent; stays tiny, lets the gate's sweeper find activations a crash lost.
CREATE INDEX task_runs_undispatched_idx ON task_runs (activated_at) WHERE NOT dispatched;
