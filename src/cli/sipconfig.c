/* sipconfig.c: `switchboard sip-config`, which writes the kamailio.cfg that
 * makes Kamailio the registrar and proxy in front of Switchboard.
 *
 * The configuration is the template src/cli/kamailio.cfg.in (compiled into
 * the binary) with its @NAME@ places filled in from the options. Every
 * option is checked before anything is written: a value lands inside a
 * Kamailio string, where a quote, a backslash or a $ (a pseudo-variable)
 * would change what the script does, so each kind of value has a strict
 * form. A mistake is a usage error (exit 2); a file that cannot be read or
 * written is exit 1. */
#include "base/buf.h"
#include "base/embedded.h"
#include "cli/cli.h"
#include "domain/sip.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_URLS 4

/* The host and port of a sip: URI; port 0 when it names none. */
struct hostport {
	char host[256];
	int port;
};
#define MAX_TOKEN 1024

static const struct cli_opt opts[] = {
    {"sip-listen", true, "HOST:PORT for SIP over UDP and TCP (default 127.0.0.1:5060)"},
    {"rpc-listen", true, "HOST:PORT for Kamailio's JSON-RPC over HTTP (default 127.0.0.1:5090)"},
    {"url", true,
     "where Switchboard answers (default http://127.0.0.1:8080); several, comma-separated, "
     "are tried in turn"},
    {"token-file", true, "file holding the API token Kamailio sends to Switchboard"},
    {"trunk", true,
     "sip: URI of the trunk gateway: outside numbers go there, and calls from its host (and "
     "port, when the URI names one) are inbound"},
    {"media-server", true, "sip: URI of the media server: voicemail boxes are called there"},
    {"rtpengine", true,
     "HOST:PORT of rtpengine's ng control socket (UDP): calls' media pass through it, and a "
     "party put on hold hears hold music"},
    {"runtime-dir", true, "Kamailio's run directory (default: Kamailio's own)"},
    {"module-path", true, "where Kamailio's modules are (default Debian's)"},
    {"output", true, "file to write (default standard output)"},
};

#if defined(__x86_64__)
#define MULTIARCH "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define MULTIARCH "aarch64-linux-gnu"
#elif defined(__i386__)
#define MULTIARCH "i386-linux-gnu"
#else
#define MULTIARCH "unknown-linux-gnu"
#endif
static const char DEFAULT_MPATH[] = "/usr/lib/" MULTIARCH "/kamailio/modules";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("switchboard sip-config: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs(" (see --help)\n", stderr);
	va_end(ap);
	return 2;
}

/* Letters, digits and the characters of extra, nothing else; not empty. */
static bool only(const char *s, size_t n, const char *extra)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !(s[i] && strchr(extra, s[i])))
			return false;
	return true;
}

/* A host: a name or IPv4 address (letters, digits, dots, dashes, no dot or
 * dash at either end), or an IPv6 address in brackets. */
static bool host_valid(const char *h, size_t n)
{
	if (n >= 2 && h[0] == '[')
		return h[n - 1] == ']' && only(h + 1, n - 2, ":.") && n <= 48;
	return n <= 253 && only(h, n, ".-") && h[0] != '.' && h[0] != '-' && h[n - 1] != '.' &&
	       h[n - 1] != '-';
}

/* Digits making 1 to 65535, without a leading zero (Kamailio reads 05060
 * as octal); ret the number. */
static bool port_valid(const char *p, size_t n, int *ret)
{
	int v = 0;
	if (n == 0 || n > 5 || p[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*ret = v;
	return v >= 1 && v <= 65535;
}

/* HOST:PORT, with the port in ret_port. */
static bool listen_valid(const char *s, int *ret_port)
{
	const char *colon = strrchr(s, ':');
	if (!colon || (strchr(s, ']') && colon < strchr(s, ']')))
		return false;
	return host_valid(s, (size_t)(colon - s)) &&
	       port_valid(colon + 1, strlen(colon + 1), ret_port);
}

/* http[s]://HOST[:PORT][/PATH], the path of URL characters that need no
 * escaping; one trailing slash is dropped (the API's paths start with one). */
static bool url_valid(const char *u, size_t n, size_t *ret_len)
{
	size_t k = strncmp(u, "http://", 7) == 0 ? 7 : strncmp(u, "https://", 8) == 0 ? 8 : 0;
	if (k == 0 || n <= k)
		return false;
	if (n > k + 1 && u[n - 1] == '/')
		n--;
	const char *host = u + k, *end = u + n;
	const char *slash = memchr(host, '/', (size_t)(end - host));
	const char *hend = slash ? slash : end;
	/* the port's colon: the last one, past the ] of an [IPv6] host */
	const char *colon = NULL, *from = host;
	if (*host == '[') {
		const char *rb = memchr(host, ']', (size_t)(hend - host));
		if (!rb)
			return false;
		from = rb;
	}
	for (const char *p = from; p < hend; p++)
		if (*p == ':')
			colon = p;
	int port;
	if (!host_valid(host, (size_t)((colon ? colon : hend) - host)) ||
	    (colon && !port_valid(colon + 1, (size_t)(hend - colon - 1), &port)) ||
	    (slash && !only(slash, (size_t)(end - slash), "/-._~")))
		return false;
	*ret_len = n;
	return true;
}

/* sip: or sips: and then the characters a SIP URI uses, without quotes,
 * backslashes, $ or white space. */
static bool sip_uri_valid(const char *u)
{
	size_t k = strncmp(u, "sip:", 4) == 0 ? 4 : strncmp(u, "sips:", 5) == 0 ? 5 : 0;
	return k && strlen(u) <= 255 && only(u + k, strlen(u + k), "-_.!~*'()%;:@&=+,[]/?");
}

/* The host (a name, an IPv4 address or a bracketed IPv6 one) and port of a
 * URI sip_uri_valid accepted: after the user part, before parameters. */
static bool sip_uri_hostport(const char *u, struct hostport *ret)
{
	const char *p = strchr(u, ':') + 1, *at = strchr(p, '@');
	if (at)
		p = at + 1;
	size_t n = *p == '[' ? strcspn(p, "]") + 1 : strcspn(p, ":;?");
	if (n == 0 || n >= sizeof(ret->host) || (p[0] == '[' && p[n - 1] != ']'))
		return false;
	memcpy(ret->host, p, n);
	ret->host[n] = 0;
	ret->port = 0;
	p += n;
	if (*p == ':') {
		size_t d = strcspn(p + 1, ";?");
		char port[8];
		if (d == 0 || d >= sizeof(port))
			return false;
		memcpy(port, p + 1, d);
		port[d] = 0;
		if (!port_valid(port, d, &ret->port))
			return false;
	}
	return true;
}

/* A path written into a Kamailio string. */
static bool path_valid(const char *p)
{
	return strlen(p) < 4096 && only(p, strlen(p), "/-._+,=@");
}

/* The token from path: one line of base64url or base64 characters (a
 * trailing newline is fine). *ret is malloc'd; wipe it with sodium_memzero. */
static int token_read(const char *path, char **ret)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "switchboard sip-config: cannot read the token file %s: %s\n", path,
		        strerror(errno));
		return 1;
	}
	char *t = calloc(1, MAX_TOKEN + 2);
	size_t n = t ? fread(t, 1, MAX_TOKEN + 1, f) : 0;
	fclose(f);
	if (!t)
		return 1;
	while (n > 0 && (t[n - 1] == '\n' || t[n - 1] == '\r'))
		t[--n] = 0;
	if (n > MAX_TOKEN || !only(t, n, "-_.~+/=")) {
		sodium_memzero(t, MAX_TOKEN + 2);
		free(t);
		fprintf(stderr,
		        "switchboard sip-config: the token file %s must hold one token of at most "
		        "%d letters, digits or -_.~+/= on one line\n",
		        path, MAX_TOKEN);
		return 2;
	}
	*ret = t;
	return 0;
}

struct place {
	const char *name, *value;
};

/* The template with each @NAME@ replaced by its value. */
static int fill(struct buf *out, const char *tpl, const struct place *places, size_t n)
{
	int r = 0;
	for (const char *p = tpl; *p && r == 0;) {
		const char *at = strchr(p, '@');
		if (!at)
			return buf_puts(out, p);
		r = buf_append(out, p, (size_t)(at - p));
		const char *end = at + 1;
		while (*end && (isupper((unsigned char)*end) || *end == '_'))
			end++;
		size_t k = 0;
		if (*end == '@')
			while (k < n && !(strlen(places[k].name) == (size_t)(end - at - 1) &&
			                  !strncmp(places[k].name, at + 1, (size_t)(end - at - 1))))
				k++;
		if (*end != '@' || k == n) { /* not a place: the @ itself */
			r = r ? r : buf_puts(out, "@");
			p = at + 1;
			continue;
		}
		r = r ? r : buf_puts(out, places[k].value);
		p = end + 1;
	}
	return r;
}

/* Kamailio's connections to Switchboard: one http_client connection per
 * URL, kept open between requests, with the token as the password of HTTP
 * Basic (a connection cannot carry a header of its own; Switchboard takes
 * an API token that way). http_client fails over from a connection to the
 * one its failover names, but only once, so the URLs go in pairs: sb0
 * fails over to sb1, sb2 to sb3, and queries() tries each pair in turn. */
static int httpcons(struct buf *b, char *const *urls, int n, const char *token)
{
	int r = 0;
	for (int i = 0; i < n && r == 0; i++) {
		const char *rest = strstr(urls[i], "://") + 3;
		r = buf_printf(b,
		               "modparam(\"http_client\", \"httpcon\", \"sb%d=>%.*skamailio:%s@%s",
		               i, (int)(rest - urls[i]), urls[i], token, rest);
		if (!r && i % 2 == 0 && i + 1 < n)
			r = buf_printf(b, ";failover=sb%d", i + 1);
		if (!r)
			r = buf_puts(b, "\")\n");
	}
	return r;
}

/* The tries of a request to Switchboard: each pair of connections in turn
 * while none has answered below 500. path follows the URL (it may hold
 * $var()s); with post, the request is a POST of that variable's JSON. */
static int queries(struct buf *b, int n, const char *path, const char *post)
{
	int r = 0;
	for (int i = 0; i < n && r == 0; i += 2)
		r = buf_printf(
		    b,
		    "\tif ($var(code) < 100 || $var(code) >= 500) {\n"
		    "\t\t$var(code) = http_connect(\"sb%d\", \"%s\", %s%s%s\"$var(body)\");\n"
		    "\t}\n",
		    i, path, post ? "\"application/json\", \"" : "", post ? post : "",
		    post ? "\", " : "");
	return r;
}

/* Writes text to path through a temporary file beside it, readable by its
 * owner only (it holds the token), so a reader never sees half a file. */
static int write_file(const char *path, const char *text)
{
	char *tmp;
	if (asprintf(&tmp, "%s.tmp%ld", path, (long)getpid()) < 0)
		return 1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t len = strlen(text), done = 0;
	while (fd >= 0 && done < len) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int err = fd < 0 || done < len ? (errno ? errno : EIO) : 0;
	if (fd >= 0) {
		if (fsync(fd) < 0 && !err)
			err = errno;
		if (close(fd) < 0 && !err)
			err = errno;
	}
	if (!err && rename(tmp, path) < 0)
		err = errno;
	if (err) {
		if (fd >= 0)
			unlink(tmp);
		fprintf(stderr, "switchboard sip-config: cannot write %s: %s\n", path,
		        strerror(err));
	}
	free(tmp);
	return err ? 1 : 0;
}

/* The checked options, as the template takes them. */
struct sipconf {
	const char *sip, *rpc, *trunk, *media, *rtpengine, *rundir, *mpath, *output;
	struct hostport trunk_at, media_at;
	char rpc_port[6];
	char *urls[MAX_URLS];
	int n_urls;
	char *urls_copy;
};

static int check_options(const struct cli *c, struct sipconf *k)
{
	const char *v;
	int sip_port, rpc_port;
	k->sip = (v = cli_get(c, "sip-listen")) ? v : "127.0.0.1:5060";
	k->rpc = (v = cli_get(c, "rpc-listen")) ? v : "127.0.0.1:5090";
	if (!listen_valid(k->sip, &sip_port))
		return usage_error("--sip-listen must be HOST:PORT, not '%s'", k->sip);
	if (!listen_valid(k->rpc, &rpc_port))
		return usage_error("--rpc-listen must be HOST:PORT, not '%s'", k->rpc);
	if (rpc_port == sip_port)
		return usage_error("--rpc-listen needs a port of its own, not SIP's %s", k->sip);
	snprintf(k->rpc_port, sizeof(k->rpc_port), "%d", rpc_port);

	if (!(k->urls_copy = strdup((v = cli_get(c, "url")) ? v : "http://127.0.0.1:8080")))
		return 1;
	for (char *save = NULL, *u = strtok_r(k->urls_copy, ",", &save); u;
	     u = strtok_r(NULL, ",", &save)) {
		size_t len;
		if (k->n_urls == MAX_URLS)
			return usage_error("--url takes at most %d URLs", MAX_URLS);
		if (!url_valid(u, strlen(u), &len))
			return usage_error("--url must be http:// or https:// HOST[:PORT][/PATH], "
			                   "not '%s'",
			                   u);
		u[len] = 0;
		k->urls[k->n_urls++] = u;
	}
	if (k->n_urls == 0)
		return usage_error("--url must name at least one URL");

	if ((k->trunk = cli_get(c, "trunk")) &&
	    (!sip_uri_valid(k->trunk) || !sip_uri_hostport(k->trunk, &k->trunk_at)))
		return usage_error("--trunk must be a sip: or sips: URI, not '%s'", k->trunk);
	if ((k->media = cli_get(c, "media-server")) &&
	    (!sip_uri_valid(k->media) || !sip_uri_hostport(k->media, &k->media_at)))
		return usage_error("--media-server must be a sip: or sips: URI, not '%s'",
		                   k->media);
	int rtpe_port;
	if ((k->rtpengine = cli_get(c, "rtpengine")) && !listen_valid(k->rtpengine, &rtpe_port))
		return usage_error("--rtpengine must be HOST:PORT of its ng socket, not '%s'",
		                   k->rtpengine);
	if ((k->rundir = cli_get(c, "runtime-dir")) && !path_valid(k->rundir))
		return usage_error("--runtime-dir must be a plain path, not '%s'", k->rundir);
	k->mpath = (v = cli_get(c, "module-path")) ? v : DEFAULT_MPATH;
	if (!path_valid(k->mpath))
		return usage_error("--module-path must be a plain path, not '%s'", k->mpath);
	if ((k->output = cli_get(c, "output")) && !*k->output)
		return usage_error("--output must name a file");
	if (!cli_get(c, "token-file"))
		return usage_error("--token-file is required: Kamailio must send a token");
	return 0;
}

static int render(const struct sipconf *k, const char *token, struct buf *out)
{
	const struct embedded_file *tpl = embedded_find(embedded_sip, "kamailio.cfg.in");
	if (!tpl)
		return -ENOENT;
	struct buf defs = BUF_INIT, rundir = BUF_INIT, q = BUF_INIT, rq = BUF_INIT, cq = BUF_INIT,
	           cons = BUF_INIT;
	int r = 0;
	if (k->trunk)
		r = buf_printf(
		    &defs,
		    "#!define SB_TRUNK \"%s\"\n#!define SB_TRUNK_HOST \"%s\"\n"
		    "#!define SB_TRUNK_PORT %d\n#!define SB_TRUNK_HOSTPORT \"%s%s%.0d\"\n",
		    k->trunk, k->trunk_at.host, k->trunk_at.port, k->trunk_at.host,
		    k->trunk_at.port ? ":" : "", k->trunk_at.port);
	if (!r && k->media)
		r = buf_printf(&defs,
		               "#!define SB_MEDIA_SERVER \"%s\"\n"
		               "#!define SB_MEDIA_HOSTPORT \"%s%s%.0d\"\n",
		               k->media, k->media_at.host, k->media_at.port ? ":" : "",
		               k->media_at.port);
	if (!r && k->rtpengine)
		r = buf_printf(&defs, "#!define SB_RTPENGINE \"udp:%s\"\n", k->rtpengine);
	if (!r)
		r = k->rundir ? buf_printf(&rundir, "rundir=\"%s\"", k->rundir)
		              : buf_puts(&rundir, "# rundir: Kamailio's own (--runtime-dir)");
	if (!r)
		r = httpcons(&cons, k->urls, k->n_urls, token);
	if (!r)
		r = queries(&q, k->n_urls, "/api/v1/sip/credentials/$var(user)", NULL);
	if (!r)
		r = queries(&rq, k->n_urls, "/api/v1/sip/route?$var(rq)", NULL);
	if (!r)
		r = queries(&cq, k->n_urls, "/api/v1/sip/cdrs", "$var(post)");
	const struct place places[] = {
	    {"DEFINES", defs.p ? defs.p : ""},
	    {"SIP_LISTEN", k->sip},
	    {"RPC_LISTEN", k->rpc},
	    {"RPC_PORT", k->rpc_port},
	    {"RUNDIR", rundir.p},
	    {"MPATH", k->mpath},
	    {"USERNAME_RE", sip_username_regex()},
	    {"HTTPCONS", cons.p},
	    {"QUERIES", q.p},
	    {"ROUTE_QUERIES", rq.p},
	    {"CDR_POSTS", cq.p},
	};
	if (!r)
		r = fill(out, (const char *)tpl->data, places, sizeof(places) / sizeof(places[0]));
	struct buf *secret[] = {&cons, &q, &rq, &cq};
	for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++) {
		if (secret[i]->p)
			sodium_memzero(secret[i]->p, secret[i]->len);
		buf_release(secret[i]);
	}
	buf_release(&defs);
	buf_release(&rundir);
	return r;
}

int cmd_sip_config(int argc, char **argv)
{
	struct cli c;
	int r = cli_parse(&c, "sip-config",
	                  "Write a kamailio.cfg for Kamailio as the SIP registrar and proxy in "
	                  "front of Switchboard: it asks Switchboard for the HA1 of a SIP account "
	                  "(GET /api/v1/sip/credentials/USERNAME) and where each call goes (GET "
	                  "/api/v1/sip/route), posts call records (POST /api/v1/sip/cdrs), all "
	                  "with the token of --token-file, and takes JSON-RPC on --rpc-listen. "
	                  "Check it with `kamailio -c -f FILE`.",
	                  opts, sizeof(opts) / sizeof(opts[0]), argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	if (c.n_positional)
		return usage_error("takes no argument such as '%s'", c.positional[0]);
	struct sipconf k = {0};
	char *token = NULL;
	struct buf out = BUF_INIT;
	int rc = check_options(&c, &k);
	if (rc == 0)
		rc = token_read(cli_get(&c, "token-file"), &token);
	if (rc == 0 && render(&k, token, &out) < 0) {
		fputs("switchboard sip-config: out of memory\n", stderr);
		rc = 1;
	}
	if (rc == 0) {
		if (k.output) {
			rc = write_file(k.output, out.p);
		} else if (fputs(out.p, stdout) < 0 || fflush(stdout) < 0) {
			fprintf(stderr, "switchboard sip-config: cannot write: %s\n",
			        strerror(errno));
			rc = 1;
		}
	}
	if (token) {
		sodium_memzero(token, strlen(token));
		free(token);
	}
	if (out.p)
		sodium_memzero(out.p, out.len);
	buf_release(&out);
	free(k.urls_copy);
	return rc;
}
