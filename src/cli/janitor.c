/* janitor.c: background housekeeping in `switchboard serve`: purges of
 * deleted users and of old call records (janitor.h). The jobs' heartbeat is
 * the jobs module's (domain/jobs.c). */
#include "cli/janitor.h"
#include "base/arena.h"
#include "base/diag.h"
#include "base/log.h"
#include "base/util.h"
#include "domain/calls.h"
#include "domain/users.h"
#include "domain/voicemail.h"
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define JANITOR_BATCH 100
/* Call records are small rows without anything hanging off them. */
#define JANITOR_CALL_BATCH 1000

struct janitor {
	struct store *store;
	const struct settings *cfg;
	struct janitor_config jc;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
};

typedef int purge_fn(struct dctx *c, int limit, int *ret_n);

/* One batch of purges in one transaction; how many, or < 0. */
static int purge_batch(struct janitor *j, struct db *db, purge_fn *fn, int limit)
{
	struct arena *a = arena_new();
	struct diag d;
	diag_init(&d, a);
	struct dctx dc = {.db = db, .a = a, .d = &d, .cfg = j->cfg, .now = time_now_ms()};
	int n = 0, r = db_begin(db, true);
	if (r == 0) {
		r = fn(&dc, limit, &n);
		if (r == 0)
			r = db_commit(db);
		else
			db_rollback(db);
	}
	arena_free(a);
	return r < 0 ? r : n;
}

/* Batches of fn until one is not full; logs how many, or the failure. */
static void purge_all(struct janitor *j, struct db *db, purge_fn *fn, int limit, const char *failed,
                      const char *done)
{
	int total = 0, n;
	while ((n = purge_batch(j, db, fn, limit)) > 0) {
		total += n;
		if (n < limit)
			break;
	}
	char num[24];
	if (n < 0) {
		snprintf(num, sizeof(num), "%d", n);
		log_msg(LOG_WARN, failed, "error", num, NULL);
	} else if (total) {
		snprintf(num, sizeof(num), "%d", total);
		log_msg(LOG_INFO, done, "count", num, NULL);
	}
}

static void purge(struct janitor *j)
{
	struct db *db = store_conn(j->store);
	if (!db)
		return;
	purge_all(j, db, user_purge_expired, JANITOR_BATCH, "purging deleted users failed",
	          "purged deleted users");
	purge_all(j, db, call_purge_expired, JANITOR_CALL_BATCH, "purging old call records failed",
	          "purged old call records");
	purge_all(j, db, vm_purge_expired, JANITOR_BATCH, "purging old voicemail failed",
	          "purged old voicemail messages");
}

static int64_t mono_ms(void)
{
	return time_mono_ns() / 1000000;
}

static void *run(void *arg)
{
	struct janitor *j = arg;
	int64_t next_purge = mono_ms();
	pthread_mutex_lock(&j->lock);
	while (!j->stop) {
		pthread_mutex_unlock(&j->lock);
		if (mono_ms() >= next_purge) {
			purge(j);
			next_purge = mono_ms() + (int64_t)j->jc.purge_interval_s * 1000;
		}
		pthread_mutex_lock(&j->lock);
		int64_t wake = next_purge;
		struct timespec ts = {.tv_sec = wake / 1000, .tv_nsec = (wake % 1000) * 1000000};
		while (!j->stop && pthread_cond_timedwait(&j->cond, &j->lock, &ts) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&j->lock);
	store_conn_close();
	return NULL;
}

int janitor_start(struct store *s, const struct settings *cfg, const struct janitor_config *jc,
                  struct janitor **ret)
{
	struct janitor *j = calloc(1, sizeof(*j));
	if (!j)
		return -ENOMEM;
	j->store = s;
	j->cfg = cfg;
	j->jc = *jc;
	if (!j->jc.purge_interval_s)
		j->jc.purge_interval_s = 1;
	pthread_mutex_init(&j->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&j->cond, &ca);
	pthread_condattr_destroy(&ca);
	int r = -pthread_create(&j->thread, NULL, run, j);
	if (r < 0) {
		pthread_cond_destroy(&j->cond);
		pthread_mutex_destroy(&j->lock);
		free(j);
		return r;
	}
	*ret = j;
	return 0;
}

void janitor_stop(struct janitor *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stop = true;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
	pthread_join(j->thread, NULL);
	pthread_cond_destroy(&j->cond);
	pthread_mutex_destroy(&j->lock);
	free(j);
}
