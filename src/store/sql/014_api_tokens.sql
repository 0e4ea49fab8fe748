-- 014_api_tokens.sql: API tokens, machines as principals (issue 13). A
-- token belongs to one organization and acts in it and below it with its
-- own rights (names from the catalogue, as a group's), never more than its
-- creator held. The client is given the token once; only its BLAKE2b hash
-- is kept (token_hash). expires_at NULL: it does not expire; last_used_at
-- is written at most once a minute. Revoking a token deletes its row.
-- The same SQL on both backends.

CREATE TABLE api_tokens (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs(id),
    name            TEXT NOT NULL,
    name_norm       TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    permissions     TEXT NOT NULL,
    created_by      TEXT,
    created_by_label TEXT,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT,
    last_used_at    BIGINT,
    UNIQUE (org_id, name_norm)
);
CREATE INDEX api_tokens_org ON api_tokens(org_id, id);

-- New rights. Groups keep their rights as names, so the groups made before
-- keep theirs; the built-in groups that held every right (Admin, Account
-- management) get the rights to see and manage API tokens, and the
-- platform organization's Admin group the SIP proxy's right to read HA1s,
-- as new organizations' groups do (domain/perms.c).
UPDATE perm_groups
   SET permissions = CASE WHEN permissions = '' THEN 'api_tokens.read api_tokens.write'
                          ELSE permissions || ' api_tokens.read api_tokens.write' END
 WHERE builtin IN ('admin', 'account_management');
UPDATE perm_groups
   SET permissions = permissions || ' sip.proxy'
 WHERE builtin = 'admin'
   AND org_id IN (SELECT id FROM orgs WHERE parent_id IS NULL);
