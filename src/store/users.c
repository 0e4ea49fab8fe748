/* users.c: logins, each tied to one contact, and their password history. */
#include "store/rows.h"
#include "store/search.h"
#include "base/arena.h"
#include "base/util.h"

#include <errno.h>
#include <string.h>

#define USER_COLS                                                                                  \
	"u.id, u.org_id, u.contact_id, u.email, u.login_name, u.password_hash, u.status" U_FIELDS  \
	", u.created_at, u.updated_at, u.password_changed_at, u.last_login_at, u.deleted_at, "     \
	"u.purge_after, u.sign_in_notice, " CONTACT_COLS ", " TWO_FACTOR_COLS
#define U_FIELDS USER_FIELDS(FIELD_SQL_COL_u)
/* Two-factor state, derived where it is kept: TOTP confirmed (rows.h's
 * TWO_FACTOR_ENABLED), and the requirement of the user itself, its
 * organization or any of its groups. */
#define TWO_FACTOR_REQUIRED                                                                        \
	"(u.require_two_factor = 1 "                                                               \
	"OR EXISTS (SELECT 1 FROM orgs o WHERE o.id = u.org_id AND o.two_factor_required = 1) "    \
	"OR EXISTS (SELECT 1 FROM user_groups ug JOIN perm_groups g ON g.id = ug.group_id "        \
	"WHERE ug.user_id = u.id AND g.two_factor_required = 1))"
#define TWO_FACTOR_COLS                                                                            \
	"CASE WHEN " TWO_FACTOR_ENABLED " THEN 1 ELSE 0 END, "                                     \
	"CASE WHEN " TWO_FACTOR_REQUIRED " THEN 1 ELSE 0 END"
#define USER_FROM                                                                                  \
	" FROM users u JOIN contacts c ON c.id = u.contact_id "                                    \
	"LEFT JOIN companies co ON co.id = c.company_id "

#define FIELD_COLS USER_FIELDS(FIELD_SQL_COL)
#define FIELD_QMARKS USER_FIELDS(FIELD_SQL_QMARK)
#define FIELD_SET USER_FIELDS(FIELD_SQL_SET)

static const char SQL_INSERT[] =
    "INSERT INTO users (id, org_id, contact_id, email, email_norm, login_name, "
    "login_name_norm, password_hash, status" FIELD_COLS ", created_at, updated_at, "
    "password_changed_at, search_text, sort_name) VALUES (?, ?, ?, ?, lower(?), ?, lower(?), ?, "
    "?" FIELD_QMARKS ", ?, ?, ?, ?, COALESCE((SELECT c.sort_name FROM contacts c WHERE c.id = ?), "
    "''))";
static const char SQL_UPDATE[] =
    "UPDATE users SET email = ?, email_norm = lower(?), login_name = ?, "
    "login_name_norm = lower(?), status = ?, " FIELD_SET "updated_at = ?, deleted_at = ?, "
    "purge_after = ? WHERE id = ? AND org_id = ?";
static const char SQL_SET_PW[] =
    "UPDATE users SET password_hash = ?, must_change_password = ?, "
    "password_changed_at = ?, updated_at = ?, "
    "status = CASE WHEN status = 'invited' THEN 'active' ELSE status END "
    "WHERE id = ?";
/* A sign-in: its time, and the notice it has told (read with the user) gone. */
static const char SQL_TOUCH[] =
    "UPDATE users SET last_login_at = ?, sign_in_notice = NULL WHERE id = ?";
static const char SQL_NOTICE_SET[] = "UPDATE users SET sign_in_notice = ? WHERE id = ?";
static const char SQL_NOTICE_SET_GROUP[] =
    "UPDATE users SET sign_in_notice = ? "
    "WHERE id IN (SELECT user_id FROM user_groups WHERE group_id = ?)";
static const char SQL_DELETE[] = "DELETE FROM users WHERE id = ? AND org_id = ?";
static const char SQL_GET[] = "SELECT " USER_COLS USER_FROM "WHERE u.id = ? AND u.org_id = ?";
static const char SQL_GET_ANY[] = "SELECT " USER_COLS USER_FROM "WHERE u.id = ?";
static const char SQL_FIND_LOGIN[] =
    "SELECT " USER_COLS USER_FROM "WHERE u.email_norm = lower(?) OR u.login_name_norm = lower(?)";
static const char SQL_FIND_EMAIL[] = "SELECT " USER_COLS USER_FROM "WHERE u.email_norm = lower(?)";
#define LIST_WHERE "WHERE u.org_id = ? " LIST_FILTERS
/* A search's: the candidates lead, not the organization's index (SQLite
 * otherwise walks all of a large organization's users to test each one
 * against them); "|| ''" keeps both planners off that index. */
#define SEARCH_WHERE "WHERE u.org_id || '' = ? " LIST_FILTERS
#define LIST_FILTERS                                                                               \
	"AND ((CAST(? AS TEXT) IS NULL AND u.status <> 'deleted') OR u.status = ?) "               \
	"AND (CAST(? AS TEXT) IS NULL OR (CAST(? AS TEXT) = 'enabled' AND " TWO_FACTOR_ENABLED     \
	") "                                                                                       \
	"OR (CAST(? AS TEXT) = 'disabled' AND NOT " TWO_FACTOR_ENABLED ") "                        \
	"OR (CAST(? AS TEXT) = 'missing' AND " TWO_FACTOR_REQUIRED " AND NOT " TWO_FACTOR_ENABLED  \
	")) "
/* Unranked: all users, or those whose sort name starts with a short query
 * (a range, which the index on contacts(org_id, sort_name, id) serves). */
static const char SQL_LIST[] =
    "SELECT " USER_COLS USER_FROM LIST_WHERE
    "AND c.org_id = ? AND (CAST(? AS TEXT) IS NULL OR (c.sort_name >= ? AND c.sort_name < ?)) "
    "AND (c.sort_name > ? OR (c.sort_name = ? AND u.id > ?)) "
    "ORDER BY c.sort_name, u.id LIMIT ?";
/* Ranked search (store/search.h; store/search.c has the document): the
 * candidates of user_search(?), the FTS5 table on SQLite and a function on
 * PostgreSQL (022_search.*.sql), every term checked on them. The page is
 * chosen first from the matches' ids, ranks and sort names alone (the
 * users row has the sort name, 029_user_sort_name.sql); only its
 * rows are then read whole (USER_COLS has subqueries, too dear for every
 * match of a common word). */
#define RANK SEARCH_RANK("u.search_text")
static const char SQL_SEARCH[] =
    "SELECT r.search_rank, " USER_COLS " FROM (SELECT u.id AS id, " RANK " AS search_rank, "
    "u.sort_name AS sort_name FROM users u " SEARCH_WHERE
    "AND u.id IN (SELECT s.id FROM user_search(?) s) " SEARCH_TERMS("u.search_text") SEARCH_AFTER(
        "u.search_text", "u.sort_name", "u.id") "ORDER BY search_rank, u.sort_name, "
                                                "u.id LIMIT ?) r JOIN users u ON u.id = r.id JOIN "
                                                "contacts c ON c.id = u.contact_id "
                                                "LEFT JOIN companies co ON co.id = c.company_id "
                                                "ORDER BY r.search_rank, r.sort_name, u.id";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM users";
static const char SQL_PURGE_DUE[] = "SELECT id, org_id FROM users WHERE status = 'deleted' "
                                    "AND purge_after <= ? ORDER BY purge_after LIMIT ?";
/* What hangs off a user, removed before the user itself when it is purged.
 * Tables with ON DELETE CASCADE are named too, so SQLite connections without
 * foreign-key enforcement get the same result. */
static const char *const SQL_PURGE[] = {
    "DELETE FROM extensions WHERE owner_type = 'user' AND owner_id = ?",
    "DELETE FROM hunt_group_members WHERE member_id = ?",
    "DELETE FROM sip_caller_ids WHERE sip_account_id IN "
    "(SELECT id FROM sip_accounts WHERE user_id = ?)",
    "DELETE FROM extensions WHERE owner_type = 'alias' AND owner_id IN "
    "(SELECT id FROM sip_accounts WHERE user_id = ?)",
    "DELETE FROM hunt_group_members WHERE member_id IN "
    "(SELECT id FROM sip_accounts WHERE user_id = ?)",
    "DELETE FROM sip_accounts WHERE user_id = ?",
    "DELETE FROM forward_targets WHERE user_id = ?",
    "DELETE FROM user_telephony WHERE user_id = ?",
    "UPDATE numbers SET user_id = NULL WHERE user_id = ?",
    "DELETE FROM sessions WHERE user_id = ?",
    "DELETE FROM tokens WHERE user_id = ?",
    "DELETE FROM user_groups WHERE user_id = ?",
    "DELETE FROM password_history WHERE user_id = ?",
    "DELETE FROM idempotency_keys WHERE user_id = ?",
    "DELETE FROM user_totp WHERE user_id = ?",
    "DELETE FROM recovery_codes WHERE user_id = ?",
};
static const char SQL_HIST_ADD[] =
    "INSERT INTO password_history (user_id, hash, created_at) VALUES (?, ?, ?)";
static const char SQL_HIST_LIST[] = "SELECT hash FROM password_history WHERE user_id = ? "
                                    "ORDER BY created_at DESC LIMIT ?";

int store_user_insert(struct db *db, const struct user *u)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	int i = 1;
	db_bind_text(st, i++, u->id);
	db_bind_text(st, i++, u->org_id);
	db_bind_text(st, i++, u->contact_id);
	db_bind_text(st, i++, u->email);
	db_bind_text(st, i++, u->email);
	db_bind_text(st, i++, u->login_name);
	db_bind_text(st, i++, u->login_name);
	db_bind_text(st, i++, u->password_hash);
	db_bind_text(st, i++, user_status_name(u->status));
	i = row_bind_fields(st, i, user_fields, user_fields_n, u);
	db_bind_int64(st, i++, u->created_at);
	db_bind_int64(st, i++, u->updated_at);
	if (u->password_changed_at)
		db_bind_int64(st, i++, u->password_changed_at);
	else
		db_bind_text(st, i++, NULL);
	/* its search document in the same row: one write to the index */
	struct arena *a = arena_new();
	if (!a)
		return -ENOMEM;
	const char *doc = store_user_search_doc(a, db, u);
	db_bind_text(st, i++, doc ? doc : "");
	db_bind_text(st, i, u->contact_id);
	int r = row_exec(st, 0);
	arena_free(a);
	return r < 0 || doc ? r : store_user_search_refresh(db, u->id);
}

int store_user_update(struct db *db, const struct user *u)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	int i = 1;
	db_bind_text(st, i++, u->email);
	db_bind_text(st, i++, u->email);
	db_bind_text(st, i++, u->login_name);
	db_bind_text(st, i++, u->login_name);
	db_bind_text(st, i++, user_status_name(u->status));
	i = row_bind_fields(st, i, user_fields, user_fields_n, u);
	db_bind_int64(st, i++, u->updated_at);
	if (u->deleted_at) {
		db_bind_int64(st, i++, u->deleted_at);
		db_bind_int64(st, i++, u->purge_after);
	} else {
		db_bind_text(st, i++, NULL);
		db_bind_text(st, i++, NULL);
	}
	db_bind_text(st, i++, u->id);
	db_bind_text(st, i, u->org_id);
	int r = row_exec(st, 1);
	return r < 0 ? r : store_user_search_refresh(db, u->id);
}

int store_user_set_password(struct db *db, const char *id, const char *hash, bool must_change,
                            int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_SET_PW, st);
	db_bind_text(st, 1, hash);
	db_bind_bool(st, 2, must_change);
	db_bind_int64(st, 3, now);
	db_bind_int64(st, 4, now);
	db_bind_text(st, 5, id);
	return row_exec(st, 1);
}

int store_user_touch_login(struct db *db, const char *id, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_TOUCH, st);
	db_bind_int64(st, 1, now);
	db_bind_text(st, 2, id);
	return row_exec(st, 1);
}

int store_user_notice_set(struct db *db, const char *id, const char *notice)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_NOTICE_SET, st);
	db_bind_text(st, 1, notice);
	db_bind_text(st, 2, id);
	return row_exec(st, 0);
}

int store_group_notice_set(struct db *db, const char *group_id, const char *notice)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_NOTICE_SET_GROUP, st);
	db_bind_text(st, 1, notice);
	db_bind_text(st, 2, group_id);
	return row_exec(st, 0);
}

int store_user_delete(struct db *db, const char *org_id, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

/* Reads the user's columns (USER_COLS) from column i on; returns the next. */
static int read_user_at(struct arena *a, struct db_stmt *st, int i, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = row_text(a, st, i++);
	u->org_id = row_text(a, st, i++);
	u->contact_id = row_text(a, st, i++);
	u->email = row_text(a, st, i++);
	u->login_name = row_text(a, st, i++);
	u->password_hash = row_text(a, st, i++);
	int status = user_status_parse(db_col_text(st, i++));
	u->status =
	    status < 0 ? USER_SUSPENDED : (enum user_status)status; /* unknown: no sign-in */
	i = row_read_fields(a, st, i, user_fields, user_fields_n, u);
	u->created_at = db_col_int64(st, i++);
	u->updated_at = db_col_int64(st, i++);
	u->password_changed_at = db_col_int64(st, i++);
	u->last_login_at = db_col_int64(st, i++);
	u->deleted_at = db_col_int64(st, i++);
	u->purge_after = db_col_int64(st, i++);
	u->sign_in_notice = row_text(a, st, i++);
	i = row_contact(a, st, i, &u->contact);
	u->two_factor_enabled = db_col_int64(st, i++);
	u->two_factor_required = db_col_int64(st, i++);
	return i;
}

static void read_user(struct arena *a, struct db_stmt *st, void *rec)
{
	read_user_at(a, st, 0, rec);
}

static int read_user_rec(struct arena *a, struct db_stmt *st, int i, void *rec)
{
	return read_user_at(a, st, i, rec);
}

int store_user_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                   struct user *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_one(a, st, read_user, ret);
}

int store_user_get_any(struct db *db, struct arena *a, const char *id, struct user *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET_ANY, st);
	db_bind_text(st, 1, id);
	return row_one(a, st, read_user, ret);
}

int store_user_find_login(struct db *db, struct arena *a, const char *login, struct user *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FIND_LOGIN, st);
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, login);
	return row_one(a, st, read_user, ret);
}

int store_user_find_email(struct db *db, struct arena *a, const char *email, struct user *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FIND_EMAIL, st);
	db_bind_text(st, 1, email);
	return row_one(a, st, read_user, ret);
}

int store_user_find_external(struct db *db, struct arena *a, const char *org_id,
                             const char *external_id, struct user *ret)
{
	static const char sql[] =
	    "SELECT " USER_COLS USER_FROM "WHERE u.org_id = ? AND u.external_id = ?";
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, external_id);
	return row_one(a, st, read_user, ret);
}

int store_user_list(struct db *db, struct arena *a, const char *org_id, const char *status,
                    const struct search_query *q, const char *after, int limit, struct user **ret,
                    int *ret_n)
{
	return store_user_list_2fa(db, a, org_id, status, q, NULL, after, limit, ret, NULL, ret_n);
}

/* Binds the filters every list has (LIST_WHERE) from i; returns the next. */
static int bind_filters(struct db_stmt *st, int i, const char *org_id, const char *status,
                        const char *two_factor)
{
	db_bind_text(st, i++, org_id);
	db_bind_text(st, i++, status);
	db_bind_text(st, i++, status);
	for (int k = 0; k < 4; k++)
		db_bind_text(st, i++, two_factor);
	return i;
}

static int user_search(struct db *db, struct arena *a, const char *org_id, const char *status,
                       const struct search_query *q, const char *two_factor, const char *after,
                       int limit, struct user **ret, int **ret_ranks, int *ret_n)
{
	struct search_binds b;
	search_binds_make(a, org_id, q, after, &b);
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_SEARCH, st);
	int i = search_bind_rank(st, 1, &b);
	i = bind_filters(st, i, org_id, status, two_factor);
	db_bind_text(st, i++, b.fts);
	i = search_bind_terms(st, i, &b);
	i = search_bind_after(st, i, &b);
	db_bind_int64(st, i, limit);
	void *items;
	int r =
	    search_rows(a, st, read_user_rec, sizeof(struct user), limit, &items, ret_ranks, ret_n);
	if (r == 0)
		*ret = items;
	return r;
}

int store_user_list_2fa(struct db *db, struct arena *a, const char *org_id, const char *status,
                        const struct search_query *q, const char *two_factor, const char *after,
                        int limit, struct user **ret, int **ret_ranks, int *ret_n)
{
	if (q && !q->prefix_only)
		return user_search(db, a, org_id, status, q, two_factor, after, limit, ret,
		                   ret_ranks, ret_n);
	/* after is "sort_name\x1fid" of the last row of the previous page. */
	const char *after_name = NULL, *after_id = "";
	row_cursor_split(a, after, &after_name, &after_id);
	if (!after_name)
		after_name = "";
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	const char *prefix = q ? q->whole : NULL;
	int i = bind_filters(st, 1, org_id, status, two_factor);
	db_bind_text(st, i++, org_id); /* the person's, for its index by sort name */
	db_bind_text(st, i++, prefix);
	db_bind_text(st, i++, prefix ? prefix : "");
	/* past every text that starts with prefix: U+10FFFF after it */
	db_bind_text(st, i++, prefix ? arena_printf(a, "%s\xf4\x8f\xbf\xbf", prefix) : "");
	db_bind_text(st, i++, after_name);
	db_bind_text(st, i++, after_name);
	db_bind_text(st, i++, after_id);
	db_bind_int64(st, i, limit);
	void *items;
	int r = row_list(a, st, read_user, sizeof(struct user), limit, &items, ret_n);
	if (r == 0) {
		*ret = items;
		if (ret_ranks) {
			*ret_ranks =
			    arena_alloc(a, sizeof(int) * (size_t)(*ret_n > 0 ? *ret_n : 1));
			memset(*ret_ranks, 0, sizeof(int) * (size_t)*ret_n);
		}
	}
	return r;
}

int store_user_purge(struct db *db, const char *org_id, const char *id)
{
	for (size_t i = 0; i < sizeof(SQL_PURGE) / sizeof(SQL_PURGE[0]); i++) {
		struct db_stmt *st;
		PREPARE_OR_RETURN(db, SQL_PURGE[i], st);
		db_bind_text(st, 1, id);
		int r = row_exec(st, 0);
		if (r < 0)
			return r;
	}
	return store_user_delete(db, org_id, id);
}

int store_user_purge_due(struct db *db, struct arena *a, int64_t now, int limit, char ***ret_ids,
                         char ***ret_orgs, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_PURGE_DUE, st);
	db_bind_int64(st, 1, now);
	db_bind_int64(st, 2, limit);
	char **ids = arena_alloc(a, sizeof(char *) * (size_t)(limit > 0 ? limit : 1));
	char **orgs = arena_alloc(a, sizeof(char *) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, r = 0;
	while (n < limit && (r = db_step(st)) == DB_ROW) {
		ids[n] = row_text(a, st, 0);
		orgs[n++] = row_text(a, st, 1);
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret_ids = ids;
	*ret_orgs = orgs;
	*ret_n = n;
	return 0;
}

int store_user_count(struct db *db, int64_t *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_COUNT, st);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -EIO;
}

int store_pwhist_add(struct db *db, const char *user_id, const char *hash, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_HIST_ADD, st);
	db_bind_text(st, 1, user_id);
	db_bind_text(st, 2, hash);
	db_bind_int64(st, 3, now);
	return row_exec(st, 0);
}

int store_pwhist_list(struct db *db, struct arena *a, const char *user_id, int n, char ***ret,
                      int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_HIST_LIST, st);
	db_bind_text(st, 1, user_id);
	db_bind_int64(st, 2, n);
	char **items = arena_alloc(a, sizeof(char *) * (size_t)(n > 0 ? n : 1));
	int k = 0, r = 0;
	while (k < n && (r = db_step(st)) == DB_ROW)
		items[k++] = row_text(a, st, 0);
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = k;
	return 0;
}
