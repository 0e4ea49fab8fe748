/* dispatch.c: everything that happens to a request before and after its
 * handler: request id, routing, limits, authentication, CSRF, tenant
 * resolution, the permission check, the transaction, security headers, the
 * access log line and metrics. The same checks of the caller answer a large
 * upload from its headers, before its body is read (api_admit). */
#include "api/api.h"
#include "auth/auth.h"
#include "auth/seal.h"
#include "base/arena.h"
#include "base/jsonval.h"
#include "base/log.h"
#include "base/util.h"
#include "domain/api_tokens.h"
#include "domain/session.h"
#include "mail/mail.h"
#include "sip/rpc.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static struct route_pattern *patterns;

static const struct route_pattern *route_patterns(void)
{
	/* Built once, before the server starts (api_routes_init). */
	return patterns;
}

void api_routes_init(void)
{
	if (patterns)
		return;
	patterns = calloc(api_routes_n, sizeof(*patterns));
	for (size_t i = 0; i < api_routes_n; i++)
		patterns[i] = (struct route_pattern){api_routes[i].method, api_routes[i].pattern};
}

void api_routes_free(void)
{
	free(patterns);
	patterns = NULL;
}

/* The route's body limit; a public route (no caller to check before the
 * body, see api_admit) takes at most API_ADMIT_BODY. */
static size_t route_body_limit(const struct app *app, const struct api_route *rt)
{
	size_t n = rt->body_limit ? rt->body_limit : app->body_limit;
	return (rt->flags & R_PUBLIC) && n > API_ADMIT_BODY ? API_ADMIT_BODY : n;
}

bool api_path_known(const char *path)
{
	return router_match(route_patterns(), api_routes_n, "GET", path, NULL, NULL) !=
	       ROUTER_NO_PATH;
}

size_t api_body_limit(void *cls, const char *method, const char *path)
{
	int i = router_match(route_patterns(), api_routes_n, method, path, NULL, NULL);
	return i < 0 ? 0 : route_body_limit(cls, &api_routes[i]);
}

static bool request_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.'))
			return false;
	}
	return true;
}

/* The password of "Authorization: Basic base64(name:password)" (in c->a),
 * or NULL. Only an API token is taken that way (find_token): clients that
 * can send a user and password but no header of their own (Kamailio's
 * http_client connections) send the token as the password. */
static const char *basic_password(struct ctx *c, const char *b64)
{
	size_t len = strlen(b64), n;
	if (len == 0 || len > 2048)
		return NULL;
	char *raw = arena_alloc(c->a, len);
	if (sodium_base642bin((unsigned char *)raw, len, b64, len, NULL, &n, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0)
		return NULL;
	char *colon = memchr(raw, ':', n);
	if (!colon || memchr(raw, 0, n))
		return NULL;
	return arena_strndup(c->a, colon + 1, n - (size_t)(colon + 1 - raw));
}

/* The caller's token: "Authorization: Bearer ..." (or an API token as the
 * password of Basic) or the session cookie. */
static const char *find_token(struct ctx *c, bool *ret_cookie)
{
	const char *h = http_req_header(c->req, "Authorization");
	*ret_cookie = false;
	if (h && strncasecmp(h, "Bearer ", 7) == 0) {
		while (h[7] == ' ')
			h++;
		return h + 7;
	}
	if (h && strncasecmp(h, "Basic ", 6) == 0) {
		const char *pw = basic_password(c, h + 6);
		/* never a session: a session travels as a bearer or a cookie */
		return pw && api_token_is(pw) ? pw : "";
	}
	const char *ck = http_req_cookie(c->req, SESSION_COOKIE);
	if (ck && *ck) {
		*ret_cookie = true;
		return ck;
	}
	return NULL;
}

static bool safe_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

static int authenticate(struct ctx *c)
{
	/* Public routes (sign-in, links) do not look at a session at all:
	 * a stale or live cookie must not get in the way of signing in. */
	if (c->route->flags & R_PUBLIC)
		return 0;
	bool cookie;
	const char *token = find_token(c, &cookie);
	bool optional = c->route->flags & R_OPTAUTH;
	if (!token) {
		if (optional)
			return 0;
		reply_header(c, "WWW-Authenticate", "Bearer");
		return reply_problem_type(c, 401, PROBLEM_SIGN_IN, "Unauthorized",
		                          "Sign in first.");
	}
	/* An API token (by its prefix) is looked up among the tokens, and only
	 * as a bearer token: the session cookie holds sessions alone. */
	int r = !api_token_is(token) ? session_resolve(&c->dc, token, &c->me)
	        : cookie             ? -ENOENT
	                             : api_token_resolve(&c->dc, token, &c->me);
	if (r == -EPERM) /* the token's organization is suspended */
		return reply_failure(c, 403, "Forbidden");
	if (r == -ENOENT || r == -EACCES) {
		reply_header(c, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
		return reply_problem_type(c, 401, PROBLEM_SIGN_IN, "Unauthorized",
		                          "The session has ended or the token is not valid.");
	}
	if (r < 0)
		return reply_error(c, r);
	c->token = token;
	c->dc.actor = c->me;
	if (cookie && !safe_method(c->req->method)) {
		const char *sent = http_req_header(c->req, "X-CSRF-Token");
		if (!sent || !auth_str_equal(sent, auth_csrf_token(c->a, token)))
			return reply_problem_type(c, 403, PROBLEM_CSRF, "Forbidden",
			                          "A request signed in by cookie needs the "
			                          "X-CSRF-Token header it was given at sign-in.");
	}
	if (c->me->token_name && (c->route->flags & R_USER)) {
		diag_fail(&c->d, -EACCES, "user_required",
		          "An API token is not a user: this is for a signed-in user only.");
		return reply_failure(c, 403, "Forbidden");
	}
	if (c->me->must_change_password && !(c->route->flags & R_PWCHANGE))
		return reply_problem_type(c, 403, PROBLEM_PASSWORD_CHANGE,
		                          "Password change required",
		                          "Change your password first (POST /api/v1/me/password).");
	if (c->me->two_factor_pending && !(c->route->flags & R_ENROL))
		return reply_problem_type(
		    c, 403, PROBLEM_2FA_ENROL, "Two-factor enrolment required",
		    "Your organization requires two-factor sign-in: set it up first "
		    "(POST /api/v1/me/2fa/totp, then POST /api/v1/me/2fa/totp/confirm).");
	return 0;
}

static int resolve_org(struct ctx *c)
{
	const char *id = route_param(&c->params, "org");
	if (!id)
		return 0;
	if (!id_valid(id) || store_org_get(c->db, c->a, id, &c->org) < 0 ||
	    !dctx_sees(&c->dc, c->org.path))
		return reply_problem(c, 404, "Not found", "No such organization.");
	c->has_org = true;
	return 0;
}

static int check_perm(struct ctx *c)
{
	int p = c->route->perm;
	if (p == PERM_ANY || !c->me)
		return 0;
	const char *path = c->has_org ? c->org.path : c->me->org_path;
	if (!dctx_can(&c->dc, path, (enum perm)p))
		return reply_problem(
		    c, 403, "Forbidden",
		    arena_printf(c->a, "This needs the right '%s'.", perm_catalogue[p].name));
	return 0;
}

/* Who is calling and whether it may: authentication (and CSRF), {org},
 * the route's right. Nonzero when it answered (401, 403, 404, ...). */
static int check_caller(struct ctx *c)
{
	return authenticate(c) || resolve_org(c) || check_perm(c);
}

/* The query against the route's declared parameters; nonzero when it
 * answered (422). */
static int check_query(struct ctx *c)
{
	int r = query_check(c);
	return r < 0 ? reply_error(c, r) : 0;
}

static void run_after(struct ctx *c, bool committed)
{
	if (c->after)
		c->after(c->after_arg, committed);
	c->after = NULL;
}

static int parse_body(struct ctx *c)
{
	if (c->req->body_len == 0)
		return 0;
	const char *ct = http_req_header(c->req, "Content-Type");
	if ((c->route->flags & R_MEDIA) &&
	    !(ct && strncasecmp(ct, "application/json", 16) == 0 && (!ct[16] || ct[16] == ';')))
		return 0; /* the handler reads the sound, or the form */
	if (c->route->flags & R_CSV) {
		if (!ct || strncasecmp(ct, "text/csv", 8) != 0 ||
		    (ct[8] && ct[8] != ';' && ct[8] != ' '))
			return reply_problem(c, 415, "Unsupported media type",
			                     "Send the body as text/csv.");
		return 0;
	}
	/* SCIM clients send application/scim+json, some application/json */
	size_t tl =
	    ct && api_is_scim(c) && strncasecmp(ct, "application/scim+json", 21) == 0 ? 21 : 16;
	if (!ct || (tl == 16 && strncasecmp(ct, "application/json", 16) != 0) ||
	    (ct[tl] && ct[tl] != ';' && ct[tl] != ' '))
		return reply_problem(c, 415, "Unsupported media type",
		                     api_is_scim(c) ? "Send the body as application/scim+json."
		                                    : "Send the body as application/json.");
	json_error_t err;
	json_t *j = json_loadb(c->req->body, c->req->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!j)
		return reply_problem(
		    c, 400, "Malformed JSON",
		    arena_printf(c->a, "Line %d, column %d: %s", err.line, err.column, err.text));
	if (!json_is_object(j)) {
		json_decref(j);
		return reply_problem(c, 400, "Malformed JSON", "The body must be a JSON object.");
	}
	if (json_depth(j, JSON_MAX_DEPTH) > JSON_MAX_DEPTH) {
		json_decref(j);
		return reply_problem(
		    c, 400, "Malformed JSON",
		    arena_printf(c->a, "The body nests deeper than %d levels.", JSON_MAX_DEPTH));
	}
	c->body = j;
	return 0;
}

#define IDEM_TTL_MS (24LL * 3600 * 1000)

static const char *res_header(struct ctx *c, const char *name)
{
	for (int i = 0; i < c->res->n_headers; i++)
		if (strcasecmp(c->res->headers[i].name, name) == 0)
			return c->res->headers[i].value;
	return NULL;
}

/* A create sent again with the same Idempotency-Key gets the first answer
 * (for 24 hours); the same key on another request is refused. Returns 1 when
 * it answered; otherwise leaves the key and the body's hash for idem_save. */
static int idem_replay(struct ctx *c, const char **ret_key, char **ret_hash)
{
	const char *key = http_req_header(c->req, "Idempotency-Key");
	if (!key || strcmp(c->req->method, "POST") != 0 || !c->me)
		return 0;
	/* An answer with a secret (a TOTP seed, recovery codes) is not stored
	 * anywhere, so it cannot be replayed either: such a POST runs again. */
	if (c->route->flags & R_SECRET)
		return 0;
	if (!*key || strlen(key) > 255) {
		reply_problem(c, 400, "Bad request",
		              "Idempotency-Key must be 1 to 255 characters.");
		return 1;
	}
	char *hash = auth_token_hash(c->a, c->req->body ? c->req->body : "");
	struct idem_record rec;
	int r = store_idem_get(c->db, c->a, c->me->user_id, key, &rec);
	if (r == 0 && rec.created_at < c->dc.now - IDEM_TTL_MS) {
		r = store_idem_expire(c->db, c->dc.now - IDEM_TTL_MS);
		if (r == 0)
			r = -ENOENT;
	}
	if (r == -ENOENT) {
		*ret_key = key;
		*ret_hash = hash;
		return 0;
	}
	if (r < 0) {
		reply_error(c, r);
		return 1;
	}
	if (strcmp(rec.path, c->req->path) != 0 || strcmp(rec.body_hash, hash) != 0) {
		reply_problem(c, 422, "Idempotency-Key reused",
		              "This Idempotency-Key was used for another request.");
		return 1;
	}
	char *response = rec.response;
	if ((c->route->flags & R_SEALED) &&
	    (!c->app->settings.key ||
	     seal_decrypt(c->a, c->app->settings.key, rec.response, &response) < 0)) {
		reply_problem(c, 500, "Internal error",
		              "The stored answer cannot be read with this server's key file.");
		return 1;
	}
	c->status = rec.status;
	c->res->content_type = api_is_scim(c)     ? "application/scim+json"
	                       : rec.status < 400 ? "application/json"
	                                          : "application/problem+json";
	c->res->body = strdup(response);
	if (response != rec.response)
		sodium_memzero(response, strlen(response));
	c->res->body_len = c->res->body ? strlen(c->res->body) : 0;
	if (rec.location)
		reply_header(c, "Location", rec.location);
	if (rec.etag)
		reply_header(c, "ETag", rec.etag);
	reply_header(c, "Idempotent-Replayed", "true");
	return 1;
}

static int idem_save(struct ctx *c, const char *key, const char *hash)
{
	struct idem_record rec = {.method = (char *)c->req->method,
	                          .path = (char *)c->req->path,
	                          .body_hash = (char *)hash,
	                          .status = c->status,
	                          .location = (char *)res_header(c, "Location"),
	                          .etag = (char *)res_header(c, "ETag"),
	                          .response = c->res->body ? c->res->body : "",
	                          .created_at = c->dc.now};
	if (c->route->flags & R_SEALED) {
		if (!c->app->settings.key)
			return diag_fail(&c->d, -EIO, "key_file_missing",
			                 "No key file is loaded to keep this answer.");
		rec.response = seal_encrypt(c->a, c->app->settings.key, rec.response);
	}
	int r = store_idem_put(c->db, c->me->user_id, key, &rec);
	if (r == -EEXIST)
		diag_fail(&c->d, -EEXIST, "idempotency_in_progress",
		          "A request with this Idempotency-Key is in progress.");
	return r;
}

/* Added by the HTTP server to every answer, so no handler can lose them
 * (not even past HTTP_MAX_HEADERS). HSTS comes last: it is only sent over
 * TLS. Two years, the preload lists' minimum. */
static const struct http_header security_headers[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
    {"Cache-Control", "no-store"},
    {"Strict-Transport-Security", "max-age=63072000; includeSubDomains"},
};

const struct http_header *api_security_headers(bool tls, int *ret_n)
{
	int n = (int)(sizeof(security_headers) / sizeof(security_headers[0]));
	*ret_n = tls ? n : n - 1;
	return security_headers;
}

static void access_log(struct ctx *c, int64_t dur_ns)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:f, s:s, s:s}", "msg", "request", "method",
	                      c->req->method, "path", c->req->path, "status", c->status,
	                      "duration_ms", (double)dur_ns / 1e6, "request_id", c->request_id,
	                      "client", c->req->client_addr);
	if (!o)
		return;
	char ts[25];
	time_format(time_now_ms(), ts);
	json_object_set_new(o, "time", json_string(ts));
	if (c->route)
		json_object_set_new(o, "route", json_string(c->route->pattern));
	if (c->me)
		json_object_set_new(o, c->me->token_name ? "api_token" : "user",
		                    json_string(c->me->user_id));
	char *s = json_dumps(o, JSON_COMPACT);
	if (s)
		log_json_line(s);
	free(s);
	json_decref(o);
}

/* Takes the thread's connection and begins a transaction on it; nonzero
 * when it answered instead (503: the database cannot be reached). */
static int tx_open(struct ctx *c, bool write)
{
	c->db = store_conn(&c->app->store);
	if (!c->db) {
		reply_header(c, "Retry-After", "2");
		return reply_problem(c, 503, "Service unavailable",
		                     "The database cannot be reached.");
	}
	c->dc.db = c->db;
	int r = write ? db_begin_shared(c->db) : db_begin(c->db, false);
	if (r < 0) {
		store_conn_close(); /* a broken connection is opened anew next time */
		c->db = c->dc.db = NULL;
		return reply_error(c, r);
	}
	c->tx = write ? TX_WRITE : TX_READ;
	return 0;
}

/* The split of an R_SPLIT route's transaction (dc.split): the read one
 * committed, then a write one begun. */
static int split_end_read(void *cls)
{
	struct ctx *c = cls;
	if (c->tx != TX_READ)
		return -EINVAL;
	c->tx = TX_NONE;
	return db_commit(c->db);
}

static int split_begin_write(void *cls)
{
	struct ctx *c = cls;
	if (c->tx != TX_NONE)
		return -EINVAL;
	int r = db_begin_shared(c->db);
	if (r == 0)
		c->tx = TX_WRITE;
	return r;
}

static void tx_rollback(struct ctx *c)
{
	db_rollback(c->db);
	c->tx = TX_NONE;
}

static void run(struct ctx *c)
{
	if (c->req->headers_too_large) {
		reply_problem(c, 431, "Request header fields too large",
		              arena_printf(c->a,
		                           "The request line and headers may be at most %d bytes "
		                           "together.",
		                           API_HEADER_LIMIT));
		return;
	}
	c->route_index = router_match(route_patterns(), api_routes_n, c->req->method, c->req->path,
	                              c->a, &c->params);
	if (c->route_index == ROUTER_NO_PATH) {
		reply_problem(c, 404, "Not found", "There is nothing at this path.");
		return;
	}
	if (c->route_index == ROUTER_NO_METHOD) {
		reply_header(c, "Allow",
		             router_allow(route_patterns(), api_routes_n, c->req->path, c->a));
		reply_problem(c, 405, "Method not allowed",
		              arena_printf(c->a, "%s is not allowed here.", c->req->method));
		return;
	}
	c->route = &api_routes[c->route_index];
	if (c->req->body_too_large) {
		reply_problem(
		    c, 413, "Content too large",
		    arena_printf(c->a, "The body may be at most %zu bytes.", c->req->body_limit));
		return;
	}
	if (c->req->busy) {
		reply_header(c, "Retry-After", "2");
		reply_problem(c, 503, "Service unavailable",
		              "The server holds as many request bodies as it may at once; "
		              "send this one again shortly.");
		return;
	}
	if (c->route->flags & R_RAW) {
		c->route->fn(c);
		return;
	}
	bool split = c->route->flags & R_SPLIT;
	bool write = (!safe_method(c->req->method) || (c->route->flags & R_WRITE)) && !split;
	if (split) {
		c->split = (struct tx_split){split_end_read, split_begin_write, c};
		c->dc.split = &c->split;
	}
	if (tx_open(c, write))
		return;
	if (check_caller(c) || check_query(c) || parse_body(c)) {
		tx_rollback(c);
		return;
	}
	const char *idem_key = NULL;
	char *idem_hash = NULL;
	if (idem_replay(c, &idem_key, &idem_hash)) {
		tx_rollback(c);
		return;
	}
	int r = c->route->fn(c);
	if (r < 0)
		reply_error(c, r);
	if (c->tx == TX_NONE) /* R_SPLIT: the write transaction failed to start */
		return;
	if (c->status >= 400 && !(c->route->flags & R_KEEP)) {
		tx_rollback(c);
		run_after(c, false);
		return;
	}
	if (idem_key && (r = idem_save(c, idem_key, idem_hash)) < 0) {
		tx_rollback(c);
		run_after(c, false);
		c->res->n_headers = 0;
		reply_error(c, r);
		return;
	}
	r = db_commit(c->db);
	c->tx = TX_NONE;
	if (r < 0) {
		run_after(c, false);
		free(c->res->body);
		c->res->body = NULL;
		c->res->n_headers = 0;
		reply_error(c, r);
		return;
	}
	run_after(c, true);
	if (c->app->mailer)
		mailer_wake(c->app->mailer);
	/* a suspended user's phones stop at once: pushed now, not at a poll */
	if (c->dc.sip_queued)
		sip_rpc_wake(c->app->sip_rpc);
}

static void ctx_init(struct ctx *c, struct app *app, struct http_req *req, struct http_res *res)
{
	*c = (struct ctx){.app = app, .req = req, .res = res, .a = req->a};
	diag_init(&c->d, c->a);
	const char *rid = http_req_header(req, "X-Request-Id");
	if (request_id_ok(rid)) {
		c->request_id = rid;
	} else {
		char *id = arena_alloc(c->a, ID_LEN + 1);
		id_new(id);
		c->request_id = id;
	}
	c->dc = (struct dctx){.a = c->a,
	                      .d = &c->d,
	                      .request_id = c->request_id,
	                      .client_addr = req->client_addr,
	                      .cfg = &c->app->settings,
	                      .if_match = http_req_header(req, "If-Match"),
	                      .now = time_now_ms()};
}

/* The answer's status and request id, the metrics and the access log. */
static void ctx_finish(struct ctx *c)
{
	json_decref(c->body);
	c->body = NULL;
	if (c->status == 0)
		reply_problem(c, 500, "Internal error", "The handler gave no answer.");
	c->res->status = c->status;
	reply_header(c, "X-Request-Id", c->request_id);
	int64_t dur = time_mono_ns() - c->req->start_ns;
	metrics_observe(c->route ? c->route_index : -1, c->status, dur);
	access_log(c, dur);
}

void api_handle(void *cls, struct http_req *req, struct http_res *res)
{
	struct ctx c;
	ctx_init(&c, cls, req, res);
	run(&c);
	ctx_finish(&c);
}

int api_admit(void *cls, struct http_req *req, struct http_res *res)
{
	if (!req->chunked && req->content_length <= API_ADMIT_BODY)
		return 0;
	struct ctx c;
	ctx_init(&c, cls, req, res);
	c.route_index =
	    router_match(route_patterns(), api_routes_n, req->method, req->path, c.a, &c.params);
	if (c.route_index < 0) /* 404 or 405: no body is read (limit 0) */
		return 0;
	c.route = &api_routes[c.route_index];
	if (route_body_limit(c.app, c.route) <= API_ADMIT_BODY || (c.route->flags & R_RAW))
		return 0;
	/* The caller's checks as api_handle makes them, in a short read
	 * transaction of their own; the request runs them again in its own. */
	if (tx_open(&c, false) == 0) {
		check_caller(&c);
		db_rollback(c.db);
	}
	if (c.status == 0)
		return 0;
	ctx_finish(&c);
	return 1;
}
