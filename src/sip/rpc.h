/* rpc.h: pushing SIP invalidations to Kamailio over JSON-RPC.
 *
 * A change that must end a SIP identity's registrations queues a row per
 * Kamailio URL in the sip_invalidations outbox inside its own transaction
 * (domain/sip.h, sip_invalidate). This worker delivers them: one thread per
 * URL, each with a kept HTTP connection (libcurl), woken as soon as a
 * request that queued one is committed (sip_rpc_wake) and looking every
 * second for rows other processes queued and for retries. Delivering a row
 * is three calls: htable.delete sbcred USERNAME, htable.delete sbfresh
 * USERNAME (a key not there, 404, is nothing to delete) and ul.rm location
 * USERNAME; then the row is marked delivered and delivered once more
 * 2.5 s later (a credentials lookup Kamailio had in flight at the commit,
 * answered from before it, may store its entry after the first), and
 * deleted. A failure (Kamailio down, a timeout,
 * an error answer) keeps the row with its last_error and tries again after
 * a backoff of 250 ms doubling to 10 s, so the row reaches Kamailio soon
 * after it is back; a row still undelivered a day after its change is
 * given up (every cache it could clear has expired by then).
 *
 * Any node may deliver any row: a claim moves the row's next attempt a
 * lease ahead, and the calls are idempotent, so a row delivered twice (a
 * node that died after the calls) does no harm. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct buf;
struct store;
struct sip_rpc;

#define SIP_RPC_URLS_MAX 8    /* Kamailio nodes one server pushes to */
#define SIP_RPC_URL_MAX 200   /* bytes of one URL */
#define SIP_RPC_ERROR_MAX 300 /* bytes of a row's last_error */

/* Told when delivery to url starts failing (error says why) and when it
 * works again (error NULL); called on the URL's worker thread. */
typedef void sip_rpc_report_fn(void *cls, const char *url, const char *error);

struct sip_rpc_config {
	const char *const *urls;   /* each checked with sip_rpc_url_valid */
	int n_urls;                /* 1 to SIP_RPC_URLS_MAX */
	sip_rpc_report_fn *report; /* may be NULL */
	void *report_cls;
};

/* Whether s is a URL this worker posts to: http:// or https://, a host,
 * at most SIP_RPC_URL_MAX bytes, no space, quote, backslash or control
 * character. */
bool sip_rpc_url_valid(const char *s);

/* Starts a thread per URL (the URLs are copied). */
int sip_rpc_start(struct store *store, const struct sip_rpc_config *cfg, struct sip_rpc **ret);
/* Tells the workers a row may be waiting (after a commit). Cheap; NULL-safe. */
void sip_rpc_wake(struct sip_rpc *s);
/* Makes a last pass, stops the threads and frees s. NULL-safe. */
void sip_rpc_stop(struct sip_rpc *s);
/* Appends the Prometheus text of the workers' counters to b: per URL, the
 * rows not yet delivered and those whose last attempt failed (as of the
 * worker's last pass), rows delivered, attempts failed and rows given up.
 * NULL-safe. */
void sip_rpc_metrics(struct sip_rpc *s, struct buf *b);
