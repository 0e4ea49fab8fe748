/* rpc.c: the delivery worker of SIP invalidations (see rpc.h): a thread
 * per Kamailio JSON-RPC URL claims the due rows of its URL, makes the three
 * calls of each on a kept connection, and deletes what was delivered or
 * records the failure, in transactions of their own. */
#include "sip/rpc.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"
#include "domain/sip.h"
#include "store/store.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>

#define RPC_BATCH 50                      /* rows claimed per transaction */
#define RPC_ROUNDS 20                     /* batches per pass */
#define RPC_LEASE_MS 30000                /* a claim's hold on its rows */
#define RPC_POLL_MS 1000                  /* other processes' rows, retries */
#define RPC_BACKOFF_FIRST_MS 250          /* after the first failure */
#define RPC_BACKOFF_MAX_MS 10000          /* longest wait between two attempts */
#define RPC_CONNECT_TIMEOUT_MS 1000       /* to open a connection */
#define RPC_TIMEOUT_MS 2000               /* for one call, answer included */
#define RPC_ANSWER_MAX 4096               /* bytes of an answer read */
#define RPC_GIVE_UP_MS (24 * 3600 * 1000) /* a row this old is dropped */
#define RPC_EXPIRE_EVERY_MS 60000         /* how often old rows are looked for */
/* A row delivered is delivered once more this much later: a credentials
 * lookup Kamailio had in flight at the commit (answered from before it,
 * within its 2 s timeout) may have stored its entry after the first. */
#define RPC_AGAIN_MS 2500

struct sip_rpc;

/* One Kamailio URL and its worker. */
struct target {
	struct sip_rpc *owner;
	char *url;
	CURL *h; /* kept between calls: its connection is reused */
	struct curl_slist *headers;
	pthread_t thread;
	bool started;
	bool failing;       /* the last attempt failed (reported once) */
	int64_t expired_at; /* last look for rows to give up */
	atomic_llong pending, failed_rows;
	atomic_ullong delivered, failures, given_up;
};

struct sip_rpc {
	struct store *store;
	sip_rpc_report_fn *report;
	void *report_cls;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned long long wakes; /* bumped by sip_rpc_wake, under lock */
	bool stop;
	int n;
	struct target t[SIP_RPC_URLS_MAX];
};

bool sip_rpc_url_valid(const char *s)
{
	if (!s)
		return false;
	size_t n = strlen(s), skip;
	if (n > SIP_RPC_URL_MAX)
		return false;
	if (strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else if (strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else
		return false;
	if (!s[skip] || s[skip] == '/' || s[skip] == ':')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '\\' || *p == '\'' ||
		    *p == '<' || *p == '>')
			return false;
	return true;
}

/* ---- one call ------------------------------------------------------------- */

struct answer {
	char data[RPC_ANSWER_MAX];
	size_t len;
	bool too_long;
};

static size_t answer_write(char *p, size_t size, size_t nmemb, void *userdata)
{
	struct answer *a = userdata;
	size_t n = size * nmemb;
	if (a->len + n > sizeof(a->data) - 1) {
		a->too_long = true;
		return 0; /* ends the transfer */
	}
	memcpy(a->data + a->len, p, n);
	a->len += n;
	a->data[a->len] = 0;
	return n;
}

/* Calls method with params [table, username]; 0 when Kamailio did it or
 * had nothing to do (an htable key or an address of record not there: the
 * 404 of Kamailio 5.6's htable.delete, and of ul.rm in versions that answer
 * one), else -EIO with err saying why. */
static int call(struct target *t, const char *method, const char *table, const char *username,
                char *err, size_t errlen)
{
	static atomic_uint next_id;
	json_t *req =
	    json_pack("{s:s, s:s, s:[s, s], s:I}", "jsonrpc", "2.0", "method", method, "params",
	              table, username, "id", (json_int_t)atomic_fetch_add(&next_id, 1));
	char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (!body) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	struct answer a = {.len = 0};
	char curl_err[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(t->h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(t->h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(t->h, CURLOPT_WRITEDATA, &a);
	curl_easy_setopt(t->h, CURLOPT_ERRORBUFFER, curl_err);
	CURLcode rc = curl_easy_perform(t->h);
	free(body);
	curl_easy_setopt(t->h, CURLOPT_ERRORBUFFER, NULL);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "%s: %s", method,
		         a.too_long    ? "answer too long"
		         : curl_err[0] ? curl_err
		                       : curl_easy_strerror(rc));
		return -EIO;
	}
	long status = 0;
	curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status);
	json_t *ans = json_loadb(a.data, a.len, 0, NULL);
	json_t *error = json_object_get(ans, "error");
	json_int_t code = json_integer_value(json_object_get(error, "code"));
	const char *msg = json_string_value(json_object_get(error, "message"));
	int r = 0;
	if (json_is_object(error) && code == 404 && (status == 404 || status == 200))
		r = 0; /* nothing to remove */
	else if (status != 200 || !json_is_object(ans) || error ||
	         !json_object_get(ans, "result")) {
		snprintf(err, errlen, "%s: HTTP %ld%s%.200s", method, status, msg ? ": " : "",
		         msg ? msg : "");
		r = -EIO;
	}
	json_decref(ans);
	return r;
}

/* The three calls that make Kamailio forget username. */
static int push(struct target *t, const char *username, char *err, size_t errlen)
{
	if (!sip_username_valid(username)) {
		snprintf(err, errlen, "not a SIP username");
		return -EINVAL;
	}
	int r = call(t, "htable.delete", "sbcred", username, err, errlen);
	if (r >= 0)
		r = call(t, "htable.delete", "sbfresh", username, err, errlen);
	if (r >= 0)
		r = call(t, "ul.rm", "location", username, err, errlen);
	return r;
}

/* ---- the rows ---------------------------------------------------------------- */

/* Milliseconds to wait after the n-th failed attempt. */
static int64_t backoff_ms(int64_t n)
{
	int64_t ms = RPC_BACKOFF_FIRST_MS;
	for (int64_t i = 1; i < n && ms < RPC_BACKOFF_MAX_MS; i++)
		ms *= 2;
	return ms < RPC_BACKOFF_MAX_MS ? ms : RPC_BACKOFF_MAX_MS;
}

/* Takes up to RPC_BATCH due rows of t's URL, moving their next attempt a
 * lease ahead; *ret_n of them (the others were taken by another worker). */
static int claim(struct target *t, struct db *db, struct arena *a, int64_t now,
                 struct sip_inval **ret, int *ret_n)
{
	/* Most passes find nothing: look first without taking the write lock. */
	struct sip_inval *v = NULL;
	int n = 0;
	int r = db_begin(db, false);
	if (r < 0)
		return r;
	if ((r = store_sip_inval_due(db, a, t->url, now, 1, &v, &n)) < 0) {
		db_rollback(db);
		return r;
	}
	if ((r = db_commit(db)) < 0)
		return r;
	if (n == 0) {
		*ret_n = 0;
		return 0;
	}
	if ((r = db_begin(db, true)) < 0)
		return r;
	r = store_sip_inval_due(db, a, t->url, now, RPC_BATCH, &v, &n);
	int kept = 0;
	for (int i = 0; r >= 0 && i < n; i++) {
		r = store_sip_inval_lease(db, &v[i], now, now + RPC_LEASE_MS);
		if (r == 0)
			v[kept++] = v[i];
		else if (r == -ENOENT)
			r = 0;
	}
	if (r >= 0)
		r = db_commit(db);
	else
		db_rollback(db);
	if (r < 0)
		return r;
	*ret = v;
	*ret_n = kept;
	return 0;
}

/* Records the outcome of the n rows of v: ok[i], else err (the same for
 * every failed row: the first failure ends the pass). */
static int record(struct db *db, const struct sip_inval *v, const bool *ok, int n, const char *err)
{
	int64_t now = time_now_ms();
	int r = db_begin(db, true);
	for (int i = 0; r >= 0 && i < n; i++)
		r = !ok[i]           ? store_sip_inval_retry(db, &v[i], v[i].attempts + 1,
		                                             now + backoff_ms(v[i].attempts + 1), err)
		    : v[i].delivered ? store_sip_inval_done(db, &v[i])
		                     : store_sip_inval_delivered(db, &v[i], now + RPC_AGAIN_MS);
	if (r >= 0)
		return db_commit(db);
	db_rollback(db);
	return r;
}

/* Drops the rows of t's URL whose change is older than RPC_GIVE_UP_MS, at
 * most once every RPC_EXPIRE_EVERY_MS. */
static void expire(struct target *t, struct db *db, int64_t now)
{
	if (now - t->expired_at < RPC_EXPIRE_EVERY_MS)
		return;
	t->expired_at = now;
	int64_t n = 0;
	if (db_begin(db, true) < 0)
		return;
	if (store_sip_inval_expire(db, t->url, now - RPC_GIVE_UP_MS, &n) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return;
	}
	if (n > 0)
		atomic_fetch_add(&t->given_up, (unsigned long long)n);
}

static bool stopping(struct sip_rpc *s)
{
	pthread_mutex_lock(&s->lock);
	bool stop = s->stop;
	pthread_mutex_unlock(&s->lock);
	return stop;
}

static void report(struct target *t, const char *err)
{
	bool failing = err != NULL;
	if (failing == t->failing)
		return;
	t->failing = failing;
	if (t->owner->report)
		t->owner->report(t->owner->report_cls, t->url, err);
}

/* Delivers what is due now, batch after batch; returns how long to wait
 * before looking again (sooner after a failure, for its retry). */
static int64_t deliver_due(struct target *t, struct db *db)
{
	int64_t wait = RPC_POLL_MS;
	expire(t, db, time_now_ms());
	for (int round = 0; round < RPC_ROUNDS; round++) {
		struct arena *a = arena_new();
		if (!a)
			break;
		struct sip_inval *v = NULL;
		int n = 0;
		if (claim(t, db, a, time_now_ms(), &v, &n) < 0 || n == 0) {
			arena_free(a);
			break;
		}
		bool *ok = arena_alloc(a, sizeof(bool) * (size_t)n);
		char err[SIP_RPC_ERROR_MAX] = "";
		bool failed = false;
		for (int i = 0; i < n; i++) {
			ok[i] = !failed && push(t, v[i].username, err, sizeof(err)) == 0;
			if (!ok[i] && !failed) {
				failed = true;
				wait = backoff_ms(v[i].attempts + 1);
			}
		}
		int delivered = 0, failures = 0; /* first deliveries; attempts failed */
		for (int i = 0; i < n; i++) {
			delivered += ok[i] && !v[i].delivered;
			failures += !ok[i];
		}
		/* recorded even while stopping: the rows go back, due, at once */
		if (record(db, v, ok, n, failed ? err : NULL) >= 0) {
			atomic_fetch_add(&t->delivered, (unsigned long long)delivered);
			atomic_fetch_add(&t->failures, (unsigned long long)failures);
		}
		report(t, failed ? err : NULL);
		arena_free(a);
		if (failed || n < RPC_BATCH || stopping(t->owner))
			break;
	}
	int64_t pending = 0, failing = 0;
	if (db_begin(db, false) >= 0) {
		if (store_sip_inval_count(db, t->url, &pending, &failing) >= 0 &&
		    db_commit(db) >= 0) {
			atomic_store(&t->pending, pending);
			atomic_store(&t->failed_rows, failing);
		} else {
			db_rollback(db);
		}
	}
	return wait < RPC_POLL_MS ? wait : RPC_POLL_MS;
}

static void *worker(void *arg)
{
	struct target *t = arg;
	struct sip_rpc *s = t->owner;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		bool stop = s->stop;
		unsigned long long seen = s->wakes;
		pthread_mutex_unlock(&s->lock);
		struct db *db = store_conn(s->store);
		int64_t wait = RPC_POLL_MS;
		if (db)
			wait = deliver_due(t, db);
		pthread_mutex_lock(&s->lock);
		if (stop)
			break;
		if (s->wakes == seen && !s->stop) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			int64_t ns = ts.tv_nsec + (wait % 1000) * 1000000;
			ts.tv_sec += (time_t)(wait / 1000 + ns / 1000000000);
			ts.tv_nsec = (long)(ns % 1000000000);
			pthread_cond_timedwait(&s->cond, &s->lock, &ts);
		}
	}
	pthread_mutex_unlock(&s->lock);
	store_conn_close();
	return NULL;
}

/* ---- start, stop, metrics ------------------------------------------------- */

static int target_init(struct target *t, struct sip_rpc *s, const char *url)
{
	t->owner = s;
	t->url = strdup(url);
	t->h = curl_easy_init();
	t->headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (!t->url || !t->h || !t->headers)
		return -ENOMEM;
	curl_easy_setopt(t->h, CURLOPT_URL, t->url);
	curl_easy_setopt(t->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(t->h, CURLOPT_HTTPHEADER, t->headers);
	curl_easy_setopt(t->h, CURLOPT_WRITEFUNCTION, answer_write);
	curl_easy_setopt(t->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(t->h, CURLOPT_CONNECTTIMEOUT_MS, (long)RPC_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(t->h, CURLOPT_TIMEOUT_MS, (long)RPC_TIMEOUT_MS);
	curl_easy_setopt(t->h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(t->h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(t->h, CURLOPT_USERAGENT, "Switchboard");
	return 0;
}

static void target_release(struct target *t)
{
	curl_easy_cleanup(t->h);
	curl_slist_free_all(t->headers);
	free(t->url);
}

static void sip_rpc_free(struct sip_rpc *s)
{
	for (int i = 0; i < s->n; i++)
		target_release(&s->t[i]);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	curl_global_cleanup();
	free(s);
}

int sip_rpc_start(struct store *store, const struct sip_rpc_config *cfg, struct sip_rpc **ret)
{
	if (cfg->n_urls < 1 || cfg->n_urls > SIP_RPC_URLS_MAX)
		return -EINVAL;
	for (int i = 0; i < cfg->n_urls; i++)
		if (!sip_rpc_url_valid(cfg->urls[i]))
			return -EINVAL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -EIO;
	struct sip_rpc *s = calloc(1, sizeof(*s));
	if (!s) {
		curl_global_cleanup();
		return -ENOMEM;
	}
	s->store = store;
	s->report = cfg->report;
	s->report_cls = cfg->report_cls;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&s->lock, NULL);
	int r = 0;
	for (; s->n < cfg->n_urls; s->n++)
		if ((r = target_init(&s->t[s->n], s, cfg->urls[s->n])) < 0) {
			s->n++; /* released below with the others */
			break;
		}
	for (int i = 0; r >= 0 && i < s->n; i++) {
		r = -pthread_create(&s->t[i].thread, NULL, worker, &s->t[i]);
		s->t[i].started = r == 0;
	}
	if (r < 0) {
		sip_rpc_stop(s); /* the threads started so far, and the rest */
		return r;
	}
	*ret = s;
	return 0;
}

void sip_rpc_wake(struct sip_rpc *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->wakes++;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

void sip_rpc_stop(struct sip_rpc *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	for (int i = 0; i < s->n; i++)
		if (s->t[i].started)
			pthread_join(s->t[i].thread, NULL);
	sip_rpc_free(s);
}

void sip_rpc_metrics(struct sip_rpc *s, struct buf *b)
{
	if (!s)
		return;
	static const struct {
		const char *name, *type, *help;
	} m[] = {
	    {"switchboard_sip_invalidations_pending", "gauge",
	     "SIP invalidations not yet delivered to this Kamailio URL, as of the worker's last "
	     "pass."},
	    {"switchboard_sip_invalidations_failing", "gauge",
	     "Rows for this URL whose last delivery failed."},
	    {"switchboard_sip_invalidations_delivered_total", "counter",
	     "SIP invalidations this process delivered."},
	    {"switchboard_sip_invalidation_failures_total", "counter",
	     "Deliveries of a SIP invalidation that failed (to be tried again)."},
	    {"switchboard_sip_invalidations_given_up_total", "counter",
	     "SIP invalidations dropped undelivered a day after their change."},
	};
	for (size_t k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", m[k].name, m[k].help, m[k].name,
		           m[k].type);
		for (int i = 0; i < s->n; i++) {
			struct target *t = &s->t[i];
			unsigned long long v =
			    k == 0   ? (unsigned long long)atomic_load(&t->pending)
			    : k == 1 ? (unsigned long long)atomic_load(&t->failed_rows)
			    : k == 2 ? atomic_load(&t->delivered)
			    : k == 3 ? atomic_load(&t->failures)
			             : atomic_load(&t->given_up);
			buf_printf(b, "%s{url=\"%s\"} %llu\n", m[k].name, t->url, v);
		}
	}
}
