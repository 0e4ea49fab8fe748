/* fuzz_query_cookie.c: libFuzzer harness for the query string, the Cookie
 * header and the If-Match header as the server reads them.
 *
 * Switchboard has no parser of its own for these: libmicrohttpd splits and
 * percent-decodes the query string and the cookies, and http/server.c hands
 * them out (http_req_query, http_req_query_each, http_req_cookie);
 * api/query.c checks the query against a route's declared parameters
 * (query_check) and api/reply.c reads If-Match (check_if_match). So the harness
 * starts the real server (http_server_start on a loopback port, once) and
 * sends each input as a request over TCP:
 *
 *   line 1: the query string, after "?"    line 2: the Cookie header
 *   line 3: the If-Match header
 *
 * The request handler reads every query argument and cookie, the ones the
 * API asks for by name and If-Match, and checks: query_check passes (and
 * then limit is within 1..max, a cursor decoded has its parts) or gives a
 * 422 with its errors; check_if_match answers match or 412. Only
 * our code is instrumented for coverage (libmicrohttpd is Debian's build);
 * ASan still sees every byte our code reads from what it hands out. */
#include "api/api.h"
#include "base/arena.h"
#include "domain/session.h"
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define LIMIT_MAX 200
#define ETAG_VERSION 42

static const char *const statuses[] = {"invited", "active", "suspended", "deleted", NULL};
static const struct qparam qparams[] = {{"limit", Q_INT, 1, LIMIT_MAX, 50, NULL, NULL},
                                        {"after", Q_CURSOR, 0, 0, 0, NULL, &cursor_users},
                                        {"q", Q_LINE, 0, 100, 0, NULL, NULL},
                                        {"status", Q_ENUM, 0, 0, 0, statuses, NULL},
                                        {"owner_id", Q_ID, 0, 0, 0, NULL, NULL},
                                        {"purge", Q_BOOL, 0, 0, 0, NULL, NULL},
                                        {NULL, Q_INT, 0, 0, 0, NULL, NULL}};
static const struct api_route route = {"GET",  "/api/v1/orgs/{org}/users", NULL, PERM_ANY, 0, 0,
                                       qparams};

static struct http_server *server;
static uint16_t port;

static void die(const char *what)
{
	fprintf(stderr, "fuzz_query_cookie: %s (%s)\n", what, strerror(errno));
	abort();
}

static size_t body_limit(void *cls, const char *method, const char *path)
{
	return 1024;
}

/* Reads a key and value the way a handler would: as C strings. */
static enum MHD_Result touch(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	size_t *n = cls;
	*n += strlen(key) + (value ? strlen(value) : 0) + 1;
	return MHD_YES;
}

static void handle(void *cls, struct http_req *req, struct http_res *res)
{
	size_t n = 0;
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, touch, &n);
	MHD_get_connection_values(req->conn, MHD_COOKIE_KIND, touch, &n);
	static const char *names[] = {"limit", "cursor",  "q",     "number",
	                              "purge", "confirm", "status"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = http_req_query(req, names[i]);
		n += v ? strlen(v) : 0;
	}
	const char *ck = http_req_cookie(req, SESSION_COOKIE);
	n += ck ? strlen(ck) : 0;

	struct ctx c = {.req = req, .res = res, .a = req->a, .route = &route};
	diag_init(&c.d, c.a);
	c.dc = (struct dctx){.a = c.a, .d = &c.d}; /* check_if_match works in the domain's */
	int r = query_check(&c);
	if (r == 0) {
		int limit = query_int(&c, "limit");
		const struct cursor *cur = query_cursor(&c, "after");
		if (c.d.n_errors || limit < 1 || limit > LIMIT_MAX || (cur && cur->n != 2))
			abort();
		n += query_bool(&c, "purge");
	} else if (r != -EINVAL || c.d.n_errors == 0) {
		abort();
	}
	diag_init(&c.d, c.a);
	r = check_if_match(&c, ETAG_VERSION);
	if (r != 0 && r != -ESTALE)
		abort();
	res->status = n ? 200 : 204;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct http_server_config cfg = {.host = "127.0.0.1",
	                                 .threads = 1,
	                                 .timeout_s = 5,
	                                 .limit = body_limit,
	                                 .handle = handle};
	if (http_server_start(&cfg, &server) < 0)
		die("cannot start the server");
	port = http_server_port(server);
	return 0;
}

static size_t line(const char **p, const char *end, const char **ret)
{
	const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
	const char *e = nl ? nl : end;
	*ret = s;
	*p = nl ? nl + 1 : end;
	return (size_t)(e - s);
}

static void put(char **w, const char *s, size_t n)
{
	memcpy(*w, s, n);
	*w += n;
}
#define PUT(w, lit) put(w, lit, sizeof(lit) - 1)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	const char *p = (const char *)data, *end = p + size, *q, *ck, *im;
	size_t nq = line(&p, end, &q), nc = line(&p, end, &ck), ni = line(&p, end, &im);

	char *req = malloc(size + 256), *w = req;
	if (!req)
		abort();
	PUT(&w, "GET /api/v1/orgs/o1/users?");
	put(&w, q, nq);
	PUT(&w, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n");
	if (nc) {
		PUT(&w, "Cookie: ");
		put(&w, ck, nc);
		PUT(&w, "\r\n");
	}
	if (ni) {
		PUT(&w, "If-Match: ");
		put(&w, im, ni);
		PUT(&w, "\r\n");
	}
	PUT(&w, "\r\n");

	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	struct timeval tv = {.tv_sec = 10};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		/* Interrupted by libFuzzer's timer (SIGALRM), the connection goes
		 * on by itself: wait for it rather than connect again. */
		if (errno != EINTR)
			die("connect");
		struct pollfd pfd = {.fd = fd, .events = POLLOUT};
		int err = 0;
		socklen_t len = sizeof(err);
		while (poll(&pfd, 1, 10000) < 0 && errno == EINTR)
			;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err)
			die("connect");
	}
	for (const char *s = req; s < w;) {
		ssize_t k = send(fd, s, (size_t)(w - s), MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR) /* libFuzzer's timer (SIGALRM) */
			continue;
		if (k < 0)
			break; /* the server may answer 400 and close before it read all */
		s += k;
	}
	/* Read the answer to the end: the request is done when the server
	 * closes. A server that neither answers nor closes is a hang. */
	char buf[4096];
	for (;;) {
		ssize_t k = recv(fd, buf, sizeof(buf), 0);
		if (k == 0 || (k < 0 && errno == ECONNRESET))
			break;
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			die("no answer from the server");
	}
	close(fd);
	free(req);
	return 0;
}
