-- 005_sip.sql: SIP accounts: a user's desk phones ("VoIP accounts") and
-- softphone apps ("app accounts"). The SIP username is unique on the whole
-- platform (a constraint, so it holds across nodes sharing one database).
-- The secret is kept twice, never in the clear: as HA1 = md5(username:realm:
-- secret) for digest authentication, computed for the realm in `realm`, and
-- sealed with the key file (secretbox, "s1.<base64url>") for provisioning
-- and for recomputing the HA1 when the realm changes.
CREATE TABLE sip_accounts (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    label       TEXT,
    username    TEXT NOT NULL UNIQUE,
    realm       TEXT NOT NULL,
    ha1         TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    enabled     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX sip_accounts_user ON sip_accounts(org_id, user_id, id);
CREATE INDEX sip_accounts_org_realm ON sip_accounts(org_id, realm);
