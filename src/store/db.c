/* db.c: backend selection and the thin wrappers over a driver. */
#include "store/db.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int db_open(const char *url, struct db **ret)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return db_pg_driver.open(url, ret);
	return db_sqlite_driver.open(url, ret);
}

int db_cache_slot(const char *const *keys, size_t slots, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15u;
	for (size_t n = 0, i = (h >> 20) & (slots - 1); n < slots; n++, i = (i + 1) & (slots - 1))
		if (keys[i] == sql || !keys[i])
			return (int)i;
	return -ENOBUFS;
}

static atomic_bool storage_full;

bool db_storage_full(void)
{
	return atomic_load(&storage_full);
}

/* Notes a failure of db for lack of space; returns r. */
static int note(struct db *db, int r)
{
	if (r == -ENOSPC) {
		atomic_store(&storage_full, true);
		db->tx_full = db->tx_depth > 0;
		snprintf(db->full_msg, sizeof(db->full_msg), "%s", db->drv->errmsg(db));
	}
	return r;
}

/* The connection db's statements run on: the shared one during a shared
 * write transaction. */
static struct db *T(struct db *db)
{
	return db->via ? db->via : db;
}

void db_close(struct db *db)
{
	if (db)
		db->drv->close(db);
}

/* The statement's first member is always its connection. */
struct db_stmt {
	struct db *db;
};

int db_exec(struct db *db, const char *sql)
{
	db = T(db);
	return note(db, db->drv->exec(db, sql));
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **ret)
{
	db = T(db);
	return db->drv->prepare(db, sql, ret);
}

int db_prepare_once(struct db *db, const char *sql, struct db_stmt **ret)
{
	db = T(db);
	return db->drv->prepare_once(db, sql, ret);
}

void db_finalize(struct db_stmt *st)
{
	if (st)
		st->db->drv->finalize(st);
}

int db_bind_text(struct db_stmt *st, int i, const char *v)
{
	return v ? st->db->drv->bind_text(st, i, v) : st->db->drv->bind_null(st, i);
}

int db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	return st->db->drv->bind_int64(st, i, v);
}

int db_bind_bool(struct db_stmt *st, int i, bool v)
{
	return st->db->drv->bind_int64(st, i, v ? 1 : 0);
}

int db_step(struct db_stmt *st)
{
	return note(st->db, st->db->drv->step(st));
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return st->db->drv->col_text(st, col);
}

int64_t db_col_int64(struct db_stmt *st, int col)
{
	return st->db->drv->col_int64(st, col);
}

bool db_col_null(struct db_stmt *st, int col)
{
	return st->db->drv->col_null(st, col);
}

int64_t db_changes(struct db_stmt *st)
{
	return st->db->drv->changes(st);
}

void db_reset(struct db_stmt *st)
{
	st->db->drv->reset(st);
}

const char *db_errmsg(struct db *db)
{
	db = T(db);
	return db->drv->errmsg(db);
}

const char *db_conflict(struct db *db)
{
	db = T(db);
	return db->drv->conflict(db);
}

int db_begin(struct db *db, bool write)
{
	db = T(db);
	if (db->tx_depth++ > 0)
		return 0;
	db->tx_write = write;
	db->tx_full = false;
	int r = db->drv->begin(db, write);
	if (r < 0)
		db->tx_depth = 0;
	return r;
}

int db_begin_shared(struct db *db)
{
	if (db->tx_depth > 0 || db->via || !db->drv->begin_shared)
		return db_begin(db, true);
	struct db *w;
	int r = db->drv->begin_shared(db, &w);
	if (r == -ENOTSUP)
		return db_begin(db, true);
	if (r < 0)
		return note(db, r);
	w->tx_depth = 1;
	w->tx_write = true;
	w->tx_full = false;
	db->via = w;
	return 0;
}

/* Ends the part of db in the shared transaction on w: kept or undone. */
static int end_shared(struct db *db, struct db *w, bool keep)
{
	db->via = NULL;
	w->tx_depth = 0;
	if (w->tx_full) /* this part's own statement failed for lack of space */
		memcpy(db->full_msg, w->full_msg, sizeof(db->full_msg));
	int r = w->drv->end_shared(db, w, keep);
	if (keep && r == 0)
		atomic_store(&storage_full, false);
	return r;
}

int db_commit(struct db *db)
{
	struct db *w = T(db);
	if (w != db) {
		if (--w->tx_depth > 0)
			return 0;
		if (w->tx_full) {
			end_shared(db, w, false);
			return -ENOSPC;
		}
		return end_shared(db, w, true);
	}
	if (db->tx_depth == 0)
		return -EINVAL;
	if (--db->tx_depth > 0)
		return 0;
	if (db->tx_full) {
		db_exec(db, "ROLLBACK");
		return -ENOSPC;
	}
	int r = db_exec(db, "COMMIT");
	if (r < 0)
		db_exec(db, "ROLLBACK");
	else if (db->tx_write)
		atomic_store(&storage_full, false);
	return r;
}

void db_rollback(struct db *db)
{
	if (db->via) {
		end_shared(db, db->via, false);
		return;
	}
	if (db->tx_depth == 0)
		return;
	db->tx_depth = 0;
	db_exec(db, "ROLLBACK");
}

/* Whether name may be a savepoint's: an identifier both backends take
 * unquoted, so it goes into the statement text as it is. */
static bool savepoint_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > DB_SAVEPOINT_MAX || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_'))
			return false;
	}
	return true;
}

static int savepoint_op(struct db *db, const char *op, const char *name)
{
	db = T(db);
	if (db->tx_depth == 0 || !savepoint_name_ok(name))
		return -EINVAL;
	return note(db, db->drv->savepoint(db, op, name));
}

int db_savepoint(struct db *db, const char *name)
{
	return savepoint_op(db, "SAVEPOINT", name);
}

int db_release(struct db *db, const char *name)
{
	return savepoint_op(db, "RELEASE SAVEPOINT", name);
}

int db_rollback_to(struct db *db, const char *name)
{
	return savepoint_op(db, "ROLLBACK TO SAVEPOINT", name);
}

int64_t db_run(struct db *db, const char *sql, ...)
{
	struct db_stmt *st;
	int r = db_prepare(db, sql, &st);
	if (r < 0)
		return r;
	va_list ap;
	va_start(ap, sql);
	int i = 1;
	for (const char *v; (v = va_arg(ap, const char *)) != NULL; i++)
		db_bind_text(st, i, v);
	va_end(ap);
	r = db_step(st);
	int64_t n = r < 0 ? r : db_changes(st);
	db_reset(st);
	return n;
}
