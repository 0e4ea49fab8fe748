/* server.h: the HTTP server (libmicrohttpd, epoll, a thread pool).
 *
 * The server reads a request in full (up to the limit the application sets
 * for its route), then hands it to one application callback that fills in
 * the response. Before it reads a body it asks the application whether to
 * (the admit callback: it may answer at once instead, from the headers), and
 * the bodies being read hold at most the configured memory together.
 * Per-request memory lives in req->a and is freed when the connection is
 * done with the request. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct http_server;

struct http_header {
	const char *name, *value;
};

struct http_req {
	struct arena *a;
	void *conn; /* struct MHD_Connection */
	const char *method, *path, *version;
	char *body;
	size_t body_len;
	size_t body_limit;                 /* as chosen by the application for this request */
	unsigned long long content_length; /* as the client announced it; 0 without */
	bool chunked;                      /* Transfer-Encoding: the body's size is not known */
	bool body_too_large;
	bool headers_too_large; /* request line and headers past header_limit */
	bool busy;              /* the bodies being read hold the server's body_memory: not read */
	bool answered;          /* the response is queued */
	size_t drained;         /* bytes read and dropped past the limit */
	size_t body_cap;        /* bytes allocated at body */
	size_t body_held;       /* of the server's body_memory, taken for this body */
	const char *client_addr;
	int64_t start_ns;
	void *app; /* for the application's own per-request state */
};

#define HTTP_MAX_HEADERS 24
#define HTTP_CONN_MEMORY (64 * 1024) /* libmicrohttpd's memory per connection */

struct http_res {
	int status;
	const char *content_type;
	char *body; /* malloc'd; the server frees it */
	size_t body_len;
	struct http_header headers[HTTP_MAX_HEADERS];
	int n_headers;
	/* With status 401: a digest challenge (MD5) for this realm is sent
	 * with the answer, a fresh nonce made by libmicrohttpd; digest_stale
	 * says the nonce the client used had run out. */
	const char *digest_realm;
	bool digest_stale;
};

/* Chooses the body limit for a request before its body is read. */
typedef size_t (*http_limit_fn)(void *cls, const char *method, const char *path);
/* Produces the response. Called once per request, body complete. */
typedef void (*http_handle_fn)(void *cls, struct http_req *req, struct http_res *res);
/* Called once the request line and headers are in, for a request with a
 * body (Content-Length or chunked) that the server would read, before any
 * of it is taken (body_limit is set; header and query accessors work).
 * Returns 0 to go on and read the body; otherwise it has filled res, which
 * is sent at once, without the handle callback: the body is not read (no
 * "100 Continue" is sent) and the connection is closed after the answer. */
typedef int (*http_admit_fn)(void *cls, struct http_req *req, struct http_res *res);

struct http_server_config {
	const char *host; /* numeric IPv4 or IPv6 address */
	uint16_t port;    /* 0: any free port */
	/* A socket from http_listen, which the server takes over (and closes);
	 * 0: the server binds host:port itself. */
	int listen_fd;
	unsigned threads;
	unsigned conn_limit;
	unsigned timeout_s;
	/* Request line and headers together, in bytes; past it the request
	 * goes to the application flagged headers_too_large, its body unread.
	 * libmicrohttpd itself closes with its own 431 past HTTP_CONN_MEMORY. */
	size_t header_limit;
	http_limit_fn limit;
	http_admit_fn admit; /* may be NULL: every body is read */
	http_handle_fn handle;
	void *cls;
	/* Bytes the bodies being read may hold together; 0: no bound. A body
	 * with a Content-Length takes its whole size before it is read, a
	 * chunked one as it grows; a request that does not fit goes to handle
	 * flagged busy, its body unread (chunked: the rest read and dropped),
	 * and gives the memory back once answered. It also bounds body_limit. */
	size_t body_memory;
	/* With both (PEM text, NUL-terminated, kept by the caller until the
	 * server stops): HTTPS only (GnuTLS, through libmicrohttpd). */
	const char *tls_cert, *tls_key;
	/* Headers on every answer the application gives, whatever its handler
	 * did (they do not count against HTTP_MAX_HEADERS). */
	const struct http_header *always;
	int n_always;
	/* The secret libmicrohttpd makes digest nonces with (kept by the
	 * caller while the server runs): the same on every server of one
	 * installation, so a nonce one gave is good at another. */
	const unsigned char *digest_random;
	size_t digest_random_len;
};

/* Whether cert and key (PEM) make a working TLS setup, without listening:
 * 0, -ENOTSUP when libmicrohttpd was built without TLS, -EINVAL when the
 * certificate or key is not valid or they do not belong together. */
int http_tls_check(const char *cert, const char *key);
/* A listening socket on host:port (numeric IPv4 or IPv6; port 0: any free
 * one) in *ret_fd, never fd 0 to 2. SO_REUSEADDR only: a restart binds while
 * old connections linger, but a port another server listens on is
 * -EADDRINUSE (no SO_REUSEPORT: the kernel would split clients between the
 * two). -EINVAL for a host that is not a numeric address, else -errno. */
int http_listen(const char *host, uint16_t port, int *ret_fd);
/* Starts the server; on failure the socket of cfg->listen_fd is closed. */
int http_server_start(const struct http_server_config *cfg, struct http_server **ret);
uint16_t http_server_port(struct http_server *s);
/* Stops accepting, waits up to grace_ms for requests in flight, stops. */
void http_server_stop(struct http_server *s, int grace_ms);

/* Request accessors; strings belong to the request. */
const char *http_req_header(struct http_req *r, const char *name);
const char *http_req_query(struct http_req *r, const char *name);
/* Calls fn for each query parameter in the order sent (value NULL when it
 * has no '='); stops at, and returns, the first nonzero fn returns. */
int http_req_query_each(struct http_req *r,
                        int (*fn)(void *cls, const char *name, const char *value), void *cls);
const char *http_req_cookie(struct http_req *r, const char *name);

/* HTTP digest (RFC 7616, MD5) as libmicrohttpd checks it: the username
 * of the request's Authorization header (in r's arena; NULL without one),
 * and whether its response is right for ha1 (16 bytes, md5(username:realm:
 * secret)): 1 yes, 0 no, -ESTALE when only the nonce is too old (the
 * client retries with a fresh one). */
char *http_req_digest_username(struct http_req *r);
int http_req_digest_check(struct http_req *r, const char *realm, const char *username,
                          const unsigned char ha1[16], unsigned nonce_timeout_s);

/* Adds a response header; name and value must outlive the request (use the
 * request arena). Silently ignored past HTTP_MAX_HEADERS. */
void http_res_header(struct http_res *res, const char *name, const char *value);

/* ---- forms ---------------------------------------------------------------- */

/* A part of a multipart/form-data (or urlencoded) body: a field's value or
 * a file's bytes (data, n: malloc'd, NUL-terminated). */
struct http_part {
	char *name, *filename, *content_type;
	unsigned char *data;
	size_t n;
};
#define HTTP_PARTS_MAX 8

/* Splits r's whole body by its Content-Type (multipart/form-data or
 * application/x-www-form-urlencoded), through libmicrohttpd's post
 * processor: up to HTTP_PARTS_MAX parts into parts (free them with
 * http_parts_free), *ret_n of them. -EINVAL when the body is not such a
 * form, -E2BIG with more parts. */
int http_form_parts(struct http_req *r, struct http_part *parts, int *ret_n);
void http_parts_free(struct http_part *parts, int n);
