/* testdb.c: the temporary database of the unit tests (testdb.h). */
#include "testdb.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *testdb_pg(void)
{
	const char *pg = getenv("SWITCHBOARD_TEST_PG");
	return pg && *pg ? pg : NULL;
}

/* Runs one statement on the server's maintenance database. */
static int pg_admin(const char *pg, const char *sql)
{
	char url[512];
	snprintf(url, sizeof(url), "%s/postgres", pg);
	struct db *db;
	int r = db_open(url, &db);
	if (r < 0)
		return r;
	if ((r = db_exec(db, sql)) < 0)
		fprintf(stderr, "testdb: %s: %s\n", sql, db_errmsg(db));
	db_close(db);
	return r;
}

int testdb_open(struct testdb *t, const char *name, int flags)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/sb-%s-XXXXXX", name);
	if (!mkdtemp(t->dir)) {
		fprintf(stderr, "testdb: mkdtemp %s: %s\n", t->dir, strerror(errno));
		t->dir[0] = 0;
		return -1;
	}
	const char *pg = flags & TESTDB_PG ? testdb_pg() : NULL;
	if (pg) {
		static int seq;
		char sql[128];
		snprintf(t->pg_name, sizeof(t->pg_name), "sb_unit_%d_%d", (int)getpid(), ++seq);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", t->pg_name);
		if (pg_admin(pg, sql) < 0) {
			t->pg_name[0] = 0;
			return -1;
		}
		snprintf(t->url, sizeof(t->url), "%s/%s", pg, t->pg_name);
	} else {
		snprintf(t->url, sizeof(t->url), "%s/t.db", t->dir);
	}
	if (store_init(&t->s, t->url) < 0)
		return -1;
	t->store_open = true;
	if (!(t->db = store_conn(&t->s))) {
		fprintf(stderr, "testdb: cannot open %s\n", t->url);
		return -1;
	}
	if (store_migrate(&t->s, t->db) < 1) {
		fprintf(stderr, "testdb: migrating %s: %s\n", t->url, db_errmsg(t->db));
		return -1;
	}
	return 0;
}

static int remove_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	if (remove(path) < 0) {
		fprintf(stderr, "testdb: remove %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int testdb_close(struct testdb *t)
{
	int r = 0;
	store_conn_close();
	t->db = NULL;
	if (t->store_open)
		store_release(&t->s);
	t->store_open = false;
	if (t->pg_name[0]) {
		char sql[128];
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", t->pg_name);
		if (pg_admin(testdb_pg(), sql) < 0)
			r = -1;
		t->pg_name[0] = 0;
	}
	/* depth first, not following links: the files, then their folders */
	if (t->dir[0] && nftw(t->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		r = -1;
	t->dir[0] = 0;
	return r;
}

struct org testdb_org(const char *id, const char *path)
{
	return (struct org){.id = (char *)id,
	                    .path = (char *)path,
	                    .kind = "customer",
	                    .name = "Acme",
	                    .country = "NL",
	                    .language = "nl",
	                    .timezone = "Europe/Amsterdam",
	                    .pw_min_length = 8,
	                    .ext_length = 4,
	                    .ext_prefix = "7",
	                    .caller_id_mode = "user",
	                    .retention_days = 30,
	                    .call_retention_days = 365,
	                    .voicemail_retention_days = 30,
	                    .music_on_hold = "default",
	                    .scim_deprovision = "suspend",
	                    .scim_invite = true,
	                    .user_forwarding = "anywhere",
	                    .created_at = 1,
	                    .updated_at = 1};
}
