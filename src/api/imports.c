/* imports.c: POST /orgs/{org}/imports (a CSV of users) and GET
 * /orgs/{org}/imports/{id}, and keeping the jobs' rows true.
 *
 * POST checks the header line at once (422 naming unknown columns), stores
 * the job as queued under this node's id and answers 202 with its Location;
 * once that is committed, a thread of this process runs the import
 * (domain/import.c) on its own database connection, as the caller, in one
 * transaction. The job's row says queued, running, then done or failed with
 * the final report, so any node answers the GET; while it runs, the node
 * running it adds the live counts. A job that wrote its rows says done in
 * the same transaction, so a row still queued or running means nothing was
 * written.
 *
 * The janitor (cli/janitor.c) calls import_jobs_tick: it writes the
 * heartbeat and counts of this node's jobs (where the database lets a
 * second connection write beside the import's transaction: on SQLite the
 * import holds the write lock, so only the start and the end are written),
 * and fails the jobs, of any node, whose heartbeat is older than allowed
 * and that this process does not run. A node that starts fails the jobs
 * left under its id (import_jobs_recover). An ended job never changes
 * again (store_import_update), so the first word on a job's end stands. */
#include "api/api.h"
#include "api/handlers.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/util.h"
#include "domain/import.h"
#include "mail/mail.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RUNNING 4   /* import jobs a process runs at once */
#define SWEEP_BATCH 100 /* stale jobs looked at per tick */

/* Why a job ended without its rows: the code, and its words. */
static const char REASON_INTERRUPTED[] = "interrupted";
static const char DETAIL_RESTARTED[] = "The server running this import stopped before it "
                                       "ended; nothing was written. Send the file again.";
static const char DETAIL_STALE[] = "The server running this import stopped reporting before it "
                                   "ended; nothing was written. Send the file again.";

struct import_job {
	struct app *app;
	struct arena *a; /* the job's own copies: org, actor, ids */
	char id[ID_LEN + 1];
	struct org org;
	struct principal actor;
	const char *request_id, *client_addr;
	char *data; /* the CSV, malloc'd */
	size_t len;
	struct import_opts o;
	/* the job thread's own: its connection while it runs, and whether the
	 * job's end is recorded (with its rows, or by another node) */
	struct db *db;
	bool recorded;
	/* live counts, under jobs_lock */
	struct import_report live;
	bool finished, stop;
	pthread_t thread;
	bool started;
	struct import_job *next;
};

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct import_job *jobs; /* started in this process, not yet reaped */

static void job_free(struct import_job *j)
{
	if (!j)
		return;
	free(j->data);
	arena_free(j->a);
	free(j);
}

/* The row of a job that ended with result r (0: it ran to its end) and
 * report rep; d says why it failed, if it did. rec->errors is malloc'd. */
static void end_rec(struct import_job *j, struct import_rec *rec, int r,
                    const struct import_report *rep, const struct diag *d)
{
	int64_t now = time_now_ms();
	*rec = (struct import_rec){.id = j->id,
	                           .status = r < 0 ? "failed" : "done",
	                           .total = rep->total,
	                           .processed = rep->processed,
	                           .created = rep->created,
	                           .updated = rep->updated,
	                           .unchanged = rep->unchanged,
	                           .failed = rep->failed,
	                           .written = rep->written,
	                           .heartbeat_at = now,
	                           .updated_at = now,
	                           .finished_at = now};
	json_t *errors = rep->errors ? json_incref(rep->errors) : json_array();
	if (r < 0) {
		/* the file-level problem, or what stopped the job */
		for (size_t i = 0; d && i < d->n_errors; i++)
			json_array_append_new(errors, json_pack("{s:n, s:s?, s:s, s:s}", "line",
			                                        "field", d->errors[i].field, "code",
			                                        d->errors[i].code, "message",
			                                        d->errors[i].message));
		const char *reason = "error", *detail = "The import failed; nothing was written.";
		if (d && d->n_errors) {
			reason = "invalid_file";
			detail = "The file cannot be imported.";
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

/* Just before the import commits, inside its transaction: the job says
 * done, so its row and its rows are written together or not at all. A job
 * another node has failed meanwhile stays failed, and its rows unwritten. */
static int job_commit(struct import_job *j, const struct import_report *rep)
{
	struct import_rec rec;
	end_rec(j, &rec, 0, rep, NULL);
	int r = store_import_update(j->db, &rec);
	free(rec.errors);
	if (r == -ENOENT) {
		j->recorded = true;
		log_msg(LOG_WARN, "import: another node found this job interrupted; not written",
		        "id", j->id, NULL);
	}
	return r;
}

/* Every row with the counts so far; once more with written set, before the
 * commit. */
static int on_progress(void *ud, const struct import_report *r)
{
	struct import_job *j = ud;
	if (r->written)
		return job_commit(j, r);
	pthread_mutex_lock(&jobs_lock);
	j->live.total = r->total;
	j->live.processed = r->processed;
	j->live.created = r->created;
	j->live.updated = r->updated;
	j->live.unchanged = r->unchanged;
	j->live.failed = r->failed;
	bool stop = j->stop;
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

static void *job_run(void *arg)
{
	struct import_job *j = arg;
	struct db *db = store_conn(&j->app->store);
	struct arena *a = arena_new();
	struct diag d;
	diag_init(&d, a);
	int64_t now = time_now_ms();
	struct import_rec rec = {
	    .id = j->id, .status = "running", .heartbeat_at = now, .updated_at = now};
	struct import_report rep = {0};
	int r = db ? save_state(db, &rec) : -EIO;
	if (r == -ENOENT) {
		j->recorded = true; /* failed by another node before it started */
	} else if (r >= 0) {
		struct dctx dc = {.db = db,
		                  .a = a,
		                  .d = &d,
		                  .actor = &j->actor,
		                  .request_id = j->request_id,
		                  .client_addr = j->client_addr,
		                  .cfg = &j->app->settings,
		                  .now = time_now_ms()};
		j->db = db;
		r = user_import(&dc, &j->org, j->data, j->len, &j->o, &rep, on_progress, j);
		j->recorded |= r == 0 && rep.written; /* job_commit said done */
	}
	if (!j->recorded) {
		end_rec(j, &rec, r, &rep, &d);
		int w = db ? save_state(db, &rec) : -EIO;
		if (w == -ENOENT)
			log_msg(LOG_WARN, "import: another node found this job interrupted", "id",
			        j->id, NULL);
		else if (w < 0)
			log_msg(LOG_WARN, "import: cannot record the end of a job", "id", j->id,
			        NULL);
		free(rec.errors);
	}
	import_report_release(&rep);
	arena_free(a);
	store_conn_close();
	if (j->app->mailer)
		mailer_wake(j->app->mailer);
	pthread_mutex_lock(&jobs_lock);
	j->finished = true;
	pthread_mutex_unlock(&jobs_lock);
	return NULL;
}

/* Joins and frees finished jobs; how many still run. Under jobs_lock. */
static int reap_locked(void)
{
	int running = 0;
	for (struct import_job **p = &jobs; *p;) {
		struct import_job *j = *p;
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

/* After the request's transaction: start the job, or drop it. */
static void job_after(void *arg, bool committed)
{
	struct import_job *j = arg;
	if (!committed) {
		job_free(j);
		return;
	}
	pthread_mutex_lock(&jobs_lock);
	if (pthread_create(&j->thread, NULL, job_run, j) != 0) {
		pthread_mutex_unlock(&jobs_lock);
		log_msg(LOG_WARN, "import: cannot start a job thread", "id", j->id, NULL);
		struct import_report none = {0};
		struct import_rec rec;
		end_rec(j, &rec, -EAGAIN, &none, NULL);
		rec.detail = "The server could not start the import; nothing was written.";
		struct db *db = store_conn(&j->app->store);
		if (!db || save_state(db, &rec) < 0)
			log_msg(LOG_WARN, "import: cannot record the end of a job", "id", j->id,
			        NULL);
		free(rec.errors);
		job_free(j);
		return;
	}
	j->next = jobs;
	jobs = j;
	pthread_mutex_unlock(&jobs_lock);
}

void import_jobs_stop(void)
{
	pthread_mutex_lock(&jobs_lock);
	for (struct import_job *j = jobs; j; j = j->next)
		j->stop = true;
	struct import_job *list = jobs;
	jobs = NULL;
	pthread_mutex_unlock(&jobs_lock);
	while (list) {
		struct import_job *next = list->next;
		pthread_join(list->thread, NULL);
		job_free(list);
		list = next;
	}
}

int import_jobs_recover(struct db *db, const char *node_id)
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

/* Whether this process runs job id (under jobs_lock). */
static bool running_here_locked(const char *id)
{
	for (struct import_job *j = jobs; j; j = j->next)
		if (!j->finished && strcmp(j->id, id) == 0)
			return true;
	return false;
}

/* Writes the heartbeat and the counts of the jobs this process runs. */
static void beat(struct db *db, struct arena *a, int64_t now)
{
	pthread_mutex_lock(&jobs_lock);
	int n = 0;
	for (struct import_job *j = jobs; j; j = j->next)
		n += !j->finished;
	struct import_rec *v = arena_alloc(a, sizeof(*v) * (size_t)(n ? n : 1));
	n = 0;
	for (struct import_job *j = jobs; j; j = j->next) {
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
		bool mine = running_here_locked(ids[i]);
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

void import_jobs_tick(struct store *s, int64_t stale_after_ms)
{
	struct db *db = store_conn(s);
	struct arena *a = db ? arena_new() : NULL;
	if (!a)
		return;
	int64_t now = time_now_ms();
	if (store_writes_concurrently(s))
		beat(db, a, now);
	if (sweep(db, a, now - stale_after_ms, now) < 0)
		log_msg(LOG_WARN, "import: cannot look for interrupted jobs", NULL);
	arena_free(a);
}

static char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* The org as the job keeps it: every string copied into a. */
static void copy_org(struct arena *a, const struct org *o, struct org *ret)
{
	*ret = *o;
	ret->id = dup_or_null(a, o->id);
	ret->parent_id = dup_or_null(a, o->parent_id);
	ret->path = dup_or_null(a, o->path);
	ret->kind = dup_or_null(a, o->kind);
	ret->name = dup_or_null(a, o->name);
	ret->country = dup_or_null(a, o->country);
	ret->language = dup_or_null(a, o->language);
	ret->timezone = dup_or_null(a, o->timezone);
	ret->sip_domain = dup_or_null(a, o->sip_domain);
	ret->ext_prefix = dup_or_null(a, o->ext_prefix);
	ret->trunk_number_id = dup_or_null(a, o->trunk_number_id);
	ret->trunk_number = dup_or_null(a, o->trunk_number);
	ret->caller_id_mode = dup_or_null(a, o->caller_id_mode);
}

static int query_bool(struct ctx *c, const char *name, bool *ret)
{
	const char *v = query(c, name);
	if (!v || !strcmp(v, "false") || !strcmp(v, "0"))
		*ret = false;
	else if (!strcmp(v, "true") || !strcmp(v, "1") || !*v)
		*ret = true;
	else
		return diag_error(&c->d, name, "invalid", "%s must be true or false.", name);
	return 0;
}

int imports_create(struct ctx *c)
{
	struct import_opts o = {0};
	if (import_mode_parse(query(c, "mode"), &o.mode) < 0)
		diag_error(&c->d, "mode", "invalid", "mode must be create, update or upsert.");
	query_bool(c, "dry_run", &o.dry_run);
	query_bool(c, "skip_invalid", &o.skip_invalid);
	if (c->d.n_errors)
		return -EINVAL;
	if (c->req->body_len == 0)
		return diag_error(&c->d, "file", "empty",
		                  "Send the CSV file as the body (Content-Type: text/csv).");
	bool uses_ext = false;
	int r = import_check_header(&c->dc, c->req->body, c->req->body_len, &uses_ext);
	if (r < 0)
		return r;
	if (uses_ext && !dctx_can(&c->dc, c->org.path, PERM_TELEPHONY_WRITE))
		return diag_fail_p(&c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "telephony.write")),
		                   "Giving an extension needs 'telephony.write'.");
	pthread_mutex_lock(&jobs_lock);
	int running = reap_locked();
	pthread_mutex_unlock(&jobs_lock);
	if (running >= MAX_RUNNING) {
		reply_header(c, "Retry-After", "10");
		return reply_problem(c, 503, "Service unavailable",
		                     "This server runs as many imports as it may; try again soon.");
	}

	struct import_job *j = calloc(1, sizeof(*j));
	if (!j || !(j->a = arena_new()) || !(j->data = malloc(c->req->body_len))) {
		job_free(j);
		return -ENOMEM;
	}
	id_new(j->id);
	j->app = c->app;
	j->o = o;
	memcpy(j->data, c->req->body, c->req->body_len);
	j->len = c->req->body_len;
	copy_org(j->a, &c->org, &j->org);
	j->actor = *c->me;
	j->actor.user_id = dup_or_null(j->a, c->me->user_id);
	j->actor.org_id = dup_or_null(j->a, c->me->org_id);
	j->actor.org_path = dup_or_null(j->a, c->me->org_path);
	j->actor.email = dup_or_null(j->a, c->me->email);
	j->actor.language = dup_or_null(j->a, c->me->language);
	j->actor.session_hash = NULL;
	j->request_id = dup_or_null(j->a, c->request_id);
	j->client_addr = dup_or_null(j->a, c->req->client_addr);

	int64_t now = time_now_ms();
	struct import_rec rec = {.id = j->id,
	                         .org_id = c->org.id,
	                         .actor_id = c->me->user_id,
	                         .mode = (char *)import_mode_name(o.mode),
	                         .dry_run = o.dry_run,
	                         .skip_invalid = o.skip_invalid,
	                         .status = "queued",
	                         .node_id = (char *)c->app->settings.node_id,
	                         .heartbeat_at = now,
	                         .created_at = now,
	                         .updated_at = now};
	if ((r = store_import_insert(c->db, &rec)) < 0) {
		job_free(j);
		return r;
	}
	c->after = job_after;
	c->after_arg = j;
	const char *loc = arena_printf(c->a, "/api/v1/orgs/%s/imports/%s", c->org.id, j->id);
	reply_header(c, "Location", loc);
	return reply_json(c, 202,
	                  json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "id", j->id, "status",
	                            "queued", "location", loc, "mode", rec.mode, "dry_run",
	                            o.dry_run, "skip_invalid", o.skip_invalid));
}

int imports_get(struct ctx *c)
{
	const char *id;
	struct import_rec rec;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = store_import_get(c->db, c->a, c->org.id, id, &rec)) < 0)
		return r;
	if (strcmp(rec.status, "done") && strcmp(rec.status, "failed")) {
		/* running here: the counts so far. A job that finished after this
		 * request read its row still has its final counts here, so the
		 * counts a client sees never go back. */
		pthread_mutex_lock(&jobs_lock);
		for (struct import_job *j = jobs; j; j = j->next) {
			if (strcmp(j->id, rec.id))
				continue;
			rec.status = "running";
			rec.total = j->live.total;
			rec.processed = j->live.processed;
			rec.created = j->live.created;
			rec.updated = j->live.updated;
			rec.unchanged = j->live.unchanged;
			rec.failed = j->live.failed;
		}
		pthread_mutex_unlock(&jobs_lock);
	}
	json_error_t err;
	json_t *errors = json_loads(rec.errors ? rec.errors : "[]", 0, &err);
	json_t *j = json_pack(
	    "{s:s, s:s, s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:o, s:o, s:o, s:o, s:o}",
	    "id", rec.id, "status", rec.status, "mode", rec.mode, "dry_run", rec.dry_run,
	    "skip_invalid", rec.skip_invalid, "total", (json_int_t)rec.total, "processed",
	    (json_int_t)rec.processed, "created", (json_int_t)rec.created, "updated",
	    (json_int_t)rec.updated, "unchanged", (json_int_t)rec.unchanged, "failed",
	    (json_int_t)rec.failed, "written", rec.written, "errors",
	    errors ? errors : json_array(), "detail",
	    rec.detail ? json_string(rec.detail) : json_null(), "reason",
	    rec.reason ? json_string(rec.reason) : json_null(), "created_at", jtime(rec.created_at),
	    "finished_at", jtime(rec.finished_at));
	return reply_json(c, 200, j);
}
