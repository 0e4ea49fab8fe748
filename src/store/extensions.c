/* extensions.c: internal numbers and their owners. */
#include "store/rows.h"
#include "store/store.h"

#include "base/util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The owner's name comes along for lists and the routing answer. */
#define EXT_SELECT                                                                                 \
	"SELECT e.id, e.org_id, e.number, e.owner_type, e.owner_id, e.created_at, "                \
	"COALESCE(c.first_name || ' ' || COALESCE(c.infix || ' ', '') || c.last_name, hg.name, "   \
	"al.label) "                                                                               \
	"FROM extensions e "                                                                       \
	"LEFT JOIN users u ON e.owner_type = 'user' AND u.id = e.owner_id "                        \
	"LEFT JOIN contacts c ON c.id = u.contact_id "                                             \
	"LEFT JOIN hunt_groups hg ON e.owner_type = 'hunt_group' AND hg.id = e.owner_id "          \
	"LEFT JOIN sip_accounts al ON e.owner_type = 'alias' AND al.id = e.owner_id "

static const char SQL_INSERT[] =
    "INSERT INTO extensions (id, org_id, number, owner_type, owner_id, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_DELETE[] = "DELETE FROM extensions WHERE id = ? AND org_id = ?";
static const char SQL_OWNER[] =
    "SELECT owner_id FROM extensions WHERE id = ? AND org_id = ? AND owner_type = 'user'";
static const char SQL_DELETE_OWNER[] = "DELETE FROM extensions WHERE owner_id = ? AND org_id = ?";
static const char SQL_GET[] = EXT_SELECT "WHERE e.id = ? AND e.org_id = ?";
static const char SQL_FIND[] = EXT_SELECT "WHERE e.org_id = ? AND e.number = ?";
static const char SQL_LIST[] =
    EXT_SELECT "WHERE e.org_id = ? AND (CAST(? AS TEXT) IS NULL OR e.owner_id = ?) "
               "AND e.number > ? ORDER BY e.number LIMIT ?";
static const char SQL_NUMBERS[] =
    "SELECT owner_id, number FROM extensions WHERE org_id = ? AND owner_id IN (" PAGE_IDS_SQL
    ") ORDER BY number";
static const char SQL_TAKEN[] =
    "SELECT number FROM extensions WHERE org_id = ? AND length(number) = ? "
    "AND substr(number, 1, ?) = ? ORDER BY number";

int store_ext_insert(struct db *db, const struct extension *e)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, e->id);
	db_bind_text(st, 2, e->org_id);
	db_bind_text(st, 3, e->number);
	db_bind_text(st, 4, owner_type_name(e->owner_type));
	db_bind_text(st, 5, e->owner_id);
	db_bind_int64(st, 6, e->created_at);
	int r = row_exec(st, 0);
	return r < 0 || e->owner_type != OWNER_USER ? r
	                                            : store_user_search_refresh(db, e->owner_id);
}

int store_ext_delete(struct db *db, const char *org_id, const char *id)
{
	/* the owner, whose search document loses the number */
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_OWNER, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	char owner[ID_LEN + 1] = "";
	int r = db_step(st);
	if (r == DB_ROW)
		snprintf(owner, sizeof(owner), "%s", db_col_text(st, 0));
	db_reset(st);
	if (r < 0)
		return r;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	r = row_exec(st, 1);
	return r < 0 || !*owner ? r : store_user_search_refresh(db, owner);
}

int store_ext_delete_owner(struct db *db, const char *org_id, const char *owner_id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE_OWNER, st);
	db_bind_text(st, 1, owner_id);
	db_bind_text(st, 2, org_id);
	int r = row_exec(st, 0);
	return r < 0 ? r : store_user_search_refresh(db, owner_id);
}

static void read_ext(struct arena *a, struct db_stmt *st, void *rec)
{
	struct extension *e = rec;
	e->id = row_text(a, st, 0);
	e->org_id = row_text(a, st, 1);
	e->number = row_text(a, st, 2);
	e->owner_type = (enum owner_type)owner_type_parse(db_col_text(st, 3));
	e->owner_id = row_text(a, st, 4);
	e->created_at = db_col_int64(st, 5);
	e->owner_name = row_text(a, st, 6);
}

static int get_one(struct db *db, struct arena *a, const char *sql, const char *p1, const char *p2,
                   struct extension *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, p1);
	db_bind_text(st, 2, p2);
	return row_one(a, st, read_ext, ret);
}

int store_ext_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                  struct extension *ret)
{
	return get_one(db, a, SQL_GET, id, org_id, ret);
}

int store_ext_find(struct db *db, struct arena *a, const char *org_id, const char *number,
                   struct extension *ret)
{
	return get_one(db, a, SQL_FIND, org_id, number, ret);
}

int store_ext_list(struct db *db, struct arena *a, const char *org_id, const char *owner_id,
                   const char *after, int limit, struct extension **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, owner_id);
	db_bind_text(st, 3, owner_id);
	db_bind_text(st, 4, after ? after : "");
	db_bind_int64(st, 5, limit);
	void *items;
	int r = row_list(a, st, read_ext, sizeof(struct extension), limit, &items, ret_n);
	if (r == 0)
		*ret = items;
	return r;
}

int store_ext_taken(struct db *db, struct arena *a, const char *org_id, const char *prefix, int len,
                    char ***ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_TAKEN, st);
	db_bind_text(st, 1, org_id);
	db_bind_int64(st, 2, len);
	db_bind_int64(st, 3, (int64_t)strlen(prefix));
	db_bind_text(st, 4, prefix);
	int cap = 64, n = 0, r;
	char **items = arena_alloc(a, sizeof(char *) * (size_t)cap);
	while ((r = db_step(st)) == DB_ROW) {
		if (n == cap) {
			char **more = arena_alloc(a, sizeof(char *) * (size_t)cap * 2);
			memcpy(more, items, sizeof(char *) * (size_t)n);
			items = more;
			cap *= 2;
		}
		items[n++] = row_text(a, st, 0);
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = n;
	return 0;
}

int store_ext_numbers(struct db *db, struct arena *a, const char *org_id,
                      const char *const *owner_ids, int n, int limit, char ***ret, int *ret_n)
{
	for (int i = 0; i < n; i++) {
		ret[i] = arena_alloc(a, sizeof(char *) * (size_t)(limit > 0 ? limit : 1));
		ret_n[i] = 0;
	}
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_NUMBERS, st);
	for (int base = 0; base < n; base += STORE_PAGE_IDS) {
		db_bind_text(st, 1, org_id);
		for (int k = 0; k < STORE_PAGE_IDS; k++)
			db_bind_text(st, k + 2, base + k < n ? owner_ids[base + k] : NULL);
		int r;
		while ((r = db_step(st)) == DB_ROW) {
			const char *oid = db_col_text(st, 0);
			for (int i = base; i < n && i < base + STORE_PAGE_IDS; i++)
				if (strcmp(owner_ids[i], oid) == 0 && ret_n[i] < limit)
					ret[i][ret_n[i]++] = row_text(a, st, 1);
		}
		db_reset(st);
		if (r < 0)
			return r;
	}
	return 0;
}
