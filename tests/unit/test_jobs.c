/* test_jobs.c: the jobs module (domain/jobs.c) on SQLite: a job kind that
 * runs, reports progress and says done with its work; one cancelled and one
 * stopped with the server (rolled back, failed with a reason); the recovery
 * of jobs left running by this node, and of jobs of a node that stopped
 * reporting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/util.h"
#include "domain/jobs.h"
#include "store/store.h"
#include "testdb.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	struct testdb t;
	struct arena *a;
	struct diag d;
	struct settings cfg;
};

static struct org make_org(struct arena *a, const char *id)
{
	return testdb_org(id, arena_printf(a, "/%s/", id));
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	if (testdb_open(&f->t, "jobs", 0) < 0)
		return -1;
	f->a = arena_new();
	diag_init(&f->d, f->a);
	struct org o = make_org(f->a, "org1");
	if (store_org_insert(f->t.db, &o) < 0)
		return -1;
	f->cfg = (struct settings){.node_id = "node-a"};
	/* one heartbeat at the start, the next one far away: the tests tick */
	struct jobs_config jc = {.heartbeat_ms = 3600000, .stale_after_ms = 7200000};
	if (jobs_start(&f->t.s, &f->cfg, &jc) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	jobs_stop();
	int r = testdb_close(&f->t);
	arena_free(f->a);
	free(f);
	return r;
}

/* The test kind: in one write transaction, an organization a step, until
 * released (then done, with its work) or told to stop (rolled back). */
struct test_arg {
	atomic_bool release;
	atomic_int runs;
};

static int test_run(struct job *j, struct dctx *c, struct job_result *res)
{
	struct test_arg *t = job_arg(j);
	atomic_fetch_add(&t->runs, 1);
	int r = db_begin(c->db, true);
	if (r < 0)
		return r;
	for (int i = 0;; i++) {
		struct org o = make_org(c->a, arena_printf(c->a, "%s-%d", job_id(j), i));
		if ((r = store_org_insert(c->db, &o)) < 0)
			break;
		res->n.processed = res->n.created = i + 1;
		if (job_progress(j, &res->n)) {
			r = diag_fail(c->d, -ECANCELED, "import_stopped",
			              "The test job was stopped.");
			break;
		}
		if (atomic_load(&t->release) && i >= 2) {
			res->n.total = res->n.processed;
			res->written = true;
			if ((r = job_done(j, c, res)) < 0 || (r = db_commit(c->db)) < 0)
				res->written = false;
			return r;
		}
		usleep(2000);
	}
	db_rollback(c->db);
	return r;
}

static const struct job_kind test_kind = {.name = "test job", .run = test_run};

/* Stores job j's row as queued (a kind does so in its request). */
static void store_queued(struct fixture *f, struct job *j, const char *node, int64_t beat)
{
	struct import_rec rec = {.id = (char *)job_id(j),
	                         .org_id = "org1",
	                         .mode = "create",
	                         .status = JOB_QUEUED,
	                         .node_id = (char *)node,
	                         .heartbeat_at = beat,
	                         .created_at = beat,
	                         .updated_at = beat};
	assert_int_equal(store_import_insert(f->t.db, &rec), 0);
}

static struct job *new_job(struct fixture *f, struct test_arg *t)
{
	struct dctx dc = {.db = f->t.db, .a = f->a, .d = &f->d, .cfg = &f->cfg};
	struct job *j;
	assert_int_equal(job_new(&dc, &test_kind, t, &j), 0);
	store_queued(f, j, "node-a", time_now_ms());
	return j;
}

/* Waits (up to 10 s) for job id's row to end; its row. */
static struct import_rec wait_end(struct fixture *f, const char *id)
{
	struct import_rec rec;
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(store_import_get(f->t.db, f->a, "org1", id, &rec), 0);
		if (rec.status == JOB_DONE || rec.status == JOB_FAILED)
			return rec;
		usleep(10000);
	}
	fail_msg("job %s did not end", id);
	return rec;
}

/* Waits for job id to have done n steps, as its live counts say. */
static void wait_steps(const char *id, int64_t n)
{
	struct job_counts live;
	for (int i = 0; i < 1000; i++) {
		if (job_live(id, &live) && live.processed >= n)
			return;
		usleep(10000);
	}
	fail_msg("job %s did not get to %lld steps", id, (long long)n);
}

static int64_t orgs_of(struct fixture *f, const char *id)
{
	int64_t n = 0;
	for (int i = 0; i < 1000; i++) {
		struct org o;
		n += store_org_get(f->t.db, f->a, arena_printf(f->a, "%s-%d", id, i), &o) == 0;
	}
	return n;
}

static void runs_reports_progress_and_ends_done(void **state)
{
	struct fixture *f = *state;
	struct test_arg t = {0};
	struct job *j = new_job(f, &t);
	char id[ID_LEN + 1];
	snprintf(id, sizeof(id), "%s", job_id(j));
	job_start(j);
	wait_steps(id, 3);
	atomic_store(&t.release, true);
	struct import_rec rec = wait_end(f, id);
	assert_int_equal(rec.status, JOB_DONE);
	assert_true(rec.written);
	assert_null(rec.reason);
	assert_true(rec.processed >= 3);
	assert_int_equal(rec.processed, rec.created);
	assert_int_equal(orgs_of(f, id), rec.processed);
	assert_int_equal(atomic_load(&t.runs), 1);
	assert_int_equal(job_cancel("no-such-job"), -ENOENT);
}

static void cancelled_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct test_arg t = {0};
	struct job *j = new_job(f, &t);
	char id[ID_LEN + 1];
	snprintf(id, sizeof(id), "%s", job_id(j));
	job_start(j);
	wait_steps(id, 2);
	assert_int_equal(job_cancel(id), 0);
	struct import_rec rec = wait_end(f, id);
	assert_int_equal(rec.status, JOB_FAILED);
	assert_string_equal(rec.reason, "cancelled");
	assert_non_null(strstr(rec.detail, "test job was cancelled"));
	assert_false(rec.written);
	assert_int_equal(orgs_of(f, id), 0);
}

static void stop_interrupts_running_jobs(void **state)
{
	struct fixture *f = *state;
	struct test_arg t = {0};
	struct job *j = new_job(f, &t);
	char id[ID_LEN + 1];
	snprintf(id, sizeof(id), "%s", job_id(j));
	job_start(j);
	wait_steps(id, 2);
	jobs_stop(); /* waits for it */
	struct import_rec rec;
	assert_int_equal(store_import_get(f->t.db, f->a, "org1", id, &rec), 0);
	assert_int_equal(rec.status, JOB_FAILED);
	assert_string_equal(rec.reason, "interrupted");
	assert_false(rec.written);
	assert_int_equal(orgs_of(f, id), 0);
	/* stopped, no job is taken */
	struct dctx dc = {.db = f->t.db, .a = f->a, .d = &f->d, .cfg = &f->cfg};
	assert_int_equal(job_new(&dc, &test_kind, &t, &j), -ENOTSUP);
}

static void at_most_so_many_at_once(void **state)
{
	struct fixture *f = *state;
	struct test_arg t = {0};
	char ids[JOBS_MAX_RUNNING][ID_LEN + 1];
	struct job *js[JOBS_MAX_RUNNING];
	/* every row stored before the first job starts: a running job holds
	 * SQLite's write lock, so a row stored after it would wait for it */
	for (int i = 0; i < JOBS_MAX_RUNNING; i++) {
		js[i] = new_job(f, &t);
		snprintf(ids[i], sizeof(ids[i]), "%s", job_id(js[i]));
	}
	for (int i = 0; i < JOBS_MAX_RUNNING; i++)
		job_start(js[i]);
	struct dctx dc = {.db = f->t.db, .a = f->a, .d = &f->d, .cfg = &f->cfg};
	struct job *more;
	assert_int_equal(job_new(&dc, &test_kind, &t, &more), -EAGAIN);
	atomic_store(&t.release, true);
	for (int i = 0; i < JOBS_MAX_RUNNING; i++)
		assert_int_equal(wait_end(f, ids[i]).status, JOB_DONE);
}

static void recovery_of_jobs_left_running(void **state)
{
	struct fixture *f = *state;
	struct dctx dc = {.db = f->t.db, .a = f->a, .d = &f->d, .cfg = &f->cfg};
	struct test_arg t = {0};
	struct job *mine, *other, *stale;
	int64_t now = time_now_ms();
	/* rows as a killed process left them: never started here */
	assert_int_equal(job_new(&dc, &test_kind, &t, &mine), 0);
	store_queued(f, mine, "node-a", now);
	assert_int_equal(job_new(&dc, &test_kind, &t, &other), 0);
	store_queued(f, other, "node-b", now);
	assert_int_equal(job_new(&dc, &test_kind, &t, &stale), 0);
	store_queued(f, stale, "node-c", 1);

	/* node-a starts again: its own jobs are interrupted, others' not */
	assert_int_equal(jobs_recover(f->t.db, "node-a"), 1);
	struct import_rec rec;
	assert_int_equal(store_import_get(f->t.db, f->a, "org1", job_id(mine), &rec), 0);
	assert_int_equal(rec.status, JOB_FAILED);
	assert_string_equal(rec.reason, "interrupted");
	assert_non_null(strstr(rec.detail, "stopped before it ended"));
	assert_int_equal(store_import_get(f->t.db, f->a, "org1", job_id(other), &rec), 0);
	assert_int_equal(rec.status, JOB_QUEUED);

	/* the heartbeat: node-c stopped reporting long ago, node-b did not */
	jobs_tick();
	assert_int_equal(store_import_get(f->t.db, f->a, "org1", job_id(stale), &rec), 0);
	assert_int_equal(rec.status, JOB_FAILED);
	assert_string_equal(rec.reason, "interrupted");
	assert_non_null(strstr(rec.detail, "stopped reporting"));
	assert_int_equal(store_import_get(f->t.db, f->a, "org1", job_id(other), &rec), 0);
	assert_int_equal(rec.status, JOB_QUEUED);
	job_drop(mine);
	job_drop(other);
	job_drop(stale);
	assert_int_equal(atomic_load(&t.runs), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(runs_reports_progress_and_ends_done, setup, teardown),
	    cmocka_unit_test_setup_teardown(cancelled_rolls_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(stop_interrupts_running_jobs, setup, teardown),
	    cmocka_unit_test_setup_teardown(at_most_so_many_at_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(recovery_of_jobs_left_running, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
