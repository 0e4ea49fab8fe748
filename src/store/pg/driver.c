/* pg/driver.c: the PostgreSQL backend of db.h, on libpq.
 *
 * SQL arrives in the portable form with `?` placeholders; it is rewritten to
 * $1, $2, ... once, prepared once per connection (named s0, s1, ...) and
 * cached by the address of its text. Parameters travel as text and
 * PostgreSQL infers their types from the statement. A connection that
 * breaks (the server restarted) answers -EBUSY and reports itself
 * unhealthy, so the store opens a new one on the next request. */
#include "store/db.h"

#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 512
#define MAX_PARAMS 64 /* the page-wide loads bind STORE_PAGE_IDS (50) ids and one more */

struct db_stmt {
	struct db *db;
	const char *sql;
	char name[16];
	int n_params;
	char *params[MAX_PARAMS];
	PGresult *res;
	int row, n_rows;
	int64_t changes;
	bool done;
};

struct pg_db {
	struct db base;
	PGconn *conn;
	int n_prepared;
	char errmsg[256];
	char conflict[128];
	const char *keys[CACHE_SLOTS]; /* the SQL of each cache slot, or NULL */
	struct db_stmt cache[CACHE_SLOTS];
};

static struct pg_db *P(struct db *db)
{
	return (struct pg_db *)db;
}

static void set_err(struct pg_db *d, const char *msg)
{
	snprintf(d->errmsg, sizeof(d->errmsg), "%s", msg ? msg : "");
	size_t n = strlen(d->errmsg);
	while (n && (d->errmsg[n - 1] == '\n' || d->errmsg[n - 1] == ' '))
		d->errmsg[--n] = 0;
}

/* Maps a failed result to a negative errno and remembers why. */
static int map_result(struct pg_db *d, PGresult *res)
{
	if (!res || PQstatus(d->conn) != CONNECTION_OK) {
		set_err(d, PQerrorMessage(d->conn));
		return -EBUSY;
	}
	set_err(d, PQresultErrorMessage(res));
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (!state)
		return -EIO;
	if (strcmp(state, "23505") == 0) { /* unique_violation */
		const char *c = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
		snprintf(d->conflict, sizeof(d->conflict), "%s", c ? c : "");
		return -EEXIST;
	}
	if (strncmp(state, "23", 2) == 0) /* other integrity violations */
		return -EINVAL;
	if (strcmp(state, "53100") == 0) /* disk_full */
		return -ENOSPC;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0 || strncmp(state, "57P", 3) == 0 ||
	    strncmp(state, "08", 2) == 0)
		return -EBUSY; /* serialization, deadlock, lock, shutdown, connection */
	return -EIO;
}

static int pg_open(const char *url, struct db **ret)
{
	struct pg_db *d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->base.drv = &db_pg_driver;
	d->conn = PQconnectdb(url);
	if (PQstatus(d->conn) != CONNECTION_OK) {
		PQfinish(d->conn);
		free(d);
		return -ECONNREFUSED;
	}
	PGresult *r = PQexec(d->conn, "SET client_min_messages = warning; SET TIME ZONE 'UTC'");
	PQclear(r);
	*ret = &d->base;
	return 0;
}

static void stmt_clear(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	for (int i = 0; i < MAX_PARAMS; i++) {
		free(st->params[i]);
		st->params[i] = NULL;
	}
	st->row = st->n_rows = 0;
	st->done = false;
}

static void pg_close(struct db *db)
{
	struct pg_db *d = P(db);
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (d->keys[i])
			stmt_clear(&d->cache[i]);
	PQfinish(d->conn);
	free(d);
}

static int pg_exec(struct db *db, const char *sql)
{
	struct pg_db *d = P(db);
	PGresult *res = PQexec(d->conn, sql);
	ExecStatusType s = PQresultStatus(res);
	int r = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 : map_result(d, res);
	PQclear(res);
	return r;
}

static int pg_begin(struct db *db, bool write)
{
	(void)write;
	return pg_exec(db, "BEGIN");
}

static int pg_savepoint(struct db *db, const char *op, const char *name)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "%s %s", op, name);
	return pg_exec(db, sql);
}

/* The portable SQL with each ? outside quotes replaced by $n; malloc'd. */
static char *rewrite(const char *sql, int *ret_n)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 4 + 1), *o = out;
	if (!out)
		return NULL;
	int n = 0;
	bool quoted = false;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'')
			quoted = !quoted;
		if (*p == '?' && !quoted)
			o += sprintf(o, "$%d", ++n);
		else
			*o++ = *p;
	}
	*o = 0;
	*ret_n = n;
	return out;
}

/* Prepares sql (with ? rewritten) under name; its number of parameters in
 * *ret_n. */
static int prepare_as(struct pg_db *d, const char *name, const char *sql, int *ret_n)
{
	int np;
	char *text = rewrite(sql, &np);
	if (!text)
		return -ENOMEM;
	if (np > MAX_PARAMS) {
		free(text);
		return -E2BIG;
	}
	PGresult *res = PQprepare(d->conn, name, text, 0, NULL);
	free(text);
	int r = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : map_result(d, res);
	PQclear(res);
	if (r == 0)
		*ret_n = np;
	return r;
}

static int pg_prepare(struct db *db, const char *sql, struct db_stmt **ret)
{
	struct pg_db *d = P(db);
	int i = db_cache_slot(d->keys, CACHE_SLOTS, sql);
	if (i < 0)
		return i;
	struct db_stmt *c = &d->cache[i];
	if (!d->keys[i]) {
		int np = 0;
		char name[16];
		snprintf(name, sizeof(name), "s%d", d->n_prepared);
		int r = prepare_as(d, name, sql, &np);
		if (r < 0)
			return r;
		d->n_prepared++;
		memset(c, 0, sizeof(*c));
		c->db = db;
		c->sql = sql;
		c->n_params = np;
		memcpy(c->name, name, sizeof(name));
		d->keys[i] = sql;
	}
	*ret = c;
	return 0;
}

/* A statement of text made for one query (a SCIM filter's): PostgreSQL's
 * unnamed statement, replaced by the next one; freed by pg_finalize. */
static int pg_prepare_once(struct db *db, const char *sql, struct db_stmt **ret)
{
	int np = 0;
	int r = prepare_as(P(db), "", sql, &np);
	if (r < 0)
		return r;
	struct db_stmt *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->db = db;
	c->sql = sql;
	c->n_params = np;
	*ret = c;
	return 0;
}

static void pg_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	stmt_clear(st);
	free(st);
}

static int set_param(struct db_stmt *st, int i, char *v)
{
	if (i < 1 || i > st->n_params) {
		free(v);
		return -ERANGE;
	}
	free(st->params[i - 1]);
	st->params[i - 1] = v;
	return 0;
}

static int pg_bind_text(struct db_stmt *st, int i, const char *v)
{
	char *copy = strdup(v);
	return copy ? set_param(st, i, copy) : -ENOMEM;
}

static int pg_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	char *s;
	if (asprintf(&s, "%" PRId64, v) < 0)
		return -ENOMEM;
	return set_param(st, i, s);
}

static int pg_bind_null(struct db_stmt *st, int i)
{
	return set_param(st, i, NULL);
}

static int pg_step(struct db_stmt *st)
{
	struct pg_db *d = P(st->db);
	if (!st->res && !st->done) {
		st->res = PQexecPrepared(d->conn, st->name, st->n_params,
		                         (const char *const *)st->params, NULL, NULL, 0);
		ExecStatusType s = PQresultStatus(st->res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			int r = map_result(d, st->res);
			PQclear(st->res);
			st->res = NULL;
			st->done = true;
			return r;
		}
		st->n_rows = PQntuples(st->res);
		const char *t = PQcmdTuples(st->res);
		st->changes = t && *t ? strtoll(t, NULL, 10) : 0;
		st->row = -1;
	}
	if (!st->res)
		return DB_DONE;
	if (++st->row < st->n_rows)
		return DB_ROW;
	return DB_DONE;
}

static const char *pg_col_text(struct db_stmt *st, int col)
{
	if (!st->res || PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

static int64_t pg_col_int64(struct db_stmt *st, int col)
{
	const char *v = pg_col_text(st, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

static bool pg_col_null(struct db_stmt *st, int col)
{
	return !st->res || PQgetisnull(st->res, st->row, col);
}

static int64_t pg_changes(struct db_stmt *st)
{
	return st->changes;
}

static void pg_reset(struct db_stmt *st)
{
	stmt_clear(st);
}

static const char *pg_errmsg(struct db *db)
{
	return P(db)->errmsg;
}

static const char *pg_conflict(struct db *db)
{
	return P(db)->conflict;
}

static int pg_lock_migrations(struct db *db, bool lock)
{
	/* The key is any constant the installation does not use otherwise. */
	return pg_exec(db, lock ? "SELECT pg_advisory_lock(74159265)"
	                        : "SELECT pg_advisory_unlock(74159265)");
}

static bool pg_healthy(struct db *db)
{
	return PQstatus(P(db)->conn) == CONNECTION_OK;
}

/* The public schema's tables and columns, with their place in the primary
 * key (information_schema, in ordinal order). */
static const char SQL_TABLES[] = "SELECT table_name FROM information_schema.tables "
                                 "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                                 "ORDER BY table_name";
static const char SQL_COLUMNS[] =
    "SELECT c.column_name, COALESCE(k.ordinal_position, 0) FROM information_schema.columns c "
    "LEFT JOIN information_schema.table_constraints t ON t.table_schema = c.table_schema "
    "AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY' "
    "LEFT JOIN information_schema.key_column_usage k ON k.constraint_schema = "
    "t.constraint_schema AND k.constraint_name = t.constraint_name "
    "AND k.table_name = c.table_name AND k.column_name = c.column_name "
    "WHERE c.table_schema = 'public' AND c.table_name = ? ORDER BY c.ordinal_position";

const struct db_driver db_pg_driver = {
    .name = "postgres",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .begin = pg_begin,
    .prepare = pg_prepare,
    .prepare_once = pg_prepare_once,
    .finalize = pg_finalize,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_text = pg_col_text,
    .col_int64 = pg_col_int64,
    .col_null = pg_col_null,
    .changes = pg_changes,
    .reset = pg_reset,
    .errmsg = pg_errmsg,
    .conflict = pg_conflict,
    .lock_migrations = pg_lock_migrations,
    .healthy = pg_healthy,
    .savepoint = pg_savepoint,
    .tables_sql = SQL_TABLES,
    .columns_sql = SQL_COLUMNS,
};
