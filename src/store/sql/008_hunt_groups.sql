-- 008_hunt_groups.sql: hunt groups and ACD queues: a name, a way of ringing
-- (all at once, round robin, or in order) and members, users or SIP aliases,
-- in order. The extension, if any, is in extensions (owner_type hunt_group).
CREATE TABLE hunt_groups (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    name_norm   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    strategy    TEXT NOT NULL,
    ring_seconds INTEGER NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (org_id, name_norm)
);

CREATE TABLE hunt_group_members (
    group_id    TEXT NOT NULL REFERENCES hunt_groups(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    member_type TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX hunt_group_members_member ON hunt_group_members(member_id);
