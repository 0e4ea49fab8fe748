-- 006_totp.sql: two-factor sign-in with TOTP (RFC 6238).
-- user_totp: a user's secret, sealed with the key file (auth/seal.h), never in
-- the clear; confirmed_at is NULL while an enrolment waits for its first code.
-- last_step is the last time step a code was accepted for: the UPDATE that
-- moves it forward is the check, so a code is accepted once even by two nodes
-- sharing one database. recovery_codes: keyed BLAKE2b hashes, each used once.
-- Sign-in challenges are one-time tokens (purpose '2fa_challenge') in tokens.
-- Permission groups get the policy column organizations already have.
CREATE TABLE user_totp (
    user_id      TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret       TEXT NOT NULL,
    confirmed_at BIGINT,
    last_step    BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    used_at     BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

ALTER TABLE perm_groups ADD COLUMN two_factor_required INTEGER NOT NULL DEFAULT 0;
