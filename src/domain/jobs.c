/* jobs.c: the background jobs of this process, their rows, their heartbeat
 * and the recovery of the jobs of nodes that stopped; see jobs.h.
 *
 * Every job runs on a thread of its own with its own connection, as the
 * actor who started it, in the transaction its kind opens. The heartbeat
 * thread writes the heartbeat and counts of this process's jobs (on
 * PostgreSQL: on SQLite a job holds the write lock until it ends, so only
 * its start and end are written) and fails the jobs, of any node, whose
 * heartbeat is older than allowed and that this process does not run. */
#include "domain/jobs.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/util.h"
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SWEEP_BATCH 100 /* stale jobs looked at per heartbeat */

/* Why a job ended without its work: the codes, and their words. */
static const char REASON_INTERRUPTED[] = "interrupted";
static const char REASON_CANCELLED[] = "cancelled";
static const char DETAIL_RESTARTED[] = "The server running this import stopped before it "
                                       "ended; nothing was written. Send the file again.";
static const char DETAIL_STALE[] = "The server running this import stopped reporting before it "
                                   "ended; nothing was written. Send the file again.";

enum stop { STOP_NONE, STOP_SHUTDOWN, STOP_CANCEL };

struct job {
	const struct job_kind *kind;
	void *arg;
	struct arena *a; /* the job's own copies: actor, ids */
	char id[ID_LEN + 1];
	struct principal actor;
	bool has_actor;
	const char *request_id, *client_addr;
	/* the job thread's own: whether the job's end is recorded (with its
	 * work, or by another node) */
	bool recorded;
	/* under jobs_lock */
	struct job_counts live;
	bool finished;
	enum stop stop;
	pthread_t thread;
	struct job *next;
};

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct job *jobs; /* started in this process, not yet reaped */
static struct store *jobs_store;
static const struct settings *jobs_cfg;
static struct jobs_config jobs_jc;
static bool jobs_started;

/* The heartbeat thread. */
static pthread_t beat_thread;
static pthread_cond_t beat_cond;
static bool beat_stop;

static void job_free(struct job *j)
{
	if (!j)
		return;
	if (j->kind->free_arg)
		j->kind->free_arg(j->arg);
	arena_free(j->a);
	free(j);
}

const char *job_id(const struct job *j)
{
	return j->id;
}

void *job_arg(const struct job *j)
{
	return j->arg;
}

/* Joins and frees finished jobs; how many still run. Under jobs_lock. */
static int reap_locked(void)
{
	int running = 0;
	for (struct job **p = &jobs; *p;) {
		struct job *j = *p;
		if (j->finished) {
			*p = j->next;
			pthread_join(j->thread, NULL);
			job_free(j);
		} else {
			running++;
			p = &j->next;
		}
	}
	return running;
}

int job_new(struct dctx *c, const struct job_kind *k, void *arg, struct job **ret)
{
	pthread_mutex_lock(&jobs_lock);
	bool started = jobs_started;
	int running = started ? reap_locked() : 0;
	pthread_mutex_unlock(&jobs_lock);
	int r = !started ? -ENOTSUP : running >= JOBS_MAX_RUNNING ? -EAGAIN : 0;
	struct job *j = r == 0 ? calloc(1, sizeof(*j)) : NULL;
	if (r == 0 && (!j || !(j->a = arena_new())))
		r = -ENOMEM;
	if (r < 0) {
		if (k->free_arg)
			k->free_arg(arg);
		if (j)
			free(j);
		return r;
	}
	j->kind = k;
	j->arg = arg;
	id_new(j->id);
	if (c->actor) {
		j->has_actor = true;
		j->actor = *c->actor;
		j->actor.user_id = arena_strdup(j->a, c->actor->user_id);
		j->actor.org_id = arena_strdup(j->a, c->actor->org_id);
		j->actor.org_path = arena_strdup(j->a, c->actor->org_path);
		j->actor.email = arena_strdup(j->a, c->actor->email);
		j->actor.language = arena_strdup(j->a, c->actor->language);
		j->actor.token_name = arena_strdup(j->a, c->actor->token_name);
		j->actor.session_hash = NULL;
	}
	j->request_id = arena_strdup(j->a, c->request_id);
	j->client_addr = arena_strdup(j->a, c->client_addr);
	*ret = j;
	return 0;
}

void job_drop(struct job *j)
{
	job_free(j);
}

/* Why j was told to stop, if it was. */
static enum stop stop_of(struct job *j)
{
	pthread_mutex_lock(&jobs_lock);
	enum stop stop = j->stop;
	pthread_mutex_unlock(&jobs_lock);
	return stop;
}

/* The row of a job that ended with r (0: it ran to its end) and res; d says
 * why it failed, if it did. rec->errors is malloc'd. */
static void end_rec(struct job *j, struct arena *a, struct import_rec *rec, int r,
                    const struct job_result *res, const struct diag *d)
{
	int64_t now = time_now_ms();
	*rec = (struct import_rec){.id = (char *)j->id,
	                           .status = r < 0 ? JOB_FAILED : JOB_DONE,
	                           .total = res->n.total,
	                           .processed = res->n.processed,
	                           .created = res->n.created,
	                           .updated = res->n.updated,
	                           .unchanged = res->n.unchanged,
	                           .failed = res->n.failed,
	                           .written = res->written,
	                           .heartbeat_at = now,
	                           .updated_at = now,
	                           .finished_at = now};
	json_t *errors = res->errors ? json_incref(res->errors) : json_array();
	if (r < 0) {
		/* the file-level problem, or what stopped the job */
		for (size_t i = 0; d && i < d->n_errors; i++)
			json_array_append_new(errors, json_pack("{s:n, s:s?, s:s, s:s}", "line",
			                                        "field", d->errors[i].field, "code",
			                                        d->errors[i].code, "message",
			                                        d->errors[i].message));
		const char *reason = "error",
		           *detail = arena_printf(a, "The %s failed; nothing was written.",
		                                  j->kind->name);
		if (d && d->n_errors) {
			reason = "invalid_file";
			detail = "The file cannot be imported.";
		} else if (r == -ECANCELED && stop_of(j) == STOP_CANCEL) {
			reason = REASON_CANCELLED;
			detail = arena_printf(a, "The %s was cancelled; nothing was written.",
			                      j->kind->name);
			d = NULL;
		} else if (r == -ECANCELED) {
			reason = REASON_INTERRUPTED; /* this server stopped */
		} else if (r == -EBUSY) {
			reason = "busy";
			detail = "The database was busy; try again.";
		}
		rec->reason = (char *)reason;
		rec->detail = (char *)(d && d->detail ? d->detail : detail);
	}
	rec->errors = json_dumps(errors, JSON_COMPACT);
	json_decref(errors);
}

int job_done(struct job *j, struct dctx *c, const struct job_result *res)
{
	struct import_rec rec;
	end_rec(j, c->a, &rec, 0, res, NULL);
	int r = store_import_update(c->db, &rec);
	free(rec.errors);
	if (r == -ENOENT) {
		j->recorded = true;
		log_msg(LOG_WARN, "import: another node found this job interrupted; not written",
		        "id", j->id, NULL);
	}
	return r;
}

int job_progress(struct job *j, const struct job_counts *n)
{
	pthread_mutex_lock(&jobs_lock);
	j->live = *n;
	bool stop = j->stop != STOP_NONE;
	pthread_mutex_unlock(&jobs_lock);
	return stop;
}

/* Writes the job's row in its own short transaction. */
static int save_state(struct db *db, struct import_rec *rec)
{
	int r = db_begin(db, true);
	if (r < 0)
		return r;
	if ((r = store_import_update(db, rec)) < 0) {
		db_rollback(db);
		return r;
	}
	return db_commit(db);
}

/* Records the end of a job that ran (or could not) with r and res. */
static void record_end(struct job *j, struct db *db, struct arena *a, int r,
                       const struct job_result *res, const struct diag *d)
{
	struct import_rec rec;
	end_rec(j, a, &rec, r, res, d);
	int w = db ? save_state(db, &rec) : -EIO;
	if (w == -ENOENT)
		log_msg(LOG_WARN, "import: another node found this job interrupted", "id", j->id,
		        NULL);
	else if (w < 0)
		log_msg(LOG_WARN, "import: cannot record the end of a job", "id", j->id, NULL);
	free(rec.errors);
}

static void *job_run(void *arg)
{
	struct job *j = arg;
	struct db *db = store_conn(jobs_store);
	struct arena *a = arena_new();
	struct diag d;
	diag_init(&d, a);
	int64_t now = time_now_ms();
	struct import_rec rec = {
	    .id = j->id, .status = JOB_RUNNING, .heartbeat_at = now, .updated_at = now};
	struct job_result res = {0};
	int r = db ? save_state(db, &rec) : -EIO;
	if (r == -ENOENT) {
		j->recorded = true; /* failed by another node before it started */
	} else if (r >= 0) {
		struct dctx dc = {.db = db,
		                  .a = a,
		                  .d = &d,
		                  .actor = j->has_actor ? &j->actor : NULL,
		                  .request_id = j->request_id,
		                  .client_addr = j->client_addr,
		                  .cfg = jobs_cfg,
		                  .now = time_now_ms()};
		r = j->kind->run(j, &dc, &res);
		j->recorded |= r == 0 && res.written; /* job_done said done */
	}
	if (!j->recorded)
		record_end(j, db, a, r, &res, &d);
	json_decref(res.errors);
	arena_free(a);
	store_conn_close();
	if (jobs_jc.ended)
		jobs_jc.ended(jobs_jc.ended_cls);
	pthread_mutex_lock(&jobs_lock);
	j->finished = true;
	pthread_mutex_unlock(&jobs_lock);
	return NULL;
}

void job_start(struct job *j)
{
	pthread_mutex_lock(&jobs_lock);
	if (pthread_create(&j->thread, NULL, job_run, j) != 0) {
		pthread_mutex_unlock(&jobs_lock);
		log_msg(LOG_WARN, "import: cannot start a job thread", "id", j->id, NULL);
		struct arena *a = arena_new();
		struct diag d;
		diag_init(&d, a);
		d.detail = "The server could not start the import; nothing was written.";
		struct job_result none = {0};
		record_end(j, store_conn(jobs_store), a, -EAGAIN, &none, &d);
		arena_free(a);
		job_free(j);
		return;
	}
	j->next = jobs;
	jobs = j;
	pthread_mutex_unlock(&jobs_lock);
}

/* The job id among those running here (under jobs_lock), or NULL. */
static struct job *find_locked(const char *id)
{
	for (struct job *j = jobs; j; j = j->next)
		if (!j->finished && strcmp(j->id, id) == 0)
			return j;
	return NULL;
}

int job_cancel(const char *id)
{
	pthread_mutex_lock(&jobs_lock);
	struct job *j = find_locked(id);
	if (j && j->stop == STOP_NONE)
		j->stop = STOP_CANCEL;
	pthread_mutex_unlock(&jobs_lock);
	return j ? 0 : -ENOENT;
}

bool job_live(const char *id, struct job_counts *ret)
{
	pthread_mutex_lock(&jobs_lock);
	/* a job that finished but is not reaped keeps its final counts, so
	 * the counts a client sees never go back */
	struct job *hit = NULL;
	for (struct job *j = jobs; j && !hit; j = j->next)
		if (strcmp(j->id, id) == 0)
			hit = j;
	if (hit)
		*ret = hit->live;
	pthread_mutex_unlock(&jobs_lock);
	return hit != NULL;
}

/* ---- heartbeat, sweep, recovery ------------------------------------------ */

int jobs_recover(struct db *db, const char *node_id)
{
	int64_t n = 0;
	int r = db_begin(db, true);
	if (r < 0)
		return r;
	r = store_import_fail_node(db, node_id, time_now_ms(), REASON_INTERRUPTED, DETAIL_RESTARTED,
	                           &n);
	if (r < 0) {
		db_rollback(db);
		return r;
	}
	if ((r = db_commit(db)) < 0)
		return r;
	if (n) {
		char num[24];
		snprintf(num, sizeof(num), "%lld", (long long)n);
		log_msg(LOG_WARN, "import jobs this node ran before it stopped marked interrupted",
		        "count", num, NULL);
	}
	return (int)n;
}

/* Writes the heartbeat and the counts of the jobs this process runs. */
static void beat(struct db *db, struct arena *a, int64_t now)
{
	pthread_mutex_lock(&jobs_lock);
	int n = 0;
	for (struct job *j = jobs; j; j = j->next)
		n += !j->finished;
	struct import_rec *v = arena_alloc(a, sizeof(*v) * (size_t)(n ? n : 1));
	n = 0;
	for (struct job *j = jobs; j; j = j->next) {
		if (j->finished)
			continue;
		v[n++] = (struct import_rec){.id = arena_strdup(a, j->id),
		                             .heartbeat_at = now,
		                             .total = j->live.total,
		                             .processed = j->live.processed,
		                             .created = j->live.created,
		                             .updated = j->live.updated,
		                             .unchanged = j->live.unchanged,
		                             .failed = j->live.failed};
	}
	pthread_mutex_unlock(&jobs_lock);
	if (!n || db_begin(db, true) < 0)
		return;
	int r = 0;
	for (int i = 0; i < n && (r >= 0 || r == -ENOENT); i++)
		r = store_import_beat(db, &v[i]); /* -ENOENT: not running (yet, or now) */
	if ((r < 0 && r != -ENOENT) || db_commit(db) < 0) {
		db_rollback(db);
		log_msg(LOG_WARN, "import: cannot write the heartbeat of the jobs", NULL);
	}
}

/* Fails the jobs whose heartbeat is older than before and that this
 * process does not run; how many. */
static int sweep(struct db *db, struct arena *a, int64_t before, int64_t now)
{
	char **ids;
	int n, failed = 0;
	if (store_import_list_stale(db, a, before, SWEEP_BATCH, &ids, &n) < 0)
		return -EIO;
	for (int i = 0; i < n; i++) {
		pthread_mutex_lock(&jobs_lock);
		bool mine = find_locked(ids[i]) != NULL;
		pthread_mutex_unlock(&jobs_lock);
		if (mine)
			continue; /* alive, though it cannot say so on SQLite */
		int r = db_begin(db, true);
		if (r < 0)
			return r;
		r = store_import_fail_stale(db, ids[i], before, now, REASON_INTERRUPTED,
		                            DETAIL_STALE);
		if (r < 0) {
			db_rollback(db);
			if (r == -ENOENT)
				continue; /* it ended, or beat, meanwhile */
			return r;
		}
		if ((r = db_commit(db)) < 0)
			return r;
		failed++;
		log_msg(LOG_WARN, "import job of a node that stopped reporting marked interrupted",
		        "id", ids[i], NULL);
	}
	return failed;
}

void jobs_tick(void)
{
	struct db *db = jobs_store ? store_conn(jobs_store) : NULL;
	struct arena *a = db ? arena_new() : NULL;
	if (!a)
		return;
	int64_t now = time_now_ms();
	if (store_writes_concurrently(jobs_store))
		beat(db, a, now);
	if (sweep(db, a, now - jobs_jc.stale_after_ms, now) < 0)
		log_msg(LOG_WARN, "import: cannot look for interrupted jobs", NULL);
	arena_free(a);
}

static void *beat_run(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&jobs_lock);
	while (!beat_stop) {
		pthread_mutex_unlock(&jobs_lock);
		jobs_tick();
		pthread_mutex_lock(&jobs_lock);
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		int64_t wake = ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + jobs_jc.heartbeat_ms;
		ts = (struct timespec){.tv_sec = wake / 1000, .tv_nsec = (wake % 1000) * 1000000};
		while (!beat_stop &&
		       pthread_cond_timedwait(&beat_cond, &jobs_lock, &ts) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&jobs_lock);
	store_conn_close();
	return NULL;
}

int jobs_start(struct store *s, const struct settings *cfg, const struct jobs_config *jc)
{
	jobs_store = s;
	jobs_cfg = cfg;
	jobs_jc = *jc;
	if (jobs_jc.heartbeat_ms < 1)
		jobs_jc.heartbeat_ms = 10000;
	if (jobs_jc.stale_after_ms < 2 * jobs_jc.heartbeat_ms)
		jobs_jc.stale_after_ms = 2 * jobs_jc.heartbeat_ms;
	struct db *db = store_conn(s);
	if (!db)
		return -EIO;
	int r = jobs_recover(db, cfg->node_id);
	if (r < 0)
		return r;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&beat_cond, &ca);
	pthread_condattr_destroy(&ca);
	beat_stop = false;
	if ((r = -pthread_create(&beat_thread, NULL, beat_run, NULL)) < 0) {
		pthread_cond_destroy(&beat_cond);
		return r;
	}
	pthread_mutex_lock(&jobs_lock);
	jobs_started = true;
	pthread_mutex_unlock(&jobs_lock);
	return 0;
}

void jobs_stop(void)
{
	pthread_mutex_lock(&jobs_lock);
	if (!jobs_started) {
		pthread_mutex_unlock(&jobs_lock);
		return;
	}
	jobs_started = false;
	/* the heartbeat first: it would take stopping jobs for lost ones */
	beat_stop = true;
	pthread_cond_signal(&beat_cond);
	pthread_mutex_unlock(&jobs_lock);
	pthread_join(beat_thread, NULL);
	pthread_cond_destroy(&beat_cond);

	pthread_mutex_lock(&jobs_lock);
	for (struct job *j = jobs; j; j = j->next)
		if (j->stop == STOP_NONE)
			j->stop = STOP_SHUTDOWN;
	struct job *list = jobs;
	jobs = NULL;
	pthread_mutex_unlock(&jobs_lock);
	while (list) {
		struct job *next = list->next;
		pthread_join(list->thread, NULL);
		job_free(list);
		list = next;
	}
}
