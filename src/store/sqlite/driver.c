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
	bool writing;                  /* in a solo write transaction: holds the write alone */
	const char *keys[CACHE_SLOTS]; /* the SQL of each cache slot, or NULL */
	struct db_stmt cache[CACHE_SLOTS];
};

/* How long a writer waits, for another process (SQLite's busy handler) or
 * for another thread of this one (an import job holds the write for the
 * whole file): past it the request answers 503 instead of hanging. */
#define BUSY_TIMEOUT_MS 10000
/* The most transactions one shared commit carries. Each member is a thread
 * waiting for the commit, so the server's worker threads bound it first. */
#define GROUP_MAX 64
/* The savepoint a member's part of a shared transaction runs in. */
#define MEMBER_SAVEPOINT "sb_group_member"

/* A member of the shared transaction waiting for its commit. */
struct member {
	struct member *next;
	struct db *db; /* its connection, told why when the commit fails */
	int result;
	bool done;
};

/* The write: SQLite has one writer per database, so the threads of this
 * process queue for it here, each waking as soon as it may go on, instead of
 * polling in SQLite's busy handler (which sleeps 1, 2, 5 ... 100 ms between
 * tries). It is held in one of two ways:
 * - solo: a connection's own write transaction (BEGIN IMMEDIATE ... COMMIT
 *   on it), held by its thread, which may hold it again for a second
 *   connection (switchboard copy between two SQLite files);
 * - shared (group commit): the shared connection `w` holds one transaction
 *   open, and threads take turns running their transactions in it, each in
 *   a savepoint, which is released (kept) or rolled back (undone). A member
 *   whose part is done hands the connection to the next thread waiting to
 *   join and waits; the member that finds no one waiting (or a solo writer
 *   waiting, or GROUP_MAX members) commits for all, and each member's
 *   db_commit then answers the commit's outcome. Nobody is answered before
 *   the commit that holds their writes, and a commit that fails fails every
 *   member. Whoever finds the shared transaction idle and closed to them
 *   (open, no thread in it, and they may not join) commits it, so it never
 *   stays open for want of a committer.
 * One database at a time shares commits: while its shared transaction is
 * open, another file's shared transactions are solo ones. */
static struct {
	pthread_mutex_t m;
	pthread_cond_t cv; /* broadcast on every change below */
	bool solo;
	pthread_t solo_thread;
	int solo_depth;
	int wait_solo, wait_member;     /* threads waiting for the write */
	struct sqlite_db *w;            /* the shared connection, opened at first use */
	char *path;                     /* its database file */
	bool open;                      /* w is in a transaction */
	bool busy;                      /* a thread is using w (its part, or the commit) */
	int members;                    /* in the list below */
	struct member *list;            /* members whose part is done and kept */
	uint64_t commits, transactions; /* shared commits, and members they carried */
} wr = {.m = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void deadline(struct timespec *until)
{
	clock_gettime(CLOCK_REALTIME, until);
	until->tv_sec += BUSY_TIMEOUT_MS / 1000;
}

static void flush(bool have_busy);
static bool may_join(void);

/* Waits, with wr.m held, until ready() (0), or -EBUSY after BUSY_TIMEOUT_MS.
 * A shared transaction found open and idle meanwhile is committed: ready()
 * is false while it is open to this waiter, so nobody else would. */
static int wait_for(bool (*ready)(void))
{
	struct timespec until;
	deadline(&until);
	while (!ready()) {
		if (wr.open && !wr.busy) {
			flush(false);
			continue;
		}
		if (pthread_cond_timedwait(&wr.cv, &wr.m, &until) == ETIMEDOUT)
			return -EBUSY;
	}
	return 0;
}

/* Whether a solo writer may take the write: nobody holds it, and no shared
 * transaction is open or about to begin. */
static bool solo_may_take(void)
{
	return !wr.solo && !wr.open && !wr.busy;
}

/* Takes the write for a solo transaction of this thread: -EBUSY after
 * BUSY_TIMEOUT_MS. */
static int solo_take(void)
{
	pthread_mutex_lock(&wr.m);
	if (wr.solo && pthread_equal(wr.solo_thread, pthread_self())) {
		wr.solo_depth++;
		pthread_mutex_unlock(&wr.m);
		return 0;
	}
	wr.wait_solo++;
	int r = wait_for(solo_may_take);
	wr.wait_solo--;
	if (r == 0) {
		wr.solo = true;
		wr.solo_thread = pthread_self();
		wr.solo_depth = 1;
	}
	pthread_cond_broadcast(&wr.cv);
	pthread_mutex_unlock(&wr.m);
	return r;
}

static void solo_give(void)
{
	pthread_mutex_lock(&wr.m);
	if (--wr.solo_depth == 0) {
		wr.solo = false;
		pthread_cond_broadcast(&wr.cv);
	}
	pthread_mutex_unlock(&wr.m);
}

/* Gives the write back once d's solo transaction has ended, however it
 * ended (COMMIT, ROLLBACK, or SQLite rolling back by itself). */
static void write_end_check(struct sqlite_db *d)
{
	if (d->writing && sqlite3_get_autocommit(d->h)) {
		d->writing = false;
		solo_give();
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
		solo_give();
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
	int r = solo_take();
	if (r < 0)
		return r;
	r = map_rc(d, sqlite3_exec(d->h, "BEGIN IMMEDIATE", NULL, NULL, NULL));
	if (r < 0)
		solo_give();
	else
		d->writing = true;
	return r;
}

/* Commits the shared transaction for every member in the list; called with
 * wr.m held, the transaction open and idle (or, have_busy, this thread in
 * it), which the lock is given up for. */
static void flush(bool have_busy)
{
	if (!have_busy)
		wr.busy = true;
	struct member *list = wr.list;
	int n = wr.members;
	wr.list = NULL;
	wr.members = 0;
	pthread_mutex_unlock(&wr.m);
	/* through db.c, which notes a commit that failed for lack of space;
	 * nothing kept (every part undone): nothing to commit */
	int r = db_exec(&wr.w->base, n ? "COMMIT" : "ROLLBACK");
	if (r < 0 && !sqlite3_get_autocommit(wr.w->h))
		sqlite3_exec(wr.w->h, "ROLLBACK", NULL, NULL, NULL);
	pthread_mutex_lock(&wr.m);
	for (struct member *m = list; m; m = m->next) {
		m->result = r;
		m->done = true;
		if (r == -ENOSPC)
			memcpy(m->db->full_msg, wr.w->base.full_msg, sizeof(m->db->full_msg));
	}
	wr.commits += n > 0;
	wr.transactions += (uint64_t)n;
	wr.open = false;
	wr.busy = false;
	pthread_cond_broadcast(&wr.cv);
}

/* Whether a thread waiting to join may: the write is not held alone, no
 * other member is in the transaction, no solo writer waits (it goes first,
 * or a stream of requests could keep an import from ever starting), and the
 * transaction does not carry GROUP_MAX members yet. */
static bool may_join(void)
{
	return !wr.solo && !wr.busy && wr.wait_solo == 0 && !(wr.open && wr.members >= GROUP_MAX);
}

/* Opens the shared connection for d's database file, unless it is open
 * and in use for another file: -ENOTSUP then. Called with wr.m held. */
static int shared_for(struct sqlite_db *d)
{
	const char *path = sqlite3_db_filename(d->h, "main");
	if (!path || !*path)
		return -ENOTSUP;
	if (wr.w && strcmp(wr.path, path) == 0)
		return 0;
	if (wr.w && (wr.open || wr.busy))
		return -ENOTSUP;
	if (wr.w) { /* idle, for a file no longer shared (one test's, then another's) */
		db_sqlite_driver.close(&wr.w->base);
		free(wr.path);
		wr.w = NULL;
		wr.path = NULL;
	}
	struct db *w;
	int r = db_sqlite_driver.open(path, &w);
	if (r < 0)
		return r;
	if (!(wr.path = strdup(path))) {
		db_sqlite_driver.close(w);
		return -ENOMEM;
	}
	wr.w = S(w);
	return 0;
}

/* Joins the shared transaction of db's file: *ret is the shared connection
 * to run the transaction's statements on, in a savepoint of its own, until
 * sq_end_shared. -ENOTSUP when this thread cannot join (it holds a solo
 * write, or another file shares commits): it begins a solo one instead. */
static int sq_begin_shared(struct db *db, struct db **ret)
{
	pthread_mutex_lock(&wr.m);
	int r =
	    wr.solo && pthread_equal(wr.solo_thread, pthread_self()) ? -ENOTSUP : shared_for(S(db));
	if (r < 0) {
		pthread_mutex_unlock(&wr.m);
		return r;
	}
	wr.wait_member++;
	r = wait_for(may_join);
	wr.wait_member--;
	if (r < 0) {
		pthread_cond_broadcast(&wr.cv); /* one waiter fewer: a member may commit */
		pthread_mutex_unlock(&wr.m);
		return r;
	}
	wr.busy = true;
	bool begin = !wr.open;
	pthread_mutex_unlock(&wr.m);
	struct sqlite_db *w = wr.w;
	if (begin)
		r = map_rc(w, sqlite3_exec(w->h, "BEGIN IMMEDIATE", NULL, NULL, NULL));
	if (r == 0)
		r = map_rc(w, sqlite3_exec(w->h, "SAVEPOINT " MEMBER_SAVEPOINT, NULL, NULL, NULL));
	pthread_mutex_lock(&wr.m);
	if (r == 0) {
		wr.open = true;
	} else {
		if (!sqlite3_get_autocommit(w->h) && begin)
			sqlite3_exec(w->h, "ROLLBACK", NULL, NULL, NULL);
		wr.open = wr.open && !sqlite3_get_autocommit(w->h);
		wr.busy = false;
		pthread_cond_broadcast(&wr.cv);
	}
	pthread_mutex_unlock(&wr.m);
	if (r == 0)
		*ret = &w->base;
	return r;
}

/* Ends this thread's part of the shared transaction: kept (then waits for
 * the commit and answers its outcome) or undone (answers at once). */
static int sq_end_shared(struct db *db, struct db *shared, bool keep)
{
	struct sqlite_db *w = S(shared);
	int r = 0;
	if (keep)
		r = map_rc(w, sqlite3_exec(w->h, "RELEASE " MEMBER_SAVEPOINT, NULL, NULL, NULL));
	if (!keep || r < 0) {
		int u = map_rc(
		    w, sqlite3_exec(w->h, "ROLLBACK TO " MEMBER_SAVEPOINT, NULL, NULL, NULL));
		if (u == 0)
			u = map_rc(
			    w, sqlite3_exec(w->h, "RELEASE " MEMBER_SAVEPOINT, NULL, NULL, NULL));
		if (u < 0) /* this part cannot be undone alone: nor kept with the rest */
			sqlite3_exec(w->h, "ROLLBACK", NULL, NULL, NULL);
		r = keep ? r : u;
	}
	struct member me = {.db = db};
	pthread_mutex_lock(&wr.m);
	if (sqlite3_get_autocommit(w->h)) {
		/* SQLite ended the transaction itself (a statement failed so
		 * that it rolled all of it back): every member's part is lost. */
		int lost = db_storage_full() ? -ENOSPC : -EIO;
		for (struct member *m = wr.list; m; m = m->next) {
			m->result = lost;
			m->done = true;
			if (lost == -ENOSPC)
				memcpy(m->db->full_msg, w->base.full_msg, sizeof(m->db->full_msg));
		}
		wr.list = NULL;
		wr.members = 0;
		wr.open = false;
		wr.busy = false;
		pthread_cond_broadcast(&wr.cv);
		pthread_mutex_unlock(&wr.m);
		return keep ? lost : r;
	}
	if (keep && r == 0) {
		me.next = wr.list;
		wr.list = &me;
		wr.members++;
	}
	if (wr.wait_member == 0 || wr.wait_solo > 0 || wr.members >= GROUP_MAX) {
		flush(true);
	} else {
		wr.busy = false;
		pthread_cond_broadcast(&wr.cv);
	}
	while (keep && r == 0 && !me.done) {
		if (wr.open && !wr.busy && wr.wait_member == 0)
			flush(false);
		else
			pthread_cond_wait(&wr.cv, &wr.m);
	}
	pthread_mutex_unlock(&wr.m);
	return keep && r == 0 ? me.result : r;
}

void db_sqlite_shared_stats(uint64_t *commits, uint64_t *transactions)
{
	pthread_mutex_lock(&wr.m);
	*commits = wr.commits;
	*transactions = wr.transactions;
	pthread_mutex_unlock(&wr.m);
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
    .begin_shared = sq_begin_shared,
    .end_shared = sq_end_shared,
};
