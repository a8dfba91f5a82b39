-- A run's start variables (JSON object, never its AUTH_TOKEN), kept until its gate has seen RUN_STARTED: a
-- coordinator that dies between inserting the run and Kafka's acknowledgement of its start records leaves a run
-- nobody would move; the start sweep (coordinator/StartSweep) publishes them again from here. The gate clears them
-- when it marks the run started. Runs from before this migration have none: the sweep fails those it finds unstarted.
ALTER TABLE runs ADD COLUMN start_vars text;
-- When a start sweep last re-published the run's start records (null: never), so each coordinator's sweep takes a
-- run at most once per grace period.
ALTER TABLE runs ADD COLUMN start_resent_at timestamptz;
