/* groups.c: permission groups and which users are in them. */
#include "store/rows.h"
#include "store/store.h"
#include "base/util.h"

#include <errno.h>
#include <string.h>

#define GROUP_COLS                                                                                 \
	"g.id, g.org_id, g.builtin, g.name, g.description, g.permissions, g.created_at, "          \
	"g.updated_at, (SELECT COUNT(*) FROM user_groups ug WHERE ug.group_id = g.id), "           \
	"g.two_factor_required"
/* The same without counting members (-1): a count walks every member, which
 * lookups on the path of each user created or shown must not do. */
#define GROUP_COLS_NOCOUNT                                                                         \
	"g.id, g.org_id, g.builtin, g.name, g.description, g.permissions, g.created_at, "          \
	"g.updated_at, -1, g.two_factor_required"

static const char SQL_INSERT[] =
    "INSERT INTO perm_groups (id, org_id, builtin, name, name_norm, description, "
    "permissions, created_at, updated_at, two_factor_required) "
    "VALUES (?, ?, ?, ?, lower(?), ?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] = "UPDATE perm_groups SET name = ?, name_norm = lower(?), "
                                 "description = ?, permissions = ?, updated_at = ?, "
                                 "two_factor_required = ? WHERE id = ? AND org_id = ?";
static const char SQL_DELETE[] = "DELETE FROM perm_groups WHERE id = ? AND org_id = ?";
static const char SQL_GET[] =
    "SELECT " GROUP_COLS " FROM perm_groups g WHERE g.id = ? AND g.org_id = ?";
static const char SQL_LIST[] =
    "SELECT " GROUP_COLS " FROM perm_groups g WHERE g.org_id = ? "
    "ORDER BY CASE g.builtin WHEN 'admin' THEN 1 WHEN 'account_management' THEN 2 "
    "WHEN 'call_details' THEN 3 WHEN 'end_user' THEN 4 ELSE 5 END, g.name_norm, g.id";
static const char SQL_GET_NOCOUNT[] =
    "SELECT " GROUP_COLS_NOCOUNT " FROM perm_groups g WHERE g.id = ? AND g.org_id = ?";
static const char SQL_BUILTIN[] =
    "SELECT " GROUP_COLS_NOCOUNT " FROM perm_groups g WHERE g.org_id = ? AND g.builtin = ?";
static const char SQL_USER_GROUPS[] =
    "SELECT " GROUP_COLS_NOCOUNT " FROM perm_groups g JOIN user_groups x ON x.group_id = g.id "
    "WHERE x.user_id = ? ORDER BY g.name_norm";
static const char SQL_PAGE_GROUPS[] = "SELECT " GROUP_COLS_NOCOUNT ", x.user_id FROM perm_groups g "
                                      "JOIN user_groups x ON x.group_id = g.id "
                                      "WHERE x.user_id IN (" PAGE_IDS_SQL ") ORDER BY g.name_norm";
static const char SQL_CLEAR[] = "DELETE FROM user_groups WHERE user_id = ?";
static const char SQL_ADD[] = "INSERT INTO user_groups (user_id, group_id) VALUES (?, ?)";

int store_group_insert(struct db *db, const struct group *g)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, g->id);
	db_bind_text(st, 2, g->org_id);
	db_bind_text(st, 3, g->builtin);
	db_bind_text(st, 4, g->name);
	db_bind_text(st, 5, g->name);
	db_bind_text(st, 6, g->description);
	db_bind_text(st, 7, g->permissions);
	db_bind_int64(st, 8, g->created_at);
	db_bind_int64(st, 9, g->updated_at);
	db_bind_bool(st, 10, g->two_factor_required);
	return row_exec(st, 0);
}

int store_group_update(struct db *db, const struct group *g)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	db_bind_text(st, 1, g->name);
	db_bind_text(st, 2, g->name);
	db_bind_text(st, 3, g->description);
	db_bind_text(st, 4, g->permissions);
	db_bind_int64(st, 5, g->updated_at);
	db_bind_bool(st, 6, g->two_factor_required);
	db_bind_text(st, 7, g->id);
	db_bind_text(st, 8, g->org_id);
	return row_exec(st, 1);
}

int store_group_delete(struct db *db, const char *org_id, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

static void read_group(struct arena *a, struct db_stmt *st, void *rec)
{
	struct group *g = rec;
	g->id = row_text(a, st, 0);
	g->org_id = row_text(a, st, 1);
	g->builtin = row_text(a, st, 2);
	g->name = row_text(a, st, 3);
	g->description = row_text(a, st, 4);
	g->permissions = row_text(a, st, 5);
	g->created_at = db_col_int64(st, 6);
	g->updated_at = db_col_int64(st, 7);
	g->member_count = db_col_int64(st, 8);
	g->two_factor_required = db_col_int64(st, 9);
}

/* Collects every row of st (bound already) into an arena array. */
static int all_groups(struct db_stmt *st, struct arena *a, struct group **ret, int *ret_n)
{
	int cap = 8, n = 0, r;
	struct group *items = arena_alloc(a, sizeof(*items) * (size_t)cap);
	while ((r = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct group *more = arena_alloc(a, sizeof(*items) * (size_t)cap * 2);
			memcpy(more, items, sizeof(*items) * (size_t)n);
			items = more;
			cap *= 2;
		}
		read_group(a, st, &items[n++]);
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = n;
	return 0;
}

int store_group_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                    struct group *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_one(a, st, read_group, ret);
}

int store_group_get_nocount(struct db *db, struct arena *a, const char *org_id, const char *id,
                            struct group *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET_NOCOUNT, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_one(a, st, read_group, ret);
}

int store_group_find_builtin(struct db *db, struct arena *a, const char *org_id,
                             const char *builtin, struct group *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_BUILTIN, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, builtin);
	return row_one(a, st, read_group, ret);
}

int store_group_list(struct db *db, struct arena *a, const char *org_id, struct group **ret,
                     int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	return all_groups(st, a, ret, ret_n);
}

int store_user_groups(struct db *db, struct arena *a, const char *user_id, struct group **ret,
                      int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_USER_GROUPS, st);
	db_bind_text(st, 1, user_id);
	return all_groups(st, a, ret, ret_n);
}

int store_user_groups_set(struct db *db, const char *user_id, const char *const *group_ids, int n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_CLEAR, st);
	db_bind_text(st, 1, user_id);
	int r = row_exec(st, 0);
	if (r < 0)
		return r;
	PREPARE_OR_RETURN(db, SQL_ADD, st);
	for (int i = 0; i < n && r >= 0; i++) {
		db_bind_text(st, 1, user_id);
		db_bind_text(st, 2, group_ids[i]);
		r = row_exec(st, 0);
	}
	return r;
}

int store_users_groups(struct db *db, struct arena *a, const char *const *user_ids, int n,
                       struct group **ret, int *ret_n)
{
	for (int i = 0; i < n; i++) {
		ret[i] = arena_alloc(a, sizeof(struct group) * 8);
		ret_n[i] = 0;
	}
	int *cap = arena_alloc(a, sizeof(int) * (size_t)(n > 0 ? n : 1));
	for (int i = 0; i < n; i++)
		cap[i] = 8;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_PAGE_GROUPS, st);
	for (int base = 0; base < n; base += STORE_PAGE_IDS) {
		for (int k = 0; k < STORE_PAGE_IDS; k++)
			db_bind_text(st, k + 1, base + k < n ? user_ids[base + k] : NULL);
		int r;
		while ((r = db_step(st)) == DB_ROW) {
			const char *uid = db_col_text(st, 10);
			for (int i = base; i < n && i < base + STORE_PAGE_IDS; i++) {
				if (strcmp(user_ids[i], uid) != 0)
					continue;
				if (ret_n[i] == cap[i]) {
					struct group *more = arena_alloc(a, sizeof(struct group) *
					                                        (size_t)cap[i] * 2);
					memcpy(more, ret[i],
					       sizeof(struct group) * (size_t)ret_n[i]);
					ret[i] = more;
					cap[i] *= 2;
				}
				read_group(a, st, &ret[i][ret_n[i]++]);
			}
		}
		db_reset(st);
		if (r < 0)
			return r;
	}
	return 0;
}
