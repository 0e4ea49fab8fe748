-- 012_import_jobs.sql: who runs an import job, and whether it is still
-- alive. node_id is the node (serve --node-id, or the id in DATA/node-id)
-- that took the job; heartbeat_at (ms) is when that node last said it
-- still runs it: at the start, then every --import-heartbeat seconds where
-- the database lets it write beside the import's transaction (PostgreSQL).
-- A node that starts fails the jobs left under its id, and any node fails
-- a job whose heartbeat is older than --import-stale-after; reason is the
-- stable code of why a job failed ('interrupted' for both).
-- The same SQL on both backends.

ALTER TABLE imports ADD COLUMN node_id TEXT;
ALTER TABLE imports ADD COLUMN heartbeat_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN reason TEXT;
-- jobs from before: their last sign of life is their last update
UPDATE imports SET heartbeat_at = updated_at;
CREATE INDEX imports_live ON imports(heartbeat_at) WHERE status IN ('queued', 'running');
