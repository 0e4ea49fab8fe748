/* store.c: per-thread connections and schema migrations. */
#include "store/store.h"
#include "store/rows.h"
#include "base/embedded.h"
#include "base/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

/* Each thread keeps one connection; a thread-specific key closes it when the
 * thread ends, so pool threads leave nothing behind. */
static pthread_key_t conn_key;
static pthread_once_t conn_once = PTHREAD_ONCE_INIT;

struct thread_conn {
	struct db *db;
	const struct store *store;
};

static void conn_destroy(void *p)
{
	struct thread_conn *tc = p;
	db_close(tc->db);
	free(tc);
}

static void conn_key_init(void)
{
	pthread_key_create(&conn_key, conn_destroy);
}

int store_init(struct store *s, const char *url)
{
	memset(s, 0, sizeof(*s));
	s->url = strdup(url);
	if (!s->url)
		return -ENOMEM;
	s->postgres =
	    strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
	return 0;
}

void store_release(struct store *s)
{
	free(s->url);
	s->url = NULL;
}

bool store_writes_concurrently(const struct store *s)
{
	return s->postgres;
}

struct db *store_conn(struct store *s)
{
	pthread_once(&conn_once, conn_key_init);
	struct thread_conn *tc = pthread_getspecific(conn_key);
	if (tc && tc->store == s && tc->db &&
	    (!tc->db->drv->healthy || tc->db->drv->healthy(tc->db)))
		return tc->db;
	store_conn_close();
	tc = calloc(1, sizeof(*tc));
	if (!tc)
		return NULL;
	if (db_open(s->url, &tc->db) < 0) {
		free(tc);
		return NULL;
	}
	tc->store = s;
	pthread_setspecific(conn_key, tc);
	return tc->db;
}

void store_conn_close(void)
{
	pthread_once(&conn_once, conn_key_init);
	struct thread_conn *tc = pthread_getspecific(conn_key);
	if (tc) {
		pthread_setspecific(conn_key, NULL);
		conn_destroy(tc);
	}
}

static const char SQL_MIG_TABLE[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                    "applied_at BIGINT NOT NULL)";
static const char SQL_MIG_MAX[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char SQL_MIG_ADD[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";

int store_schema_version(struct db *db)
{
	struct db_stmt *st;
	int r = db_prepare(db, SQL_MIG_MAX, &st);
	if (r < 0)
		return r;
	r = db_step(st);
	int v = r == DB_ROW ? (int)db_col_int64(st, 0) : r;
	db_reset(st);
	return v;
}

/* Moved and moved back: a value written as it was would not reach the
 * disk (SQLite leaves an unchanged page clean). */
static const char SQL_PROBE_UP[] = "UPDATE schema_migrations SET applied_at = applied_at + 1 "
                                   "WHERE version = (SELECT MAX(version) FROM schema_migrations)";
static const char SQL_PROBE_DOWN[] = "UPDATE schema_migrations SET applied_at = applied_at - 1 "
                                     "WHERE version = (SELECT MAX(version) FROM schema_migrations)";

int store_write_probe(struct db *db)
{
	int r = db_begin(db, true);
	if (r < 0)
		return r;
	int64_t n = db_run(db, SQL_PROBE_UP, NULL);
	if (n >= 0)
		n = db_run(db, SQL_PROBE_DOWN, NULL);
	if (n < 0) {
		db_rollback(db);
		return (int)n;
	}
	return db_commit(db);
}

#define SEARCH_MIGRATION 22 /* 022_search: users.search_text */

int store_migrate(struct store *s, struct db *db)
{
	int r = db_exec(db, SQL_MIG_TABLE);
	if (r < 0)
		return r;
	if (db->drv->lock_migrations && (r = db->drv->lock_migrations(db, true)) < 0)
		return r;
	int applied = 0;
	int current = store_schema_version(db);
	if (current < 0) {
		r = current;
		goto out;
	}
	int before = current;
	/* Files are named NNN_name.sql and listed in order. A backend may
	 * carry its own variant, named NNN_name.<backend>.sql, which wins. */
	const char *backend = s->postgres ? "postgres" : "sqlite";
	for (const struct embedded_file *f = embedded_migrations; f->name; f++) {
		int version = atoi(f->name);
		if (version <= current)
			continue;
		const char *dot = strchr(f->name, '.');
		if (dot && strcmp(dot, ".sql") != 0) {
			/* a backend-specific file: only for its backend */
			if (strncmp(dot + 1, backend, strlen(backend)) != 0)
				continue;
		} else {
			/* the portable file: skipped when a variant exists */
			bool variant = false;
			for (const struct embedded_file *g = embedded_migrations; g->name; g++)
				if (g != f && atoi(g->name) == version && strstr(g->name, backend))
					variant = true;
			if (variant)
				continue;
		}
		if ((r = db_begin(db, true)) < 0)
			goto out;
		r = db_exec(db, (const char *)f->data);
		if (r >= 0) {
			char v[16], now[24];
			snprintf(v, sizeof(v), "%d", version);
			snprintf(now, sizeof(now), "%lld", (long long)time_now_ms());
			r = (int)db_run(db, SQL_MIG_ADD, v, f->name, now, NULL);
		}
		if (r < 0) {
			/* the rollback clears the database's message: kept first */
			snprintf(s->migrate_error, sizeof(s->migrate_error), "%s: %s", f->name,
			         db_errmsg(db));
			db_rollback(db);
			goto out;
		}
		if ((r = db_commit(db)) < 0)
			goto out;
		applied++;
		current = version;
	}
	/* Users that existed before their search documents (022_search) get
	 * theirs, built by the same code as every write's. */
	if (before < SEARCH_MIGRATION && current >= SEARCH_MIGRATION) {
		if ((r = db_begin(db, true)) < 0)
			goto out;
		if ((r = store_search_backfill(db)) < 0) {
			snprintf(s->migrate_error, sizeof(s->migrate_error), "search backfill: %s",
			         db_errmsg(db));
			db_rollback(db);
			goto out;
		}
		if ((r = db_commit(db)) < 0)
			goto out;
	}
	r = applied;
out:
	if (db->drv->lock_migrations)
		db->drv->lock_migrations(db, false);
	return r;
}
