/* jobs.h: background jobs: work a request starts and a thread of the
 * server does after it has answered (imports now; call records, media
 * conversion and SCIM syncs later).
 *
 * A job kind is a struct job_kind (its name and run function), as a route
 * is a line of the route table. The module owns everything else: the
 * worker threads (at most JOBS_MAX_RUNNING a process), the job rows' state
 * (queued by the kind when it stores the job, then running, done, or
 * failed with a reason), the live counts, the heartbeat, cancelling, and
 * the recovery of jobs whose node stopped: at a node's start (the jobs left
 * under its id) and at every heartbeat (the jobs of any node that stopped
 * reporting). A job that writes says done in its own transaction
 * (job_done), so a row still queued or running means nothing was written,
 * and an ended job never changes again: the first word on its end stands.
 *
 * The job rows are those of the `imports` table, the one job table so far:
 * a later kind with rows of another shape adds its columns or its table
 * there, the state changes stay here. */
#pragma once
#include "domain/domain.h"

#include <stdbool.h>
#include <stdint.h>

#define JOBS_MAX_RUNNING 4 /* jobs a process runs at once */

struct job;

/* What a job has done so far, as its row shows it. */
struct job_counts {
	int64_t total, processed, created, updated, unchanged, failed;
};

/* What a run did, for the job's row: filled by the kind's run function
 * whatever its answer; errors (row problems) is owned (NULL for none). */
struct job_result {
	struct job_counts n;
	bool written; /* its work is committed (job_done said done) */
	json_t *errors;
};

struct job_kind {
	const char *name;
	/* Runs j on c: the job's own connection, arena and diag, as the actor
	 * who started it. It reports with job_progress (stopping when told
	 * to, -ECANCELED) and, when it writes, calls job_done inside its
	 * transaction just before the commit. 0 when it ran to its end, or
	 * < 0 with c->d saying why. */
	int (*run)(struct job *j, struct dctx *c, struct job_result *res);
	/* Frees the argument given to job_new; may be NULL. */
	void (*free_arg)(void *arg);
};

struct store;

struct jobs_config {
	int64_t heartbeat_ms;   /* between heartbeats and sweeps (default 10 s) */
	int64_t stale_after_ms; /* a job whose heartbeat is older is interrupted */
	/* Called (from the job's thread) after every job ends, e.g. to wake
	 * the mail worker for the mail a job queued; may be NULL. */
	void (*ended)(void *cls);
	void *ended_cls;
};

/* For serve, before it takes requests: marks the jobs left queued or
 * running under cfg->node_id failed (interrupted: the process that ran them
 * is gone, and their rows were not written), then starts the heartbeat.
 * s and cfg must outlive jobs_stop. 0 or a negative errno. */
int jobs_start(struct store *s, const struct settings *cfg, const struct jobs_config *jc);
/* Cancels the jobs of this process (each rolls back and is marked failed,
 * interrupted), waits for them and stops the heartbeat; jobs_start may be
 * called again after it. */
void jobs_stop(void);
/* Marks the jobs of node_id left queued or running failed (interrupted);
 * how many, or < 0. Called by jobs_start. */
int jobs_recover(struct db *db, const char *node_id);
/* One heartbeat now: writes the heartbeat and counts of the jobs this
 * process runs (where the database lets a second connection write beside
 * a job's transaction: not on SQLite) and marks failed (interrupted) the
 * jobs of any node whose heartbeat is older than the stale limit, except
 * those running here. The heartbeat thread calls it; so may tests. */
void jobs_tick(void);

/* A new job of kind k for arg (stolen, freed with k->free_arg even on
 * failure), as c's actor. The kind then stores its row as queued under
 * job_id() and cfg->node_id in c's transaction, and the caller calls
 * job_start once that is committed, or job_drop if it is not.
 * -EAGAIN when this process runs JOBS_MAX_RUNNING jobs already, -ENOTSUP
 * when the jobs are not started (not a server). */
int job_new(struct dctx *c, const struct job_kind *k, void *arg, struct job **ret);
const char *job_id(const struct job *j);
void *job_arg(const struct job *j);
/* Runs j on a thread of its own (the module's from now on). Its row is
 * marked failed when no thread can be had. */
void job_start(struct job *j);
/* Frees a job that will not run (its row was not committed); NULL is fine. */
void job_drop(struct job *j);

/* From a run: the counts so far. Nonzero when the job is to stop (it was
 * cancelled, or the server stops): the run rolls back and answers
 * -ECANCELED. */
int job_progress(struct job *j, const struct job_counts *n);
/* From a run, inside its transaction on c->db, just before it commits: the
 * job says done with res (written set), so its row and its work are
 * committed together or not at all. -ENOENT when the job has ended
 * meanwhile (another node found it interrupted): then the run must roll
 * back. */
int job_done(struct job *j, struct dctx *c, const struct job_result *res);

/* Cancels job id if this process runs it: it rolls back and is marked
 * failed with reason "cancelled". -ENOENT when it does not run here. */
int job_cancel(const char *id);
/* Whether this process runs job id; its live counts in *ret. */
bool job_live(const char *id, struct job_counts *ret);
