/* audit.c: the append-only audit trail. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>

static const char SQL_INSERT[] =
    "INSERT INTO audit_events (id, org_id, actor_id, actor_label, object_type, object_id, "
    "action, changes, request_id, client_addr, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* Ids are time-ordered (UUIDv7), so "newest first" is "id descending" and
 * the id of the last row is the cursor. */
static const char SQL_LIST[] =
    "SELECT id, org_id, actor_id, actor_label, object_type, object_id, action, changes, "
    "request_id, client_addr, created_at FROM audit_events "
    "WHERE org_id = ? AND (CAST(? AS TEXT) IS NULL OR object_id = ?) "
    "AND (CAST(? AS TEXT) IS NULL OR actor_id = ?) AND (CAST(? AS TEXT) IS NULL OR id < ?) "
    "ORDER BY id DESC LIMIT ?";

int store_audit_insert(struct db *db, const struct audit_event *e)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	int i = 1;
	db_bind_text(st, i++, e->id);
	db_bind_text(st, i++, e->org_id);
	db_bind_text(st, i++, e->actor_id);
	db_bind_text(st, i++, e->actor_label);
	db_bind_text(st, i++, e->object_type);
	db_bind_text(st, i++, e->object_id);
	db_bind_text(st, i++, e->action);
	db_bind_text(st, i++, e->changes);
	db_bind_text(st, i++, e->request_id);
	db_bind_text(st, i++, e->client_addr);
	db_bind_int64(st, i, e->created_at);
	return row_exec(st, 0);
}

int store_audit_list(struct db *db, struct arena *a, const char *org_id, const char *object_id,
                     const char *actor_id, const char *before, int limit, struct audit_event **ret,
                     int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, object_id);
	db_bind_text(st, 3, object_id);
	db_bind_text(st, 4, actor_id);
	db_bind_text(st, 5, actor_id);
	db_bind_text(st, 6, before);
	db_bind_text(st, 7, before);
	db_bind_int64(st, 8, limit);
	struct audit_event *items =
	    arena_alloc(a, sizeof(*items) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, r = 0;
	while (n < limit && (r = db_step(st)) == DB_ROW) {
		struct audit_event *e = &items[n++];
		int i = 0;
		e->id = row_text(a, st, i++);
		e->org_id = row_text(a, st, i++);
		e->actor_id = row_text(a, st, i++);
		e->actor_label = row_text(a, st, i++);
		e->object_type = row_text(a, st, i++);
		e->object_id = row_text(a, st, i++);
		e->action = row_text(a, st, i++);
		e->changes = row_text(a, st, i++);
		e->request_id = row_text(a, st, i++);
		e->client_addr = row_text(a, st, i++);
		e->created_at = db_col_int64(st, i);
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = n;
	return 0;
}
