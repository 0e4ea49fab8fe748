/* db.h: the one interface every SQL statement in Switchboard goes through.
 *
 * A `struct db` is one connection to one database, used by one thread at a
 * time. SQL text is written once, in the portable subset both backends speak,
 * with `?` placeholders; a backend rewrites what it must (PostgreSQL wants
 * $1, $2, ...). Statements are prepared once per connection and cached by the
 * address of their (static) SQL text, so callers pass string constants.
 *
 * Values are bound by 1-based index and read by 0-based column, like SQLite.
 * Every function returns 0 (DB_ROW / DB_DONE for db_step) or a negative errno:
 *   -EEXIST  a UNIQUE constraint failed; db_conflict() names the column
 *   -EBUSY   the database is locked or unavailable for now (503)
 *   -ENOSPC  the storage is full (SQLite's SQLITE_FULL or a write that failed
 *            with ENOSPC, PostgreSQL's disk_full): nothing was written (507)
 *   -EIO     anything else; db_errmsg() says what (never shown to clients) */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum { DB_DONE = 0, DB_ROW = 1 };

struct db_driver {
	const char *name;
	int (*open)(const char *url, struct db **ret);
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql); /* no parameters, no rows */
	int (*begin)(struct db *db, bool write);
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **ret);
	/* A statement not cached (SQL made for one query), freed by finalize. */
	int (*prepare_once)(struct db *db, const char *sql, struct db_stmt **ret);
	void (*finalize)(struct db_stmt *st);
	int (*bind_text)(struct db_stmt *st, int i, const char *v);
	int (*bind_int64)(struct db_stmt *st, int i, int64_t v);
	int (*bind_null)(struct db_stmt *st, int i);
	int (*step)(struct db_stmt *st);
	const char *(*col_text)(struct db_stmt *st, int col);
	int64_t (*col_int64)(struct db_stmt *st, int col);
	bool (*col_null)(struct db_stmt *st, int col);
	int64_t (*changes)(struct db_stmt *st);
	void (*reset)(struct db_stmt *st);
	const char *(*errmsg)(struct db *db);
	const char *(*conflict)(struct db *db);
	/* Serialize migrations across processes (advisory lock); may be NULL. */
	int (*lock_migrations)(struct db *db, bool lock);
	/* False once the connection is lost; may be NULL (never lost). */
	bool (*healthy)(struct db *db);
	/* A consistent copy of the live database into the file dest, and the
	 * reverse; NULL where the backend has its own tools (pg_dump). */
	int (*backup)(struct db *db, const char *dest);
	int (*restore)(struct db *db, const char *src);
	/* Runs the savepoint statement op ("SAVEPOINT", "RELEASE SAVEPOINT",
	 * "ROLLBACK TO SAVEPOINT") on name, which db.c has checked. */
	int (*savepoint)(struct db *db, const char *op, const char *name);
	/* The schema, as store/copy.c reads it: tables_sql lists the tables
	 * (one column: the name; none of the backend's own); columns_sql, with
	 * a table's name bound to ?, its columns in their order: the name, and
	 * the position in the primary key (0 outside it). */
	const char *tables_sql, *columns_sql;
	/* A write transaction sharing its commit (db_begin_shared): *ret is the
	 * connection its statements run on until end_shared, which keeps or
	 * undoes them and, kept, answers the shared commit's outcome. NULL where
	 * the backend's writers commit on their own (PostgreSQL); -ENOTSUP: a
	 * write transaction of the connection's own instead. A commit that
	 * failed for lack of space leaves the database's words in db->full_msg. */
	int (*begin_shared)(struct db *db, struct db **ret);
	int (*end_shared)(struct db *db, struct db *shared, bool keep);
};

/* Every connection starts with a pointer to its driver. */
struct db {
	const struct db_driver *drv;
	struct db *via; /* in a shared write transaction: the connection it runs on */
	int tx_depth;
	bool tx_write;      /* the transaction was begun for writing */
	bool tx_full;       /* a statement of it failed with -ENOSPC */
	char full_msg[160]; /* the database's words for the last -ENOSPC, or "" */
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

/* SQLite's shared commits so far, and the transactions they carried. */
void db_sqlite_shared_stats(uint64_t *commits, uint64_t *transactions);

/* For backends: the slot of sql in a per-connection statement cache of
 * `slots` entries (a power of two) whose keys are the SQL text addresses:
 * the slot holding sql, or the empty slot (key NULL) where it goes.
 * -ENOBUFS when the cache is full. */
int db_cache_slot(const char *const *keys, size_t slots, const char *sql);

/* Opens a connection for url: "postgres://..." or a SQLite file path. */
int db_open(const char *url, struct db **ret);
void db_close(struct db *db);

int db_exec(struct db *db, const char *sql);
int db_prepare(struct db *db, const char *sql, struct db_stmt **ret);
/* For SQL text made at run time (a SCIM filter's condition, all of whose
 * values are bound): prepared for this one use, not cached; the caller
 * frees it with db_finalize (NULL-safe). */
int db_prepare_once(struct db *db, const char *sql, struct db_stmt **ret);
void db_finalize(struct db_stmt *st);
int db_bind_text(struct db_stmt *st, int i, const char *v); /* NULL binds NULL */
int db_bind_int64(struct db_stmt *st, int i, int64_t v);
int db_bind_bool(struct db_stmt *st, int i, bool v);
int db_step(struct db_stmt *st);
/* Valid until the next step or reset of st; NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *st, int col);
int64_t db_col_int64(struct db_stmt *st, int col);
bool db_col_null(struct db_stmt *st, int col);
int64_t db_changes(struct db_stmt *st);
void db_reset(struct db_stmt *st);
const char *db_errmsg(struct db *db);
const char *db_conflict(struct db *db);

/* Transactions. Writes take the write lock at BEGIN (no upgrade deadlocks).
 * A transaction in which a statement failed with -ENOSPC does not commit:
 * db_commit rolls it back and answers -ENOSPC (SQLite may have rolled it
 * back already, PostgreSQL has aborted it). */
int db_begin(struct db *db, bool write);
/* A write transaction that may share its commit with other threads' (group
 * commit): on SQLite, transactions begun so while another thread's is
 * under way run after it in the same database transaction, each in a
 * savepoint, and one COMMIT ends them all. Its statements go through db as
 * ever. db_commit returns once that COMMIT is done, with its outcome: a
 * caller answers only what is committed. db_rollback undoes this
 * transaction's part alone. Elsewhere it is db_begin(db, true). */
int db_begin_shared(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Savepoints inside the open transaction: a part of it that can be undone
 * (db_rollback_to, which keeps the savepoint, so the part can be tried
 * again) or kept (db_release, which ends it). On PostgreSQL a statement
 * that fails aborts the transaction up to the last savepoint: rolling back
 * to it lets the transaction go on. name is 1 to DB_SAVEPOINT_MAX letters,
 * digits or '_', not starting with a digit (-EINVAL otherwise, and outside
 * a transaction); the names nest like the savepoints themselves. */
#define DB_SAVEPOINT_MAX 32
int db_savepoint(struct db *db, const char *name);
int db_release(struct db *db, const char *name);
int db_rollback_to(struct db *db, const char *name);

/* Whether writes fail for lack of space: set (for the whole process) when a
 * statement or a commit of any connection fails with -ENOSPC, cleared when
 * a transaction begun for writing commits. The database's own message for
 * it stays in db->full_msg (db_errmsg moves on with the ROLLBACK after it). */
bool db_storage_full(void);

/* Runs one statement with text parameters (NULL terminated list), expecting
 * no rows: the common INSERT/UPDATE/DELETE. Returns changed rows or < 0. */
int64_t db_run(struct db *db, const char *sql, ...) __attribute__((sentinel));
