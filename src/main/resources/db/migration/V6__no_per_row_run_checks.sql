-- The gate writes task, variable, attempt and history rows only for runs it has just locked (and so knows exist),
-- in batches of thousands. A foreign key to runs made PostgreSQL check every such row with a per-row trigger that
-- also key-share-locks the run row the gate already holds: about a third of the cost of an insert. Deleting a run
-- must now delete its rows in these tables explicitly (nothing in Varflow deletes runs yet).
ALTER TABLE run_variables DROP CONSTRAINT run_variables_run_id_fkey;
ALTER TABLE task_runs DROP CONSTRAINT task_runs_run_id_fkey;
ALTER TABLE task_attempts DROP CONSTRAINT task_attempts_run_id_fkey;
ALTER TABLE run_events DROP CONSTRAINT run_events_run_id_fkey;
