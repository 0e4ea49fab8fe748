/* sqlite/driver.c: the embedded SQLite backend of db.h.
 *
 * One connection per thread, WAL journal, foreign keys on. SQLite has one
 * writer: the threads of this process queue for it on a mutex, taken at
 * BEGIN IMMEDIATE and given back when the transaction ends, so a waiting
 * thread wakes as soon as the writer is done instead of polling in SQLite's
 * busy handler (which sleeps 1, 2, 5 ... 100 ms between tries). The busy
 * timeout stays for other processes (the CLI next to a server). Prepared
 * statements are cached per connection by the address of their SQL text. */
#include "store/db.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CACHE_SLOTS 512 /* a power of two, well above the number of statements */

struct db_stmt {
	struct db *db;
	sqlite3_stmt *st;
	const char *sql;
};

struct sqlite_db {
	struct db base;
	sqlite3 *h;
	char conflict[128];
	bool writing;                  /* holds write_lock: in a transaction begun for writing */
	const char *keys[CACHE_SLOTS]; /* the SQL of each cache slot, or NULL */
	struct db_stmt cache[CACHE_SLOTS];
};

/* Recursive: one thread may hold write transactions on two connections
 * (switchboard copy between two SQLite files). */
static pthread_mutex_t write_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
/* How long a writer waits, for another process (SQLite's busy handler) or
 * for another thread of this one (write_lock; an import job holds it for the
 * whole file): past it the request answers 503 instead of hanging. */
#define BUSY_TIMEOUT_MS 10000

/* Gives the write lock back once d's transaction has ended, however it
 * ended (COMMIT, ROLLBACK, or SQLite rolling back by itself). */
static void write_end_check(struct sqlite_db *d)
{
	if (d->writing && sqlite3_get_autocommit(d->h)) {
		d->writing = false;
		pthread_mutex_unlock(&write_lock);
	}
}

/* SQLite's memory statistics are off: with them every allocation of every
 * connection takes one process-wide mutex, which two cores serving reads
 * spent a fifth of their time waiting on and waking from (GET user 7,800/s
 * with them, 10,000/s without). Without them there is no process-wide
 * heap limit; each connection's page cache is bounded instead (sq_open). */
static pthread_once_t memory_once = PTHREAD_ONCE_INIT;

static void memory_stats_off(void)
{
	/* before the first connection, or SQLite refuses it (SQLITE_MISUSE) */
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		log_msg(LOG_WARN, "SQLite memory statistics stay on", NULL);
}

static struct sqlite_db *S(struct db *db)
{
	return (struct sqlite_db *)db;
}

static int map_rc(struct sqlite_db *d, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
		return 0;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
			/* "UNIQUE constraint failed: users.email_norm" */
			const char *m = sqlite3_errmsg(d->h), *c = strchr(m, ':');
			snprintf(d->conflict, sizeof(d->conflict), "%s", c ? c + 2 : m);
			return -EEXIST;
		}
		return -EINVAL;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_IOERR:
		/* A write, a truncate or the shared memory file that could not
		 * grow (SQLITE_FULL covers most, not all of them). */
		return sqlite3_system_errno(d->h) == ENOSPC ? -ENOSPC : -EIO;
	default:
		return -EIO;
	}
}

static int sq_open(const char *path, struct db **ret)
{
	struct sqlite_db *d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->base.drv = &db_sqlite_driver;
	pthread_once(&memory_once, memory_stats_off);
	int rc = sqlite3_open_v2(
	    path, &d->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(d->h);
		free(d);
		return -EIO;
	}
	sqlite3_busy_timeout(d->h, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(d->h, 1);
	/* Page caches of 2 MiB (SQLite's default): a connection a thread, so
	 * eight connections hold 16 MiB at most. Reads go through a memory map
	 * of the file (up to 2 GiB, SQLite's largest on a 64-bit build)
	 * instead of a pread(2) per page, and a page read from the map takes
	 * no room in the cache: the mapped pages are the kernel's page cache,
	 * shared by every connection and counted in RssFile, not in the
	 * anonymous memory the process owns (RssAnon, the target), and the
	 * kernel drops them under pressure. Hot reads cost neither a system
	 * call nor a copy; the cache holds what transactions change. */
	const char *setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	                    "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
	                    "PRAGMA cache_size=-2048; PRAGMA mmap_size=2147418112;";
	if (sqlite3_exec(d->h, setup, NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(d->h);
		free(d);
		return -EIO;
	}
	*ret = &d->base;
	return 0;
}

static void sq_close(struct db *db)
{
	struct sqlite_db *d = S(db);
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		sqlite3_finalize(d->cache[i].st);
	sqlite3_close(d->h);
	if (d->writing)
		pthread_mutex_unlock(&write_lock);
	free(d);
}

static int sq_exec(struct db *db, const char *sql)
{
	struct sqlite_db *d = S(db);
	int r = map_rc(d, sqlite3_exec(d->h, sql, NULL, NULL, NULL));
	write_end_check(d);
	return r;
}

static int sq_begin(struct db *db, bool write)
{
	struct sqlite_db *d = S(db);
	if (!write)
		return sq_exec(db, "BEGIN");
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += BUSY_TIMEOUT_MS / 1000;
	if (pthread_mutex_timedlock(&write_lock, &until) != 0)
		return -EBUSY;
	int r = map_rc(d, sqlite3_exec(d->h, "BEGIN IMMEDIATE", NULL, NULL, NULL));
	if (r < 0)
		pthread_mutex_unlock(&write_lock);
	else
		d->writing = true;
	return r;
}

static int sq_savepoint(struct db *db, const char *op, const char *name)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "%s %s", op, name);
	return sq_exec(db, sql);
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **ret)
{
	struct sqlite_db *d = S(db);
	int i = db_cache_slot(d->keys, CACHE_SLOTS, sql);
	if (i < 0)
		return i;
	struct db_stmt *c = &d->cache[i];
	if (!d->keys[i]) {
		int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL);
		if (rc != SQLITE_OK)
			return map_rc(d, rc) ? map_rc(d, rc) : -EIO;
		c->db = db;
		c->sql = sql;
		d->keys[i] = sql;
	}
	*ret = c;
	return 0;
}

/* A statement of text made for one query (a SCIM filter's): not cached,
 * freed by sq_finalize. */
static int sq_prepare_once(struct db *db, const char *sql, struct db_stmt **ret)
{
	struct sqlite_db *d = S(db);
	struct db_stmt *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	int rc = sqlite3_prepare_v2(d->h, sql, -1, &c->st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(c->st);
		free(c);
		return map_rc(d, rc) ? map_rc(d, rc) : -EIO;
	}
	c->db = db;
	c->sql = sql;
	*ret = c;
	return 0;
}

static void sq_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->st);
	free(st);
}

static int sq_bind_text(struct db_stmt *st, int i, const char *v)
{
	return map_rc(S(st->db), sqlite3_bind_text(st->st, i, v, -1, SQLITE_TRANSIENT));
}

static int sq_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	return map_rc(S(st->db), sqlite3_bind_int64(st->st, i, v));
}

static int sq_bind_null(struct db_stmt *st, int i)
{
	return map_rc(S(st->db), sqlite3_bind_null(st->st, i));
}

static int sq_step(struct db_stmt *st)
{
	return map_rc(S(st->db), sqlite3_step(st->st));
}

static const char *sq_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

static int64_t sq_col_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

static bool sq_col_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int64_t sq_changes(struct db_stmt *st)
{
	return sqlite3_changes64(S(st->db)->h);
}

static void sq_reset(struct db_stmt *st)
{
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

static const char *sq_errmsg(struct db *db)
{
	return sqlite3_errmsg(S(db)->h);
}

static const char *sq_conflict(struct db *db)
{
	return S(db)->conflict;
}

/* Copies all pages from `from` to `to` with the online backup API: readers
 * and writers of `from` carry on; the copy is one consistent snapshot. */
static int copy_pages(struct sqlite_db *d, sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return -EIO;
	int rc;
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		sqlite3_sleep(5);
	int fin = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE || fin != SQLITE_OK) {
		snprintf(d->conflict, sizeof(d->conflict), "%s", sqlite3_errmsg(to));
		return -EIO;
	}
	return 0;
}

/* Whether the database file at h passes PRAGMA integrity_check. */
static bool intact(sqlite3 *h)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return false;
	bool ok = sqlite3_step(st) == SQLITE_ROW &&
	          strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok;
}

/* A backup holds every hash and sealed secret: it is made as a new file
 * only its owner reads (0600), never over an existing file and never
 * through a symbolic link (O_EXCL refuses both), and SQLite then opens
 * that file, refusing a link put in its place meanwhile. -EEXIST when
 * dest exists. */
static int sq_backup(struct db *db, const char *dest)
{
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? -EEXIST : -EIO;
	close(fd);
	sqlite3 *to;
	if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(to);
		return -EIO;
	}
	int r = copy_pages(S(db), to, S(db)->h);
	if (r == 0 && !intact(to))
		r = -EIO;
	sqlite3_close(to);
	return r;
}

/* Replaces the whole database with the backup at src, after checking it. */
static int sq_restore(struct db *db, const char *src)
{
	sqlite3 *from;
	if (sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(from);
		return -ENOENT;
	}
	int r = intact(from) ? copy_pages(S(db), S(db)->h, from) : -EINVAL;
	sqlite3_close(from);
	return r;
}

/* Plain tables only: a search index (an FTS5 virtual table and its shadow
 * tables) is rebuilt by its triggers from the rows copied into users. */
static const char SQL_TABLES[] = "SELECT name FROM pragma_table_list WHERE schema = 'main' "
                                 "AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                 "ORDER BY name";
static const char SQL_COLUMNS[] = "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid";

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .begin = sq_begin,
    .prepare = sq_prepare,
    .prepare_once = sq_prepare_once,
    .finalize = sq_finalize,
    .bind_text = sq_bind_text,
    .bind_int64 = sq_bind_int64,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_text = sq_col_text,
    .tables_sql = SQL_TABLES,
    .columns_sql = SQL_COLUMNS,
    .col_int64 = sq_col_int64,
    .col_null = sq_col_null,
    .changes = sq_changes,
    .reset = sq_reset,
    .errmsg = sq_errmsg,
    .conflict = sq_conflict,
    .lock_migrations = NULL,
    .backup = sq_backup,
    .restore = sq_restore,
    .savepoint = sq_savepoint,
};
