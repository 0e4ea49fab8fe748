/* companies.c: the companies (employers) of an organization's address book.
 *
 * companies.name_norm is lower(name), unique per organization: the name
 * compared case-insensitively. Lists are ordered by it and then by id, and
 * page with a cursor "name\x1fid" of the previous page's last row. */
#include "store/rows.h"
#include "store/store.h"

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
static const char SQL_LIST[] =
    "SELECT " COMPANY_COLS " FROM companies WHERE org_id = ? "
    "AND (CAST(? AS TEXT) IS NULL OR name_norm LIKE lower(?) ESCAPE '\\' "
    "OR lower(email) LIKE lower(?) ESCAPE '\\' OR lower(website) LIKE lower(?) ESCAPE '\\') "
    "AND (CAST(? AS TEXT) IS NULL OR name_norm > lower(?) "
    "OR (name_norm = lower(?) AND id > ?)) "
    "ORDER BY name_norm, id LIMIT ?";
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
	return row_exec(st, 0);
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

static void read_company(struct arena *a, struct db_stmt *st, void *rec)
{
	struct company *c = rec;
	c->id = row_text(a, st, 0);
	c->org_id = row_text(a, st, 1);
	int i = row_read_fields(a, st, 2, company_fields, company_fields_n, c);
	c->created_at = db_col_int64(st, i++);
	c->updated_at = db_col_int64(st, i);
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

/* q (may be NULL) searches the name, email and web site; after (may be
 * NULL) is "name\x1fid" of the last row of the previous page. */
int store_company_list(struct db *db, struct arena *a, const char *org_id, const char *q,
                       const char *after, int limit, struct company **ret, int *ret_n)
{
	const char *after_key = NULL, *after_id = "";
	row_cursor_split(a, after, &after_key, &after_id);
	const char *pat = q && *q ? row_like(a, q, true) : NULL;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	int i = 1;
	db_bind_text(st, i++, org_id);
	db_bind_text(st, i++, pat);
	for (int k = 0; k < 3; k++)
		db_bind_text(st, i++, pat ? pat : "");
	db_bind_text(st, i++, after_key);
	db_bind_text(st, i++, after_key ? after_key : "");
	db_bind_text(st, i++, after_key ? after_key : "");
	db_bind_text(st, i++, after_id);
	db_bind_int64(st, i, limit);
	void *items;
	int r = row_list(a, st, read_company, sizeof(struct company), limit, &items, ret_n);
	if (r == 0)
		*ret = items;
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
