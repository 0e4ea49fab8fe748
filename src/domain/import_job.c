/* import_job.c: the import of a CSV of users as a background job (the
 * "import" job kind, domain/jobs.h): POST .../imports stores it as queued
 * under this node's id, the jobs module runs user_import on it once that is
 * committed, and GET .../imports/{id} reads its row with the live counts
 * of the node running it. */
#include "base/arena.h"
#include "base/util.h"
#include "store/store.h"
#include "domain/import.h"
#include "domain/jobs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The argument of an import job. */
struct import_job {
	struct arena *a; /* the job's own copies: org */
	struct org org;
	char *data; /* the CSV, malloc'd */
	size_t len;
	struct import_opts o;
	/* while it runs */
	struct job *job;
	struct dctx *dc;
};

static void import_job_free(void *arg)
{
	struct import_job *ij = arg;
	if (!ij)
		return;
	free(ij->data);
	arena_free(ij->a);
	free(ij);
}

static struct job_counts counts_of(const struct import_report *r)
{
	return (struct job_counts){.total = r->total,
	                           .processed = r->processed,
	                           .created = r->created,
	                           .updated = r->updated,
	                           .unchanged = r->unchanged,
	                           .failed = r->failed};
}

/* Every row with the counts so far; once more with written set, before the
 * commit: then the job says done in the import's transaction. */
static int on_progress(void *ud, const struct import_report *r)
{
	struct import_job *ij = ud;
	struct job_counts n = counts_of(r);
	if (r->written) {
		struct job_result res = {.n = n, .written = true, .errors = r->errors};
		return job_done(ij->job, ij->dc, &res);
	}
	return job_progress(ij->job, &n);
}

static int import_run(struct job *j, struct dctx *c, struct job_result *res)
{
	struct import_job *ij = job_arg(j);
	ij->job = j;
	ij->dc = c;
	struct import_report rep;
	int r = user_import(c, &ij->org, ij->data, ij->len, &ij->o, &rep, on_progress, ij);
	res->n = counts_of(&rep);
	res->written = rep.written;
	res->errors = rep.errors; /* stolen */
	rep.errors = NULL;
	import_report_release(&rep);
	return r;
}

static const struct job_kind import_kind = {
    .name = "import",
    .run = import_run,
    .free_arg = import_job_free,
};

/* The org as the job keeps it: every string copied into a. */
static void copy_org(struct arena *a, const struct org *o, struct org *ret)
{
	*ret = *o;
	fields_copy(a, org_fields, org_fields_n, ret, o);
	ret->id = arena_strdup(a, o->id);
	ret->parent_id = arena_strdup(a, o->parent_id);
	ret->path = arena_strdup(a, o->path);
	ret->kind = arena_strdup(a, o->kind);
	ret->trunk_number = arena_strdup(a, o->trunk_number);
}

int import_job_submit(struct dctx *c, const struct org *org, const struct import_opts *o,
                      const char *data, size_t len, struct job **ret)
{
	bool uses_ext = false;
	int r = import_check_header(c, data, len, &uses_ext);
	if (r < 0)
		return r;
	if (uses_ext && !dctx_can(c, org->path, PERM_TELEPHONY_WRITE))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "telephony.write")),
		                   "Giving an extension needs 'telephony.write'.");
	struct import_job *ij = calloc(1, sizeof(*ij));
	if (!ij || !(ij->a = arena_new()) || !(ij->data = malloc(len ? len : 1))) {
		import_job_free(ij);
		return -ENOMEM;
	}
	memcpy(ij->data, data, len);
	ij->len = len;
	ij->o = *o;
	copy_org(ij->a, org, &ij->org);
	struct job *j;
	if ((r = job_new(c, &import_kind, ij, &j)) < 0)
		return r;
	int64_t now = time_now_ms();
	struct import_rec rec = {.id = (char *)job_id(j),
	                         .org_id = org->id,
	                         .actor_id = c->actor ? c->actor->user_id : NULL,
	                         .mode = (char *)import_mode_name(o->mode),
	                         .dry_run = o->dry_run,
	                         .skip_invalid = o->skip_invalid,
	                         .status = JOB_QUEUED,
	                         .node_id = (char *)(c->cfg ? c->cfg->node_id : NULL),
	                         .heartbeat_at = now,
	                         .created_at = now,
	                         .updated_at = now};
	if ((r = store_import_insert(c->db, &rec)) < 0) {
		job_drop(j);
		return r;
	}
	*ret = j;
	return 0;
}

int import_job_get(struct dctx *c, const struct org *org, const char *id, struct import_rec *ret)
{
	int r = store_import_get(c->db, c->a, org->id, id, ret);
	if (r < 0)
		return r;
	struct job_counts n;
	if (ret->status != JOB_DONE && ret->status != JOB_FAILED && job_live(id, &n)) {
		/* running here: the counts so far */
		ret->status = JOB_RUNNING;
		ret->total = n.total;
		ret->processed = n.processed;
		ret->created = n.created;
		ret->updated = n.updated;
		ret->unchanged = n.unchanged;
		ret->failed = n.failed;
	}
	return 0;
}
