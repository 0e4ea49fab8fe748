-- 017_routing.sql: what call routing keeps (issue 13). rr_next: the member
-- a round-robin hunt group starts at on its next call, moved on by every
-- route lookup. simultaneous: the destinations (ids, space separated) that
-- ring at once with the one a user is reachable on (seed 002's
-- simultaneous ring; five at most in all). ring_seconds: how long the
-- user's own destinations ring before the next step (its app's fallback,
-- its voicemail). The same SQL on both backends.
ALTER TABLE hunt_groups ADD COLUMN rr_next INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_telephony ADD COLUMN simultaneous TEXT;
ALTER TABLE user_telephony ADD COLUMN ring_seconds INTEGER NOT NULL DEFAULT 20;
