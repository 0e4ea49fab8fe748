/* imports.c: the state and report of import jobs (010_imports.sql), and
 * who runs them (012_import_jobs.sql). */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>

#define IMPORT_COLS                                                                                \
	"id, org_id, actor_id, mode, dry_run, skip_invalid, status, total, processed, created, "   \
	"updated, unchanged, failed, written, errors, detail, created_at, updated_at, "            \
	"finished_at, node_id, heartbeat_at, reason"
/* A job that has not ended yet. */
#define LIVE "status IN ('queued', 'running')"

static const char SQL_INSERT[] =
    "INSERT INTO imports (" IMPORT_COLS ") VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] =
    "UPDATE imports SET status = ?, total = ?, processed = ?, created = ?, updated = ?, "
    "unchanged = ?, failed = ?, written = ?, errors = ?, detail = ?, reason = ?, "
    "heartbeat_at = ?, updated_at = ?, finished_at = ? WHERE id = ? AND " LIVE;
static const char SQL_GET[] = "SELECT " IMPORT_COLS " FROM imports WHERE id = ? AND org_id = ?";
static const char SQL_BEAT[] =
    "UPDATE imports SET heartbeat_at = ?, total = ?, processed = ?, created = ?, "
    "updated = ?, unchanged = ?, failed = ? WHERE id = ? AND status = 'running'";
static const char SQL_STALE[] =
    "SELECT id FROM imports WHERE " LIVE " AND heartbeat_at < ? ORDER BY heartbeat_at LIMIT ?";
static const char SQL_FAIL_STALE[] =
    "UPDATE imports SET status = 'failed', reason = ?, detail = ?, updated_at = ?, "
    "finished_at = ? WHERE id = ? AND " LIVE " AND heartbeat_at < ?";
static const char SQL_FAIL_NODE[] =
    "UPDATE imports SET status = 'failed', reason = ?, detail = ?, updated_at = ?, "
    "finished_at = ? WHERE node_id = ? AND " LIVE;

static void bind_finished(struct db_stmt *st, int i, int64_t v)
{
	if (v)
		db_bind_int64(st, i, v);
	else
		db_bind_text(st, i, NULL);
}

/* The counts, total to failed, from index i; the next index. */
static int bind_counts(struct db_stmt *st, int i, const struct import_rec *r)
{
	db_bind_int64(st, i++, r->total);
	db_bind_int64(st, i++, r->processed);
	db_bind_int64(st, i++, r->created);
	db_bind_int64(st, i++, r->updated);
	db_bind_int64(st, i++, r->unchanged);
	db_bind_int64(st, i++, r->failed);
	return i;
}

/* The columns from status to detail, in that order, from index i; the next
 * index. */
static int bind_state(struct db_stmt *st, int i, const struct import_rec *r)
{
	db_bind_text(st, i++, job_status_name(r->status));
	i = bind_counts(st, i, r);
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
	db_bind_text(st, i++, r->node_id);
	db_bind_int64(st, i++, r->heartbeat_at);
	db_bind_text(st, i++, r->reason);
	return row_exec(st, 0);
}

int store_import_update(struct db *db, const struct import_rec *r)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	int i = 1;
	i = bind_state(st, i, r);
	db_bind_text(st, i++, r->reason);
	db_bind_int64(st, i++, r->heartbeat_at);
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
		int status = job_status_parse(db_col_text(st, i++));
		ret->status = status < 0 ? JOB_FAILED : (enum job_status)status;
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
		i++;
		ret->node_id = row_text(a, st, i++);
		ret->heartbeat_at = db_col_int64(st, i++);
		ret->reason = row_text(a, st, i++);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_import_beat(struct db *db, const struct import_rec *r)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_BEAT, st);
	db_bind_int64(st, 1, r->heartbeat_at);
	int i = bind_counts(st, 2, r);
	db_bind_text(st, i, r->id);
	return row_exec(st, 1);
}

int store_import_list_stale(struct db *db, struct arena *a, int64_t before, int limit,
                            char ***ret_ids, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_STALE, st);
	db_bind_int64(st, 1, before);
	db_bind_int64(st, 2, limit);
	char **ids = arena_alloc(a, sizeof(char *) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, r = 0;
	while (n < limit && (r = db_step(st)) == DB_ROW)
		ids[n++] = row_text(a, st, 0);
	db_reset(st);
	if (r < 0)
		return r;
	*ret_ids = ids;
	*ret_n = n;
	return 0;
}

int store_import_fail_stale(struct db *db, const char *id, int64_t before, int64_t now,
                            const char *reason, const char *detail)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FAIL_STALE, st);
	db_bind_text(st, 1, reason);
	db_bind_text(st, 2, detail);
	db_bind_int64(st, 3, now);
	db_bind_int64(st, 4, now);
	db_bind_text(st, 5, id);
	db_bind_int64(st, 6, before);
	return row_exec(st, 1);
}

int store_import_fail_node(struct db *db, const char *node_id, int64_t now, const char *reason,
                           const char *detail, int64_t *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FAIL_NODE, st);
	db_bind_text(st, 1, reason);
	db_bind_text(st, 2, detail);
	db_bind_int64(st, 3, now);
	db_bind_int64(st, 4, now);
	db_bind_text(st, 5, node_id);
	int r = db_step(st);
	int64_t n = r < 0 ? 0 : db_changes(st);
	db_reset(st);
	if (r < 0)
		return r;
	*ret_n = n;
	return 0;
}
