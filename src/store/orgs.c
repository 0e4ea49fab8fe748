/* orgs.c: organizations (the platform > partner > customer tree). */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>

#define ORG_COLS                                                                                   \
	"id, parent_id, path, kind, name, country, language, timezone, sip_domain, "               \
	"pw_min_length, pw_require_digit, pw_require_lower, pw_require_upper, "                    \
	"pw_require_symbol, pw_forbid_personal, pw_history, pw_min_entropy, "                      \
	"two_factor_required, ext_length, ext_prefix, trunk_number_id, caller_id_mode, "           \
	"retention_days, created_at, updated_at"
/* ORG_COLS of orgs o, then the trunk number's E.164 (numbers n). */
#define ORG_SELECT                                                                                 \
	"SELECT o.id, o.parent_id, o.path, o.kind, o.name, o.country, o.language, o.timezone, "    \
	"o.sip_domain, o.pw_min_length, o.pw_require_digit, o.pw_require_lower, "                  \
	"o.pw_require_upper, o.pw_require_symbol, o.pw_forbid_personal, o.pw_history, "            \
	"o.pw_min_entropy, o.two_factor_required, o.ext_length, o.ext_prefix, o.trunk_number_id, " \
	"o.caller_id_mode, o.retention_days, o.created_at, o.updated_at, n.number "                \
	"FROM orgs o LEFT JOIN numbers n ON n.id = o.trunk_number_id "

static const char SQL_INSERT[] =
    "INSERT INTO orgs (" ORG_COLS ") VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] =
    "UPDATE orgs SET name = ?, country = ?, language = ?, timezone = ?, sip_domain = ?, "
    "pw_min_length = ?, pw_require_digit = ?, pw_require_lower = ?, pw_require_upper = ?, "
    "pw_require_symbol = ?, pw_forbid_personal = ?, pw_history = ?, pw_min_entropy = ?, "
    "two_factor_required = ?, ext_length = ?, ext_prefix = ?, trunk_number_id = ?, "
    "caller_id_mode = ?, retention_days = ?, updated_at = ? WHERE id = ?";
/* An organization goes with its groups and address book; the domain has
 * made sure no users or child organizations are left. */
static const char SQL_DEL_GROUPS[] = "DELETE FROM perm_groups WHERE org_id = ?";
static const char SQL_DEL_CONTACTS[] = "DELETE FROM contacts WHERE org_id = ?";
static const char SQL_DEL_COMPANIES[] = "DELETE FROM companies WHERE org_id = ?";
static const char SQL_DEL_EXTENSIONS[] = "DELETE FROM extensions WHERE org_id = ?";
static const char SQL_DEL_NUMBERS[] = "DELETE FROM numbers WHERE org_id = ?";
static const char SQL_DEL_HUNT_MEMBERS[] = "DELETE FROM hunt_group_members WHERE group_id IN "
                                           "(SELECT id FROM hunt_groups WHERE org_id = ?)";
static const char SQL_DEL_HUNT[] = "DELETE FROM hunt_groups WHERE org_id = ?";
static const char SQL_DEL_IMPORTS[] = "DELETE FROM imports WHERE org_id = ?";
static const char SQL_DEL_API_TOKENS[] = "DELETE FROM api_tokens WHERE org_id = ?";
static const char SQL_DELETE[] = "DELETE FROM orgs WHERE id = ?";
static const char SQL_GET[] = ORG_SELECT "WHERE o.id = ?";
static const char SQL_LIST[] = ORG_SELECT "WHERE o.path LIKE ? || '%' "
                                          "AND o.path > ? ORDER BY o.path LIMIT ?";
static const char SQL_CHILDREN[] = "SELECT COUNT(*) FROM orgs WHERE parent_id = ?";
static const char SQL_USERS[] = "SELECT COUNT(*) FROM users WHERE org_id = ?";

/* Binds the policy and telephony columns from index i on; returns the next
 * index. */
static int bind_policy(struct db_stmt *st, int i, const struct org *o)
{
	db_bind_int64(st, i++, o->pw_min_length);
	db_bind_bool(st, i++, o->pw_require_digit);
	db_bind_bool(st, i++, o->pw_require_lower);
	db_bind_bool(st, i++, o->pw_require_upper);
	db_bind_bool(st, i++, o->pw_require_symbol);
	db_bind_bool(st, i++, o->pw_forbid_personal);
	db_bind_int64(st, i++, o->pw_history);
	db_bind_int64(st, i++, o->pw_min_entropy);
	db_bind_bool(st, i++, o->two_factor_required);
	db_bind_int64(st, i++, o->ext_length);
	db_bind_text(st, i++, o->ext_prefix);
	db_bind_text(st, i++, o->trunk_number_id);
	db_bind_text(st, i++, o->caller_id_mode);
	db_bind_int64(st, i++, o->retention_days);
	return i;
}

int store_org_insert(struct db *db, const struct org *o)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, o->id);
	db_bind_text(st, 2, o->parent_id);
	db_bind_text(st, 3, o->path);
	db_bind_text(st, 4, o->kind);
	db_bind_text(st, 5, o->name);
	db_bind_text(st, 6, o->country);
	db_bind_text(st, 7, o->language);
	db_bind_text(st, 8, o->timezone);
	db_bind_text(st, 9, o->sip_domain);
	int i = bind_policy(st, 10, o);
	db_bind_int64(st, i++, o->created_at);
	db_bind_int64(st, i, o->updated_at);
	return row_exec(st, 0);
}

int store_org_update(struct db *db, const struct org *o)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	db_bind_text(st, 1, o->name);
	db_bind_text(st, 2, o->country);
	db_bind_text(st, 3, o->language);
	db_bind_text(st, 4, o->timezone);
	db_bind_text(st, 5, o->sip_domain);
	int i = bind_policy(st, 6, o);
	db_bind_int64(st, i++, o->updated_at);
	db_bind_text(st, i, o->id);
	return row_exec(st, 1);
}

int store_org_delete(struct db *db, const char *id)
{
	static const char *const steps[] = {SQL_DEL_GROUPS,     SQL_DEL_CONTACTS,
	                                    SQL_DEL_COMPANIES,  SQL_DEL_EXTENSIONS,
	                                    SQL_DEL_NUMBERS,    SQL_DEL_HUNT_MEMBERS,
	                                    SQL_DEL_HUNT,       SQL_DEL_IMPORTS,
	                                    SQL_DEL_API_TOKENS, SQL_DELETE};
	size_t n = sizeof(steps) / sizeof(steps[0]);
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st;
		PREPARE_OR_RETURN(db, steps[i], st);
		db_bind_text(st, 1, id);
		int r = row_exec(st, i == n - 1);
		if (r < 0)
			return r;
	}
	return 0;
}

static void read_org(struct arena *a, struct db_stmt *st, struct org *o)
{
	int i = 0;
	o->id = row_text(a, st, i++);
	o->parent_id = row_text(a, st, i++);
	o->path = row_text(a, st, i++);
	o->kind = row_text(a, st, i++);
	o->name = row_text(a, st, i++);
	o->country = row_text(a, st, i++);
	o->language = row_text(a, st, i++);
	o->timezone = row_text(a, st, i++);
	o->sip_domain = row_text(a, st, i++);
	o->pw_min_length = (int)db_col_int64(st, i++);
	o->pw_require_digit = db_col_int64(st, i++);
	o->pw_require_lower = db_col_int64(st, i++);
	o->pw_require_upper = db_col_int64(st, i++);
	o->pw_require_symbol = db_col_int64(st, i++);
	o->pw_forbid_personal = db_col_int64(st, i++);
	o->pw_history = (int)db_col_int64(st, i++);
	o->pw_min_entropy = (int)db_col_int64(st, i++);
	o->two_factor_required = db_col_int64(st, i++);
	o->ext_length = (int)db_col_int64(st, i++);
	o->ext_prefix = row_text(a, st, i++);
	o->trunk_number_id = row_text(a, st, i++);
	o->caller_id_mode = row_text(a, st, i++);
	o->retention_days = (int)db_col_int64(st, i++);
	o->created_at = db_col_int64(st, i++);
	o->updated_at = db_col_int64(st, i++);
	o->trunk_number = row_text(a, st, i);
}

int store_org_get(struct db *db, struct arena *a, const char *id, struct org *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	int r = db_step(st);
	if (r == DB_ROW)
		read_org(a, st, ret);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_org_list(struct db *db, struct arena *a, const char *path_prefix, const char *after,
                   int limit, struct org **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, path_prefix);
	db_bind_text(st, 2, after ? after : "");
	db_bind_int64(st, 3, limit);
	struct org *items = arena_alloc(a, sizeof(*items) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, r = 0;
	while (n < limit && (r = db_step(st)) == DB_ROW)
		read_org(a, st, &items[n++]);
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = n;
	return 0;
}

static int count(struct db *db, const char *sql, const char *id, int64_t *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, id);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -EIO;
}

int store_org_count_children(struct db *db, const char *id, int64_t *ret)
{
	return count(db, SQL_CHILDREN, id, ret);
}

int store_org_count_users(struct db *db, const char *id, int64_t *ret)
{
	return count(db, SQL_USERS, id, ret);
}
