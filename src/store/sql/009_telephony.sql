-- 009_telephony.sql: what makes a user reachable (seed 001): forward
-- targets beside its SIP accounts, which destination it is reachable on
-- now, the app's fallback to a mobile number, click-to-dial, caller ID,
-- voicemail, music on hold, the e911 address and the prompts' language;
-- the numbers (DIDs) that ring it. (A SIP alias, seed 004, is a SIP account of
-- kind alias whose label is its display name.)

CREATE TABLE forward_targets (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    number      TEXT NOT NULL,
    label       TEXT,
    position    INTEGER NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX forward_targets_user ON forward_targets(user_id, position);

CREATE TABLE user_telephony (
    user_id         TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    org_id          TEXT NOT NULL REFERENCES orgs(id),
    reachable       INTEGER NOT NULL DEFAULT 0,
    destination_id  TEXT,
    fallback_enabled INTEGER NOT NULL DEFAULT 0,
    fallback_mobile TEXT,
    ctd_account_id  TEXT,
    ctd_auto_answer INTEGER NOT NULL DEFAULT 0,
    caller_number_id TEXT,
    vm_enabled      INTEGER NOT NULL DEFAULT 0,
    vm_box          TEXT,
    vm_pin_hash     TEXT,
    vm_email        TEXT,
    music_on_hold   TEXT NOT NULL DEFAULT 'default',
    e911_street     TEXT,
    e911_house_number TEXT,
    e911_postal_code TEXT,
    e911_city       TEXT,
    e911_country    TEXT,
    language        TEXT,
    updated_at      BIGINT NOT NULL
);

-- The number a SIP account shows when the organization's caller ID mode is
-- "device" (seed 001, the 2023 note).
CREATE TABLE sip_caller_ids (
    sip_account_id  TEXT PRIMARY KEY REFERENCES sip_accounts(id) ON DELETE CASCADE,
    number_id       TEXT NOT NULL
);

-- A number that rings a user (its "Telefoonnummers", seed 000); a deleted
-- user keeps its numbers until it is purged.
ALTER TABLE numbers ADD COLUMN user_id TEXT;
CREATE INDEX numbers_user ON numbers(user_id);
