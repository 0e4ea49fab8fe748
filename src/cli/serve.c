/* serve.c: `switchboard serve`: the HTTP server, the mail worker, the
 * SIP invalidation worker (--sip-rpc, sip/rpc.h), the janitor, the jobs
 * (domain/jobs.h), and a clean stop on SIGTERM or SIGINT
 * (stop accepting, finish what is in flight, cancel the running jobs, close
 * the database). A server is a node with an id
 * that survives its restarts (--node-id, or DATA/node-id): the import jobs
 * it ran are found under it when it starts again. */
#include "api/api.h"
#include "api/web.h"
#include "base/log.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/janitor.h"
#include "domain/jobs.h"
#include "domain/session.h"
#include "mail/mail.h"
#include "media/hold.h"
#include "sip/rpc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pthread.h>
#include <sodium.h>

void api_routes_init(void);
void api_routes_free(void);

static const struct cli_opt opts[] = {
    {"listen", true, "address and port to listen on (default 127.0.0.1:8080; port 0: any)"},
    {"public-url", true, "the URL users reach the portal on, for links in mails"},
    {"smtp-url", true, "smtp://host:port to send mail; without it mail goes to DATA/outbox"},
    {"mail-from", true, "sender of mails (default Switchboard <noreply@switchboard.invalid>)"},
    {"threads", true, "worker threads (default: 2 per core)"},
    {"body-limit", true, "largest request body in bytes (default 1048576)"},
    {"log-level", true, "debug, info, warn or error (default info)"},
    {"web-dir", true, "serve the portal from this directory (web/) instead of the binary"},
    {"purge-interval", true,
     "seconds between purges of deleted users and call records past their "
     "retention (default 3600)"},
    {"tls-cert", true, "PEM certificate (chain) file: serve HTTPS only (needs --tls-key)"},
    {"tls-key", true, "PEM private key file of --tls-cert"},
    {"client-timeout", true, "seconds a connection may stay idle or stall (default 30)"},
    {"max-connections", true, "connections at once; more are closed at once (default 4096)"},
    {"node-id", true,
     "this server's id among those on one database (default: the id in DATA/node-id, made "
     "at the first start)"},
    {"import-heartbeat", true,
     "seconds between an import job's heartbeats, and between looks for jobs whose "
     "server stopped (default 10)"},
    {"import-stale-after", true,
     "seconds without a heartbeat after which any server marks an import job interrupted "
     "(default 60; the same on every server)"},
    {"sip-rpc", true,
     "Kamailio JSON-RPC URL (http://HOST:PORT/RPC) to push SIP invalidations to; repeat it "
     "or separate URLs by commas for several Kamailio nodes (at most 8). Without it "
     "nothing is pushed"},
    {"provisioning-behind-tls-proxy", false,
     "provisioning files (they hold SIP secrets) are served without --tls-cert to requests a "
     "TLS proxy in front marks X-Forwarded-Proto: https; listen where only that proxy reaches"},
    {"provisioning-sip-server", true,
     "HOST or HOST:PORT of the SIP registrar that provisioning files name (default: the "
     "organization's SIP domain, port 5060)"},
    {"provisioning-ntp-server", true,
     "NTP server that provisioning files name (default pool.ntp.org)"},
    {"media-quota", true, "MiB an organization's media library may take (default 500)"},
    {"hold-music-dir", true,
     "directory to keep the hold music rtpengine plays in (made if missing): ID.wav for "
     "each item a call needs, default.wav for the default; without it calls name no file"},
    {"max-body-memory", true,
     "bytes all request bodies being read may hold together; past it 503 (default "
     "268435456, 256 MiB)"},
};

#define PEM_MAX (1024 * 1024)

/* The hold music directory made (one level) and its default tune written,
 * so that a directory the server cannot write stops it at once, not a
 * call on hold later. */
static int hold_dir_init(const char *dir)
{
	if (dir[0] != '/') {
		fprintf(stderr, "switchboard serve: --hold-music-dir wants an absolute path "
		                "(rtpengine reads it from its own working directory)\n");
		return -EINVAL;
	}
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "switchboard serve: cannot make %s: %s\n", dir, strerror(errno));
		return -errno;
	}
	int r = hold_default_keep(dir);
	if (r < 0)
		fprintf(stderr,
		        "switchboard serve: cannot write the default hold music in %s: %s\n", dir,
		        strerror(-r));
	return r;
}

/* Reads a PEM file whole into a malloc'd NUL-terminated string in *ret.
 * -errno when unreadable, -EFBIG past PEM_MAX, -EINVAL when it is not PEM. */
static int pem_read(const char *path, char **ret)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -errno;
	char *buf = malloc(PEM_MAX + 1);
	size_t n = buf ? fread(buf, 1, PEM_MAX + 1, f) : 0;
	int r = !buf ? -ENOMEM : ferror(f) ? -EIO : n > PEM_MAX ? -EFBIG : 0;
	fclose(f);
	if (r == 0) {
		buf[n] = 0;
		if (!strstr(buf, "-----BEGIN "))
			r = -EINVAL;
	}
	if (r < 0) {
		if (buf)
			sodium_memzero(buf, PEM_MAX + 1);
		free(buf);
		return r;
	}
	*ret = buf;
	return 0;
}

/* The key is wiped before it is freed; the certificate is public. */
static void pem_free(char *pem)
{
	if (pem)
		sodium_memzero(pem, strlen(pem));
	free(pem);
}

/* Loads --tls-cert and --tls-key (both or neither) and checks that they make
 * a working pair. Prints what is wrong, naming the option; never the key. */
static int tls_load(struct cli *c, char **ret_cert, char **ret_key)
{
	const char *cf = cli_get(c, "tls-cert"), *kf = cli_get(c, "tls-key");
	if (!cf && !kf)
		return 0;
	if (!cf || !kf) {
		fprintf(stderr,
		        "switchboard serve: --tls-cert and --tls-key go together; %s is missing\n",
		        cf ? "--tls-key" : "--tls-cert");
		return -EINVAL;
	}
	const char *opt[2] = {"--tls-cert", "--tls-key"};
	const char *path[2] = {cf, kf};
	char *pem[2] = {NULL, NULL};
	for (int i = 0; i < 2; i++) {
		int r = pem_read(path[i], &pem[i]);
		if (r < 0) {
			fprintf(stderr, "switchboard serve: %s %s: %s\n", opt[i], path[i],
			        r == -EINVAL  ? "not a PEM file"
			        : r == -EFBIG ? "larger than 1 MiB, not a PEM file"
			                      : strerror(-r));
			pem_free(pem[0]);
			return -EINVAL;
		}
	}
	int r = http_tls_check(pem[0], pem[1]);
	if (r < 0) {
		fprintf(stderr, "switchboard serve: %s\n",
		        r == -ENOTSUP ? "this libmicrohttpd was built without TLS"
		                      : "--tls-cert and --tls-key are not a valid certificate and "
		                        "the private key that belongs to it");
		pem_free(pem[0]);
		pem_free(pem[1]);
		return -EINVAL;
	}
	*ret_cert = pem[0];
	*ret_key = pem[1];
	return 0;
}

#define NODE_ID_MAX 64

/* A node id: 1 to NODE_ID_MAX letters, digits, '.', '_', ':' or '-'. */
static bool node_id_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > NODE_ID_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._:-", *p))
			return false;
	return true;
}

/* This server's node id into out: --node-id, else the first line of
 * <data_dir>/node-id, which is made with a new UUID at the first start (so
 * a restart on the same data directory is the same node). Says on stderr
 * what is wrong. */
static int node_id_load(const struct cli *c, const char *data_dir, char out[NODE_ID_MAX + 1])
{
	const char *given = cli_get(c, "node-id");
	if (given) {
		if (!node_id_valid(given)) {
			fprintf(stderr,
			        "switchboard serve: --node-id wants 1 to %d letters, digits, "
			        "'.', '_', ':' or '-'\n",
			        NODE_ID_MAX);
			return -EINVAL;
		}
		memcpy(out, given, strlen(given) + 1);
		return 0;
	}
	char *path = NULL, *tmp = NULL;
	if (asprintf(&path, "%s/node-id", data_dir) < 0)
		return -ENOMEM;
	int r = 0;
	if (access(path, F_OK) < 0) {
		/* made whole beside it, then linked into place: a server starting at
		 * the same moment finds no file or a whole one */
		char id[ID_LEN + 2];
		id_new(id);
		strcat(id, "\n");
		if (asprintf(&tmp, "%s.%ld", path, (long)getpid()) < 0) {
			free(path);
			return -ENOMEM;
		}
		int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			r = -errno;
		} else {
			if (write(fd, id, strlen(id)) != (ssize_t)strlen(id) || fsync(fd) < 0)
				r = -EIO;
			close(fd);
			if (r == 0 && link(tmp, path) < 0 && errno != EEXIST)
				r = -errno;
			unlink(tmp);
		}
		free(tmp);
	}
	char line[NODE_ID_MAX + 2] = "";
	FILE *f = r == 0 ? fopen(path, "re") : NULL;
	if (r == 0 && !f)
		r = -errno;
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
		line[strcspn(line, "\r\n")] = 0;
		if (!node_id_valid(line))
			r = -EINVAL;
	}
	if (r < 0)
		fprintf(stderr, "switchboard serve: cannot use the node id file %s: %s\n", path,
		        r == -EINVAL ? "its first line is not a node id (1 to 64 letters, digits, "
		                       "'.', '_', ':' or '-')"
		                     : strerror(-r));
	else
		memcpy(out, line, strlen(line) + 1); /* valid: at most NODE_ID_MAX */
	free(path);
	return r;
}

/* A duration in seconds (a fraction allowed: 0.5) from option name, 0.05 to
 * 86400, or def_ms, in milliseconds. */
static int seconds_opt(const struct cli *c, const char *name, int64_t def_ms, int64_t *ret_ms)
{
	const char *v = cli_get(c, name);
	if (!v) {
		*ret_ms = def_ms;
		return 0;
	}
	char *end;
	double n = strtod(v, &end);
	if (*v < '0' || *v > '9' || *end || !(n >= 0.05 && n <= 86400)) {
		fprintf(stderr, "switchboard serve: --%s wants 0.05 to 86400 seconds\n", name);
		return -EINVAL;
	}
	*ret_ms = (int64_t)(n * 1000 + 0.5);
	return 0;
}

/* After a job: it may have queued mail (invitations). */
static void wake_mailer(void *cls)
{
	struct app *app = cls;
	if (app->mailer)
		mailer_wake(app->mailer);
	sip_rpc_wake(app->sip_rpc);
}

/* The SIP invalidation worker says a Kamailio stopped or started taking
 * them (error NULL). */
static void sip_rpc_report(void *cls, const char *url, const char *error)
{
	if (error)
		log_msg(LOG_WARN, "cannot push SIP invalidations to Kamailio; trying again", "url",
		        url, "error", error, NULL);
	else
		log_msg(LOG_INFO, "pushing SIP invalidations to Kamailio again", "url", url, NULL);
}

/* --sip-rpc: up to SIP_RPC_URLS_MAX URLs into urls (pointing into buf),
 * each checked; their count, or -EINVAL having said what is wrong. */
static int sip_rpc_urls(const struct cli *c, const char **urls, char *buf, size_t bufsize)
{
	int n = cli_get_all(c, "sip-rpc", urls, SIP_RPC_URLS_MAX, buf, bufsize);
	if (n < 0) {
		fprintf(stderr, "switchboard serve: --sip-rpc takes at most %d URLs\n",
		        SIP_RPC_URLS_MAX);
		return -EINVAL;
	}
	for (int i = 0; i < n; i++) {
		if (!sip_rpc_url_valid(urls[i])) {
			fprintf(
			    stderr,
			    "switchboard serve: --sip-rpc wants http://HOST:PORT/PATH URLs of at "
			    "most %d bytes without spaces or quotes, got %.*s\n",
			    SIP_RPC_URL_MAX, SIP_RPC_URL_MAX, urls[i]);
			return -EINVAL;
		}
		for (int j = 0; j < i; j++)
			if (strcmp(urls[i], urls[j]) == 0) {
				fprintf(stderr, "switchboard serve: --sip-rpc names %s twice\n",
				        urls[i]);
				return -EINVAL;
			}
	}
	return n;
}

/* Splits "host:port" or "[v6]:port". */

static int parse_listen(const char *s, char *host, size_t hostlen, uint16_t *port)
{
	const char *colon;
	if (s[0] == '[') {
		const char *end = strchr(s, ']');
		if (!end || end[1] != ':')
			return -EINVAL;
		snprintf(host, hostlen, "%.*s", (int)(end - s - 1), s + 1);
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -EINVAL;
		snprintf(host, hostlen, "%.*s", (int)(colon - s), s);
	}
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (*end || p < 0 || p > 65535)
		return -EINVAL;
	*port = (uint16_t)p;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	struct cli c;
	int r = cli_parse(&c, "serve", "Serve the API and the portal over HTTP.", opts,
	                  sizeof(opts) / sizeof(opts[0]), argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	const char *lvl = cli_get(&c, "log-level");
	if (lvl)
		log_set_level(!strcmp(lvl, "debug")   ? LOG_DEBUG
		              : !strcmp(lvl, "warn")  ? LOG_WARN
		              : !strcmp(lvl, "error") ? LOG_ERROR
		                                      : LOG_INFO);
	char host[128];
	uint16_t port;
	const char *listen = cli_get(&c, "listen") ? cli_get(&c, "listen") : "127.0.0.1:8080";
	if (parse_listen(listen, host, sizeof(host), &port) < 0) {
		fprintf(stderr, "switchboard serve: --listen wants host:port, got %s\n", listen);
		return 2;
	}

	char *tls_cert = NULL, *tls_key = NULL;
	if (tls_load(&c, &tls_cert, &tls_key) < 0)
		return 2;
	const char *to = cli_get(&c, "client-timeout");
	long timeout_s = to ? strtol(to, NULL, 10) : 30;
	if (timeout_s < 1 || timeout_s > 3600) {
		fprintf(stderr, "switchboard serve: --client-timeout wants 1 to 3600 seconds\n");
		pem_free(tls_cert);
		pem_free(tls_key);
		return 2;
	}

	const char *mc_s = cli_get(&c, "max-connections");
	long max_conn = mc_s ? strtol(mc_s, NULL, 10) : 4096;
	if (max_conn < 1 || max_conn > 65536) {
		fprintf(stderr, "switchboard serve: --max-connections wants 1 to 65536\n");
		pem_free(tls_cert);
		pem_free(tls_key);
		return 2;
	}

	struct janitor_config jc = {0};
	const char *pi = cli_get(&c, "purge-interval");
	jc.purge_interval_s = pi ? (unsigned)atoi(pi) : 3600;
	struct jobs_config jobs = {0};
	if (seconds_opt(&c, "import-heartbeat", 10000, &jobs.heartbeat_ms) < 0 ||
	    seconds_opt(&c, "import-stale-after", 60000, &jobs.stale_after_ms) < 0) {
		pem_free(tls_cert);
		pem_free(tls_key);
		return 2;
	}
	if (jobs.stale_after_ms < 2 * jobs.heartbeat_ms) {
		fprintf(stderr,
		        "switchboard serve: --import-stale-after must be at least twice "
		        "--import-heartbeat, or live jobs would be taken for stopped ones\n");
		pem_free(tls_cert);
		pem_free(tls_key);
		return 2;
	}

	const char *bm_s = cli_get(&c, "max-body-memory");
	char *bm_end = NULL;
	unsigned long long body_memory = bm_s ? strtoull(bm_s, &bm_end, 10) : 256ULL * 1024 * 1024;
	if (bm_s && (*bm_end || body_memory < 1024 * 1024 || body_memory > SIZE_MAX / 2)) {
		fprintf(stderr,
		        "switchboard serve: --max-body-memory wants bytes, at least 1048576\n");
		pem_free(tls_cert);
		pem_free(tls_key);
		return 2;
	}

	static const char *sip_urls[SIP_RPC_URLS_MAX];
	static char sip_urls_buf[SIP_RPC_URLS_MAX * (SIP_RPC_URL_MAX + 1)];
	int n_sip_urls = sip_rpc_urls(&c, sip_urls, sip_urls_buf, sizeof(sip_urls_buf));
	if (n_sip_urls < 0) {
		pem_free(tls_cert);
		pem_free(tls_key);
		return 2;
	}

	/* The default hold music is written before the address is taken, so
	 * that writing it does not keep connections waiting in the backlog. */
	const char *hold_dir = cli_get(&c, "hold-music-dir");
	if (hold_dir && hold_dir_init(hold_dir) < 0) {
		pem_free(tls_cert);
		pem_free(tls_key);
		return 2;
	}

	/* The address first, before the database or the mail worker: a port
	 * another server holds stops this one at once. */
	int listen_fd;
	if ((r = http_listen(host, port, &listen_fd)) < 0) {
		fprintf(stderr, "switchboard serve: cannot listen on %s: %s\n", listen,
		        r == -EINVAL ? "not a numeric IPv4 or IPv6 address" : strerror(-r));
		pem_free(tls_cert);
		pem_free(tls_key);
		return 2;
	}

	/* Signals are taken by sigwait below; every thread inherits the mask. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	static struct app app;
	char *data_dir = NULL;
	struct db *db;
	if ((r = cli_open_store(&c, &app.store, &db, &data_dir)) < 0) {
		/* what was opened so far: a migration that failed leaves nothing */
		store_conn_close();
		store_release(&app.store);
		free(data_dir);
		pem_free(tls_cert);
		pem_free(tls_key);
		return 1;
	}
	const char *body_limit = cli_get(&c, "body-limit");
	app.body_limit = body_limit ? strtoull(body_limit, NULL, 10) : 1024 * 1024;
	app.tls = tls_cert != NULL;
	app.started_ms = time_now_ms();
	char *public_url = NULL;
	if (cli_get(&c, "public-url"))
		public_url = strdup(cli_get(&c, "public-url"));
	else if (asprintf(&public_url, "%s://%s", tls_cert ? "https" : "http", listen) < 0)
		public_url = NULL;
	size_t pl = public_url ? strlen(public_url) : 0;
	while (pl && public_url[pl - 1] == '/')
		public_url[--pl] = 0;
	static struct seal_key key;
	if (cli_key_load(&c, data_dir, &key) < 0)
		return 1;
	static char node_id[NODE_ID_MAX + 1];
	const char *mq_s = cli_get(&c, "media-quota");
	char *mq_end = NULL;
	long long media_quota = mq_s ? strtoll(mq_s, &mq_end, 10) : 0;

	int rc = 0;
	if (mq_s && (*mq_end || media_quota < 1 || media_quota > 1024 * 1024)) {
		fprintf(stderr, "switchboard serve: --media-quota wants MiB, from 1 to 1048576\n");
		rc = 2;
	} else if (node_id_load(&c, data_dir, node_id) < 0)
		rc = 2;
	app.settings = (struct settings){.public_url = public_url,
	                                 .data_dir = data_dir,
	                                 .key = &key,
	                                 .node_id = node_id,
	                                 .sip_rpc_urls = sip_urls,
	                                 .n_sip_rpc_urls = n_sip_urls,
	                                 .prov_sip_server = cli_get(&c, "provisioning-sip-server"),
	                                 .prov_ntp_server = cli_get(&c, "provisioning-ntp-server"),
	                                 .media_quota = media_quota * 1024 * 1024,
	                                 .hold_music_dir = hold_dir};
	app.prov_behind_tls_proxy = cli_flag(&c, "provisioning-behind-tls-proxy");
	jobs.ended = wake_mailer;
	jobs.ended_cls = &app;
	/* the jobs this node ran before it stopped are not running any more:
	 * marked so before the server takes a request */
	if (!rc && jobs_start(&app.store, &app.settings, &jobs) < 0) {
		log_msg(LOG_ERROR, "cannot mark the import jobs of the last run interrupted", NULL);
		rc = 1;
	}
	if (rc) {
		store_conn_close();
		store_release(&app.store);
		seal_key_release(&key);
		free(public_url);
		free(data_dir);
		pem_free(tls_cert);
		pem_free(tls_key);
		return rc;
	}

	char *outbox = NULL;
	if (asprintf(&outbox, "%s/outbox", data_dir) < 0)
		return 1;
	struct mailer_config mc = {.smtp_url = cli_get(&c, "smtp-url"),
	                           .outbox_dir = outbox,
	                           .from = cli_get(&c, "mail-from"),
	                           .prepare = mail_link_prepare_cb,
	                           .prepare_cls = &app.settings};
	if ((r = mailer_start(&app.store, &mc, &app.mailer)) < 0) {
		log_msg(LOG_ERROR, "cannot start the mail worker", NULL);
		return 1;
	}

	struct sip_rpc_config sc = {
	    .urls = sip_urls, .n_urls = n_sip_urls, .report = sip_rpc_report};
	if (n_sip_urls && (r = sip_rpc_start(&app.store, &sc, &app.sip_rpc)) < 0) {
		log_msg(LOG_ERROR, "cannot start the SIP invalidation worker", NULL);
		return 1;
	}

	struct janitor *janitor = NULL;
	if ((r = janitor_start(&app.store, &app.settings, &jc, &janitor)) < 0) {
		log_msg(LOG_ERROR, "cannot start the background tasks", NULL);
		return 1;
	}

	api_routes_init();
	web_set_dir(cli_get(&c, "web-dir"));
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	const char *th = cli_get(&c, "threads");
	struct http_server_config hc = {
	    .host = host,
	    .port = port,
	    .listen_fd = listen_fd,
	    .threads = th ? (unsigned)atoi(th) : (unsigned)(cores > 0 ? cores * 2 : 4),
	    .conn_limit = (unsigned)max_conn,
	    .timeout_s = (unsigned)timeout_s,
	    .header_limit = API_HEADER_LIMIT,
	    .limit = api_body_limit,
	    .admit = api_admit,
	    .handle = web_handle,
	    .body_memory = (size_t)body_memory,
	    .cls = &app,
	    .tls_cert = tls_cert,
	    .tls_key = tls_key,
	};
	hc.always = api_security_headers(app.tls, &hc.n_always);
	/* digest nonces (provisioning) made with a secret of the key file's, so
	 * every server sharing that file accepts the nonces of the others */
	static unsigned char digest_random[32];
	static const char digest_ctx[] = "switchboard http digest nonces";
	crypto_generichash(digest_random, sizeof(digest_random), (const unsigned char *)digest_ctx,
	                   sizeof(digest_ctx) - 1, key.k, sizeof(key.k));
	hc.digest_random = digest_random;
	hc.digest_random_len = sizeof(digest_random);
	struct http_server *srv;
	if ((r = http_server_start(&hc, &srv)) < 0) {
		log_msg(LOG_ERROR, "cannot start the HTTP server", "listen", listen, NULL);
		return 1;
	}
	atomic_store(&app.ready, 1);
	if (log_async_start() < 0)
		log_msg(LOG_WARN, "the log is written by each request: no writer thread", NULL);
	char url[200];
	snprintf(url, sizeof(url), strchr(host, ':') ? "%s://[%s]:%u" : "%s://%s:%u",
	         app.tls ? "https" : "http", host, (unsigned)http_server_port(srv));
	char sip_rpc_n[16];
	snprintf(sip_rpc_n, sizeof(sip_rpc_n), "%d", n_sip_urls);
	log_msg(LOG_INFO, "listening", "url", url, "public_url", public_url, "mail",
	        mc.smtp_url ? "smtp" : "files", "sip_rpc_urls", sip_rpc_n, NULL);

	int sig = 0;
	sigwait(&sigs, &sig);
	log_msg(LOG_INFO, "stopping", "signal", sig == SIGTERM ? "SIGTERM" : "SIGINT", NULL);
	atomic_store(&app.ready, 0);
	/* Jobs first: a stop ends them now (they roll back and are marked
	 * failed, interrupted), not after the HTTP clients, whose idle
	 * keep-alive connections may hold the drain for its whole grace; a
	 * request that would start one meanwhile is refused. */
	jobs_stop();
	http_server_stop(srv, 10000);
	janitor_stop(janitor);
	mailer_stop(app.mailer);
	sip_rpc_stop(app.sip_rpc);
	api_routes_free();
	store_conn_close();
	store_release(&app.store);
	free(public_url);
	free(outbox);
	free(data_dir);
	seal_key_release(&key);
	sodium_memzero(digest_random, sizeof(digest_random));
	pem_free(tls_cert);
	pem_free(tls_key);
	log_msg(LOG_INFO, "stopped", NULL);
	log_async_stop();
	return 0;
}
