/* numbers.c: the phone numbers (DIDs) of organizations. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>

#define NUMBER_COLS "id, org_id, number, label, created_at, updated_at, user_id, destination"

static const char SQL_INSERT[] =
    "INSERT INTO numbers (id, org_id, number, label, created_at, updated_at, destination) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] =
    "UPDATE numbers SET number = ?, label = ?, destination = ?, updated_at = ? "
    "WHERE id = ? AND org_id = ?";
static const char SQL_DELETE[] = "DELETE FROM numbers WHERE id = ? AND org_id = ?";
static const char SQL_GET[] = "SELECT " NUMBER_COLS " FROM numbers WHERE id = ? AND org_id = ?";
static const char SQL_FIND[] =
    "SELECT " NUMBER_COLS " FROM numbers WHERE org_id = ? AND number = ?";
static const char SQL_FIND_ANY[] = "SELECT " NUMBER_COLS " FROM numbers WHERE number = ?";
static const char SQL_LIST[] = "SELECT " NUMBER_COLS " FROM numbers WHERE org_id = ? "
                               "AND number > ? ORDER BY number LIMIT ?";

int store_number_insert(struct db *db, const struct number *n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, n->id);
	db_bind_text(st, 2, n->org_id);
	db_bind_text(st, 3, n->number);
	db_bind_text(st, 4, n->label);
	db_bind_int64(st, 5, n->created_at);
	db_bind_int64(st, 6, n->updated_at);
	db_bind_text(st, 7, n->destination);
	return row_exec(st, 0);
}

int store_number_update(struct db *db, const struct number *n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	db_bind_text(st, 1, n->number);
	db_bind_text(st, 2, n->label);
	db_bind_text(st, 3, n->destination);
	db_bind_int64(st, 4, n->updated_at);
	db_bind_text(st, 5, n->id);
	db_bind_text(st, 6, n->org_id);
	int r = row_exec(st, 1);
	return r < 0 ? r : store_number_search_refresh(db, n->id);
}

int store_number_delete(struct db *db, const char *org_id, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

static void read_number(struct arena *a, struct db_stmt *st, void *rec)
{
	struct number *n = rec;
	n->id = row_text(a, st, 0);
	n->org_id = row_text(a, st, 1);
	n->number = row_text(a, st, 2);
	n->label = row_text(a, st, 3);
	n->created_at = db_col_int64(st, 4);
	n->updated_at = db_col_int64(st, 5);
	n->user_id = row_text(a, st, 6);
	n->destination = row_text(a, st, 7);
}

int store_number_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                     struct number *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_one(a, st, read_number, ret);
}

int store_number_find(struct db *db, struct arena *a, const char *org_id, const char *number,
                      struct number *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FIND, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, number);
	return row_one(a, st, read_number, ret);
}

int store_number_find_any(struct db *db, struct arena *a, const char *number, struct number *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FIND_ANY, st);
	db_bind_text(st, 1, number);
	return row_one(a, st, read_number, ret);
}

int store_number_list(struct db *db, struct arena *a, const char *org_id, const char *after,
                      int limit, struct number **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, after ? after : "");
	db_bind_int64(st, 3, limit);
	void *items;
	int r = row_list(a, st, read_number, sizeof(struct number), limit, &items, ret_n);
	if (r == 0)
		*ret = items;
	return r;
}
