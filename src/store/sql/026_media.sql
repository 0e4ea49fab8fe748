-- 026_media.sql: an organization's media library (issue 14, section 1):
-- greetings, hold music and announcements, each converted to what telephony
-- plays. media: what the library lists (user_id: a user's own greeting,
-- else the organization's; uploaded_by: the user who uploaded it, NULL for
-- the system; bytes: what it takes of the organization's quota). The sound
-- itself is in media_audio, one row per sample rate (8000, 16000): a WAV
-- file as base64 text, which both backends keep, and backup and copy carry,
-- like any other text. user_telephony.vm_greeting: the greeting a user's
-- voicemail box plays (a media id; NULL: the media server's own). The same
-- SQL on both backends.
CREATE TABLE media (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    user_id     TEXT REFERENCES users(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    name_norm   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    duration_ms BIGINT NOT NULL,
    bytes       BIGINT NOT NULL,
    format      TEXT NOT NULL,
    origin      TEXT NOT NULL,
    uploaded_by TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX media_org_name ON media(org_id, name_norm);
CREATE TABLE media_audio (
    media_id    TEXT NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    rate        INTEGER NOT NULL,
    wav         TEXT NOT NULL,
    PRIMARY KEY (media_id, rate)
);
ALTER TABLE user_telephony ADD COLUMN vm_greeting TEXT;
