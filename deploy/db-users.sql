-- The two PostgreSQL users of a Varflow deployment (deploy/README.md#database-users-and-migrations).
-- Run once as a superuser (or the database owner), connected to the Varflow database, e.g.
--   psql -h db.example.com -U postgres -d varflow -f deploy/db-users.sql
-- then set real passwords (ALTER ROLE ... PASSWORD) and put them in the Secrets (k8s/secret.yaml).
-- Checked by src/test/java/dev/varflow/deploy/DatabaseUsersTest.java.

-- Owns the schema. Only the coordinator's Flyway connects as it (QUARKUS_FLYWAY_USERNAME / _PASSWORD).
CREATE ROLE varflow LOGIN;
-- Every role's runtime queries (QUARKUS_DATASOURCE_USERNAME / _PASSWORD): reads and writes data, no DDL.
CREATE ROLE varflow_app LOGIN;

-- Before PostgreSQL 15 every user may create tables in public; take that away, then give it to the owner only.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO varflow;
GRANT USAGE ON SCHEMA public TO varflow_app;

-- Tables and sequences the owner creates from now on (every Flyway migration) are usable by the application user.
ALTER DEFAULT PRIVILEGES FOR ROLE varflow IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO varflow_app;
ALTER DEFAULT PRIVILEGES FOR ROLE varflow IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO varflow_app;

-- For a database migrated before this split (tables already there): hand them to the owner
-- (REASSIGN OWNED BY <old user> TO varflow;) and grant what exists today.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO varflow_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO varflow_app;
