/* test_savepoint.c: db_savepoint, db_release and db_rollback_to on SQLite
 * and, with SWITCHBOARD_TEST_PG (tests/pg.sh), on PostgreSQL: a part undone
 * leaves the rest, a failed statement undone lets the transaction go on,
 * and names that are not plain identifiers are refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/db.h"
#include "testdb.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char SQL_SUM[] = "SELECT COUNT(*), COALESCE(SUM(x), 0) FROM sp_t";

static void count_sum(struct db *db, int64_t *ret_n, int64_t *ret_sum)
{
	struct db_stmt *st;
	assert_int_equal(db_prepare(db, SQL_SUM, &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	*ret_n = db_col_int64(st, 0);
	*ret_sum = db_col_int64(st, 1);
	db_reset(st);
}

/* The same checks on any backend; db has no table sp_t yet. */
static void savepoints_on(struct db *db)
{
	assert_int_equal(db_savepoint(db, "outside"), -EINVAL); /* no transaction */
	assert_int_equal(db_begin(db, true), 0);
	static const char *const bad[] = {
	    "", "1row", "a b", "a;ROLLBACK", "x-y", "\"q\"", "abcdefghijklmnopqrstuvwxyz0123456"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(db_savepoint(db, bad[i]), -EINVAL);
	assert_int_equal(db_savepoint(db, NULL), -EINVAL);
	assert_int_equal(db_exec(db, "CREATE TABLE sp_t (x INTEGER PRIMARY KEY)"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO sp_t VALUES (1)"), 0);

	/* undone, and the savepoint stays for another try */
	assert_int_equal(db_savepoint(db, "row_1"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO sp_t VALUES (2)"), 0);
	assert_int_equal(db_rollback_to(db, "row_1"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO sp_t VALUES (3)"), 0);
	assert_int_equal(db_release(db, "row_1"), 0);

	/* a failed statement undone: the transaction goes on (PostgreSQL
	 * would refuse everything after it otherwise) */
	assert_int_equal(db_savepoint(db, "row_2"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO sp_t VALUES (1)"), -EEXIST);
	assert_int_equal(db_rollback_to(db, "row_2"), 0);
	assert_int_equal(db_release(db, "row_2"), 0);

	/* nested: the inner one undone, the outer kept */
	assert_int_equal(db_savepoint(db, "outer_sp"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO sp_t VALUES (4)"), 0);
	assert_int_equal(db_savepoint(db, "inner_sp"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO sp_t VALUES (5)"), 0);
	assert_int_equal(db_rollback_to(db, "inner_sp"), 0);
	assert_int_equal(db_release(db, "outer_sp"), 0);
	assert_int_equal(db_commit(db), 0);

	int64_t n, sum;
	count_sum(db, &n, &sum);
	assert_int_equal(n, 3);
	assert_int_equal(sum, 1 + 3 + 4);

	/* the whole transaction rolled back takes its savepoints along */
	assert_int_equal(db_begin(db, true), 0);
	assert_int_equal(db_savepoint(db, "gone"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO sp_t VALUES (6)"), 0);
	db_rollback(db);
	count_sum(db, &n, &sum);
	assert_int_equal(n, 3);
	assert_int_equal(db_rollback_to(db, "gone"), -EINVAL);
}

static void sqlite_savepoints(void **state)
{
	(void)state;
	struct testdb t;
	assert_int_equal(testdb_open(&t, "sp", 0), 0);
	savepoints_on(t.db);
	assert_int_equal(testdb_close(&t), 0);
}

/* On a database of its own; needs a server (SWITCHBOARD_TEST_PG), skipped
 * without one. */
static void pg_savepoints(void **state)
{
	(void)state;
	if (!testdb_pg()) {
		skip();
		return;
	}
	struct testdb t;
	assert_int_equal(testdb_open(&t, "sp-pg", TESTDB_PG), 0);
	savepoints_on(t.db);
	assert_int_equal(testdb_close(&t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sqlite_savepoints),
	    cmocka_unit_test(pg_savepoints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
