-- 024_destinations.sql: where each number rings, and a user's forwarding
-- rules (issue 14, seed 002's number settings). numbers.destination: the
-- number's destination as JSON the domain checked (domain/destinations.c):
-- a user, a hunt group, a voicemail box, an announcement, or a schedule's
-- choice; NULL rings the user the number belongs to. user_forwarding: a
-- user's rules (always, busy, no answer, unreachable, by schedule), JSON
-- the domain checked. orgs.user_forwarding: what a user may forward its
-- own calls to (off, internal, anywhere). The same SQL on both backends.
ALTER TABLE numbers ADD COLUMN destination TEXT;
CREATE TABLE user_forwarding (
    user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    rules       TEXT NOT NULL
);
CREATE INDEX user_forwarding_org ON user_forwarding(org_id);
ALTER TABLE orgs ADD COLUMN user_forwarding TEXT NOT NULL DEFAULT 'anywhere';
