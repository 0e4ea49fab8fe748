/* schedules.c: an organization's schedules (office hours and holidays). */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

#define SCHEDULE_SELECT                                                                            \
	"SELECT id, org_id, name, name_norm, timezone, hours, exceptions, holidays, created_at, "  \
	"updated_at FROM schedules "

static const char SQL_INSERT[] =
    "INSERT INTO schedules (id, org_id, name, name_norm, timezone, hours, exceptions, "
    "holidays, created_at, updated_at) VALUES (?, ?, ?, lower(?), ?, ?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] =
    "UPDATE schedules SET name = ?, name_norm = lower(?), timezone = ?, hours = ?, "
    "exceptions = ?, holidays = ?, updated_at = ? WHERE id = ? AND org_id = ?";
static const char SQL_DELETE[] = "DELETE FROM schedules WHERE id = ? AND org_id = ?";
static const char SQL_GET[] = SCHEDULE_SELECT "WHERE id = ? AND org_id = ?";
static const char SQL_LIST[] =
    SCHEDULE_SELECT "WHERE org_id = ? AND name_norm > ? ORDER BY name_norm LIMIT ?";

/* The columns from name on, as INSERT and UPDATE bind them from first. */
static int bind_doc(struct db_stmt *st, int first, const struct schedule *s)
{
	db_bind_text(st, first, s->name);
	db_bind_text(st, first + 1, s->name);
	db_bind_text(st, first + 2, s->timezone);
	db_bind_text(st, first + 3, s->hours);
	db_bind_text(st, first + 4, s->exceptions);
	db_bind_text(st, first + 5, s->holidays);
	return first + 6;
}

int store_schedule_insert(struct db *db, const struct schedule *s)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, s->id);
	db_bind_text(st, 2, s->org_id);
	int i = bind_doc(st, 3, s);
	db_bind_int64(st, i, s->created_at);
	db_bind_int64(st, i + 1, s->updated_at);
	return row_exec(st, 0);
}

int store_schedule_update(struct db *db, const struct schedule *s)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	int i = bind_doc(st, 1, s);
	db_bind_int64(st, i, s->updated_at);
	db_bind_text(st, i + 1, s->id);
	db_bind_text(st, i + 2, s->org_id);
	return row_exec(st, 1);
}

int store_schedule_delete(struct db *db, const char *org_id, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

static void read_schedule(struct arena *a, struct db_stmt *st, void *rec)
{
	struct schedule *s = rec;
	s->id = row_text(a, st, 0);
	s->org_id = row_text(a, st, 1);
	s->name = row_text(a, st, 2);
	s->name_norm = row_text(a, st, 3);
	s->timezone = row_text(a, st, 4);
	s->hours = row_text(a, st, 5);
	s->exceptions = row_text(a, st, 6);
	s->holidays = row_text(a, st, 7);
	s->created_at = db_col_int64(st, 8);
	s->updated_at = db_col_int64(st, 9);
}

int store_schedule_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                       struct schedule *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	int r = db_step(st);
	if (r == DB_ROW)
		read_schedule(a, st, ret);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_schedule_list(struct db *db, struct arena *a, const char *org_id, const char *after,
                        int limit, struct schedule **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, after ? after : "");
	db_bind_int64(st, 3, limit);
	void *page;
	int r = row_list(a, st, read_schedule, sizeof(struct schedule), limit, &page, ret_n);
	if (r == 0)
		*ret = page;
	return r;
}
