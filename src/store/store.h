/* store.h: all persistent state, behind one interface.
 *
 * Nothing above this layer writes SQL or knows which database is in use.
 * Functions take the connection of the current request (`struct db *`, in a
 * transaction the caller opened) and, for tenant data, the organization id.
 * Records handed out are allocated in the given arena.
 * Return values: 0, DB_ROW-free; -ENOENT when nothing matched; -EEXIST with
 * db_conflict() naming the column; -EBUSY/-EIO from the database. */
#pragma once
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct arena;

/* ---- connections and schema ------------------------------------------ */

struct store {
	char *url; /* SQLite path or postgres:// URL */
	bool postgres;
};

/* Prepares the store for url (does not connect). */
int store_init(struct store *s, const char *url);
void store_release(struct store *s);
/* This thread's connection, opened on first use. Returns NULL when the
 * database cannot be reached. */
struct db *store_conn(struct store *s);
/* Closes this thread's connection (call before a worker thread exits). */
void store_conn_close(void);
/* Applies pending migrations; returns how many were applied or < 0. */
int store_migrate(struct store *s, struct db *db);
int store_schema_version(struct db *db);

/* ---- organizations ---------------------------------------------------- */

struct org {
	char *id, *parent_id, *path, *kind, *name, *country, *language, *timezone, *sip_domain;
	int pw_min_length;
	bool pw_require_digit, pw_require_lower, pw_require_upper, pw_require_symbol;
	bool pw_forbid_personal;
	int pw_history, pw_min_entropy;
	bool two_factor_required;
	int64_t created_at, updated_at;
};

int store_org_insert(struct db *db, const struct org *o);
int store_org_update(struct db *db, const struct org *o);
int store_org_delete(struct db *db, const char *id);
int store_org_get(struct db *db, struct arena *a, const char *id, struct org *ret);
/* Organizations whose path starts with path_prefix (a subtree), in tree
 * order; after is the path of the last one of the previous page. */
int store_org_list(struct db *db, struct arena *a, const char *path_prefix, const char *after,
                   int limit, struct org **ret, int *ret_n);
int store_org_count_children(struct db *db, const char *id, int64_t *ret);
int store_org_count_users(struct db *db, const char *id, int64_t *ret);

/* ---- companies -------------------------------------------------------- */

struct company {
	char *id, *org_id, *name, *website, *phone, *email;
	int64_t created_at, updated_at;
};

int store_company_insert(struct db *db, const struct company *c);
int store_company_update(struct db *db, const struct company *c);
int store_company_delete(struct db *db, const char *org_id, const char *id);
int store_company_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                      struct company *ret);
int store_company_find_name(struct db *db, struct arena *a, const char *org_id, const char *name,
                            struct company *ret);
int store_company_list(struct db *db, struct arena *a, const char *org_id, const char *q,
                       const char *after, int limit, struct company **ret, int *ret_n);
int store_company_count_contacts(struct db *db, const char *id, int64_t *ret);

/* ---- contacts (the address book) -------------------------------------- */

struct contact {
	char *id, *org_id;
	char *salutation, *first_name, *infix, *last_name;
	char *email, *phone, *mobile;
	char *company_id, *job_title, *work_phone, *work_email, *web;
	char *street, *postal_code, *city, *country, *notes;
	char *company_name; /* read only: joined */
	char *sort_name;    /* read only: the list order, as the store keeps it */
	char *user_id;      /* read only: the login tied to it, if any */
	int64_t created_at, updated_at;
};

int store_contact_insert(struct db *db, const struct contact *c);
int store_contact_update(struct db *db, const struct contact *c);
int store_contact_delete(struct db *db, const char *org_id, const char *id);
int store_contact_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                      struct contact *ret);
int store_contact_list(struct db *db, struct arena *a, const char *org_id, const char *q,
                       const char *company_id, const char *after, int limit, struct contact **ret,
                       int *ret_n);

/* ---- users ------------------------------------------------------------ */

struct user {
	char *id, *org_id, *contact_id;
	char *email, *login_name, *password_hash, *status, *language, *timezone;
	bool must_change_password;
	int64_t created_at, updated_at, password_changed_at, last_login_at;
	struct contact contact; /* filled by get/list */
	/* Read only, filled by get/list: TOTP confirmed; two-factor required by
	 * the organization or one of the user's groups. */
	bool two_factor_enabled, two_factor_required;
};

int store_user_insert(struct db *db, const struct user *u);
int store_user_update(struct db *db, const struct user *u);
int store_user_set_password(struct db *db, const char *id, const char *hash, bool must_change,
                            int64_t now);
int store_user_touch_login(struct db *db, const char *id, int64_t now);
int store_user_delete(struct db *db, const char *org_id, const char *id);
int store_user_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                   struct user *ret);
/* By id alone (sign-in paths); org_id is in the record. */
int store_user_get_any(struct db *db, struct arena *a, const char *id, struct user *ret);
/* By email or login name, compared trimmed and case-insensitively. */
int store_user_find_login(struct db *db, struct arena *a, const char *login, struct user *ret);
int store_user_find_email(struct db *db, struct arena *a, const char *email, struct user *ret);
int store_user_list(struct db *db, struct arena *a, const char *org_id, const char *q,
                    const char *after, int limit, struct user **ret, int *ret_n);
int store_user_count(struct db *db, int64_t *ret);
/* Password history, newest first, at most n. */
int store_pwhist_add(struct db *db, const char *user_id, const char *hash, int64_t now);
int store_pwhist_list(struct db *db, struct arena *a, const char *user_id, int n, char ***ret,
                      int *ret_n);

/* ---- permission groups ------------------------------------------------ */

struct group {
	char *id, *org_id, *builtin, *name, *description;
	char *permissions; /* space separated names from the catalogue */
	int64_t member_count;
	int64_t created_at, updated_at;
	bool two_factor_required; /* members must sign in with a second factor */
};

int store_group_insert(struct db *db, const struct group *g);
int store_group_update(struct db *db, const struct group *g);
int store_group_delete(struct db *db, const char *org_id, const char *id);
int store_group_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                    struct group *ret);
int store_group_list(struct db *db, struct arena *a, const char *org_id, struct group **ret,
                     int *ret_n);
int store_group_find_builtin(struct db *db, struct arena *a, const char *org_id,
                             const char *builtin, struct group *ret);
/* The groups of a user, and replacing them. */
int store_user_groups(struct db *db, struct arena *a, const char *user_id, struct group **ret,
                      int *ret_n);
int store_user_groups_set(struct db *db, const char *user_id, const char *const *group_ids, int n);

/* ---- sessions and one-time tokens (hashes only) ------------------------ */

struct session {
	char *token_hash, *user_id, *client_addr;
	int64_t created_at, expires_at, last_seen_at;
};

int store_session_insert(struct db *db, const struct session *s);
int store_session_get(struct db *db, struct arena *a, const char *token_hash, struct session *ret);
int store_session_touch(struct db *db, const char *token_hash, int64_t now, int64_t expires);
int store_session_delete(struct db *db, const char *token_hash);
/* Ends every session of a user except keep_hash (may be NULL). */
int store_session_delete_user(struct db *db, const char *user_id, const char *keep_hash);

struct token {
	char *token_hash, *user_id, *purpose;
	int64_t created_at, expires_at, used_at;
};

int store_token_insert(struct db *db, const struct token *t);
int store_token_get(struct db *db, struct arena *a, const char *token_hash, struct token *ret);
int store_token_use(struct db *db, const char *token_hash, int64_t now);
/* Retires every unused token of a user for a purpose. */
int store_token_revoke_user(struct db *db, const char *user_id, const char *purpose, int64_t now);

/* ---- sign-in throttling ------------------------------------------------ */

struct auth_failure {
	int64_t failures, window_start, locked_until;
};

int store_authfail_get(struct db *db, const char *key, struct auth_failure *ret);
int store_authfail_put(struct db *db, const char *key, const struct auth_failure *f);
int store_authfail_clear(struct db *db, const char *key);

/* ---- audit trail ------------------------------------------------------- */

struct audit_event {
	char *id, *org_id, *actor_id, *actor_label, *object_type, *object_id, *action;
	char *changes; /* JSON object text: field -> new value (secrets left out) */
	char *request_id, *client_addr;
	int64_t created_at;
};

int store_audit_insert(struct db *db, const struct audit_event *e);
/* Newest first; object_id and actor_id may be NULL. */
int store_audit_list(struct db *db, struct arena *a, const char *org_id, const char *object_id,
                     const char *actor_id, const char *before, int limit, struct audit_event **ret,
                     int *ret_n);

/* ---- phone numbers (DIDs) ----------------------------------------------- */

struct number {
	char *id, *org_id, *number, *label;
	int64_t created_at, updated_at;
};

int store_number_insert(struct db *db, const struct number *n);
int store_number_update(struct db *db, const struct number *n);
int store_number_delete(struct db *db, const char *org_id, const char *id);
int store_number_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                     struct number *ret);
/* By number order; after is the E.164 number of the previous page's last. */
int store_number_list(struct db *db, struct arena *a, const char *org_id, const char *after,
                      int limit, struct number **ret, int *ret_n);

/* ---- idempotent creates ------------------------------------------------ */

struct idem_record {
	char *method, *path, *body_hash, *location, *response;
	int status;
	int64_t created_at;
};

int store_idem_get(struct db *db, struct arena *a, const char *user_id, const char *key,
                   struct idem_record *ret);
int store_idem_put(struct db *db, const char *user_id, const char *key,
                   const struct idem_record *rec);
/* Forgets answers older than before. */
int store_idem_expire(struct db *db, int64_t before);

/* ---- mail outbox -------------------------------------------------------- */

struct outbox_msg {
	char *id, *to_addr, *message, *kind, *status, *last_error;
	int64_t attempts, next_attempt_at, created_at, sent_at;
};

int store_outbox_insert(struct db *db, const struct outbox_msg *m);
/* The oldest pending messages due at now. */
int store_outbox_due(struct db *db, struct arena *a, int64_t now, int limit,
                     struct outbox_msg **ret, int *ret_n);
int store_outbox_mark(struct db *db, const char *id, const char *status, int64_t attempts,
                      int64_t next_attempt_at, const char *last_error, int64_t sent_at);

/* ---- two-factor sign-in (TOTP) ------------------------------------------- */

struct totp_record {
	char *user_id;
	char *secret;         /* sealed (auth/seal.h) */
	int64_t confirmed_at; /* 0 while the enrolment waits for its first code */
	int64_t last_step;    /* the last time step accepted; -1 for none */
	int64_t created_at, updated_at;
};

int store_totp_get(struct db *db, struct arena *a, const char *user_id, struct totp_record *ret);
/* Starts (or restarts) an enrolment; -ENOENT when the user's TOTP is
 * confirmed already (the row is left alone). */
int store_totp_put_pending(struct db *db, const struct totp_record *t);
/* Confirms a pending enrolment with the step of its first code. -ENOENT when
 * there is none (or it was confirmed meanwhile). */
int store_totp_confirm(struct db *db, const char *user_id, int64_t step, int64_t now);
/* Accepts a code of time step step: moves last_step forward, which only
 * succeeds for a step after it. -ENOENT when the step was not after the last
 * one accepted (a reused code), or TOTP is not confirmed: the database is the
 * judge, so concurrent requests (or nodes) cannot both accept one code. */
int store_totp_use_step(struct db *db, const char *user_id, int64_t step, int64_t now);
int store_totp_delete(struct db *db, const char *user_id);
/* Replaces every recovery code of a user with n new hashes. */
int store_recovery_set(struct db *db, const char *user_id, char *const *hashes, int n, int64_t now);
/* Uses up one recovery code; -ENOENT when it is unknown or used already. */
int store_recovery_use(struct db *db, const char *user_id, const char *hash, int64_t now);
int store_recovery_count_unused(struct db *db, const char *user_id, int64_t *ret);
int store_recovery_delete(struct db *db, const char *user_id);
/* Users of an organization as store_user_list, filtered by two-factor state:
 * two_factor NULL (all), "enabled", "disabled", or "missing" (required by
 * the organization or a group, and not enabled). */
int store_user_list_2fa(struct db *db, struct arena *a, const char *org_id, const char *q,
                        const char *two_factor, const char *after, int limit, struct user **ret,
                        int *ret_n);
