/* reply.c: JSON and problem+json replies, request helpers, renderers. */
#include "api/api.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/util.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

void reply_header(struct ctx *c, const char *name, const char *value)
{
	http_res_header(c->res, name, value);
}

bool api_is_scim(const struct ctx *c)
{
	const char *p = c->req ? c->req->path : NULL;
	return p && strncmp(p, "/scim/v2", 8) == 0 && (p[8] == 0 || p[8] == '/');
}

/* SCIM's names of the user's fields, for the detail of an error. */
static const char *scim_field(const char *f)
{
	static const char *const map[][2] = {{"login_name", "userName"},
	                                     {"email", "emails"},
	                                     {"external_id", "externalId"},
	                                     {"first_name", "name.givenName"},
	                                     {"last_name", "name.familyName"},
	                                     {"infix", "name.middleName"},
	                                     {"salutation", "name.honorificPrefix"},
	                                     {"job_title", "title"},
	                                     {"language", "preferredLanguage"},
	                                     {"work_phone", "phoneNumbers[type eq \"work\"]"},
	                                     {"mobile", "phoneNumbers[type eq \"mobile\"]"},
	                                     {"employee_number", "employeeNumber"},
	                                     {"manager_id", "manager"},
	                                     {"company_name", "organization"},
	                                     {"name", "displayName"}};
	for (size_t i = 0; f && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], f) == 0)
			return map[i][1];
	return f;
}

/* A problem as SCIM's error (RFC 7644 3.12): status as a string, a
 * scimType where one fits (the code of a failure of SCIM's own, else by
 * the status), the detail naming the attributes. 422 is SCIM's 400. */
static json_t *scim_error(struct ctx *c, int *status, json_t *problem)
{
	static const char *const types[] = {
	    "invalidFilter", "tooMany",  "uniqueness",   "mutability",  "invalidSyntax",
	    "invalidPath",   "noTarget", "invalidValue", "invalidVers", "sensitive"};
	if (*status == 422)
		*status = 400;
	const char *type = NULL;
	for (size_t i = 0; c->d.code && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(c->d.code, types[i]) == 0)
			type = types[i];
	if (!type && *status == 409)
		type = "uniqueness";
	if (!type && *status == 400)
		type = "invalidValue";
	const char *detail = json_string_value(json_object_get(problem, "detail"));
	if (c->d.n_errors) {
		struct buf b = {0};
		for (size_t i = 0; i < c->d.n_errors && i < 8; i++)
			buf_printf(&b, "%s%s: %s", i ? " " : "", scim_field(c->d.errors[i].field),
			           c->d.errors[i].message);
		char *text = buf_steal(&b);
		detail = arena_strdup(c->a, text ? text : "");
		free(text);
	}
	json_t *e =
	    json_pack("{s:[s], s:s}", "schemas", "urn:ietf:params:scim:api:messages:2.0:Error",
	              "status", arena_printf(c->a, "%d", *status));
	if (type)
		json_object_set_new(e, "scimType", json_string(type));
	if (detail)
		json_object_set_new(e, "detail", json_string(detail));
	json_decref(problem);
	return e;
}

static int set_body(struct ctx *c, int status, const char *type, json_t *body)
{
	if (body && api_is_scim(c)) {
		if (type && strcmp(type, "application/problem+json") == 0)
			body = scim_error(c, &status, body);
		type = "application/scim+json";
	}
	free(c->res->body);
	c->res->body = NULL;
	c->res->body_len = 0;
	c->status = status;
	c->res->content_type = type;
	if (body) {
		c->res->body = json_dumps(body, JSON_COMPACT);
		c->res->body_len = c->res->body ? strlen(c->res->body) : 0;
		json_decref(body);
	}
	return status;
}

int reply_json(struct ctx *c, int status, json_t *body)
{
	return set_body(c, status, "application/json", body);
}

int reply_empty(struct ctx *c, int status)
{
	return set_body(c, status, NULL, NULL);
}

int reply_text(struct ctx *c, int status, const char *type, char *text)
{
	free(c->res->body);
	c->res->body = text;
	c->res->body_len = text ? strlen(text) : 0;
	c->res->content_type = type;
	c->status = status;
	return status;
}

static json_t *problem(struct ctx *c, int status, const char *title, const char *detail)
{
	json_t *p =
	    json_pack("{s:s, s:s, s:i}", "type", "about:blank", "title", title, "status", status);
	if (detail)
		json_object_set_new(p, "detail", json_string(detail));
	json_object_set_new(p, "instance", json_string(c->req->path));
	json_object_set_new(p, "request_id", json_string(c->request_id));
	return p;
}

int reply_problem(struct ctx *c, int status, const char *title, const char *detail)
{
	return set_body(c, status, "application/problem+json", problem(c, status, title, detail));
}

int reply_problem_type(struct ctx *c, int status, const char *type, const char *title,
                       const char *detail)
{
	json_t *p = problem(c, status, title, detail);
	json_object_set_new(p, "type", json_string(type));
	return set_body(c, status, "application/problem+json", p);
}

/* {"min": 8, "right": "users.write"}: what the portal words a code with. */
static json_t *diag_params_json(const struct diag_params *p)
{
	json_t *o = json_object();
	for (int i = 0; i < p->n; i++)
		json_object_set_new(o, p->v[i].name,
		                    p->v[i].text ? json_string(p->v[i].text)
		                                 : json_integer((json_int_t)p->v[i].num));
	return o;
}

static json_t *diag_items(const struct diag_item *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s?, s:s, s:o, s:s}", "field",
		                                     items[i].field, "code", items[i].code,
		                                     "params", diag_params_json(&items[i].params),
		                                     "message", items[i].message));
	return arr;
}

void add_warnings(struct ctx *c, json_t *obj)
{
	if (c->d.n_warnings)
		json_object_set_new(obj, "warnings", diag_items(c->d.warnings, c->d.n_warnings));
}

#define STORAGE_FULL_LOG_MS (60 * 1000)

void api_log_storage_full(const char *why)
{
	static _Atomic int64_t last; /* ms of the last line, 0: never */
	int64_t now = time_now_ms(), prev = atomic_load(&last);
	if ((prev && now - prev < STORAGE_FULL_LOG_MS) ||
	    !atomic_compare_exchange_strong(&last, &prev, now))
		return;
	log_msg(LOG_ERROR, "storage full: writes fail", "error", why && *why ? why : "ENOSPC",
	        NULL);
}

/* The failure in c->d (detail, code, params) as the problem of status. */
static json_t *with_failure(struct ctx *c, json_t *p)
{
	if (c->d.detail && c->d.code) {
		json_object_set_new(p, "code", json_string(c->d.code));
		json_object_set_new(p, "params", diag_params_json(&c->d.params));
	}
	return p;
}

int reply_failure(struct ctx *c, int status, const char *title)
{
	return set_body(c, status, "application/problem+json",
	                with_failure(c, problem(c, status, title, c->d.detail)));
}

int reply_error(struct ctx *c, int err)
{
	int status;
	const char *title;
	switch (err) {
	case -EINVAL:
		status = 422, title = "Invalid input";
		break;
	case -EBADMSG: /* a body not of the form the route takes, field by field */
		status = 400, title = "Bad request";
		break;
	case -EEXIST:
		status = 409, title = "Conflict";
		break;
	case -ENOENT:
		status = 404, title = "Not found";
		break;
	case -EACCES:
	case -EPERM:
		status = 403, title = "Forbidden";
		break;
	case -ENOTEMPTY:
		status = 409, title = "Conflict";
		break;
	case -EAGAIN:
		status = 429, title = "Too many requests";
		break;
	case -EBUSY:
	case -ECONNREFUSED:
		status = 503, title = "Service unavailable";
		reply_header(c, "Retry-After", "2");
		break;
	case -EMSGSIZE:
		status = 413, title = "Content too large";
		break;
	case -ESTALE: /* If-Match did not match */
		status = 412, title = "Precondition failed";
		break;
	case -ENOSPC:
		status = 507, title = "Insufficient storage";
		api_log_storage_full(c->db ? c->db->full_msg : NULL);
		break;
	default:
		status = 500, title = "Internal error";
		break;
	}
	const char *detail = c->d.detail;
	if (!detail && (status == 422 || status == 400))
		detail = c->d.n_errors == 1 ? c->d.errors[0].message
		                            : "Some fields are missing or not valid.";
	if (!detail && status == 409 && c->d.n_errors)
		detail = c->d.errors[0].message;
	if (!detail && status == 404)
		detail = "No such object.";
	if (!detail && status == 500)
		detail = "Something went wrong on our side; the request id helps us find it.";
	if (status == 507)
		detail = "The server's storage is full: nothing was changed. Try again once space "
		         "has been freed.";
	json_t *p = problem(c, status, title, detail);
	if (status == 507)
		json_object_set_new(p, "type", json_string(PROBLEM_STORAGE_FULL));
	with_failure(c, p);
	if (c->d.n_errors)
		json_object_set_new(p, "errors", diag_items(c->d.errors, c->d.n_errors));
	return set_body(c, status, "application/problem+json", p);
}

const char *param(struct ctx *c, const char *name)
{
	return route_param(&c->params, name);
}

int param_id(struct ctx *c, const char *name, const char **ret)
{
	const char *v = route_param(&c->params, name);
	if (!id_valid(v))
		return -ENOENT;
	*ret = v;
	return 0;
}

json_t *body(struct ctx *c)
{
	if (!c->body)
		c->body = json_object();
	return c->body;
}

json_t *render_list(json_t *items, const char *next)
{
	return json_pack("{s:o, s:o}", "items", items, "next", jstr_or_null(next));
}

void set_etag(struct ctx *c, int64_t version)
{
	reply_header(c, "ETag", arena_printf(c->a, "\"%lld\"", (long long)version));
}

int check_if_match(struct ctx *c, int64_t version)
{
	c->dc.if_match = http_req_header(c->req, "If-Match");
	return version_check(&c->dc, version);
}
