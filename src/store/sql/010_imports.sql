-- 010_imports.sql: bulk imports of users sent to the API (POST
-- .../imports): each runs as a job on the node that took it; its state and
-- final report live here so that every node can answer GET .../imports/{id}.
-- errors is the report's JSON array of row problems.

CREATE TABLE imports (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES orgs(id),
    actor_id     TEXT,
    mode         TEXT NOT NULL,
    dry_run      INTEGER NOT NULL DEFAULT 0,
    skip_invalid INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL,
    total        BIGINT NOT NULL DEFAULT 0,
    processed    BIGINT NOT NULL DEFAULT 0,
    created      BIGINT NOT NULL DEFAULT 0,
    updated      BIGINT NOT NULL DEFAULT 0,
    unchanged    BIGINT NOT NULL DEFAULT 0,
    failed       BIGINT NOT NULL DEFAULT 0,
    written      INTEGER NOT NULL DEFAULT 0,
    errors       TEXT NOT NULL DEFAULT '[]',
    detail       TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX imports_org ON imports(org_id, created_at);
