-- A run is evaluated only after its gate has seen RUN_STARTED, which follows all of its start variables: a batch
-- holding only some of them must not find the run quiescent and finish it.
ALTER TABLE runs ADD COLUMN started BOOLEAN NOT NULL DEFAULT FALSE;
