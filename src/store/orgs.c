/* orgs.c: organizations (the platform > partner > customer tree). */
#include "store/rows.h"
#include "store/search.h"
#include "base/arena.h"

#include <errno.h>
#include <stdio.h>

#define FIELD_COLS ORG_FIELDS(FIELD_SQL_COL)
#define FIELD_QMARKS ORG_FIELDS(FIELD_SQL_QMARK)
#define FIELD_SET ORG_FIELDS(FIELD_SQL_SET)
#define O_FIELDS ORG_FIELDS(FIELD_SQL_COL_o)
/* The columns of orgs o, then the trunk number's E.164 (numbers n). */
#define ORG_SELECT                                                                                 \
	"SELECT o.id, o.parent_id, o.path, o.kind" O_FIELDS ", o.created_at, o.updated_at, "       \
	"n.number, o.suspended_at FROM orgs o LEFT JOIN numbers n ON n.id = o.trunk_number_id "

static const char SQL_INSERT[] =
    "INSERT INTO orgs (id, parent_id, path, kind" FIELD_COLS ", created_at, updated_at, "
    "search_text) VALUES (?, ?, ?, ?" FIELD_QMARKS ", ?, ?, ?)";
static const char SQL_UPDATE[] =
    "UPDATE orgs SET " FIELD_SET "updated_at = ?, search_text = ? WHERE id = ?";
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
static const char SQL_DEL_CALLS[] = "DELETE FROM calls WHERE org_id = ?";
static const char SQL_DEL_DEVICE_LINES[] =
    "DELETE FROM device_lines WHERE device_id IN (SELECT id FROM devices WHERE org_id = ?)";
static const char SQL_DEL_DEVICES[] = "DELETE FROM devices WHERE org_id = ?";
static const char SQL_DEL_PROV_KEYS[] = "DELETE FROM provisioning_keys WHERE org_id = ?";
static const char SQL_DEL_SOFTPHONE_LINKS[] = "DELETE FROM softphone_links WHERE org_id = ?";
static const char SQL_DELETE[] = "DELETE FROM orgs WHERE id = ?";
static const char SQL_GET[] = ORG_SELECT "WHERE o.id = ?";
static const char SQL_LIST[] = ORG_SELECT "WHERE o.path LIKE ? || '%' "
                                          "AND o.path > ? ORDER BY o.path LIMIT ?";
/* Ranked (store/search.h) among the descendants; the cursor is the path of
 * the last row, whose rank and document the store reads again. */
static const char SQL_SEARCH[] =
    "SELECT r.search_rank, o.id, o.parent_id, o.path, o.kind" O_FIELDS ", o.created_at, "
    "o.updated_at, n.number, o.suspended_at FROM (SELECT x.id AS rid, " SEARCH_RANK(
        "x.search_text") " AS search_rank, x.search_text AS sort_key FROM orgs x WHERE x.path LIKE "
                         "? || '%' "
                         "AND x.id IN (SELECT s.id FROM org_search(?) s) " SEARCH_TERMS(
                             "x.search_text")
                             SEARCH_AFTER(
                                 "x.search_text", "x.search_text",
                                 "x.path") "ORDER BY search_rank, x.search_text, x.path LIMIT ?) r "
                                           "JOIN orgs o ON o.id = r.rid "
                                           "LEFT JOIN numbers n ON n.id = o.trunk_number_id ORDER "
                                           "BY r.search_rank, r.sort_key, o.path";
/* Unranked, a short query: the start of the name among the descendants. */
static const char SQL_LIST_PREFIX[] = ORG_SELECT "WHERE o.path LIKE ? || '%' "
                                                 "AND o.search_text LIKE ? ESCAPE '\\' "
                                                 "AND o.path > ? ORDER BY o.path LIMIT ?";
static const char SQL_AFTER_DOC[] = "SELECT search_text FROM orgs WHERE path = ?";
static const char SQL_SUSPEND[] =
    "UPDATE orgs SET suspended_at = CAST(? AS BIGINT), updated_at = ? WHERE id = ?";
static const char SQL_CHILDREN[] = "SELECT COUNT(*) FROM orgs WHERE parent_id = ?";
static const char SQL_USERS[] = "SELECT COUNT(*) FROM users WHERE org_id = ?";

/* Binds o's search document at i and runs st. */
static int bind_doc_exec(struct db_stmt *st, int i, const struct org *o, int must_change)
{
	struct arena *a = arena_new();
	if (!a)
		return -ENOMEM;
	db_bind_text(st, i, store_org_search_doc(a, o->name));
	int r = row_exec(st, must_change);
	arena_free(a);
	return r;
}

int store_org_insert(struct db *db, const struct org *o)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, o->id);
	db_bind_text(st, 2, o->parent_id);
	db_bind_text(st, 3, o->path);
	db_bind_text(st, 4, o->kind);
	int i = row_bind_fields(st, 5, org_fields, org_fields_n, o);
	db_bind_int64(st, i++, o->created_at);
	db_bind_int64(st, i++, o->updated_at);
	return bind_doc_exec(st, i, o, 0);
}

int store_org_update(struct db *db, const struct org *o)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	int i = row_bind_fields(st, 1, org_fields, org_fields_n, o);
	db_bind_int64(st, i++, o->updated_at);
	db_bind_text(st, i + 1, o->id);
	return bind_doc_exec(st, i, o, 1);
}

int store_org_delete(struct db *db, const char *id)
{
	static const char *const steps[] = {
	    SQL_DEL_GROUPS,     SQL_DEL_CONTACTS,        SQL_DEL_COMPANIES,
	    SQL_DEL_EXTENSIONS, SQL_DEL_NUMBERS,         SQL_DEL_HUNT_MEMBERS,
	    SQL_DEL_HUNT,       SQL_DEL_IMPORTS,         SQL_DEL_API_TOKENS,
	    SQL_DEL_CALLS,      SQL_DEL_DEVICE_LINES,    SQL_DEL_DEVICES,
	    SQL_DEL_PROV_KEYS,  SQL_DEL_SOFTPHONE_LINKS, SQL_DELETE};
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

static int read_org_rec(struct arena *a, struct db_stmt *st, int i, void *rec)
{
	struct org *o = rec;
	o->id = row_text(a, st, i++);
	o->parent_id = row_text(a, st, i++);
	o->path = row_text(a, st, i++);
	o->kind = row_text(a, st, i++);
	i = row_read_fields(a, st, i, org_fields, org_fields_n, o);
	o->created_at = db_col_int64(st, i++);
	o->updated_at = db_col_int64(st, i++);
	o->trunk_number = row_text(a, st, i++);
	o->suspended_at = db_col_int64(st, i++); /* NULL: 0, active */
	return i;
}

static void read_org(struct arena *a, struct db_stmt *st, void *rec)
{
	read_org_rec(a, st, 0, rec);
}

int store_org_set_suspended(struct db *db, const char *id, int64_t suspended_at, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_SUSPEND, st);
	if (suspended_at)
		db_bind_int64(st, 1, suspended_at);
	else
		db_bind_text(st, 1, NULL);
	db_bind_int64(st, 2, now);
	db_bind_text(st, 3, id);
	return row_exec(st, 1);
}

int store_org_get(struct db *db, struct arena *a, const char *id, struct org *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	return row_one(a, st, read_org, ret);
}

static int read_org_rec(struct arena *a, struct db_stmt *st, int i, void *rec);

static int org_search(struct db *db, struct arena *a, const char *path_prefix,
                      const struct search_query *q, const char *after, int limit, struct org **ret,
                      int *ret_n)
{
	struct search_binds b;
	search_binds_make(a, NULL, q, NULL, &b);
	struct db_stmt *st;
	if (after) { /* where the cursor's organization stands */
		PREPARE_OR_RETURN(db, SQL_AFTER_DOC, st);
		db_bind_text(st, 1, after);
		int r = db_step(st);
		const char *doc = r == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : "";
		db_reset(st);
		if (r < 0)
			return r;
		b.after_rank = r == DB_ROW ? search_rank_of(doc, q, a) : 0;
		b.after_key = doc;
		b.after_id = after;
	}
	PREPARE_OR_RETURN(db, SQL_SEARCH, st);
	int i = search_bind_rank(st, 1, &b);
	db_bind_text(st, i++, path_prefix);
	db_bind_text(st, i++, b.fts);
	i = search_bind_terms(st, i, &b);
	i = search_bind_after(st, i, &b);
	db_bind_int64(st, i, limit);
	void *items;
	int r = search_rows(a, st, read_org_rec, sizeof(struct org), limit, &items, NULL, ret_n);
	if (r == 0)
		*ret = items;
	return r;
}

int store_org_list(struct db *db, struct arena *a, const char *path_prefix, const char *after,
                   int limit, struct org **ret, int *ret_n)
{
	return store_org_search(db, a, path_prefix, NULL, after, limit, ret, ret_n);
}

int store_org_search(struct db *db, struct arena *a, const char *path_prefix,
                     const struct search_query *q, const char *after, int limit, struct org **ret,
                     int *ret_n)
{
	if (q && !q->prefix_only)
		return org_search(db, a, path_prefix, q, after, limit, ret, ret_n);
	struct db_stmt *st;
	int i = 1;
	if (q) {
		PREPARE_OR_RETURN(db, SQL_LIST_PREFIX, st);
		db_bind_text(st, i++, path_prefix);
		const char *esc = row_like(a, q->whole, false); /* "q%", escaped */
		db_bind_text(st, i++, arena_printf(a, "\x1f%s", esc));
	} else {
		PREPARE_OR_RETURN(db, SQL_LIST, st);
		db_bind_text(st, i++, path_prefix);
	}
	db_bind_text(st, i++, after ? after : "");
	db_bind_int64(st, i, limit);
	void *items;
	int r = row_list(a, st, read_org, sizeof(struct org), limit, &items, ret_n);
	if (r == 0)
		*ret = items;
	return r;
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
