/* scim.c (api): the SCIM 2.0 endpoints under /scim/v2 (RFC 7644) for the
 * organization of the API token that calls them (the right scim; the
 * domain asks for users.read, users.write, groups.read ... as the API
 * does). Requests and answers are application/scim+json; errors take
 * SCIM's error schema (reply.c turns every problem of a /scim/v2 path into
 * one, with the scimType the domain named). The mapping and the rules are
 * the domain's (domain/scim.h); here: the query (filter, startIndex, count,
 * sortBy, sortOrder, attributes, excludedAttributes), the ListResponse, the
 * ETag and Location, and the discovery documents. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/orgs.h"
#include "domain/scim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SCIM_TYPE "application/scim+json"

/* ---- replies ----------------------------------------------------------------- */

static int scim_reply(struct ctx *c, int status, json_t *doc)
{
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	return reply_text(c, status, SCIM_TYPE, text);
}

/* A resource, with its version as the ETag and, when created, its
 * location. */
static int reply_resource(struct ctx *c, int status, json_t *doc)
{
	json_t *meta = json_object_get(doc, "meta");
	const char *v = json_string_value(json_object_get(meta, "version"));
	/* headers keep their values' pointers: copies in the request's arena */
	if (v)
		reply_header(c, "ETag", arena_strdup(c->a, v));
	const char *loc = json_string_value(json_object_get(meta, "location"));
	if (status == 201 && loc)
		reply_header(c, "Location", arena_strdup(c->a, loc));
	return scim_reply(c, status, doc);
}

/* The organization the token belongs to: SCIM serves that one. */
static int token_org(struct ctx *c, struct org *ret)
{
	return org_get(&c->dc, c->me->org_id, ret);
}

static int scim_bad(struct ctx *c, const char *code, const char *detail)
{
	return diag_fail(&c->d, -EINVAL, code, "%s", detail);
}

/* ---- attributes and excludedAttributes ----------------------------------------- */

/* The member of o named like name (ignoring case), or NULL. */
static const char *key_ci(json_t *o, const char *name, size_t n)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		if (strlen(k) == n && strncasecmp(k, name, n) == 0)
			return k;
	}
	return NULL;
}

/* Splits "a.b" or "urn:...:User:a.b" into the object of doc it lives in
 * (the resource or its extension) and its own name "a.b". */
static json_t *locate(json_t *doc, const char *path, const char **ret_rest)
{
	const char *k;
	json_t *v;
	json_object_foreach(doc, k, v)
	{
		size_t n = strlen(k);
		if (strncmp(k, "urn:", 4) == 0 && strncasecmp(path, k, n) == 0 && path[n] == ':' &&
		    json_is_object(v)) {
			*ret_rest = path + n + 1;
			return v;
		}
	}
	size_t ul = strlen(SCIM_USER_URN), gl = strlen(SCIM_GROUP_URN);
	if (strncasecmp(path, SCIM_USER_URN ":", ul + 1) == 0)
		path += ul + 1;
	else if (strncasecmp(path, SCIM_GROUP_URN ":", gl + 1) == 0)
		path += gl + 1;
	*ret_rest = path;
	return doc;
}

/* Copies attribute path ("name", "name.givenName", "urn:...:department")
 * of src into dst. */
static void keep_attr(json_t *dst, json_t *src, const char *path)
{
	const char *rest;
	json_t *from = locate(src, path, &rest), *to = dst;
	if (from != src) {
		const char *urn = key_ci(src, path, (size_t)(rest - 1 - path));
		if (!urn)
			return;
		to = json_object_get(dst, urn);
		if (!to) {
			to = json_object();
			json_object_set_new(dst, urn, to);
		}
	}
	const char *dot = strchr(rest, '.');
	size_t n = dot ? (size_t)(dot - rest) : strlen(rest);
	const char *k = key_ci(from, rest, n);
	if (!k)
		return;
	json_t *v = json_object_get(from, k);
	if (!dot || !json_is_object(v)) {
		json_object_set(to, k, v);
		return;
	}
	const char *sk = key_ci(v, dot + 1, strlen(dot + 1));
	if (!sk)
		return;
	json_t *sub = json_object_get(to, k);
	if (!json_is_object(sub)) {
		sub = json_object();
		json_object_set_new(to, k, sub);
	}
	json_object_set(sub, sk, json_object_get(v, sk));
}

static void drop_attr(json_t *doc, const char *path)
{
	const char *rest;
	json_t *o = locate(doc, path, &rest);
	const char *dot = strchr(rest, '.');
	size_t n = dot ? (size_t)(dot - rest) : strlen(rest);
	const char *k = key_ci(o, rest, n);
	if (!k || strcmp(k, "id") == 0 || strcmp(k, "schemas") == 0)
		return; /* returned always */
	if (!dot) {
		json_object_del(o, k);
		return;
	}
	json_t *v = json_object_get(o, k);
	const char *sk = json_is_object(v) ? key_ci(v, dot + 1, strlen(dot + 1)) : NULL;
	if (sk)
		json_object_del(v, sk);
}

/* The resource as attributes or excludedAttributes (comma separated) ask;
 * steals doc. */
static json_t *project(struct ctx *c, json_t *doc, const char *attrs, const char *excluded)
{
	if (attrs && *attrs) {
		json_t *out = json_object();
		json_object_set(out, "schemas", json_object_get(doc, "schemas"));
		json_object_set(out, "id", json_object_get(doc, "id"));
		char *list = arena_strdup(c->a, attrs), *save = NULL;
		for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
			keep_attr(out, doc, str_trim(c->a, p));
		json_decref(doc);
		return out;
	}
	if (excluded && *excluded) {
		char *list = arena_strdup(c->a, excluded), *save = NULL;
		for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
			drop_attr(doc, str_trim(c->a, p));
	}
	return doc;
}

static int reply_projected(struct ctx *c, int status, json_t *doc)
{
	return reply_resource(
	    c, status, project(c, doc, query(c, "attributes"), query(c, "excludedAttributes")));
}

/* Whether excludedAttributes names members (a group's list without them). */
static bool excludes(struct ctx *c, const char *name)
{
	const char *ex = query(c, "excludedAttributes");
	if (!ex)
		return false;
	char *list = arena_strdup(c->a, ex), *save = NULL;
	for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (strcasecmp(str_trim(c->a, p), name) == 0 ||
		    strcasecmp(str_trim(c->a, p), SCIM_GROUP_URN ":members") == 0)
			return true;
	return false;
}

/* ---- lists ------------------------------------------------------------------------ */

/* A whole number of the query, or dflt when absent; -EINVAL when it is not
 * one. */
static int query_num(struct ctx *c, const char *name, int dflt, int *ret)
{
	const char *s = query(c, name);
	if (!s) {
		*ret = dflt;
		return 0;
	}
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end)
		return scim_bad(c, "invalidValue",
		                arena_printf(c->a, "%s must be a whole number.", name));
	*ret = v > 1000000000 ? 1000000000 : v < -1000000000 ? -1000000000 : (int)v;
	return 0;
}

static int list_query(struct ctx *c, struct scim_query *q)
{
	*q = (struct scim_query){.filter = query(c, "filter"), .sort_by = query(c, "sortBy")};
	int r;
	if ((r = query_num(c, "startIndex", 1, &q->start_index)) < 0 ||
	    (r = query_num(c, "count", SCIM_MAX_RESULTS, &q->count)) < 0)
		return r;
	/* RFC 7644 3.4.2.4: less than 1 is 1; a negative count is 0 */
	if (q->start_index < 1)
		q->start_index = 1;
	if (q->count < 0)
		q->count = 0;
	if (q->count > SCIM_MAX_RESULTS)
		q->count = SCIM_MAX_RESULTS;
	const char *order = query(c, "sortOrder");
	if (order && strcmp(order, "ascending") != 0 && strcmp(order, "descending") != 0)
		return scim_bad(c, "invalidValue", "sortOrder must be ascending or descending.");
	q->descending = order && strcmp(order, "descending") == 0;
	q->members = !excludes(c, "members");
	return 0;
}

static int reply_list(struct ctx *c, const struct scim_query *q, json_t *items, int64_t total)
{
	json_t *res = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		json_array_append_new(res, project(c, json_incref(v), query(c, "attributes"),
		                                   query(c, "excludedAttributes")));
	}
	json_decref(items);
	return scim_reply(c, 200,
	                  json_pack("{s:[s], s:I, s:i, s:I, s:o}", "schemas", SCIM_LIST_URN,
	                            "totalResults", (json_int_t)total, "startIndex", q->start_index,
	                            "itemsPerPage", (json_int_t)json_array_size(res), "Resources",
	                            res));
}

/* ---- users and groups --------------------------------------------------------- */

typedef int (*list_fn)(struct dctx *c, const struct org *org, const struct scim_query *q,
                       json_t **ret, int64_t *ret_total);
typedef int (*change_fn)(struct dctx *c, const struct org *org, const char *id, json_t *in,
                         json_t **ret);
typedef int (*create_fn)(struct dctx *c, const struct org *org, json_t *in, json_t **ret);
typedef int (*delete_fn)(struct dctx *c, const struct org *org, const char *id);

static int list_with(struct ctx *c, list_fn fn)
{
	struct scim_query q;
	struct org org;
	json_t *items;
	int64_t total;
	int r = list_query(c, &q);
	if (r < 0 || (r = token_org(c, &org)) < 0 || (r = fn(&c->dc, &org, &q, &items, &total)) < 0)
		return r;
	return reply_list(c, &q, items, total);
}

static int create_with(struct ctx *c, create_fn fn)
{
	struct org org;
	json_t *doc;
	int r = token_org(c, &org);
	if (r < 0 || (r = fn(&c->dc, &org, body(c), &doc)) < 0)
		return r;
	return reply_projected(c, 201, doc);
}

/* PUT and PATCH of /Users/{id} and /Groups/{id} */
static int change_with(struct ctx *c, change_fn fn)
{
	struct org org;
	json_t *doc;
	int r = token_org(c, &org);
	if (r < 0 || (r = fn(&c->dc, &org, param(c, "id"), body(c), &doc)) < 0)
		return r;
	return reply_projected(c, 200, doc);
}

static int delete_with(struct ctx *c, delete_fn fn)
{
	struct org org;
	int r = token_org(c, &org);
	if (r < 0 || (r = fn(&c->dc, &org, param(c, "id"))) < 0)
		return r;
	return reply_empty(c, 204);
}

int scim_users_list(struct ctx *c)
{
	return list_with(c, scim_user_list);
}

int scim_users_get(struct ctx *c)
{
	struct org org;
	json_t *doc;
	int r = token_org(c, &org);
	if (r < 0 || (r = scim_user_get(&c->dc, &org, param(c, "id"), &doc)) < 0)
		return r;
	return reply_projected(c, 200, doc);
}

int scim_users_create(struct ctx *c)
{
	return create_with(c, scim_user_create);
}

int scim_users_replace(struct ctx *c)
{
	return change_with(c, scim_user_replace);
}

int scim_users_patch(struct ctx *c)
{
	return change_with(c, scim_user_patch);
}

int scim_users_delete(struct ctx *c)
{
	return delete_with(c, scim_user_delete);
}

int scim_groups_list(struct ctx *c)
{
	return list_with(c, scim_group_list);
}

int scim_groups_get(struct ctx *c)
{
	struct org org;
	json_t *doc;
	int r = token_org(c, &org);
	if (r < 0 ||
	    (r = scim_group_get(&c->dc, &org, param(c, "id"), !excludes(c, "members"), &doc)) < 0)
		return r;
	return reply_projected(c, 200, doc);
}

int scim_groups_create(struct ctx *c)
{
	return create_with(c, scim_group_create);
}

int scim_groups_replace(struct ctx *c)
{
	return change_with(c, scim_group_replace);
}

int scim_groups_patch(struct ctx *c)
{
	return change_with(c, scim_group_patch);
}

int scim_groups_delete(struct ctx *c)
{
	return delete_with(c, scim_group_delete);
}

/* ---- discovery (RFC 7644 4, RFC 7643 5-7) ----------------------------------------- */

static char *base_url(struct ctx *c)
{
	const char *b = c->app->settings.public_url ? c->app->settings.public_url : "";
	size_t n = strlen(b);
	while (n && b[n - 1] == '/')
		n--;
	return arena_printf(c->a, "%.*s/scim/v2", (int)n, b);
}

int scim_service_provider_config(struct ctx *c)
{
	json_t *j = json_pack(
	    "{s:[s], s:{s:b}, s:{s:b, s:i}, s:{s:b}, s:{s:b}, s:{s:b, s:i}, s:{s:b}, "
	    "s:[{s:s, s:s, s:s, s:b}], s:{s:s, s:s}}",
	    "schemas", "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig", "patch",
	    "supported", 1, "bulk", "supported", 0, "maxOperations", 0, "changePassword",
	    "supported", 1, "sort", "supported", 1, "filter", "supported", 1, "maxResults",
	    SCIM_MAX_RESULTS, "etag", "supported", 1, "authenticationSchemes", "type",
	    "oauthbearertoken", "name", "Bearer token", "description",
	    "An API token of the organization with the right scim, as "
	    "Authorization: Bearer <token>.",
	    "primary", 1, "meta", "resourceType", "ServiceProviderConfig", "location",
	    arena_printf(c->a, "%s/ServiceProviderConfig", base_url(c)));
	json_object_set_new(json_object_get(j, "bulk"), "maxPayloadSize", json_integer(0));
	return scim_reply(c, 200, j);
}

static json_t *resource_type(struct ctx *c, const char *name)
{
	bool user = strcmp(name, "User") == 0;
	json_t *j = json_pack("{s:[s], s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "schemas",
	                      "urn:ietf:params:scim:schemas:core:2.0:ResourceType", "id", name,
	                      "name", name, "endpoint", user ? "/Users" : "/Groups", "description",
	                      user ? "A user: a login with its person of the address book"
	                           : "A permission group of the organization",
	                      "schema", user ? SCIM_USER_URN : SCIM_GROUP_URN, "meta",
	                      "resourceType", "ResourceType", "location",
	                      arena_printf(c->a, "%s/ResourceTypes/%s", base_url(c), name));
	if (user)
		json_object_set_new(j, "schemaExtensions",
		                    json_pack("[{s:s, s:b}, {s:s, s:b}]", "schema",
		                              SCIM_ENTERPRISE_URN, "required", 0, "schema",
		                              SCIM_SB_URN, "required", 0));
	return j;
}

int scim_resource_types(struct ctx *c)
{
	json_t *items = json_pack("[o, o]", resource_type(c, "User"), resource_type(c, "Group"));
	struct scim_query q = {.start_index = 1};
	return reply_list(c, &q, items, 2);
}

int scim_resource_type_get(struct ctx *c)
{
	const char *id = param(c, "id");
	if (strcmp(id, "User") != 0 && strcmp(id, "Group") != 0)
		return -ENOENT;
	return scim_reply(c, 200, resource_type(c, id));
}

/* The schemas, attribute by attribute (RFC 7643 7). */
struct sattr {
	const char *name, *type;
	unsigned flags;
	const char *mutability; /* NULL: readWrite */
	const struct sattr *sub;
	const char *description;
};
enum { MULTI = 1, REQUIRED = 2, EXACT = 4, UNIQUE = 8, NEVER = 16, ALWAYS = 32 };

static const struct sattr name_sub[] = {
    {"formatted", "string", 0, "readOnly", NULL, "The name as shown: given, infix, family"},
    {"givenName", "string", 0, NULL, NULL, "First name"},
    {"familyName", "string", 0, NULL, NULL, "Last name"},
    {"middleName", "string", 0, NULL, NULL, "The infix (tussenvoegsel): van, de, van der"},
    {"honorificPrefix", "string", 0, NULL, NULL, "The salutation"},
    {NULL}};
static const struct sattr email_sub[] = {
    {"value", "string", 0, NULL, NULL, "The address: the login's email"},
    {"type", "string", 0, NULL, NULL, "work (the one kept)"},
    {"primary", "boolean", 0, NULL, NULL, "Whether it is the primary address"},
    {NULL}};
static const struct sattr phone_sub[] = {
    {"value", "string", 0, NULL, NULL, "The number, kept as E.164"},
    {"type", "string", 0, NULL, NULL, "work or mobile (the ones kept)"},
    {NULL}};
static const struct sattr ref_sub[] = {
    {"value", "string", EXACT, "readOnly", NULL, "The id"},
    {"display", "string", 0, "readOnly", NULL, "Its name"},
    {"$ref", "reference", EXACT, "readOnly", NULL, "Its location"},
    {"type", "string", 0, "readOnly", NULL, "direct"},
    {NULL}};
static const struct sattr member_sub[] = {
    {"value", "string", EXACT, "immutable", NULL, "The id of a user of the organization"},
    {"display", "string", 0, "readOnly", NULL, "The user's name"},
    {"$ref", "reference", EXACT, "readOnly", NULL, "The user's location"},
    {"type", "string", 0, "readOnly", NULL, "User"},
    {NULL}};
static const struct sattr manager_sub[] = {
    {"value", "string", EXACT, NULL, NULL, "The id of another user of the organization"},
    {"$ref", "reference", EXACT, "readOnly", NULL, "The manager's location"},
    {NULL}};

static const struct sattr user_attrs[] = {
    {"userName", "string", REQUIRED | UNIQUE, NULL, NULL,
     "The login: a login name (letters, digits, '.', '_', '-') or the work email"},
    {"externalId", "string", EXACT, NULL, NULL,
     "The identity provider's id of the user, unique in the organization"},
    {"name", "complex", 0, NULL, name_sub, "The person's name"},
    {"displayName", "string", 0, "readOnly", NULL, "The name as shown"},
    {"title", "string", 0, NULL, NULL, "Job title"},
    {"preferredLanguage", "string", 0, NULL, NULL,
     "nl or en (a tag of another language leaves the organization's default)"},
    {"locale", "string", 0, NULL, NULL, "The same language as preferredLanguage"},
    {"timezone", "string", EXACT, NULL, NULL, "An IANA time zone"},
    {"active", "boolean", 0, NULL, NULL, "false suspends the user, true resumes it"},
    {"password", "string", NEVER, "writeOnly", NULL,
     "A password under the organization's policy, to be changed at the first sign-in"},
    {"emails", "complex", MULTI | REQUIRED, NULL, email_sub, "The work email (the login's)"},
    {"phoneNumbers", "complex", MULTI, NULL, phone_sub, "Work and mobile numbers"},
    {"groups", "complex", MULTI, "readOnly", ref_sub, "The user's permission groups"},
    {NULL}};
static const struct sattr enterprise_attrs[] = {
    {"employeeNumber", "string", 0, NULL, NULL, "Employee number"},
    {"department", "string", 0, NULL, NULL, "Department"},
    {"organization", "string", 0, NULL, NULL,
     "The employer: a company of the address book (made when new)"},
    {"manager", "complex", 0, NULL, manager_sub, "The user's manager"},
    {NULL}};
static const struct sattr sb_attrs[] = {
    {"extension", "string", 0, NULL, NULL,
     "An extension for a user without one: digits under the organization's rule, or auto "
     "(the next free one); returned: the user's first extension"},
    {"appAccount", "boolean", NEVER, "writeOnly", NULL,
     "true gives a user without one an app account (a softphone); its secret is shown by "
     "provisioning, never here"},
    {NULL}};
static const struct sattr group_attrs[] = {
    {"displayName", "string", REQUIRED | UNIQUE, NULL, NULL, "The group's name"},
    {"members", "complex", MULTI, NULL, member_sub,
     "Its users; changing them needs every right the group holds"},
    {NULL}};

static json_t *attrs_json(const struct sattr *a)
{
	json_t *arr = json_array();
	for (; a->name; a++) {
		json_t *j = json_pack(
		    "{s:s, s:s, s:b, s:s, s:b, s:b, s:s, s:s, s:s}", "name", a->name, "type",
		    a->type, "multiValued", !!(a->flags & MULTI), "description", a->description,
		    "required", !!(a->flags & REQUIRED), "caseExact", !!(a->flags & EXACT),
		    "mutability", a->mutability ? a->mutability : "readWrite", "returned",
		    a->flags & NEVER    ? "never"
		    : a->flags & ALWAYS ? "always"
		                        : "default",
		    "uniqueness", a->flags & UNIQUE ? "server" : "none");
		if (a->sub)
			json_object_set_new(j, "subAttributes", attrs_json(a->sub));
		json_array_append_new(arr, j);
	}
	return arr;
}

static const struct {
	const char *id, *name, *description;
	const struct sattr *attrs;
} schemas[] = {
    {SCIM_USER_URN, "User", "A user of Switchboard", user_attrs},
    {SCIM_ENTERPRISE_URN, "EnterpriseUser", "Work details of a user", enterprise_attrs},
    {SCIM_SB_URN, "SwitchboardUser", "The telephony an identity provider may set", sb_attrs},
    {SCIM_GROUP_URN, "Group", "A permission group", group_attrs},
};

static json_t *schema_json(struct ctx *c, size_t i)
{
	return json_pack("{s:[s], s:s, s:s, s:s, s:o, s:{s:s, s:s}}", "schemas",
	                 "urn:ietf:params:scim:schemas:core:2.0:Schema", "id", schemas[i].id,
	                 "name", schemas[i].name, "description", schemas[i].description,
	                 "attributes", attrs_json(schemas[i].attrs), "meta", "resourceType",
	                 "Schema", "location",
	                 arena_printf(c->a, "%s/Schemas/%s", base_url(c), schemas[i].id));
}

int scim_schemas(struct ctx *c)
{
	json_t *items = json_array();
	for (size_t i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++)
		json_array_append_new(items, schema_json(c, i));
	struct scim_query q = {.start_index = 1};
	return reply_list(c, &q, items, (int64_t)json_array_size(items));
}

int scim_schema_get(struct ctx *c)
{
	const char *id = param(c, "id");
	for (size_t i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++)
		if (strcmp(schemas[i].id, id) == 0)
			return scim_reply(c, 200, schema_json(c, i));
	return -ENOENT;
}
