/* idempotency.c: the stored answers of creates sent with an Idempotency-Key. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>

static const char SQL_GET[] =
    "SELECT method, path, body_hash, status, location, response, created_at, etag "
    "FROM idempotency_keys WHERE user_id = ? AND key = ?";
static const char SQL_PUT[] =
    "INSERT INTO idempotency_keys (user_id, key, method, path, body_hash, status, location, "
    "response, created_at, etag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_EXPIRE[] = "DELETE FROM idempotency_keys WHERE created_at < ?";

int store_idem_get(struct db *db, struct arena *a, const char *user_id, const char *key,
                   struct idem_record *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, user_id);
	db_bind_text(st, 2, key);
	int r = db_step(st);
	if (r == DB_ROW) {
		ret->method = row_text(a, st, 0);
		ret->path = row_text(a, st, 1);
		ret->body_hash = row_text(a, st, 2);
		ret->status = (int)db_col_int64(st, 3);
		ret->location = row_text(a, st, 4);
		ret->response = row_text(a, st, 5);
		ret->created_at = db_col_int64(st, 6);
		ret->etag = row_text(a, st, 7);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_idem_put(struct db *db, const char *user_id, const char *key,
                   const struct idem_record *rec)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_PUT, st);
	db_bind_text(st, 1, user_id);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, rec->method);
	db_bind_text(st, 4, rec->path);
	db_bind_text(st, 5, rec->body_hash);
	db_bind_int64(st, 6, rec->status);
	db_bind_text(st, 7, rec->location);
	db_bind_text(st, 8, rec->response);
	db_bind_int64(st, 9, rec->created_at);
	db_bind_text(st, 10, rec->etag);
	return row_exec(st, 0);
}

int store_idem_expire(struct db *db, int64_t before)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_EXPIRE, st);
	db_bind_int64(st, 1, before);
	return row_exec(st, 0);
}
