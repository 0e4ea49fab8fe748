-- 001_core.sql: organizations, address book, users, permission groups,
-- sessions, one-time tokens, sign-in throttling, audit trail and mail outbox.
-- Portable SQL: the same text runs on SQLite and PostgreSQL. Times are
-- milliseconds since the epoch; booleans are 0/1 integers.

CREATE TABLE orgs (
    id              TEXT PRIMARY KEY,
    parent_id       TEXT REFERENCES orgs(id),
    path            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    country         TEXT NOT NULL,
    language        TEXT NOT NULL,
    timezone        TEXT NOT NULL,
    sip_domain      TEXT,
    pw_min_length   INTEGER NOT NULL DEFAULT 8,
    pw_require_digit INTEGER NOT NULL DEFAULT 1,
    pw_require_lower INTEGER NOT NULL DEFAULT 1,
    pw_require_upper INTEGER NOT NULL DEFAULT 1,
    pw_require_symbol INTEGER NOT NULL DEFAULT 0,
    pw_forbid_personal INTEGER NOT NULL DEFAULT 1,
    pw_history      INTEGER NOT NULL DEFAULT 3,
    pw_min_entropy  INTEGER NOT NULL DEFAULT 40,
    two_factor_required INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);

CREATE TABLE companies (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    name_norm   TEXT NOT NULL,
    website     TEXT,
    phone       TEXT,
    email       TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (org_id, name_norm)
);

CREATE TABLE contacts (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    salutation  TEXT,
    first_name  TEXT NOT NULL,
    infix       TEXT,
    last_name   TEXT NOT NULL,
    email       TEXT,
    phone       TEXT,
    mobile      TEXT,
    company_id  TEXT REFERENCES companies(id),
    job_title   TEXT,
    work_phone  TEXT,
    work_email  TEXT,
    web         TEXT,
    street      TEXT,
    postal_code TEXT,
    city        TEXT,
    country     TEXT,
    notes       TEXT,
    sort_name   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX contacts_org_sort ON contacts(org_id, sort_name, id);
CREATE INDEX contacts_company ON contacts(company_id);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs(id),
    contact_id      TEXT NOT NULL UNIQUE REFERENCES contacts(id),
    email           TEXT NOT NULL,
    email_norm      TEXT NOT NULL UNIQUE,
    login_name      TEXT,
    login_name_norm TEXT UNIQUE,
    password_hash   TEXT,
    status          TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    language        TEXT NOT NULL,
    timezone        TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    password_changed_at BIGINT,
    last_login_at   BIGINT
);
CREATE INDEX users_org ON users(org_id, id);

CREATE TABLE password_history (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hash        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, created_at);

CREATE TABLE perm_groups (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    builtin     TEXT,
    name        TEXT NOT NULL,
    name_norm   TEXT NOT NULL,
    description TEXT,
    permissions TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (org_id, name_norm)
);

CREATE TABLE user_groups (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    group_id    TEXT NOT NULL REFERENCES perm_groups(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
);
CREATE INDEX user_groups_group ON user_groups(group_id);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    client_addr TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE tokens (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX tokens_user ON tokens(user_id);

CREATE TABLE auth_failures (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);

CREATE TABLE audit_events (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL,
    actor_id    TEXT,
    actor_label TEXT,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    changes     TEXT NOT NULL,
    request_id  TEXT,
    client_addr TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX audit_org ON audit_events(org_id, id);
CREATE INDEX audit_object ON audit_events(org_id, object_id, id);
CREATE INDEX audit_actor ON audit_events(org_id, actor_id, id);

CREATE TABLE outbox (
    id          TEXT PRIMARY KEY,
    to_addr     TEXT NOT NULL,
    message     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error  TEXT,
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
