/* imports.c: the state and report of import jobs (010_imports.sql). */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>

#define IMPORT_COLS                                                                                \
	"id, org_id, actor_id, mode, dry_run, skip_invalid, status, total, processed, created, "   \
	"updated, unchanged, failed, written, errors, detail, created_at, updated_at, "            \
	"finished_at"

static const char SQL_INSERT[] = "INSERT INTO imports (" IMPORT_COLS ") VALUES "
                                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] =
    "UPDATE imports SET status = ?, total = ?, processed = ?, created = ?, updated = ?, "
    "unchanged = ?, failed = ?, written = ?, errors = ?, detail = ?, updated_at = ?, "
    "finished_at = ? WHERE id = ?";
static const char SQL_GET[] = "SELECT " IMPORT_COLS " FROM imports WHERE id = ? AND org_id = ?";

static void bind_finished(struct db_stmt *st, int i, int64_t v)
{
	if (v)
		db_bind_int64(st, i, v);
	else
		db_bind_text(st, i, NULL);
}

/* The columns from status to detail, in that order, from index i; the next
 * index. */
static int bind_state(struct db_stmt *st, int i, const struct import_rec *r)
{
	db_bind_text(st, i++, r->status);
	db_bind_int64(st, i++, r->total);
	db_bind_int64(st, i++, r->processed);
	db_bind_int64(st, i++, r->created);
	db_bind_int64(st, i++, r->updated);
	db_bind_int64(st, i++, r->unchanged);
	db_bind_int64(st, i++, r->failed);
	db_bind_bool(st, i++, r->written);
	db_bind_text(st, i++, r->errors ? r->errors : "[]");
	db_bind_text(st, i++, r->detail);
	return i;
}

int store_import_insert(struct db *db, const struct import_rec *r)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	int i = 1;
	db_bind_text(st, i++, r->id);
	db_bind_text(st, i++, r->org_id);
	db_bind_text(st, i++, r->actor_id);
	db_bind_text(st, i++, r->mode);
	db_bind_bool(st, i++, r->dry_run);
	db_bind_bool(st, i++, r->skip_invalid);
	i = bind_state(st, i, r);
	db_bind_int64(st, i++, r->created_at);
	db_bind_int64(st, i++, r->updated_at);
	bind_finished(st, i++, r->finished_at);
	return row_exec(st, 0);
}

int store_import_update(struct db *db, const struct import_rec *r)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	int i = 1;
	i = bind_state(st, i, r);
	db_bind_int64(st, i++, r->updated_at);
	bind_finished(st, i++, r->finished_at);
	db_bind_text(st, i++, r->id);
	return row_exec(st, 1);
}

int store_import_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                     struct import_rec *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	int r = db_step(st);
	if (r == DB_ROW) {
		int i = 0;
		ret->id = row_text(a, st, i++);
		ret->org_id = row_text(a, st, i++);
		ret->actor_id = row_text(a, st, i++);
		ret->mode = row_text(a, st, i++);
		ret->dry_run = db_col_int64(st, i++);
		ret->skip_invalid = db_col_int64(st, i++);
		ret->status = row_text(a, st, i++);
		ret->total = db_col_int64(st, i++);
		ret->processed = db_col_int64(st, i++);
		ret->created = db_col_int64(st, i++);
		ret->updated = db_col_int64(st, i++);
		ret->unchanged = db_col_int64(st, i++);
		ret->failed = db_col_int64(st, i++);
		ret->written = db_col_int64(st, i++);
		ret->errors = row_text(a, st, i++);
		ret->detail = row_text(a, st, i++);
		ret->created_at = db_col_int64(st, i++);
		ret->updated_at = db_col_int64(st, i++);
		ret->finished_at = db_col_null(st, i) ? 0 : db_col_int64(st, i);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}
