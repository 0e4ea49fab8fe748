/* metrics.c: request counters and latency histograms per route, rendered in
 * the Prometheus text format. Lock-free: relaxed atomic counters. */
#include "api/api.h"
#include "base/buf.h"
#include "sip/rpc.h"
#include "store/db.h"
#include "store/store.h"

#include <stdatomic.h>
#include <stdlib.h>

#define MAX_ROUTES 256
#define N_CLASSES 5 /* 1xx..5xx */
static const double bucket_s[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define N_BUCKETS (sizeof(bucket_s) / sizeof(bucket_s[0]))

struct route_metrics {
	atomic_ullong by_class[N_CLASSES];
	atomic_ullong buckets[N_BUCKETS + 1]; /* the last is +Inf */
	atomic_ullong sum_us;
};

/* Index MAX_ROUTES counts requests that matched no route. */
static struct route_metrics m[MAX_ROUTES + 1];

void metrics_observe(int route_index, int status, int64_t duration_ns)
{
	int i = route_index >= 0 && route_index < MAX_ROUTES ? route_index : MAX_ROUTES;
	int cls = status / 100 - 1;
	if (cls < 0 || cls >= N_CLASSES)
		cls = N_CLASSES - 1;
	atomic_fetch_add_explicit(&m[i].by_class[cls], 1, memory_order_relaxed);
	double s = (double)duration_ns / 1e9;
	size_t b = 0;
	while (b < N_BUCKETS && s > bucket_s[b])
		b++;
	atomic_fetch_add_explicit(&m[i].buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m[i].sum_us, (unsigned long long)(duration_ns / 1000),
	                          memory_order_relaxed);
}

static unsigned long long load(atomic_ullong *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

char *metrics_render(struct app *app)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "# HELP switchboard_http_requests_total HTTP requests by route and "
	             "status class.\n# TYPE switchboard_http_requests_total counter\n");
	for (size_t i = 0; i <= api_routes_n && i <= MAX_ROUTES; i++) {
		size_t idx = i < api_routes_n ? i : MAX_ROUTES;
		const char *method = i < api_routes_n ? api_routes[i].method : "";
		const char *route = i < api_routes_n ? api_routes[i].pattern : "unmatched";
		for (int c = 0; c < N_CLASSES; c++) {
			unsigned long long v = load(&m[idx].by_class[c]);
			if (v)
				buf_printf(
				    &b,
				    "switchboard_http_requests_total{method=\"%s\",route=\"%s\","
				    "status=\"%dxx\"} %llu\n",
				    method, route, c + 1, v);
		}
	}
	buf_puts(&b, "# HELP switchboard_http_request_duration_seconds Time to answer.\n"
	             "# TYPE switchboard_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= api_routes_n && i <= MAX_ROUTES; i++) {
		size_t idx = i < api_routes_n ? i : MAX_ROUTES;
		const char *method = i < api_routes_n ? api_routes[i].method : "";
		const char *route = i < api_routes_n ? api_routes[i].pattern : "unmatched";
		unsigned long long cum = 0, counts[N_BUCKETS + 1];
		for (size_t k = 0; k <= N_BUCKETS; k++)
			counts[k] = load(&m[idx].buckets[k]);
		unsigned long long total = 0;
		for (size_t k = 0; k <= N_BUCKETS; k++)
			total += counts[k];
		if (!total)
			continue;
		for (size_t k = 0; k <= N_BUCKETS; k++) {
			cum += counts[k];
			if (k < N_BUCKETS)
				buf_printf(&b,
				           "switchboard_http_request_duration_seconds_bucket{"
				           "method=\"%s\","
				           "route=\"%s\",le=\"%g\"} %llu\n",
				           method, route, bucket_s[k], cum);
			else
				buf_printf(&b,
				           "switchboard_http_request_duration_seconds_bucket{"
				           "method=\"%s\","
				           "route=\"%s\",le=\"+Inf\"} %llu\n",
				           method, route, cum);
		}
		buf_printf(
		    &b,
		    "switchboard_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} "
		    "%.6f\n",
		    method, route, (double)load(&m[idx].sum_us) / 1e6);
		buf_printf(
		    &b,
		    "switchboard_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} "
		    "%llu\n",
		    method, route, total);
	}
	if (!store_writes_concurrently(&app->store)) {
		uint64_t commits, transactions;
		db_sqlite_shared_stats(&commits, &transactions);
		buf_printf(&b,
		           "# HELP switchboard_db_shared_commits_total SQLite commits of write "
		           "transactions that shared them (group commit).\n"
		           "# TYPE switchboard_db_shared_commits_total counter\n"
		           "switchboard_db_shared_commits_total %llu\n"
		           "# HELP switchboard_db_shared_transactions_total Write transactions "
		           "those commits carried.\n"
		           "# TYPE switchboard_db_shared_transactions_total counter\n"
		           "switchboard_db_shared_transactions_total %llu\n",
		           (unsigned long long)commits, (unsigned long long)transactions);
	}
	sip_rpc_metrics(app->sip_rpc, &b);
	return buf_steal(&b);
}
