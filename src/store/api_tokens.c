/* api_tokens.c: API tokens (machine principals). Only the hash of a token
 * is stored; a revoked token's row is deleted. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>

#define TOKEN_COLS                                                                                 \
	"t.id, t.org_id, t.name, t.permissions, t.created_by, t.created_by_label, t.created_at, "  \
	"t.expires_at, t.last_used_at"

static const char SQL_INSERT[] =
    "INSERT INTO api_tokens (id, org_id, name, name_norm, token_hash, permissions, created_by, "
    "created_by_label, created_at, expires_at) VALUES (?, ?, ?, lower(?), ?, ?, ?, ?, ?, ?)";
static const char SQL_GET[] =
    "SELECT " TOKEN_COLS " FROM api_tokens t WHERE t.id = ? AND t.org_id = ?";
static const char SQL_LIST[] = "SELECT " TOKEN_COLS " FROM api_tokens t WHERE t.org_id = ? "
                               "AND t.id > ? ORDER BY t.id LIMIT ?";
/* Authentication: the token with the path of its organization, in one. */
static const char SQL_FIND[] = "SELECT " TOKEN_COLS ", o.path, o.suspended_at FROM api_tokens t "
                               "JOIN orgs o ON o.id = t.org_id WHERE t.token_hash = ?";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM api_tokens WHERE org_id = ?";
static const char SQL_DELETE[] = "DELETE FROM api_tokens WHERE id = ? AND org_id = ?";
static const char SQL_TOUCH[] = "UPDATE api_tokens SET last_used_at = ? WHERE id = ?";

int store_api_token_insert(struct db *db, const struct api_token *t)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, t->id);
	db_bind_text(st, 2, t->org_id);
	db_bind_text(st, 3, t->name);
	db_bind_text(st, 4, t->name);
	db_bind_text(st, 5, t->token_hash);
	db_bind_text(st, 6, t->permissions);
	db_bind_text(st, 7, t->created_by);
	db_bind_text(st, 8, t->created_by_label);
	db_bind_int64(st, 9, t->created_at);
	if (t->expires_at)
		db_bind_int64(st, 10, t->expires_at);
	else
		db_bind_text(st, 10, NULL);
	return row_exec(st, 0);
}

static void read_token(struct arena *a, struct db_stmt *st, void *rec)
{
	struct api_token *t = rec;
	t->id = row_text(a, st, 0);
	t->org_id = row_text(a, st, 1);
	t->name = row_text(a, st, 2);
	t->token_hash = NULL; /* never read back */
	t->permissions = row_text(a, st, 3);
	t->created_by = row_text(a, st, 4);
	t->created_by_label = row_text(a, st, 5);
	t->created_at = db_col_int64(st, 6);
	t->expires_at = db_col_null(st, 7) ? 0 : db_col_int64(st, 7);
	t->last_used_at = db_col_null(st, 8) ? 0 : db_col_int64(st, 8);
	t->org_path = NULL;
}

int store_api_token_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                        struct api_token *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_one(a, st, read_token, ret);
}

int store_api_token_find(struct db *db, struct arena *a, const char *token_hash,
                         struct api_token *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FIND, st);
	db_bind_text(st, 1, token_hash);
	int r = db_step(st);
	if (r == DB_ROW) {
		read_token(a, st, ret);
		ret->org_path = row_text(a, st, 9);
		ret->org_suspended = !db_col_null(st, 10);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_api_token_list(struct db *db, struct arena *a, const char *org_id, const char *after,
                         int limit, struct api_token **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, after ? after : "");
	db_bind_int64(st, 3, limit);
	void *items;
	int r = row_list(a, st, read_token, sizeof(struct api_token), limit, &items, ret_n);
	if (r == 0)
		*ret = items;
	return r;
}

int store_api_token_count(struct db *db, const char *org_id, int64_t *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_COUNT, st);
	db_bind_text(st, 1, org_id);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -EIO;
}

int store_api_token_delete(struct db *db, const char *org_id, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

int store_api_token_touch(struct db *db, const char *id, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_TOUCH, st);
	db_bind_int64(st, 1, now);
	db_bind_text(st, 2, id);
	return row_exec(st, 0);
}
