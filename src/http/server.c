/* server.c: libmicrohttpd glue: reading requests, sending responses. */
#include "http/server.h"
#include "base/arena.h"
#include "base/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* GnuTLS's defaults, without TLS 1.0 and 1.1 (RFC 8996) and SSL 3. */
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

struct http_server {
	struct MHD_Daemon *d;
	struct http_server_config cfg;
	uint16_t port;
	atomic_size_t body_bytes; /* taken by the bodies being read (body_held) */
};

/* A body that goes past its limit is read and dropped up to this many times
 * the limit (plus 64 KiB) so the client still reads a clean 413; beyond that
 * the server answers at once or closes the connection. */
#define DRAIN_FACTOR 4

static size_t drain_limit(const struct http_req *r)
{
	return r->body_limit * DRAIN_FACTOR + 65536;
}

/* Takes n more bytes of the server's body memory for r's body; false (and
 * nothing taken) when they do not fit. */
static bool body_take(struct http_server *s, struct http_req *r, size_t n)
{
	size_t cap = s->cfg.body_memory;
	size_t cur = atomic_load(&s->body_bytes);
	do {
		if (cap && (n > cap || cur > cap - n))
			return false;
	} while (!atomic_compare_exchange_weak(&s->body_bytes, &cur, cur + n));
	r->body_held += n;
	return true;
}

/* Frees r's body and gives its memory back (body_len stays, as a count). */
static void body_drop(struct http_server *s, struct http_req *r)
{
	free(r->body);
	r->body = NULL;
	r->body_cap = 0;
	atomic_fetch_sub(&s->body_bytes, r->body_held);
	r->body_held = 0;
}

/* Room for n more bytes and a NUL at r's body: the announced size at once,
 * or (chunked) doubling up to the limit. False when the server's body
 * memory has no room for it (or malloc failed): r's body is dropped. */
static bool body_grow(struct http_server *s, struct http_req *r, size_t n)
{
	size_t need = r->body_len + n + 1;
	if (need <= r->body_cap)
		return true;
	size_t want = r->content_length ? (size_t)r->content_length + 1 : r->body_cap * 2;
	if (want < 65536)
		want = 65536;
	if (want > r->body_limit + 1)
		want = r->body_limit + 1;
	if (want < need)
		want = need;
	/* Doubling may not fit where the bytes themselves do. */
	if (want > r->body_held && !body_take(s, r, want - r->body_held) &&
	    (need <= r->body_held || !body_take(s, r, (want = need) - r->body_held))) {
		body_drop(s, r);
		return false;
	}
	char *p = realloc(r->body, want);
	if (!p) {
		body_drop(s, r);
		return false;
	}
	r->body = p;
	r->body_cap = want;
	return true;
}

static void req_free(struct http_server *s, struct http_req *r)
{
	if (!r)
		return;
	body_drop(s, r);
	arena_free(r->a);
}

static const char *client_addr(struct arena *a, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf,
			          sizeof(buf));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf,
			          sizeof(buf));
	}
	return arena_strdup(a, buf);
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
	(void)kind;
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": ", CRLF */
	return MHD_YES;
}

/* Bytes of the request line and headers, as sent (near enough). */
static size_t header_bytes(struct MHD_Connection *c, const char *method, const char *url,
                           const char *version)
{
	size_t n = strlen(method) + strlen(url) + strlen(version) + 4;
	MHD_get_connection_values(c, MHD_HEADER_KIND | MHD_GET_ARGUMENT_KIND, count_header, &n);
	return n;
}

static enum MHD_Result send_res(struct http_server *s, struct MHD_Connection *c,
                                struct http_res *res)
{
	struct MHD_Response *mr = MHD_create_response_from_buffer(
	    res->body_len, res->body ? res->body : (void *)"",
	    res->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!mr) {
		free(res->body);
		return MHD_NO;
	}
	res->body = NULL;
	if (res->content_type)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
	/* The server's headers on every answer, unless the handler set its own
	 * value (the portal's files have their own Content-Security-Policy and
	 * Cache-Control; two CSP headers would both be enforced). */
	for (int i = 0; i < s->cfg.n_always; i++) {
		bool own = false;
		for (int k = 0; k < res->n_headers && !own; k++)
			own = strcasecmp(res->headers[k].name, s->cfg.always[i].name) == 0;
		if (!own)
			MHD_add_response_header(mr, s->cfg.always[i].name, s->cfg.always[i].value);
	}
	for (int i = 0; i < res->n_headers; i++)
		MHD_add_response_header(mr, res->headers[i].name, res->headers[i].value);
	enum MHD_Result ok = res->status == 401 && res->digest_realm
	                         ? MHD_queue_auth_fail_response2(
	                               c, res->digest_realm, "switchboard", mr,
	                               res->digest_stale ? MHD_YES : MHD_NO, MHD_DIGEST_ALG_MD5)
	                         : MHD_queue_response(c, (unsigned)res->status, mr);
	MHD_destroy_response(mr);
	return ok;
}

static void respond(struct http_server *s, struct http_req *r, struct MHD_Connection *c)
{
	struct http_res res = {.status = 500};
	s->cfg.handle(s->cfg.cls, r, &res);
	send_res(s, c, &res);
	body_drop(s, r); /* the answer is made: the body's memory is free again */
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;
	if (!r) {
		struct arena *a = arena_new();
		if (!a)
			return MHD_NO;
		r = arena_alloc(a, sizeof(*r));
		r->a = a;
		r->conn = c;
		r->method = arena_strdup(a, method);
		r->path = arena_strdup(a, url);
		r->version = arena_strdup(a, version);
		r->client_addr = client_addr(a, c);
		r->start_ns = time_mono_ns();
		r->body_limit = s->cfg.limit(s->cfg.cls, method, url);
		if (s->cfg.body_memory && r->body_limit > s->cfg.body_memory)
			r->body_limit = s->cfg.body_memory;
		if (s->cfg.header_limit &&
		    header_bytes(c, method, url, version) > s->cfg.header_limit) {
			r->headers_too_large = true;
			r->body_limit = 0;
		}
		*con_cls = r;
		const char *cl =
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		r->content_length = cl ? strtoull(cl, NULL, 10) : 0;
		r->chunked = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                         MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
		/* An answer queued now, before the first byte of the body, makes
		 * MHD skip the upload (and "100 Continue") and close after it. */
		if (r->content_length > r->body_limit) {
			r->body_too_large = true;
			if (r->content_length > drain_limit(r)) {
				/* Too much to read just to say no: answer now. */
				r->answered = true;
				respond(s, r, c);
				return MHD_YES;
			}
		}
		if (s->cfg.admit && !r->headers_too_large && (r->content_length || r->chunked)) {
			struct http_res res = {.status = 500};
			if (s->cfg.admit(s->cfg.cls, r, &res)) {
				r->answered = true;
				send_res(s, c, &res);
				return MHD_YES;
			}
		}
		if (!r->body_too_large && r->content_length &&
		    !body_take(s, r, (size_t)r->content_length + 1)) {
			r->busy = true;
			r->answered = true;
			respond(s, r, c);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (r->answered)
			return MHD_YES;
		if (!r->body_too_large && !r->busy && r->body_len + n > r->body_limit)
			r->body_too_large = true;
		if (!r->body_too_large && !r->busy && !body_grow(s, r, n))
			r->busy = true;
		if (r->body_too_large || r->busy) {
			/* Read and drop the rest, then answer 413 (or 503) at the
			 * end, so the client is not cut off while still sending. */
			body_drop(s, r);
			r->drained += n;
			return r->drained + r->body_len > drain_limit(r) ? MHD_NO : MHD_YES;
		}
		memcpy(r->body + r->body_len, upload_data, n);
		r->body_len += n;
		r->body[r->body_len] = 0;
		return MHD_YES;
	}
	if (r->answered)
		return MHD_YES;
	r->answered = true;
	respond(s, r, c);
	return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)c;
	(void)toe;
	req_free(cls, *con_cls);
	*con_cls = NULL;
}

int http_listen(const char *host, uint16_t port, int *ret_fd)
{
	struct sockaddr_storage ss = {0};
	socklen_t sl;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(port);
		sl = sizeof(*in4);
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		sl = sizeof(*in6);
	} else {
		return -EINVAL;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Never 0, 1 or 2, so that 0 can mean "none" in the config. */
	if (fd <= 2) {
		int high = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		int e = errno;
		close(fd);
		if (high < 0)
			return -e;
		fd = high;
	}
	/* SO_REUSEADDR lets a restart bind while old connections linger in
	 * TIME_WAIT; it does not let two listeners share the port on Linux
	 * (SO_REUSEPORT would, and is not set). */
	int on = 1;
	int r = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (r == 0 && ss.ss_family == AF_INET6)
		r = setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (r == 0)
		r = bind(fd, (struct sockaddr *)&ss, sl);
	if (r == 0)
		r = listen(fd, SOMAXCONN);
	if (r < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	*ret_fd = fd;
	return 0;
}

int http_server_start(const struct http_server_config *cfg, struct http_server **ret)
{
	int fd = cfg->listen_fd;
	int r = 0;
	if (fd <= 0 && (r = http_listen(cfg->host, cfg->port, &fd)) < 0)
		return r;
	struct http_server *s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		return -ENOMEM;
	}
	s->cfg = *cfg;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	unsigned flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_SUSPEND_RESUME;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 && ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	bool tls = cfg->tls_cert && cfg->tls_key;
	if (tls)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem tls_opts[] = {
	    {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cfg->tls_cert},
	    {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)cfg->tls_key},
	    {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)TLS_PRIORITIES},
	    {MHD_OPTION_END, 0, NULL},
	};
	/* nonces counted per server: 4096 clients inside a nonce's lifetime */
	struct MHD_OptionItem digest_opts[] = {
	    {MHD_OPTION_DIGEST_AUTH_RANDOM, (intptr_t)cfg->digest_random_len,
	     (void *)cfg->digest_random},
	    {MHD_OPTION_NONCE_NC_SIZE, 4096, NULL},
	    {MHD_OPTION_END, 0, NULL},
	};
	s->d = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, s, MHD_OPTION_ARRAY, tls ? tls_opts : tls_opts + 3,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd, MHD_OPTION_THREAD_POOL_SIZE,
	    cfg->threads ? cfg->threads : 2, MHD_OPTION_CONNECTION_LIMIT,
	    cfg->conn_limit ? cfg->conn_limit : 1024, MHD_OPTION_CONNECTION_TIMEOUT,
	    cfg->timeout_s ? cfg->timeout_s : 30, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)HTTP_CONN_MEMORY, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_ARRAY, cfg->digest_random ? digest_opts : digest_opts + 2, MHD_OPTION_END);
	if (!s->d) {
		close(fd);
		free(s);
		return -EIO;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : cfg->port;
	*ret = s;
	return 0;
}

static enum MHD_Result no_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	(void)cls, (void)c, (void)url, (void)method, (void)version, (void)upload_data;
	(void)upload_data_size, (void)con_cls;
	return MHD_NO;
}

int http_tls_check(const char *cert, const char *key)
{
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return -ENOTSUP;
	/* A daemon that never listens nor runs: starting it loads the pair
	 * into GnuTLS, which refuses a bad certificate, a bad key, or a key
	 * that is not the certificate's. */
	struct MHD_Daemon *d =
	    MHD_start_daemon(MHD_USE_TLS | MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, no_request,
	                     NULL, MHD_OPTION_HTTPS_MEM_CERT, cert, MHD_OPTION_HTTPS_MEM_KEY, key,
	                     MHD_OPTION_HTTPS_PRIORITIES, TLS_PRIORITIES, MHD_OPTION_END);
	if (!d)
		return -EINVAL;
	MHD_stop_daemon(d);
	return 0;
}

uint16_t http_server_port(struct http_server *s)
{
	return s->port;
}

void http_server_stop(struct http_server *s, int grace_ms)
{
	if (!s)
		return;
	MHD_socket ls = MHD_quiesce_daemon(s->d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	for (int waited = 0; waited < grace_ms; waited += 20) {
		const union MHD_DaemonInfo *di =
		    MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!di || di->num_connections == 0)
			break;
		usleep(20 * 1000);
	}
	MHD_stop_daemon(s->d);
	free(s);
}

const char *http_req_header(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_req_query(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_each {
	int (*fn)(void *cls, const char *name, const char *value);
	void *cls;
	int r;
};

static enum MHD_Result query_each_one(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
	(void)kind;
	struct query_each *q = cls;
	q->r = q->fn(q->cls, key, value);
	return q->r ? MHD_NO : MHD_YES;
}

int http_req_query_each(struct http_req *r,
                        int (*fn)(void *cls, const char *name, const char *value), void *cls)
{
	struct query_each q = {fn, cls, 0};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_each_one, &q);
	return q.r;
}

const char *http_req_cookie(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

char *http_req_digest_username(struct http_req *r)
{
	char *u = MHD_digest_auth_get_username(r->conn);
	char *out = u ? arena_strdup(r->a, u) : NULL;
	MHD_free(u);
	return out;
}

int http_req_digest_check(struct http_req *r, const char *realm, const char *username,
                          const unsigned char ha1[16], unsigned nonce_timeout_s)
{
	int ok = MHD_digest_auth_check_digest2(r->conn, realm, username, ha1, 16, nonce_timeout_s,
	                                       MHD_DIGEST_ALG_MD5);
	return ok == MHD_YES ? 1 : ok == MHD_INVALID_NONCE ? -ESTALE : 0;
}

void http_res_header(struct http_res *res, const char *name, const char *value)
{
	if (res->n_headers < HTTP_MAX_HEADERS)
		res->headers[res->n_headers++] = (struct http_header){name, value};
}
