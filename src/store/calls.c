/* calls.c: call records. A record is written once and never changed; its
 * SIP key (call_id, from_tag) is unique on the platform, so a report sent
 * again is refused by the database (ON CONFLICT DO NOTHING), on either
 * backend and across nodes. Lists are newest first by start_time, then id,
 * and page with the last row's (start_time, id). */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>
#include <stdint.h>

#define FIELD_COLS CALL_FIELDS(FIELD_SQL_COL)
#define FIELD_QMARKS CALL_FIELDS(FIELD_SQL_QMARK)
#define CALL_COLS                                                                                  \
	"k.id, k.org_id, k.direction, k.status, k.start_time, k.answer_time, "                     \
	"k.end_time" CALL_FIELDS(FIELD_SQL_COL_k) ", k.sip_code, k.created_at"

static const char SQL_INSERT[] =
    "INSERT INTO calls (id, org_id, direction, status, start_time, answer_time, "
    "end_time" FIELD_COLS ", sip_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?" FIELD_QMARKS
    ", ?, ?) ON CONFLICT (call_id, from_tag) DO NOTHING";
static const char SQL_GET[] = "SELECT " CALL_COLS " FROM calls k WHERE k.id = ? AND k.org_id = ?";

/* The filters after the organization, in the order store_call_list binds
 * them: the period, direction, status, a user as any party, a number
 * search (a LIKE pattern, wildcards escaped), and the cursor. */
#define LIST_FILTERS                                                                               \
	"AND k.start_time >= ? AND k.start_time < ? "                                              \
	"AND (CAST(? AS TEXT) IS NULL OR k.direction = ?) "                                        \
	"AND (CAST(? AS TEXT) IS NULL OR k.status = ?) "                                           \
	"AND (CAST(? AS TEXT) IS NULL OR k.caller_user_id = ? OR k.callee_user_id = ? "            \
	"OR k.answered_user_id = ?) "                                                              \
	"AND (CAST(? AS TEXT) IS NULL OR k.caller_number LIKE ? ESCAPE '\\' "                      \
	"OR k.callee_number LIKE ? ESCAPE '\\' OR k.dialled_number LIKE ? ESCAPE '\\') "           \
	"AND (k.start_time < ? OR (k.start_time = ? AND k.id < ?)) "                               \
	"ORDER BY k.start_time DESC, k.id DESC LIMIT ?"
/* One organization (the index on org_id, start_time gives the order), or
 * the organizations whose path starts with a prefix (a subtree). */
static const char SQL_LIST_ORG[] =
    "SELECT " CALL_COLS " FROM calls k WHERE k.org_id = ? " LIST_FILTERS;
static const char SQL_LIST_TREE[] =
    "SELECT " CALL_COLS " FROM calls k WHERE k.org_id IN "
    "(SELECT o.id FROM orgs o WHERE o.path LIKE ? || '%') " LIST_FILTERS;
/* A batch of the calls past their organization's retention. */
static const char SQL_PURGE[] =
    "DELETE FROM calls WHERE id IN (SELECT k.id FROM calls k JOIN orgs o ON o.id = k.org_id "
    "WHERE k.start_time < CAST(? AS BIGINT) - CAST(o.call_retention_days AS BIGINT) * 86400000 "
    "LIMIT ?)";

int store_call_insert(struct db *db, const struct call *c)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, c->id);
	db_bind_text(st, 2, c->org_id);
	db_bind_text(st, 3, call_direction_name(c->direction));
	db_bind_text(st, 4, call_status_name(c->status));
	db_bind_int64(st, 5, c->start_time);
	if (c->answer_time)
		db_bind_int64(st, 6, c->answer_time);
	else
		db_bind_text(st, 6, NULL);
	db_bind_int64(st, 7, c->end_time);
	int i = row_bind_fields(st, 8, call_fields, call_fields_n, c);
	if (c->sip_code)
		db_bind_int64(st, i++, c->sip_code);
	else
		db_bind_text(st, i++, NULL);
	db_bind_int64(st, i, c->created_at);
	int r = db_step(st);
	int64_t n = r < 0 ? 0 : db_changes(st);
	db_reset(st);
	return r < 0 ? r : n ? 0 : 1;
}

static void read_call(struct arena *a, struct db_stmt *st, void *rec)
{
	struct call *c = rec;
	c->id = row_text(a, st, 0);
	c->org_id = row_text(a, st, 1);
	const char *dir = db_col_text(st, 2), *status = db_col_text(st, 3);
	c->direction = (enum call_direction)call_direction_parse(dir);
	c->status = (enum call_status)call_status_parse(status);
	c->start_time = db_col_int64(st, 4);
	c->answer_time = db_col_null(st, 5) ? 0 : db_col_int64(st, 5);
	c->end_time = db_col_int64(st, 6);
	int i = row_read_fields(a, st, 7, call_fields, call_fields_n, c);
	c->sip_code = db_col_null(st, i) ? 0 : (int)db_col_int64(st, i);
	c->created_at = db_col_int64(st, i + 1);
}

int store_call_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                   struct call *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_one(a, st, read_call, ret);
}

int store_call_list(struct db *db, struct arena *a, const struct call_filter *f, int limit,
                    struct call **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, f->subtree ? SQL_LIST_TREE : SQL_LIST_ORG, st);
	const char *pat = f->q && *f->q ? row_like(a, f->q, true) : NULL;
	int i = 1;
	db_bind_text(st, i++, f->subtree ? f->org_path : f->org_id);
	db_bind_int64(st, i++, f->from);
	db_bind_int64(st, i++, f->to ? f->to : INT64_MAX);
	db_bind_text(st, i++, f->direction);
	db_bind_text(st, i++, f->direction ? f->direction : "");
	db_bind_text(st, i++, f->status);
	db_bind_text(st, i++, f->status ? f->status : "");
	db_bind_text(st, i++, f->user_id);
	for (int k = 0; k < 3; k++)
		db_bind_text(st, i++, f->user_id ? f->user_id : "");
	db_bind_text(st, i++, pat);
	for (int k = 0; k < 3; k++)
		db_bind_text(st, i++, pat ? pat : "");
	int64_t after = f->after_id ? f->after_start : INT64_MAX;
	db_bind_int64(st, i++, after);
	db_bind_int64(st, i++, after);
	db_bind_text(st, i++, f->after_id ? f->after_id : "");
	db_bind_int64(st, i, limit);
	void *items;
	int r = row_list(a, st, read_call, sizeof(struct call), limit, &items, ret_n);
	if (r == 0)
		*ret = items;
	return r;
}

int store_call_purge(struct db *db, int64_t now, int limit, int64_t *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_PURGE, st);
	db_bind_int64(st, 1, now);
	db_bind_int64(st, 2, limit);
	int r = db_step(st);
	int64_t n = r < 0 ? 0 : db_changes(st);
	db_reset(st);
	if (r < 0)
		return r;
	*ret_n = n;
	return 0;
}
