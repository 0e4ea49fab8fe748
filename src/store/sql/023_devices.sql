-- 023_devices.sql: desk phones by MAC address, for provisioning (seed 002:
-- "Device Provisioning ... by MAC"). The MAC is kept as 12 lower-case hex
-- digits and is unique on the whole platform (a phone is in one place). A
-- device has lines, each a SIP account or alias (sip_accounts) of its
-- organization, in order; an account is on at most one device. The phone
-- proves who it is with its own provisioning credential (HTTP digest): a
-- generated username and HA1 = md5(username:realm:secret) for the fixed
-- provisioning realm; the secret itself is shown once and not kept.
-- An organization may also have one provisioning URL key, stored hashed.
CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    mac         TEXT NOT NULL UNIQUE,
    vendor      TEXT NOT NULL,
    model       TEXT NOT NULL,
    label       TEXT,
    prov_username TEXT NOT NULL UNIQUE,
    prov_ha1    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX devices_org ON devices(org_id, mac);

CREATE TABLE device_lines (
    device_id   TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    sip_account_id TEXT NOT NULL UNIQUE REFERENCES sip_accounts(id) ON DELETE CASCADE,
    PRIMARY KEY (device_id, position)
);

CREATE TABLE provisioning_keys (
    org_id      TEXT PRIMARY KEY REFERENCES orgs(id),
    key_hash    TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

-- A softphone's remote provisioning link (Linphone reads it from a QR
-- code): a token for one SIP account, stored hashed, until expires_at.
CREATE TABLE softphone_links (
    sip_account_id TEXT PRIMARY KEY REFERENCES sip_accounts(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
