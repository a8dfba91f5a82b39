-- Who started each run (the API principal, or local, kafka, schedule:<workflow>), so only they or an admin may
-- cancel, pause, resume or replay it; and when the run's permission set was granted, so a replay does not reuse a
-- set older than the permission cache TTL. Runs from before have no owner: only admins control them.
ALTER TABLE runs ADD COLUMN started_by text;
ALTER TABLE runs ADD COLUMN permissions_at timestamptz;
UPDATE runs SET permissions_at = created_at WHERE token_hash IS NOT NULL;
