/* test_store.c: the SQLite backend: migrations, statement cache, unique
 * conflicts named by column, transactions rolled back, a full database;
 * with SWITCHBOARD_TEST_PG, PostgreSQL's disk_full. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/embedded.h"
#include "base/util.h"
#include "store/store.h"
#include "testdb.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	struct testdb t;
	struct arena *a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	if (testdb_open(&f->t, "store", 0) < 0)
		return -1;
	f->a = arena_new();
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int r = testdb_close(&f->t);
	arena_free(f->a);
	free(f);
	return r;
}

static void migrations_are_idempotent(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_migrate(&f->t.s, f->t.db), 0);
	assert_true(store_schema_version(f->t.db) >= 1);
}

static void org_round_trip_and_subtree_list(void **state)
{
	struct fixture *f = *state;
	struct org a = testdb_org("a", "/a/"), b = testdb_org("b", "/a/b/"),
	           c = testdb_org("c", "/c/");
	b.parent_id = "a";
	assert_int_equal(store_org_insert(f->t.db, &a), 0);
	assert_int_equal(store_org_insert(f->t.db, &b), 0);
	assert_int_equal(store_org_insert(f->t.db, &c), 0);
	struct org got;
	assert_int_equal(store_org_get(f->t.db, f->a, "b", &got), 0);
	assert_string_equal(got.parent_id, "a");
	assert_int_equal(got.pw_min_length, 8);
	assert_int_equal(store_org_get(f->t.db, f->a, "zz", &got), -ENOENT);
	struct org *items;
	int n;
	assert_int_equal(store_org_list(f->t.db, f->a, "/a/", NULL, 10, &items, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].id, "a");
	assert_string_equal(items[1].id, "b");
	/* the cursor is the last path: the next page starts after it */
	assert_int_equal(store_org_list(f->t.db, f->a, "/a/", "/a/", 10, &items, &n), 0);
	assert_int_equal(n, 1);
}

static void unique_conflict_names_the_column(void **state)
{
	struct fixture *f = *state;
	struct org a = testdb_org("a", "/a/");
	assert_int_equal(store_org_insert(f->t.db, &a), 0);
	struct org dup = testdb_org("a2", "/a/");
	assert_int_equal(store_org_insert(f->t.db, &dup), -EEXIST);
	assert_non_null(strstr(db_conflict(f->t.db), "orgs.path"));
}

static void rollback_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_begin(f->t.db, true), 0);
	struct org a = testdb_org("a", "/a/");
	assert_int_equal(store_org_insert(f->t.db, &a), 0);
	db_rollback(f->t.db);
	struct org got;
	assert_int_equal(store_org_get(f->t.db, f->a, "a", &got), -ENOENT);
	assert_int_equal(db_begin(f->t.db, true), 0);
	assert_int_equal(store_org_insert(f->t.db, &a), 0);
	assert_int_equal(db_commit(f->t.db), 0);
	assert_int_equal(store_org_get(f->t.db, f->a, "a", &got), 0);
}

static void sessions_and_tokens(void **state)
{
	struct fixture *f = *state;
	struct org o = testdb_org("o", "/o/");
	assert_int_equal(store_org_insert(f->t.db, &o), 0);
	assert_int_equal(db_exec(f->t.db,
	                         "INSERT INTO contacts (id, org_id, first_name, last_name, "
	                         "sort_name, created_at, updated_at) "
	                         "VALUES ('c', 'o', 'A', 'B', 'b a', 1, 1)"),
	                 0);
	struct user u = {.id = "u",
	                 .org_id = "o",
	                 .contact_id = "c",
	                 .email = "A@x.nl",
	                 .status = USER_ACTIVE,
	                 .language = "nl",
	                 .created_at = 1,
	                 .updated_at = 1};
	assert_int_equal(store_user_insert(f->t.db, &u), 0);
	struct user same = u;
	same.id = "u2";
	same.email = " a@X.NL";
	same.contact_id = "c";
	assert_int_equal(store_user_insert(f->t.db, &same), -EEXIST);
	struct session s = {
	    .token_hash = "h", .user_id = "u", .created_at = 1, .expires_at = 9, .last_seen_at = 1};
	assert_int_equal(store_session_insert(f->t.db, &s), 0);
	struct session got;
	assert_int_equal(store_session_get(f->t.db, f->a, "h", &got), 0);
	assert_string_equal(got.user_id, "u");
	assert_int_equal(store_session_delete_user(f->t.db, "u", NULL), 0);
	assert_int_equal(store_session_get(f->t.db, f->a, "h", &got), -ENOENT);
	struct token t = {.token_hash = "t",
	                  .user_id = "u",
	                  .purpose = "invite",
	                  .created_at = 1,
	                  .expires_at = 99};
	assert_int_equal(store_token_insert(f->t.db, &t), 0);
	assert_int_equal(store_token_use(f->t.db, "t", 5), 0);
	assert_int_equal(store_token_use(f->t.db, "t", 6), -ENOENT); /* single use */
}

/* Another thread's writer, on its own connection: times its BEGIN. */
struct waiter {
	const char *path;
	int begin_rc;
	int64_t began_ns;
};

static void *wait_to_write(void *arg)
{
	struct waiter *w = arg;
	struct db *db;
	if (db_open(w->path, &db) < 0) {
		w->begin_rc = -EIO;
		return NULL;
	}
	w->begin_rc = db_begin(db, true);
	w->began_ns = time_mono_ns();
	if (w->begin_rc == 0)
		db_commit(db);
	db_close(db);
	return NULL;
}

/* A writer waiting in this process starts as soon as the one before it
 * commits: it queues on the process's write mutex, not in SQLite's busy
 * handler, whose sleeps grow to 100 ms (after 340 ms of waiting the next
 * try would come at 428 ms, almost 90 ms late). */
static void writers_queue_in_process(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_begin(f->t.db, true), 0);
	struct waiter w = {.path = f->t.url, .begin_rc = 1};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, wait_to_write, &w), 0);
	usleep(340 * 1000);
	int64_t committed_ns = time_mono_ns();
	assert_int_equal(db_commit(f->t.db), 0);
	pthread_join(t, NULL);
	assert_int_equal(w.begin_rc, 0);
	assert_true(w.began_ns - committed_ns < 50LL * 1000 * 1000);
}

static int64_t pragma_int(struct db *db, const char *sql)
{
	struct db_stmt *st;
	assert_int_equal(db_prepare(db, sql, &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

/* Inserts organizations named prefix0, prefix1, ... until one fails (or
 * 10,000 went in); returns that failure, or 0. */
static int fill_orgs(struct db *db, const char *prefix)
{
	int r = 0;
	for (int i = 0; i < 10000 && r == 0; i++) {
		char id[32], path[40];
		snprintf(id, sizeof(id), "%s%d", prefix, i);
		snprintf(path, sizeof(path), "/%s/", id);
		struct org o = testdb_org(id, path);
		r = store_org_insert(db, &o);
	}
	return r;
}

/* SQLITE_FULL is -ENOSPC and marks the storage full (the database may not
 * grow past max_page_count, as a full disk would not let it), with SQLite's
 * words kept past the ROLLBACK; a committed write clears it, and so does the
 * readiness probe once there is room. */
static void full_database_is_enospc(void **state)
{
	struct fixture *f = *state;
	assert_false(db_storage_full());
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld",
	         (long long)pragma_int(f->t.db, "PRAGMA page_count"));
	assert_int_equal(db_exec(f->t.db, sql), 0);
	assert_int_equal(db_begin(f->t.db, true), 0);
	assert_int_equal(fill_orgs(f->t.db, "o"), -ENOSPC);
	assert_true(db_storage_full());
	assert_int_equal(db_commit(f->t.db), -ENOSPC); /* not SQLite's "no transaction" */
	assert_non_null(strstr(f->t.db->full_msg, "full"));
	assert_true(db_storage_full());
	/* a transaction begun to read that commits says nothing about space */
	assert_int_equal(db_begin(f->t.db, false), 0);
	struct org got;
	assert_int_equal(store_org_get(f->t.db, f->a, "o0", &got), -ENOENT);
	assert_int_equal(db_commit(f->t.db), 0);
	assert_true(db_storage_full());
	assert_int_equal(db_exec(f->t.db, "PRAGMA max_page_count = 1000000"), 0);
	assert_int_equal(store_write_probe(f->t.db), 0);
	assert_false(db_storage_full());
	assert_int_equal(db_begin(f->t.db, true), 0);
	struct org o = testdb_org("after", "/after/");
	assert_int_equal(store_org_insert(f->t.db, &o), 0);
	assert_int_equal(db_commit(f->t.db), 0);
	assert_false(db_storage_full());
}

/* PostgreSQL's disk_full (53100) is -ENOSPC as well. Needs a server
 * (SWITCHBOARD_TEST_PG, as tests/pg.sh sets it); skipped without one. */
static void pg_disk_full_is_enospc(void **state)
{
	(void)state;
	const char *pg = getenv("SWITCHBOARD_TEST_PG");
	if (!pg || !*pg) {
		skip();
		return;
	}
	char url[512];
	snprintf(url, sizeof(url), "%s/postgres", pg);
	struct db *db;
	assert_int_equal(db_open(url, &db), 0);
	assert_int_equal(db_begin(db, true), 0);
	assert_int_equal(db_exec(db, "DO $$ BEGIN RAISE EXCEPTION 'could not extend file: No "
	                             "space left on device' USING ERRCODE = 'disk_full'; END $$"),
	                 -ENOSPC);
	assert_true(db_storage_full());
	assert_non_null(strstr(db->full_msg, "No space left"));
	db_rollback(db);
	assert_int_equal(db_begin(db, true), 0);
	assert_int_equal(db_commit(db), 0);
	assert_false(db_storage_full());
	db_close(db);
}

/* The whole file at path, malloc'd, its size in *ret_size; NULL on error. */
static char *read_whole(const char *path, size_t *ret_size)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *text = NULL;
	long size = fseek(fp, 0, SEEK_END) == 0 ? ftell(fp) : -1;
	if (size >= 0 && fseek(fp, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1)) &&
	    fread(text, 1, (size_t)size, fp) != (size_t)size) {
		free(text);
		text = NULL;
	}
	fclose(fp);
	*ret_size = (size_t)size;
	return text;
}

/* The migrations compiled into the binary are the files of src/store/sql
 * (SB_SQL_DIR), every one and byte for byte. meson.build lists them when it
 * is configured: a file added since, built with a bare ninja, fails here. */
static void embedded_migrations_are_the_files(void **state)
{
	(void)state;
	DIR *d = opendir(SB_SQL_DIR);
	assert_non_null(d);
	int n_files = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		size_t len = strlen(name);
		if (len < 4 || strcmp(name + len - 4, ".sql") != 0)
			continue;
		n_files++;
		const struct embedded_file *f = embedded_find(embedded_migrations, name);
		if (!f)
			fail_msg("%s/%s is not in the binary: reconfigure the build "
			         "(make, or meson setup --reconfigure BUILD_DIR)",
			         SB_SQL_DIR, name);
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", SB_SQL_DIR, name);
		size_t size = 0;
		char *text = read_whole(path, &size);
		assert_non_null(text);
		if (size != f->len || memcmp(text, f->data, size) != 0)
			fail_msg("%s differs from the binary's copy: rebuild", path);
		free(text);
	}
	closedir(d);
	int n_embedded = 0;
	for (const struct embedded_file *f = embedded_migrations; f->name; f++)
		n_embedded++;
	if (n_embedded != n_files)
		fail_msg("the binary has %d migrations, %s has %d: reconfigure the build "
		         "(make, or meson setup --reconfigure BUILD_DIR)",
		         n_embedded, SB_SQL_DIR, n_files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(migrations_are_idempotent, setup, teardown),
	    cmocka_unit_test_setup_teardown(org_round_trip_and_subtree_list, setup, teardown),
	    cmocka_unit_test_setup_teardown(unique_conflict_names_the_column, setup, teardown),
	    cmocka_unit_test_setup_teardown(rollback_leaves_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(sessions_and_tokens, setup, teardown),
	    cmocka_unit_test_setup_teardown(writers_queue_in_process, setup, teardown),
	    cmocka_unit_test_setup_teardown(full_database_is_enospc, setup, teardown),
	    cmocka_unit_test(pg_disk_full_is_enospc),
	    cmocka_unit_test(embedded_migrations_are_the_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
