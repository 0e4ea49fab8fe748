/* sessions.c: sessions, one-time tokens and sign-in throttling. Only hashes
 * of tokens are stored. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static const char SQL_S_INSERT[] =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, "
    "client_addr) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_S_GET[] = "SELECT token_hash, user_id, client_addr, created_at, "
                                "expires_at, last_seen_at FROM sessions WHERE token_hash = ?";
/* Authentication's: the session with its user, organization and groups,
 * one row a group (one with NULL group columns for a user in none). The
 * requirement of two-factor sign-in is users.c's TWO_FACTOR_REQUIRED taken
 * apart: the groups' part comes a row each. */
static const char SQL_S_PRINCIPAL[] =
    "SELECT s.user_id, s.created_at, s.expires_at, s.last_seen_at, u.id, u.org_id, o.path, "
    "u.email, u.language, u.status, u.must_change_password, "
    "CASE WHEN u.require_two_factor = 1 OR o.two_factor_required = 1 THEN 1 ELSE 0 END, "
    "CASE WHEN " TWO_FACTOR_ENABLED " THEN 1 ELSE 0 END, g.id, g.permissions, "
    "g.two_factor_required, o.suspended_at "
    "FROM sessions s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN orgs o ON o.id = u.org_id "
    "LEFT JOIN user_groups ug ON ug.user_id = u.id "
    "LEFT JOIN perm_groups g ON g.id = ug.group_id WHERE s.token_hash = ?";
static const char SQL_S_TOUCH[] =
    "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?";
static const char SQL_S_DELETE[] = "DELETE FROM sessions WHERE token_hash = ?";
static const char SQL_S_DELETE_USER[] =
    "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?";
static const char SQL_S_DELETE_GROUP[] =
    "DELETE FROM sessions WHERE user_id IN (SELECT user_id FROM user_groups WHERE group_id = ?)";
static const char SQL_S_DELETE_ORG[] =
    "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE org_id = ?)";
static const char SQL_T_INSERT[] = "INSERT INTO tokens (token_hash, user_id, purpose, "
                                   "created_at, expires_at) VALUES (?, ?, ?, ?, ?)";
static const char SQL_T_GET[] = "SELECT token_hash, user_id, purpose, created_at, expires_at, "
                                "used_at FROM tokens WHERE token_hash = ?";
static const char SQL_T_USE[] =
    "UPDATE tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL";
static const char SQL_T_REVOKE[] = "UPDATE tokens SET used_at = ? WHERE user_id = ? AND "
                                   "purpose = ? AND used_at IS NULL";
static const char SQL_T_REVOKE_ALL[] =
    "UPDATE tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL";
static const char SQL_F_GET[] =
    "SELECT failures, window_start, locked_until FROM auth_failures WHERE key = ?";
static const char SQL_F_PUT[] =
    "INSERT INTO auth_failures (key, failures, window_start, locked_until) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
    "window_start = excluded.window_start, locked_until = excluded.locked_until";
static const char SQL_F_CLEAR[] = "DELETE FROM auth_failures WHERE key = ?";

int store_session_insert(struct db *db, const struct session *s)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_S_INSERT, st);
	db_bind_text(st, 1, s->token_hash);
	db_bind_text(st, 2, s->user_id);
	db_bind_int64(st, 3, s->created_at);
	db_bind_int64(st, 4, s->expires_at);
	db_bind_int64(st, 5, s->last_seen_at);
	db_bind_text(st, 6, s->client_addr);
	return row_exec(st, 0);
}

int store_session_get(struct db *db, struct arena *a, const char *token_hash, struct session *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_S_GET, st);
	db_bind_text(st, 1, token_hash);
	int r = db_step(st);
	if (r == DB_ROW) {
		ret->token_hash = row_text(a, st, 0);
		ret->user_id = row_text(a, st, 1);
		ret->client_addr = row_text(a, st, 2);
		ret->created_at = db_col_int64(st, 3);
		ret->expires_at = db_col_int64(st, 4);
		ret->last_seen_at = db_col_int64(st, 5);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

/* The first row's session, user and organization columns. */
static void principal_head(struct arena *a, struct db_stmt *st, struct session_principal *p)
{
	p->s.user_id = row_text(a, st, 0);
	p->s.created_at = db_col_int64(st, 1);
	p->s.expires_at = db_col_int64(st, 2);
	p->s.last_seen_at = db_col_int64(st, 3);
	p->user_found = !db_col_null(st, 4);
	p->org_id = row_text(a, st, 5);
	p->org_path = row_text(a, st, 6);
	p->email = row_text(a, st, 7);
	p->language = row_text(a, st, 8);
	int status = p->user_found ? user_status_parse(db_col_text(st, 9)) : -1;
	p->status = status < 0 ? USER_SUSPENDED : (enum user_status)status; /* unknown: none */
	p->must_change_password = db_col_int64(st, 10);
	p->two_factor_required = db_col_int64(st, 11);
	p->two_factor_enabled = db_col_int64(st, 12);
	p->org_suspended = !db_col_null(st, 16);
}

int store_session_principal(struct db *db, struct arena *a, const char *token_hash,
                            struct session_principal *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_S_PRINCIPAL, st);
	db_bind_text(st, 1, token_hash);
	memset(ret, 0, sizeof(*ret));
	int r, cap = 0;
	bool found = false;
	while ((r = db_step(st)) == DB_ROW) {
		if (!found)
			principal_head(a, st, ret);
		found = true;
		if (db_col_null(st, 13))
			continue;
		if (ret->n_groups == cap) {
			int ncap = cap ? cap * 2 : 8;
			char **g = arena_alloc(a, (size_t)ncap * sizeof(*g));
			if (ret->n_groups)
				memcpy(g, ret->group_permissions,
				       (size_t)ret->n_groups * sizeof(*g));
			ret->group_permissions = g;
			cap = ncap;
		}
		ret->group_permissions[ret->n_groups++] = row_text(a, st, 14);
		if (db_col_int64(st, 15))
			ret->two_factor_required = true;
	}
	db_reset(st);
	if (r < 0)
		return r;
	return found ? 0 : -ENOENT;
}

int store_session_touch(struct db *db, const char *token_hash, int64_t now, int64_t expires)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_S_TOUCH, st);
	db_bind_int64(st, 1, now);
	db_bind_int64(st, 2, expires);
	db_bind_text(st, 3, token_hash);
	return row_exec(st, 0);
}

int store_session_delete(struct db *db, const char *token_hash)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_S_DELETE, st);
	db_bind_text(st, 1, token_hash);
	return row_exec(st, 0);
}

int store_session_delete_user(struct db *db, const char *user_id, const char *keep_hash)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_S_DELETE_USER, st);
	db_bind_text(st, 1, user_id);
	db_bind_text(st, 2, keep_hash ? keep_hash : "");
	return row_exec(st, 0);
}

int store_session_delete_group(struct db *db, const char *group_id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_S_DELETE_GROUP, st);
	db_bind_text(st, 1, group_id);
	return row_exec(st, 0);
}

int store_session_delete_org(struct db *db, const char *org_id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_S_DELETE_ORG, st);
	db_bind_text(st, 1, org_id);
	return row_exec(st, 0);
}

int store_token_insert(struct db *db, const struct token *t)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_T_INSERT, st);
	db_bind_text(st, 1, t->token_hash);
	db_bind_text(st, 2, t->user_id);
	db_bind_text(st, 3, t->purpose);
	db_bind_int64(st, 4, t->created_at);
	db_bind_int64(st, 5, t->expires_at);
	return row_exec(st, 0);
}

int store_token_get(struct db *db, struct arena *a, const char *token_hash, struct token *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_T_GET, st);
	db_bind_text(st, 1, token_hash);
	int r = db_step(st);
	if (r == DB_ROW) {
		ret->token_hash = row_text(a, st, 0);
		ret->user_id = row_text(a, st, 1);
		ret->purpose = row_text(a, st, 2);
		ret->created_at = db_col_int64(st, 3);
		ret->expires_at = db_col_int64(st, 4);
		ret->used_at = db_col_null(st, 5) ? 0 : db_col_int64(st, 5);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_token_use(struct db *db, const char *token_hash, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_T_USE, st);
	db_bind_int64(st, 1, now);
	db_bind_text(st, 2, token_hash);
	return row_exec(st, 1);
}

int store_token_revoke_user(struct db *db, const char *user_id, const char *purpose, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_T_REVOKE, st);
	db_bind_int64(st, 1, now);
	db_bind_text(st, 2, user_id);
	db_bind_text(st, 3, purpose);
	return row_exec(st, 0);
}

int store_token_revoke_all(struct db *db, const char *user_id, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_T_REVOKE_ALL, st);
	db_bind_int64(st, 1, now);
	db_bind_text(st, 2, user_id);
	return row_exec(st, 0);
}

int store_authfail_get(struct db *db, const char *key, struct auth_failure *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_F_GET, st);
	db_bind_text(st, 1, key);
	int r = db_step(st);
	if (r == DB_ROW) {
		ret->failures = db_col_int64(st, 0);
		ret->window_start = db_col_int64(st, 1);
		ret->locked_until = db_col_int64(st, 2);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_authfail_put(struct db *db, const char *key, const struct auth_failure *f)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_F_PUT, st);
	db_bind_text(st, 1, key);
	db_bind_int64(st, 2, f->failures);
	db_bind_int64(st, 3, f->window_start);
	db_bind_int64(st, 4, f->locked_until);
	return row_exec(st, 0);
}

int store_authfail_clear(struct db *db, const char *key)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_F_CLEAR, st);
	db_bind_text(st, 1, key);
	return row_exec(st, 0);
}
