/* api.h: the JSON API: request context, the route table and reply helpers.
 *
 * A handler reads straight down: take the validated input from the context,
 * call one domain function, render one reply. It returns the status it
 * replied with, or a negative errno; the dispatcher turns the errno (and the
 * diag the domain filled) into problem+json, so handlers never build error
 * bodies themselves. The dispatcher has already authenticated the caller,
 * resolved {org} (404 when the caller may not see it), checked the route's
 * permission and opened the request's transaction (committed on success,
 * rolled back otherwise). */
#pragma once
#include "base/cursor.h"
#include "base/jsonval.h"
#include "domain/domain.h"
#include "http/router.h"
#include "http/server.h"
#include "store/store.h" /* the app owns the store; handlers call the domain only */

#include <jansson.h>
#include <stdatomic.h>

struct mailer;
struct sip_rpc;

struct app {
	struct store store;
	struct settings settings;
	struct mailer *mailer;   /* may be NULL (CLI) */
	struct sip_rpc *sip_rpc; /* NULL without serve --sip-rpc */
	atomic_int ready;
	int64_t started_ms;
	size_t body_limit; /* default for routes that take a body */
	bool tls;          /* served over HTTPS: HSTS, Secure cookies */
	/* serve --provisioning-behind-tls-proxy: a TLS proxy in front says
	 * X-Forwarded-Proto: https for what came over HTTPS */
	bool prov_behind_tls_proxy;
};

struct api_route;

/* The most query parameters a route declares. */
#define QPARAM_MAX 12

/* A query parameter's value as the dispatcher checked it (query_int,
 * query_bool, query_cursor read it). */
struct qvalue {
	bool set;
	long num; /* Q_INT, Q_BOOL */
	struct cursor cursor;
};

struct ctx {
	struct app *app;
	struct http_req *req;
	struct http_res *res;
	struct arena *a;
	const struct api_route *route;
	int route_index;
	struct route_params params;
	struct principal *me; /* NULL for anonymous routes */
	const char *token;    /* the caller's raw session token, if any */
	struct db *db;
	/* The request's transaction as the dispatcher opened it, and as the
	 * split of an R_SPLIT route (dc.split) has left it. */
	enum { TX_NONE, TX_READ, TX_WRITE } tx;
	struct tx_split split;
	struct diag d;
	struct dctx dc;
	json_t *body;                /* the request's JSON object, or NULL */
	struct qvalue q[QPARAM_MAX]; /* by the index of route->query */
	const char *request_id;
	struct org org; /* resolved {org}, when the route has one */
	bool has_org;
	int status;
	/* Set by a handler that must act once its transaction is committed
	 * (start a job on what it stored): called with committed true after the
	 * commit, or false when the request is rolled back instead. */
	void (*after)(void *arg, bool committed);
	void *after_arg;
};

typedef int (*api_handler)(struct ctx *c);

enum route_flags {
	R_PUBLIC = 1,   /* no authentication */
	R_PWCHANGE = 2, /* allowed while a password change is pending */
	R_RAW = 4,      /* no transaction, no JSON body parsing */
	R_OPTAUTH = 8,  /* authentication used when present */
	R_KEEP = 16,    /* commit even when answering an error (sign-in throttling) */
	R_SEALED = 32,  /* the answer carries a secret: an Idempotency-Key replay keeps it
	                   sealed with the key file (auth/seal.h), never in the clear */
	R_ENROL = 64,   /* allowed while a required two-factor enrolment is pending */
	R_SECRET = 128, /* the answer carries a secret: never kept for Idempotency-Key */
	R_CSV = 256,    /* the body is text/csv, left unparsed in c->req->body */
	R_SPLIT = 512,  /* starts in a read transaction the handler may end and replace
	                   by a write one (sign-in: no write lock while hashing) */
	R_USER = 1024,  /* for a signed-in user only: an API token gets 403 (user_required) */
	R_WRITE = 2048, /* a write transaction even for GET (a phone's fetch is audited) */
	R_MEDIA = 4096, /* a sound as the body (audio/..., multipart/form-data), left in
	                   c->req->body, or JSON */
};

#define PERM_ANY (-1) /* signed in is enough */

/* The query parameters a route takes, and how each is checked (as kore's
 * validators): the dispatcher checks the query against the route's list
 * before the handler runs. A parameter the list does not name is a 422
 * naming it (unknown_field); a bad value a 422 naming it with its code
 * and params. A route without a list (query NULL) is left alone, so that a
 * cache-busting parameter on it does no harm. */
enum qparam_type {
	Q_INT,    /* a whole number within [min, max]; dflt when absent */
	Q_ENUM,   /* one of values */
	Q_ID,     /* an id */
	Q_LINE,   /* one line of text of at most max bytes */
	Q_CURSOR, /* a list cursor of the format cursor (base/cursor.h) */
	Q_BOOL,   /* true or false (1 or 0; given without a value: true) */
};

struct qparam {
	const char *name;
	enum qparam_type type;
	int min, max, dflt;
	const char *const *values;        /* Q_ENUM: NULL-terminated */
	const struct cursor_spec *cursor; /* Q_CURSOR */
};

struct api_route {
	const char *method, *pattern;
	api_handler fn;
	int perm; /* enum perm, or PERM_ANY */
	unsigned flags;
	size_t body_limit; /* 0: the app default */
	/* The query parameters, ended by {NULL}; NULL: the query is not looked at. */
	const struct qparam *query;
};

extern const struct api_route api_routes[];
extern const size_t api_routes_n;

/* The request line and headers together, in bytes (431 past it). */
#define API_HEADER_LIMIT (32 * 1024)
/* The most of a body read before the caller is known: a larger one (or a
 * chunked one) on a route that takes more is read only once api_admit has
 * authenticated the caller and checked {org} and the route's right; public
 * routes take at most this much. */
#define API_ADMIT_BODY (64 * 1024)

/* Whether a route of the table matches path, for any method. */
bool api_path_known(const char *path);
/* The http_server callbacks. */
size_t api_body_limit(void *app, const char *method, const char *path);
/* Answers 401, 403, 404 (or 503) from the headers, as api_handle would,
 * when a body past API_ADMIT_BODY is announced by a caller who may not send
 * it; 0 lets the server read the body. */
int api_admit(void *app, struct http_req *req, struct http_res *res);
void api_handle(void *app, struct http_req *req, struct http_res *res);
/* The security headers every answer carries (http_server_config.always):
 * static, *ret_n of them; with tls, Strict-Transport-Security too. */
const struct http_header *api_security_headers(bool tls, int *ret_n);

/* ---- replies (each returns the status for the handler to return) ------- */

int reply_json(struct ctx *c, int status, json_t *body); /* steals body */
int reply_empty(struct ctx *c, int status);
/* A body of another type (text/csv, text/plain): text is malloc'd and
 * taken (freed with the response); NULL answers without a body. */
int reply_text(struct ctx *c, int status, const char *type, char *text);
/* The failure the domain described in c->d (its detail, code and params)
 * as a problem+json of status with title. */
int reply_failure(struct ctx *c, int status, const char *title);
/* A problem+json of status with title and detail. */
int reply_problem(struct ctx *c, int status, const char *title, const char *detail);
/* The same with a problem type URI other than about:blank, for problems a
 * client is expected to act on (see PROBLEM_* below). */
int reply_problem_type(struct ctx *c, int status, const char *type, const char *title,
                       const char *detail);
#define PROBLEM_2FA_ENROL "urn:switchboard:problem:two-factor-enrolment-required"
#define PROBLEM_PASSWORD_CHANGE "urn:switchboard:problem:password-change-required"
#define PROBLEM_SIGN_IN "urn:switchboard:problem:sign-in-required"  /* 401 */
#define PROBLEM_CSRF "urn:switchboard:problem:csrf-token-required"  /* 403 */
#define PROBLEM_STORAGE_FULL "urn:switchboard:problem:storage-full" /* 507 */
/* Maps a negative errno and c->d to a problem reply. -ENOSPC (the storage
 * is full) is also logged, at most once a minute (api_log_storage_full). */
int reply_error(struct ctx *c, int err);
/* Logs that writes fail for lack of space, with the database's words for
 * it (why, may be NULL); at most once a minute for the whole process. */
void api_log_storage_full(const char *why);
/* Adds the diag's warnings (if any) to obj as "warnings". */
void add_warnings(struct ctx *c, json_t *obj);
void reply_header(struct ctx *c, const char *name, const char *value);

/* ---- request helpers ------------------------------------------------------ */

/* Whether the request is for SCIM (/scim/v2): its answers are
 * application/scim+json, its errors SCIM's error schema (reply.c). */
bool api_is_scim(const struct ctx *c);

const char *param(struct ctx *c, const char *name);
/* The {id} path capture checked as an id; -ENOENT when malformed. */
int param_id(struct ctx *c, const char *name, const char **ret);
/* The query parameter name as sent (NULL when absent); on a route that
 * declares its query, already checked by the dispatcher. */
const char *query(struct ctx *c, const char *name);
/* A declared Q_INT parameter's value, its default when absent. */
int query_int(struct ctx *c, const char *name);
/* A declared Q_BOOL parameter's value, false when absent. */
bool query_bool(struct ctx *c, const char *name);
/* A declared Q_CURSOR parameter decoded, NULL when absent. */
const struct cursor *query_cursor(struct ctx *c, const char *name);
/* Checks the query against the route's list (see struct qparam); -EINVAL
 * with the diag filled when it does not pass. */
int query_check(struct ctx *c);
/* The body, or an empty object when the request had none. */
json_t *body(struct ctx *c);

/* ---- optimistic concurrency ---------------------------------------------- */

/* Objects carry their version (updated_at) as a strong ETag. A PATCH or
 * DELETE with If-Match must name the current one, else 412 (-ESTALE); the
 * check runs inside the request's write transaction. */
void set_etag(struct ctx *c, int64_t version);
int check_if_match(struct ctx *c, int64_t version);

/* ---- rendering ------------------------------------------------------------ */

json_t *render_org(struct ctx *c, const struct org *o);
struct user_view;
json_t *render_user(struct ctx *c, const struct user_view *v);
json_t *render_contact(struct ctx *c, const struct contact *ct);
/* Adds the person fields of ct (names, numbers, work, address,
 * display_name) to j: a contact and a user show a person the same way. */
void render_person(struct ctx *c, json_t *j, const struct contact *ct);
json_t *render_company(struct ctx *c, const struct company *co);
json_t *render_group(struct ctx *c, const struct group *g);
json_t *render_audit(struct ctx *c, const struct audit_event *e);
/* {"items": items, "next": next or null}; steals items. */
json_t *render_list(json_t *items, const char *next);

/* ---- metrics -------------------------------------------------------------- */

void metrics_observe(int route_index, int status, int64_t duration_ns);
/* malloc'd Prometheus text: the requests', and app's SIP invalidations' */
char *metrics_render(struct app *app);
