/* companies.c: the companies (employers) of an organization's address book.
 *
 * companies.name_norm is lower(name), unique per organization: the name
 * compared case-insensitively. Lists are ordered by it and then by id, and
 * page with a cursor "name\x1fid" of the previous page's last row. */
#include "store/rows.h"
#include "store/search.h"
#include "base/arena.h"

#include <errno.h>
#include <string.h>

#define FIELD_COLS COMPANY_FIELDS(FIELD_SQL_COL)
#define FIELD_QMARKS COMPANY_FIELDS(FIELD_SQL_QMARK)
#define FIELD_SET COMPANY_FIELDS(FIELD_SQL_SET)
#define COMPANY_COLS "id, org_id" FIELD_COLS ", created_at, updated_at"

static const char SQL_INSERT[] =
    "INSERT INTO companies (id, org_id" FIELD_COLS ", name_norm, created_at, updated_at) "
    "VALUES (?, ?" FIELD_QMARKS ", lower(?), ?, ?)";
static const char SQL_UPDATE[] = "UPDATE companies SET " FIELD_SET "name_norm = lower(?), "
                                 "updated_at = ? WHERE id = ? AND org_id = ?";
static const char SQL_DELETE[] = "DELETE FROM companies WHERE id = ? AND org_id = ?";
static const char SQL_GET[] = "SELECT " COMPANY_COLS " FROM companies WHERE id = ? AND org_id = ?";
static const char SQL_FIND_NAME[] =
    "SELECT " COMPANY_COLS " FROM companies WHERE org_id = ? AND name_norm = lower(?)";
/* Unranked: all, or those whose name starts with a short query (a range
 * over the unique (org_id, name_norm)). */
static const char SQL_LIST[] =
    "SELECT " COMPANY_COLS " FROM companies WHERE org_id = ? "
    "AND (CAST(? AS TEXT) IS NULL OR (name_norm >= ? AND name_norm < ?)) "
    "AND (CAST(? AS TEXT) IS NULL OR name_norm > lower(?) "
    "OR (name_norm = lower(?) AND id > ?)) "
    "ORDER BY name_norm, id LIMIT ?";
/* Ranked (store/search.h), as users.c's, over companies.search_text (the
 * candidates lead: "|| ''" keeps the planners off the organization's
 * index); the cursor's key is the name, lower-cased here as name_norm is. */
static const char SQL_SEARCH[] =
    "SELECT r.search_rank, " COMPANY_COLS " FROM (SELECT c.id AS rid, " SEARCH_RANK(
        "c.search_text") " AS search_rank, c.name_norm AS sort_name FROM companies c "
                         "WHERE c.org_id || '' = ? AND c.id IN (SELECT s.id FROM company_search(?) "
                         "s) " SEARCH_TERMS("c.search_text") SEARCH_AFTER_KEY(
                             "c.search_text", "c.name_norm", "lower(?)",
                             "c.id") "ORDER BY search_rank, c.name_norm, c.id LIMIT ?) r JOIN "
                                     "companies ON companies.id = r.rid "
                                     "ORDER BY r.search_rank, r.sort_name, companies.id";
static const char SQL_COUNT_CONTACTS[] = "SELECT COUNT(*) FROM contacts WHERE company_id = ?";

int store_company_insert(struct db *db, const struct company *c)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, c->id);
	db_bind_text(st, 2, c->org_id);
	int i = row_bind_fields(st, 3, company_fields, company_fields_n, c);
	db_bind_text(st, i++, c->name); /* name_norm */
	db_bind_int64(st, i++, c->created_at);
	db_bind_int64(st, i, c->updated_at);
	int r = row_exec(st, 0);
	return r < 0 ? r : store_company_search_refresh(db, c->id);
}

int store_company_update(struct db *db, const struct company *c)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	int i = row_bind_fields(st, 1, company_fields, company_fields_n, c);
	db_bind_text(st, i++, c->name); /* name_norm */
	db_bind_int64(st, i++, c->updated_at);
	db_bind_text(st, i++, c->id);
	db_bind_text(st, i, c->org_id);
	int r = row_exec(st, 1);
	return r < 0 ? r : store_company_search_refresh(db, c->id);
}

int store_company_delete(struct db *db, const char *org_id, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

static int read_company_rec(struct arena *a, struct db_stmt *st, int i, void *rec);

static void read_company(struct arena *a, struct db_stmt *st, void *rec)
{
	read_company_rec(a, st, 0, rec);
}

int store_company_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                      struct company *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_one(a, st, read_company, ret);
}

/* name is compared as the unique key is: lower-cased (give it trimmed). */
int store_company_find_name(struct db *db, struct arena *a, const char *org_id, const char *name,
                            struct company *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FIND_NAME, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, name);
	return row_one(a, st, read_company, ret);
}

static int read_company_rec(struct arena *a, struct db_stmt *st, int i, void *rec)
{
	struct company *co = rec;
	co->id = row_text(a, st, i++);
	co->org_id = row_text(a, st, i++);
	i = row_read_fields(a, st, i, company_fields, company_fields_n, co);
	co->created_at = db_col_int64(st, i++);
	co->updated_at = db_col_int64(st, i++);
	return i;
}

int store_company_list(struct db *db, struct arena *a, const char *org_id,
                       const struct search_query *q, const char *after, int limit,
                       struct company **ret, int **ret_ranks, int *ret_n)
{
	struct db_stmt *st;
	void *items;
	int r;
	if (q && !q->prefix_only) {
		struct search_binds b;
		search_binds_make(a, org_id, q, after, &b);
		PREPARE_OR_RETURN(db, SQL_SEARCH, st);
		int i = search_bind_rank(st, 1, &b);
		db_bind_text(st, i++, org_id);
		db_bind_text(st, i++, b.fts);
		i = search_bind_terms(st, i, &b);
		i = search_bind_after(st, i, &b);
		db_bind_int64(st, i, limit);
		r = search_rows(a, st, read_company_rec, sizeof(struct company), limit, &items,
		                ret_ranks, ret_n);
		if (r == 0)
			*ret = items;
		return r;
	}
	const char *after_key = NULL, *after_id = "";
	row_cursor_split(a, after, &after_key, &after_id);
	const char *prefix = q ? q->whole : NULL;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	int i = 1;
	db_bind_text(st, i++, org_id);
	db_bind_text(st, i++, prefix);
	db_bind_text(st, i++, prefix ? prefix : "");
	/* past every text that starts with prefix: U+10FFFF after it */
	db_bind_text(st, i++, prefix ? arena_printf(a, "%s\xf4\x8f\xbf\xbf", prefix) : "");
	db_bind_text(st, i++, after_key);
	db_bind_text(st, i++, after_key ? after_key : "");
	db_bind_text(st, i++, after_key ? after_key : "");
	db_bind_text(st, i++, after_id);
	db_bind_int64(st, i, limit);
	r = row_list(a, st, read_company, sizeof(struct company), limit, &items, ret_n);
	if (r == 0) {
		*ret = items;
		if (ret_ranks)
			*ret_ranks = NULL; /* unranked: the cursor is the name */
	}
	return r;
}

/* The persons employed by company id (the caller has checked its org). */
int store_company_count_contacts(struct db *db, const char *id, int64_t *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_COUNT_CONTACTS, st);
	db_bind_text(st, 1, id);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -EIO;
}
