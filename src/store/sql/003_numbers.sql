-- 003_numbers.sql: the phone numbers (DIDs) an organization owns, in E.164.
-- A number belongs to one organization on the whole platform.
CREATE TABLE numbers (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    number      TEXT NOT NULL UNIQUE,
    label       TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX numbers_org ON numbers(org_id, number);
