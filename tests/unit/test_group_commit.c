/* test_group_commit.c: db_begin_shared on SQLite (group commit). Threads'
 * write transactions share commits; each db_commit answers only once the
 * commit holding its writes is done (another connection then sees them); a
 * part undone leaves the others' parts; a solo writer and shared ones wait
 * for each other without deadlock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/db.h"
#include "testdb.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char SQL_ADD[] = "INSERT INTO gc_t (x) VALUES (?)";
static const char SQL_HAS[] = "SELECT COUNT(*) FROM gc_t WHERE x = ?";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM gc_t";

static int add(struct db *db, int64_t x)
{
	struct db_stmt *st;
	int r = db_prepare(db, SQL_ADD, &st);
	if (r < 0)
		return r;
	db_bind_int64(st, 1, x);
	r = db_step(st);
	db_reset(st);
	return r;
}

/* Rows with x (all rows: x < 0) as another connection sees them now. */
static int64_t count(struct db *db, int64_t x)
{
	struct db_stmt *st;
	if (db_prepare(db, x < 0 ? SQL_COUNT : SQL_HAS, &st) < 0)
		return -1;
	if (x >= 0)
		db_bind_int64(st, 1, x);
	int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
	db_reset(st);
	return n;
}

struct worker {
	struct testdb *t;
	int id, rounds;
	atomic_int *unseen; /* kept rows another connection did not see at once */
	int failed;         /* what went wrong, or 0 */
};

/* Each round a shared transaction adding one row; every fifth undone. After
 * each db_commit the row must be visible on a connection of its own. */
static void *work(void *p)
{
	struct worker *w = p;
	struct db *db = store_conn(&w->t->s), *other;
	if (!db || db_open(w->t->url, &other) < 0) {
		w->failed = -EIO;
		return NULL;
	}
	for (int i = 0; i < w->rounds && !w->failed; i++) {
		int64_t x = (int64_t)w->id * 100000 + i;
		int r = db_begin_shared(db);
		if (r == 0)
			r = add(db, x);
		if (r < 0) {
			w->failed = r;
			db_rollback(db);
			break;
		}
		if (i % 5 == 4) {
			db_rollback(db);
			if (count(other, x) != 0)
				w->failed = -EEXIST;
			continue;
		}
		if ((r = db_commit(db)) < 0)
			w->failed = r;
		else if (count(other, x) != 1)
			atomic_fetch_add(w->unseen, 1);
	}
	db_close(other);
	store_conn_close();
	return NULL;
}

static void setup_table(struct testdb *t)
{
	assert_int_equal(testdb_open(t, "gc", 0), 0);
	assert_int_equal(db_exec(t->db, "CREATE TABLE gc_t (x INTEGER PRIMARY KEY)"), 0);
}

static void shared_commits_answer_after_the_commit(void **state)
{
	(void)state;
	struct testdb t;
	setup_table(&t);
	uint64_t c0, n0, c1, n1;
	db_sqlite_shared_stats(&c0, &n0);
	enum { THREADS = 8, ROUNDS = 200 };
	pthread_t th[THREADS];
	struct worker w[THREADS];
	atomic_int unseen = 0;
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){.t = &t, .id = i, .rounds = ROUNDS, .unseen = &unseen};
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].failed, 0);
	}
	assert_int_equal(atomic_load(&unseen), 0);
	assert_int_equal(count(t.db, -1), THREADS * ROUNDS * 4 / 5);
	db_sqlite_shared_stats(&c1, &n1);
	assert_int_equal(n1 - n0, THREADS * ROUNDS * 4 / 5);
	assert_true(c1 - c0 <= n1 - n0);
	assert_int_equal(testdb_close(&t), 0);
}

/* A member that holds its part open until told, so others queue behind. */
struct holder {
	struct testdb *t;
	int64_t x;
	atomic_int stage; /* 1: its row written; 2: told to commit; 3: committed */
	int result;
};

static void *hold(void *p)
{
	struct holder *h = p;
	struct db *db = store_conn(&h->t->s);
	h->result = db ? db_begin_shared(db) : -EIO;
	if (h->result == 0)
		h->result = add(db, h->x);
	atomic_store(&h->stage, 1);
	while (atomic_load(&h->stage) != 2)
		usleep(1000);
	h->result = h->result == 0 ? db_commit(db) : h->result;
	atomic_store(&h->stage, 3);
	store_conn_close();
	return NULL;
}

struct joiner {
	struct testdb *t;
	int64_t x; /* a duplicate key makes this part fail and be undone */
	atomic_int done;
	int result;
	int64_t saw_solo; /* the solo writer's row, as this part saw it */
};

static void *join_one(void *p)
{
	struct joiner *j = p;
	struct db *db = store_conn(&j->t->s);
	int r = db ? db_begin_shared(db) : -EIO;
	if (r == 0)
		j->saw_solo = count(db, 50);
	if (r == 0 && (r = add(db, j->x)) < 0)
		db_rollback(db);
	else if (r == 0)
		r = db_commit(db);
	j->result = r;
	atomic_store(&j->done, 1);
	store_conn_close();
	return NULL;
}

/* Two members join while the first is in the transaction: one part fails
 * (a duplicate) and is undone alone; nobody's db_commit returns before the
 * commit; the kept rows are all there after it. */
static void members_wait_and_fail_alone(void **state)
{
	(void)state;
	struct testdb t;
	setup_table(&t);
	assert_int_equal(add(t.db, 7), 0); /* autocommit: the duplicate's target */
	struct holder h = {.t = &t, .x = 1};
	pthread_t th[3];
	assert_int_equal(pthread_create(&th[0], NULL, hold, &h), 0);
	while (atomic_load(&h.stage) != 1)
		usleep(1000);
	assert_int_equal(h.result, 0);
	struct joiner ok = {.t = &t, .x = 2}, dup = {.t = &t, .x = 7};
	assert_int_equal(pthread_create(&th[1], NULL, join_one, &ok), 0);
	assert_int_equal(pthread_create(&th[2], NULL, join_one, &dup), 0);
	usleep(100 * 1000);
	/* both wait to join: nothing of theirs has returned */
	assert_int_equal(atomic_load(&ok.done), 0);
	assert_int_equal(atomic_load(&dup.done), 0);
	assert_int_equal(count(t.db, 1), 0); /* not committed yet */
	uint64_t c0, n0, c1, n1;
	db_sqlite_shared_stats(&c0, &n0);
	atomic_store(&h.stage, 2);
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	/* the two kept parts went out in one commit */
	db_sqlite_shared_stats(&c1, &n1);
	assert_int_equal(c1 - c0, 1);
	assert_int_equal(n1 - n0, 2);
	assert_int_equal(h.result, 0);
	assert_int_equal(ok.result, 0);
	assert_int_equal(dup.result, -EEXIST);
	assert_int_equal(count(t.db, 1), 1);
	assert_int_equal(count(t.db, 2), 1);
	assert_int_equal(count(t.db, -1), 3);
	assert_int_equal(testdb_close(&t), 0);
}

struct solo {
	struct testdb *t;
	atomic_int done;
	int result;
};

static void *solo_write(void *p)
{
	struct solo *s = p;
	struct db *db;
	int r = db_open(s->t->url, &db);
	if (r == 0) {
		if ((r = db_begin(db, true)) == 0) {
			if ((r = add(db, 50)) == 0)
				r = db_commit(db);
			else
				db_rollback(db);
		}
		db_close(db);
	}
	s->result = r;
	atomic_store(&s->done, 1);
	return NULL;
}

/* A solo writer (a connection's own write transaction) waits for the shared
 * transaction under way, which commits as its member ends, and a member
 * coming after it waits until the solo writer is done: it goes first. */
static void solo_and_shared_take_turns(void **state)
{
	(void)state;
	struct testdb t;
	setup_table(&t);
	struct holder h = {.t = &t, .x = 10};
	pthread_t th[3];
	assert_int_equal(pthread_create(&th[0], NULL, hold, &h), 0);
	while (atomic_load(&h.stage) != 1)
		usleep(1000);
	struct solo s = {.t = &t};
	assert_int_equal(pthread_create(&th[1], NULL, solo_write, &s), 0);
	usleep(100 * 1000);
	assert_int_equal(atomic_load(&s.done), 0); /* waits for the shared one */
	struct joiner after = {.t = &t, .x = 11};
	assert_int_equal(pthread_create(&th[2], NULL, join_one, &after), 0);
	usleep(100 * 1000);
	assert_int_equal(atomic_load(&after.done), 0);
	atomic_store(&h.stage, 2);
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(h.result, 0);
	assert_int_equal(s.result, 0);
	assert_int_equal(after.result, 0);
	assert_int_equal(after.saw_solo, 1); /* the solo writer had committed */
	assert_int_equal(count(t.db, -1), 3);
	assert_int_equal(testdb_close(&t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(shared_commits_answer_after_the_commit),
	    cmocka_unit_test(members_wait_and_fail_alone),
	    cmocka_unit_test(solo_and_shared_take_turns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
