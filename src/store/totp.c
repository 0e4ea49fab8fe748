/* totp.c (store): TOTP secrets (sealed), the last accepted time step, and
 * recovery codes (hashes). The reuse rules are conditions of the UPDATEs, so
 * the database enforces them whatever runs them concurrently. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>

static const char SQL_GET[] = "SELECT user_id, secret, confirmed_at, last_step, created_at, "
                              "updated_at FROM user_totp WHERE user_id = ?";
static const char SQL_PUT_PENDING[] =
    "INSERT INTO user_totp (user_id, secret, confirmed_at, last_step, created_at, updated_at) "
    "VALUES (?, ?, NULL, -1, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
    "secret = excluded.secret, last_step = -1, created_at = excluded.created_at, "
    "updated_at = excluded.updated_at WHERE user_totp.confirmed_at IS NULL";
static const char SQL_CONFIRM[] =
    "UPDATE user_totp SET confirmed_at = ?, last_step = ?, updated_at = ? "
    "WHERE user_id = ? AND confirmed_at IS NULL";
static const char SQL_USE_STEP[] =
    "UPDATE user_totp SET last_step = ?, updated_at = ? "
    "WHERE user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?";
static const char SQL_DELETE[] = "DELETE FROM user_totp WHERE user_id = ?";
static const char SQL_RC_CLEAR[] = "DELETE FROM recovery_codes WHERE user_id = ?";
static const char SQL_RC_ADD[] =
    "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)";
static const char SQL_RC_USE[] = "UPDATE recovery_codes SET used_at = ? "
                                 "WHERE user_id = ? AND code_hash = ? AND used_at IS NULL";
static const char SQL_RC_COUNT[] =
    "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL";

int store_totp_get(struct db *db, struct arena *a, const char *user_id, struct totp_record *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, user_id);
	int r = db_step(st);
	if (r == DB_ROW) {
		ret->user_id = row_text(a, st, 0);
		ret->secret = row_text(a, st, 1);
		ret->confirmed_at = db_col_null(st, 2) ? 0 : db_col_int64(st, 2);
		ret->last_step = db_col_int64(st, 3);
		ret->created_at = db_col_int64(st, 4);
		ret->updated_at = db_col_int64(st, 5);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_totp_put_pending(struct db *db, const struct totp_record *t)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_PUT_PENDING, st);
	db_bind_text(st, 1, t->user_id);
	db_bind_text(st, 2, t->secret);
	db_bind_int64(st, 3, t->created_at);
	db_bind_int64(st, 4, t->updated_at);
	return row_exec(st, 1);
}

int store_totp_confirm(struct db *db, const char *user_id, int64_t step, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_CONFIRM, st);
	db_bind_int64(st, 1, now);
	db_bind_int64(st, 2, step);
	db_bind_int64(st, 3, now);
	db_bind_text(st, 4, user_id);
	return row_exec(st, 1);
}

int store_totp_use_step(struct db *db, const char *user_id, int64_t step, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_USE_STEP, st);
	db_bind_int64(st, 1, step);
	db_bind_int64(st, 2, now);
	db_bind_text(st, 3, user_id);
	db_bind_int64(st, 4, step);
	return row_exec(st, 1);
}

int store_totp_delete(struct db *db, const char *user_id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, user_id);
	return row_exec(st, 0);
}

int store_recovery_delete(struct db *db, const char *user_id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_RC_CLEAR, st);
	db_bind_text(st, 1, user_id);
	return row_exec(st, 0);
}

int store_recovery_set(struct db *db, const char *user_id, char *const *hashes, int n, int64_t now)
{
	int r = store_recovery_delete(db, user_id);
	if (r < 0)
		return r;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_RC_ADD, st);
	for (int i = 0; i < n && r >= 0; i++) {
		db_bind_text(st, 1, user_id);
		db_bind_text(st, 2, hashes[i]);
		db_bind_int64(st, 3, now);
		r = row_exec(st, 0);
	}
	return r;
}

int store_recovery_use(struct db *db, const char *user_id, const char *hash, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_RC_USE, st);
	db_bind_int64(st, 1, now);
	db_bind_text(st, 2, user_id);
	db_bind_text(st, 3, hash);
	return row_exec(st, 1);
}

int store_recovery_count_unused(struct db *db, const char *user_id, int64_t *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_RC_COUNT, st);
	db_bind_text(st, 1, user_id);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -EIO;
}
