-- 004_extensions.sql: internal numbers (extensions) and the organization's
-- telephony settings: the extension rule, the trunk's default caller ID,
-- which number an outbound call shows, and how long deleted users are kept.

ALTER TABLE orgs ADD COLUMN ext_length INTEGER NOT NULL DEFAULT 4;
ALTER TABLE orgs ADD COLUMN ext_prefix TEXT NOT NULL DEFAULT '7';
-- One of the organization's numbers; checked by the domain (a foreign key
-- would make orgs and numbers depend on each other when copying).
ALTER TABLE orgs ADD COLUMN trunk_number_id TEXT;
ALTER TABLE orgs ADD COLUMN caller_id_mode TEXT NOT NULL DEFAULT 'user';
ALTER TABLE orgs ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 30;

-- An extension belongs to one owner: a user, a SIP alias or a hunt group.
-- The unique constraint is the rule across every server node. A deleted
-- user keeps its extensions (quarantine) until it is purged.
CREATE TABLE extensions (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    number      TEXT NOT NULL,
    owner_type  TEXT NOT NULL,
    owner_id    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (org_id, number)
);
CREATE INDEX extensions_owner ON extensions(owner_id);
