-- 018_calls.sql: call records (issue 13): the calls the SIP proxy reports
-- when they end (POST /sip/cdrs), and those refused at routing, one row a
-- call leg, newest first per organization. The SIP dialog's Call-ID and
-- From tag are the record's key on the whole platform, so a report sent
-- again changes nothing (the proxy retries). Times are milliseconds;
-- answer_time NULL: nobody answered. Parties are kept as they were when
-- the call was made (numbers and names copied, user ids without foreign
-- keys): the history stays as it was after a user is renamed or purged,
-- until the organization's call_retention_days have passed. The same SQL
-- on both backends.

CREATE TABLE calls (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs(id),
    call_id         TEXT NOT NULL,
    from_tag        TEXT NOT NULL,
    to_tag          TEXT,
    direction       TEXT NOT NULL,
    status          TEXT NOT NULL,
    start_time      BIGINT NOT NULL,
    answer_time     BIGINT,
    end_time        BIGINT NOT NULL,
    duration_seconds INTEGER NOT NULL,
    ring_seconds    INTEGER NOT NULL,
    caller_number   TEXT NOT NULL,
    caller_name     TEXT,
    caller_user_id  TEXT,
    callee_number   TEXT NOT NULL,
    callee_name     TEXT,
    callee_user_id  TEXT,
    hunt_group_id   TEXT,
    dialled_number  TEXT NOT NULL,
    answered_user_id TEXT,
    answered_sip_account_id TEXT,
    answered_name   TEXT,
    sip_code        INTEGER,
    reason          TEXT,
    created_at      BIGINT NOT NULL,
    UNIQUE (call_id, from_tag)
);
-- The list: an organization's calls newest first, and a user's (as caller,
-- callee or answerer). The purge goes by start_time per organization.
CREATE INDEX calls_org_start ON calls(org_id, start_time, id);
CREATE INDEX calls_caller_user ON calls(caller_user_id, start_time);
CREATE INDEX calls_callee_user ON calls(callee_user_id, start_time);
CREATE INDEX calls_answered_user ON calls(answered_user_id, start_time);

-- How long an organization keeps its call records (1 to 3650 days), apart
-- from retention_days (deleted users).
ALTER TABLE orgs ADD COLUMN call_retention_days INTEGER NOT NULL DEFAULT 365;
