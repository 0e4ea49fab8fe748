-- 025_schedules.sql: an organization's schedules: office hours and
-- holidays (issue 14, section 3). hours, exceptions and holidays are the
-- JSON the domain checked (domain/schedules.c): the weekly opening periods,
-- the dates that differ, and the codes of the Dutch public holidays kept.
-- A number's destination or a user's forwarding names a schedule by id.
-- The same SQL on both backends.
CREATE TABLE schedules (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    name_norm   TEXT NOT NULL,
    timezone    TEXT NOT NULL,
    hours       TEXT NOT NULL,
    exceptions  TEXT NOT NULL,
    holidays    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX schedules_org_name ON schedules(org_id, name_norm);
