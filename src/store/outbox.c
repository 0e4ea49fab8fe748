/* outbox.c: the mail outbox: messages queued by requests, taken by the
 * delivery worker when due, and marked sent, retried or failed. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>

#define OUTBOX_COLS                                                                                \
	"id, to_addr, message, kind, status, attempts, next_attempt_at, last_error, created_at, "  \
	"sent_at, user_id, ref_id"

/* The most rows one call hands out (each carries a whole message). */
#define OUTBOX_DUE_MAX 100

static const char SQL_INSERT[] =
    "INSERT INTO outbox (" OUTBOX_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_DUE[] = "SELECT " OUTBOX_COLS " FROM outbox "
                              "WHERE status = 'pending' AND next_attempt_at <= ? "
                              "ORDER BY created_at, id LIMIT ?";
/* A message delivered or given up keeps no text (a stored one, queued by an
 * older version, may hold a sign-in link). */
static const char SQL_MARK[] =
    "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
    "sent_at = ?, message = CASE WHEN CAST(? AS TEXT) = 'pending' THEN message ELSE '' END WHERE "
    "id = ?";

/* Binds v, or NULL for 0 (a time not reached yet). */
static void bind_time(struct db_stmt *st, int i, int64_t v)
{
	if (v)
		db_bind_int64(st, i, v);
	else
		db_bind_text(st, i, NULL);
}

int store_outbox_insert(struct db *db, const struct outbox_msg *m)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, m->id);
	db_bind_text(st, 2, m->to_addr);
	db_bind_text(st, 3, m->message);
	db_bind_text(st, 4, m->kind);
	db_bind_text(st, 5, m->status ? m->status : "pending");
	db_bind_int64(st, 6, m->attempts);
	db_bind_int64(st, 7, m->next_attempt_at);
	db_bind_text(st, 8, m->last_error);
	db_bind_int64(st, 9, m->created_at);
	bind_time(st, 10, m->sent_at);
	db_bind_text(st, 11, m->user_id);
	db_bind_text(st, 12, m->ref_id);
	return row_exec(st, 0);
}

int store_outbox_due(struct db *db, struct arena *a, int64_t now, int limit,
                     struct outbox_msg **ret, int *ret_n)
{
	if (limit <= 0)
		return -EINVAL;
	if (limit > OUTBOX_DUE_MAX)
		limit = OUTBOX_DUE_MAX;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DUE, st);
	db_bind_int64(st, 1, now);
	db_bind_int64(st, 2, limit);
	struct outbox_msg *v = arena_alloc(a, (size_t)limit * sizeof(*v));
	int n = 0, r = 0;
	while (n < limit && (r = db_step(st)) == DB_ROW) {
		struct outbox_msg *m = &v[n++];
		m->id = row_text(a, st, 0);
		m->to_addr = row_text(a, st, 1);
		m->message = row_text(a, st, 2);
		m->kind = row_text(a, st, 3);
		m->status = row_text(a, st, 4);
		m->attempts = db_col_int64(st, 5);
		m->next_attempt_at = db_col_int64(st, 6);
		m->last_error = row_text(a, st, 7);
		m->created_at = db_col_int64(st, 8);
		m->sent_at = db_col_null(st, 9) ? 0 : db_col_int64(st, 9);
		m->user_id = row_text(a, st, 10);
		m->ref_id = row_text(a, st, 11);
	}
	db_reset(st);
	if (n < limit && r < 0)
		return r;
	*ret = v;
	*ret_n = n;
	return 0;
}

int store_outbox_mark(struct db *db, const char *id, const char *status, int64_t attempts,
                      int64_t next_attempt_at, const char *last_error, int64_t sent_at)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_MARK, st);
	db_bind_text(st, 1, status);
	db_bind_int64(st, 2, attempts);
	db_bind_int64(st, 3, next_attempt_at);
	db_bind_text(st, 4, last_error);
	bind_time(st, 5, sent_at);
	db_bind_text(st, 6, status);
	db_bind_text(st, 7, id);
	return row_exec(st, 1);
}
