/* testdb.h: a migrated database for a unit test, in a temporary directory
 * of its own, and taking it all down again. */
#pragma once
#include "store/store.h"

#include <stdbool.h>

/* testdb_open's flags. */
enum {
	TESTDB_PG = 1, /* PostgreSQL when SWITCHBOARD_TEST_PG names a server */
};

struct testdb {
	char dir[64];     /* the temporary directory; the test may put files there */
	char url[512];    /* what the store opened */
	char pg_name[64]; /* the PostgreSQL database made for the test, or "" */
	bool store_open;  /* s needs store_release */
	struct store s;
	struct db *db; /* this thread's connection (store_conn) */
};

/* An organization record as the tests need one: id at path (both kept,
 * not copied), a customer of the defaults (NL, four-digit extensions from
 * 7, retention 30 days, calls kept 365); the caller sets what else it
 * needs. */
struct org testdb_org(const char *id, const char *path);

/* The PostgreSQL server of SWITCHBOARD_TEST_PG (tests/pg.sh), or NULL. */
const char *testdb_pg(void);
/* Makes /tmp/sb-NAME-XXXXXX and a store in it (the SQLite file t.db, or
 * with TESTDB_PG and a server, a new PostgreSQL database), and migrates
 * it. 0, or -1 with the reason on stderr; testdb_close it either way. */
int testdb_open(struct testdb *t, const char *name, int flags);
/* Closes this thread's connection, releases the store, drops the
 * PostgreSQL database and removes the directory with everything in it.
 * Takes a zeroed testdb, or one testdb_open failed on. 0 or -1. */
int testdb_close(struct testdb *t);
