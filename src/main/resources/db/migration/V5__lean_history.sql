-- A task row remembers the run attempt that claimed it. A successful attempt is then fully described by its task
-- row, so task_attempts keeps only attempts that did not succeed, and a run's history is assembled from the task,
-- attempt and variable rows plus run_events, which keeps only run-level records (start, pause, resume, ...).
-- Per task this saves three of the seven rows the gate used to write.
ALTER TABLE task_runs ADD COLUMN run_attempt INT NOT NULL DEFAULT 1;

UPDATE task_runs t SET run_attempt = a.run_attempt
FROM task_attempts a
WHERE a.run_id = t.run_id AND a.task = t.task AND a.attempt = t.attempt AND a.state = 'SUCCEEDED';

DELETE FROM task_attempts WHERE state = 'SUCCEEDED';

DELETE FROM run_events WHERE type IN ('VARIABLE', 'TASK_STARTED', 'TASK_FINISHED');
