-- 027_voicemail.sql: voicemail messages (issue 14, section 2). A message is
-- what the media server recorded for a user's box and posted
-- (POST /api/v1/sip/voicemail): who called, when, how long, whether the
-- user heard it, and the sound, converted like the media library's (8 kHz
-- 16-bit mono WAV, base64 text). orgs.voicemail_retention_days: how long
-- messages are kept (serve's janitor purges older ones). outbox.ref_id:
-- what a mail is about (the message a voicemail mail sends), read when it
-- is built. orgs.music_on_hold: what a caller put on hold hears unless the
-- user says otherwise (default, silence, or a media id). user_telephony.
-- vm_record: whether the box takes messages (else it plays its greeting
-- only). The same SQL on both backends.
CREATE TABLE voicemail_messages (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    box         TEXT NOT NULL,
    caller      TEXT,
    caller_name TEXT,
    call_id     TEXT,
    received_at BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    heard_at    BIGINT,
    wav         TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX voicemail_messages_user ON voicemail_messages(user_id, received_at);
ALTER TABLE orgs ADD COLUMN voicemail_retention_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE outbox ADD COLUMN ref_id TEXT;
ALTER TABLE orgs ADD COLUMN music_on_hold TEXT NOT NULL DEFAULT 'default';
ALTER TABLE user_telephony ADD COLUMN vm_record INTEGER NOT NULL DEFAULT 1;
