-- A run with a deadline fails when it has not finished by then; gates sweep for overdue runs.
ALTER TABLE runs ADD COLUMN deadline_at TIMESTAMPTZ;
CREATE INDEX runs_deadline_idx ON runs (deadline_at) WHERE deadline_at IS NOT NULL AND status IN ('RUNNING', 'PAUSED');
