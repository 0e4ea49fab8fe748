/* scim.c: SCIM 2.0 users and groups (see scim.h): the mapping between a
 * SCIM resource and the user model, the list's filter (compiled by
 * scim/filter.c over the attribute tables below), and PATCH operations
 * applied to a resource's document. */
#include "domain/scim.h"
#include "base/arena.h"
#include "base/jsonval.h"
#include "base/util.h"
#include "domain/contacts.h"
#include "domain/extensions.h"
#include "domain/orgs.h"
#include "domain/sip.h"
#include "domain/users.h"
#include "scim/filter.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#define ENT SCIM_ENTERPRISE_URN ":"

/* ---- the attributes a filter and sortBy may name ------------------------- */

#define USER_NAME_SQL "COALESCE(u.login_name, u.email)"
#define DISPLAY_SQL "c.first_name || ' ' || COALESCE(c.infix || ' ', '') || c.last_name"
#define GROUPS_MULTI "user_groups ug WHERE ug.user_id = u.id"

static const struct scim_attr user_attrs[] = {
    {"id", "u.id", SCIM_STRING, true, NULL},
    {"userName", USER_NAME_SQL, SCIM_STRING, false, NULL},
    {"externalId", "u.external_id", SCIM_STRING, true, NULL},
    {"displayName", DISPLAY_SQL, SCIM_STRING, false, NULL},
    {"name.givenName", "c.first_name", SCIM_STRING, false, NULL},
    {"name.familyName", "c.last_name", SCIM_STRING, false, NULL},
    {"name.middleName", "c.infix", SCIM_STRING, false, NULL},
    {"name.honorificPrefix", "c.salutation", SCIM_STRING, false, NULL},
    {"name.formatted", DISPLAY_SQL, SCIM_STRING, false, NULL},
    {"title", "c.job_title", SCIM_STRING, false, NULL},
    {"preferredLanguage", "u.language", SCIM_STRING, false, NULL},
    {"locale", "u.language", SCIM_STRING, false, NULL},
    {"timezone", "u.timezone", SCIM_STRING, true, NULL},
    {"active", "CASE WHEN u.status = 'suspended' THEN 0 ELSE 1 END", SCIM_BOOL, false, NULL},
    /* one email: the login's, of type work and primary */
    {"emails", "u.email", SCIM_STRING, false, NULL},
    {"emails.value", "u.email", SCIM_STRING, false, NULL},
    {"emails.type", "'work'", SCIM_STRING, false, NULL},
    {"emails.primary", "1", SCIM_BOOL, false, NULL},
    {"meta.created", "u.created_at", SCIM_DATETIME, false, NULL},
    {"meta.lastModified", "u.updated_at", SCIM_DATETIME, false, NULL},
    {ENT "employeeNumber", "u.employee_number", SCIM_STRING, false, NULL},
    {ENT "department", "u.department", SCIM_STRING, false, NULL},
    {ENT "organization", "co.name", SCIM_STRING, false, NULL},
    {ENT "manager.value", "u.manager_id", SCIM_STRING, true, NULL},
    {ENT "manager", "u.manager_id", SCIM_STRING, true, NULL},
    {"groups", "ug.group_id", SCIM_STRING, true, GROUPS_MULTI},
    {"groups.value", "ug.group_id", SCIM_STRING, true, GROUPS_MULTI},
};
static const struct scim_schema user_schema = {SCIM_USER_URN, user_attrs, FIELDS_N(user_attrs)};

#define MEMBERS_MULTI "user_groups m WHERE m.group_id = g.id"
static const struct scim_attr group_attrs[] = {
    {"id", "g.id", SCIM_STRING, true, NULL},
    {"displayName", "g.name", SCIM_STRING, false, NULL},
    {"meta.created", "g.created_at", SCIM_DATETIME, false, NULL},
    {"meta.lastModified", "g.updated_at", SCIM_DATETIME, false, NULL},
    {"members", "m.user_id", SCIM_STRING, true, MEMBERS_MULTI},
    {"members.value", "m.user_id", SCIM_STRING, true, MEMBERS_MULTI},
};
static const struct scim_schema group_schema = {SCIM_GROUP_URN, group_attrs, FIELDS_N(group_attrs)};

/* A failure of SCIM's own: code is its scimType. */
static int scim_fail(struct dctx *c, int err, const char *code, const char *detail)
{
	return diag_fail(c->d, err, code, "%s", detail);
}

/* The filter compiled against schema, or NULL for none; -EINVAL with the
 * diag (invalidFilter, invalidValue) otherwise. */
static int compile(struct dctx *c, const char *filter, const struct scim_schema *schema,
                   struct scim_sql **ret)
{
	*ret = NULL;
	if (!filter || !*filter)
		return 0;
	struct scim_sql *q = arena_alloc(c->a, sizeof(*q));
	struct scim_error e;
	if (scim_filter_compile(c->a, filter, schema, q, &e) < 0)
		return scim_fail(c, -EINVAL,
		                 e.type == SCIM_INVALID_VALUE ? "invalidValue" : "invalidFilter",
		                 e.detail);
	/* the organization, the page and the filter's values: PostgreSQL's
	 * statements of this store take 64 parameters */
	if (q->n_params > 60)
		return scim_fail(c, -EINVAL, "invalidFilter",
		                 "The filter compares too many values.");
	*ret = q;
	return 0;
}

/* The order of a user list: sortBy (an attribute of the table without a
 * table of its own), or the order of creation. */
static int user_order(struct dctx *c, const struct scim_query *q, const char **ret)
{
	const char *dir = q->descending ? "DESC" : "ASC";
	if (!q->sort_by || !*q->sort_by) {
		*ret = arena_printf(c->a, "u.created_at %s, u.id %s", dir, dir);
		return 0;
	}
	const char *name = q->sort_by;
	size_t ul = strlen(SCIM_USER_URN);
	if (strncasecmp(name, SCIM_USER_URN ":", ul + 1) == 0)
		name += ul + 1;
	for (size_t i = 0; i < FIELDS_N(user_attrs); i++) {
		const struct scim_attr *at = &user_attrs[i];
		if (strcasecmp(at->name, name) != 0 || at->multi)
			continue;
		*ret = at->type == SCIM_STRING && !at->case_exact
		           ? arena_printf(c->a, "lower(%s) %s, u.id %s", at->column, dir, dir)
		           : arena_printf(c->a, "%s %s, u.id %s", at->column, dir, dir);
		return 0;
	}
	return scim_fail(c, -EINVAL, "invalidValue",
	                 arena_printf(c->a, "sortBy: '%s' is not an attribute a list is sorted by.",
	                              q->sort_by));
}

/* ---- rendering ----------------------------------------------------------- */

static char *location(struct dctx *c, const char *kind, const char *id)
{
	const char *base = c->cfg && c->cfg->public_url ? c->cfg->public_url : "";
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	return arena_printf(c->a, "%.*s/scim/v2/%s/%s", (int)n, base, kind, id);
}

static json_t *meta(struct dctx *c, const char *kind, const char *id, int64_t created,
                    int64_t updated)
{
	return json_pack("{s:s, s:o, s:o, s:s, s:s}", "resourceType",
	                 strcmp(kind, "Users") == 0 ? "User" : "Group", "created", jtime(created),
	                 "lastModified", jtime(updated), "location", location(c, kind, id),
	                 "version", arena_printf(c->a, "W/\"%lld\"", (long long)updated));
}

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(o, k, json_string(v));
}

static json_t *render_user(struct dctx *c, const struct user_view *v)
{
	const struct user *u = &v->u;
	const struct contact *ct = &u->contact;
	char *display = contact_display_name(c->a, ct);
	json_t *j = json_pack("{s:[s,s,s], s:s}", "schemas", SCIM_USER_URN, SCIM_ENTERPRISE_URN,
	                      SCIM_SB_URN, "id", u->id);
	set_str(j, "externalId", u->external_id);
	json_object_set_new(j, "userName", json_string(u->login_name ? u->login_name : u->email));
	json_t *name = json_pack("{s:s}", "formatted", display);
	set_str(name, "givenName", ct->first_name);
	set_str(name, "familyName", ct->last_name);
	set_str(name, "middleName", ct->infix);
	set_str(name, "honorificPrefix", ct->salutation);
	json_object_set_new(j, "name", name);
	json_object_set_new(j, "displayName", json_string(display));
	set_str(j, "title", ct->job_title);
	set_str(j, "preferredLanguage", u->language);
	set_str(j, "locale", u->language);
	set_str(j, "timezone", u->timezone);
	json_object_set_new(j, "active", json_boolean(u->status != USER_SUSPENDED));
	json_object_set_new(
	    j, "emails",
	    json_pack("[{s:s, s:s, s:b}]", "value", u->email, "type", "work", "primary", 1));
	json_t *phones = json_array();
	if (ct->work_phone)
		json_array_append_new(
		    phones, json_pack("{s:s, s:s}", "value", ct->work_phone, "type", "work"));
	if (ct->mobile)
		json_array_append_new(
		    phones, json_pack("{s:s, s:s}", "value", ct->mobile, "type", "mobile"));
	if (json_array_size(phones))
		json_object_set_new(j, "phoneNumbers", phones);
	else
		json_decref(phones);
	json_t *groups = json_array();
	for (int i = 0; i < v->n_groups; i++)
		json_array_append_new(
		    groups, json_pack("{s:s, s:s, s:s, s:s}", "value", v->groups[i].id, "display",
		                      v->groups[i].name, "$ref",
		                      location(c, "Groups", v->groups[i].id), "type", "direct"));
	json_object_set_new(j, "groups", groups);
	json_t *ent = json_object();
	set_str(ent, "employeeNumber", u->employee_number);
	set_str(ent, "department", u->department);
	set_str(ent, "organization", ct->company_name);
	if (u->manager_id)
		json_object_set_new(ent, "manager",
		                    json_pack("{s:s, s:s}", "value", u->manager_id, "$ref",
		                              location(c, "Users", u->manager_id)));
	json_object_set_new(j, SCIM_ENTERPRISE_URN, ent);
	json_t *sb = json_object();
	if (v->n_extensions)
		json_object_set_new(sb, "extension", json_string(v->extensions[0]));
	json_object_set_new(j, SCIM_SB_URN, sb);
	json_object_set_new(j, "meta", meta(c, "Users", u->id, u->created_at, u->updated_at));
	return j;
}

/* The live (not deleted) user id of org as a document. */
static int load_user(struct dctx *c, const struct org *org, const char *id, struct user_view *ret_v,
                     json_t **ret)
{
	struct user_view v;
	int r = user_get(c, org, id, &v);
	if (r < 0)
		return r;
	if (v.u.status == USER_DELETED)
		return -ENOENT;
	if (ret_v)
		*ret_v = v;
	if (ret)
		*ret = render_user(c, &v);
	return 0;
}

int scim_user_get(struct dctx *c, const struct org *org, const char *id, json_t **ret)
{
	int r = dctx_need(c, org->path, PERM_USERS_READ);
	return r < 0 ? r : load_user(c, org, id, NULL, ret);
}

int scim_user_list(struct dctx *c, const struct org *org, const struct scim_query *q, json_t **ret,
                   int64_t *ret_total)
{
	int r = dctx_need(c, org->path, PERM_USERS_READ);
	if (r < 0)
		return r;
	struct scim_sql *w;
	const char *order = NULL;
	r = compile(c, q->filter, &user_schema, &w);
	if (r < 0 || (r = user_order(c, q, &order)) < 0)
		return r;
	char **ids;
	int n;
	r = store_scim_users(c->db, c->a, org->id, w, order, q->start_index - 1, q->count, &ids, &n,
	                     ret_total);
	if (r < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *doc;
		if ((r = load_user(c, org, ids[i], NULL, &doc)) < 0) {
			json_decref(arr);
			return r;
		}
		json_array_append_new(arr, doc);
	}
	*ret = arr;
	return 0;
}

/* ---- from a SCIM user to the user model ---------------------------------- */

/* A boolean as identity providers send one: true, or the strings "True" and
 * "False" (Entra ID). -1 for anything else. */
static int scim_bool(json_t *v)
{
	if (json_is_boolean(v))
		return json_is_true(v);
	const char *s = json_string_value(v);
	if (s && strcasecmp(s, "true") == 0)
		return 1;
	if (s && strcasecmp(s, "false") == 0)
		return 0;
	return -1;
}

/* The member k of o, ignoring case (SCIM attribute names). */
static json_t *get_ci(json_t *o, const char *k)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		if (strcasecmp(key, k) == 0)
			return v;
	}
	return NULL;
}

/* A string attribute (NULL when absent, null or empty); -EINVAL with
 * invalidValue when it is another type. */
static int get_str(struct dctx *c, json_t *o, const char *k, const char *path, const char **ret)
{
	json_t *v = o ? get_ci(o, k) : NULL;
	*ret = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return scim_fail(c, -EINVAL, "invalidValue",
		                 arena_printf(c->a, "%s must be a string.", path));
	*ret = *json_string_value(v) ? json_string_value(v) : NULL;
	return 0;
}

/* Sets the API member k to the string s, or null (a replace clears it). */
static void put(json_t *api, const char *k, const char *s)
{
	json_object_set_new(api, k, s ? json_string(s) : json_null());
}

/* The element of a multi-valued attribute (emails, phoneNumbers) of type,
 * or for type NULL the primary one; its value. */
static const char *multi_value(json_t *list, const char *type)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		const char *t = json_string_value(get_ci(e, "type"));
		bool hit =
		    type ? t && strcasecmp(t, type) == 0 : scim_bool(get_ci(e, "primary")) == 1;
		const char *v = json_string_value(get_ci(e, "value"));
		if (hit && v && *v)
			return v;
	}
	return NULL;
}

/* A language of ours from a SCIM language tag ("nl-NL", "en_US", "nl"), or
 * NULL for another language (the user keeps the organization's). */
static const char *language_of(struct dctx *c, const char *tag)
{
	if (!tag || strlen(tag) < 2 || (tag[2] && tag[2] != '-' && tag[2] != '_'))
		return NULL;
	char l[3] = {(char)tolower((unsigned char)tag[0]), (char)tolower((unsigned char)tag[1]), 0};
	return strcmp(l, "nl") == 0 || strcmp(l, "en") == 0 ? arena_strdup(c->a, l) : NULL;
}

/* What a SCIM user asks beside its API members. */
struct scim_extra {
	int active;            /* 1, 0, or -1: not given */
	const char *extension; /* the Switchboard schema's: digits or "auto" */
	bool app_account;      /* make an app account (softphone) */
};

/* The API's user JSON (*ret, new reference) for the SCIM user in: every
 * attribute SCIM manages is set, to null when absent, so a replace clears
 * what the identity provider no longer sends. -EINVAL with invalidValue or
 * invalidSyntax. */
static int to_api(struct dctx *c, const struct org *org, json_t *in, json_t **ret,
                  struct scim_extra *x)
{
	(void)org;
	if (!json_is_object(in))
		return scim_fail(c, -EINVAL, "invalidSyntax", "The body must be a SCIM resource.");
	const char *user_name, *external_id, *title, *tz, *lang, *locale, *password;
	int r;
	if ((r = get_str(c, in, "userName", "userName", &user_name)) < 0 ||
	    (r = get_str(c, in, "externalId", "externalId", &external_id)) < 0 ||
	    (r = get_str(c, in, "title", "title", &title)) < 0 ||
	    (r = get_str(c, in, "timezone", "timezone", &tz)) < 0 ||
	    (r = get_str(c, in, "preferredLanguage", "preferredLanguage", &lang)) < 0 ||
	    (r = get_str(c, in, "locale", "locale", &locale)) < 0 ||
	    (r = get_str(c, in, "password", "password", &password)) < 0)
		return r;
	if (!user_name)
		return scim_fail(c, -EINVAL, "invalidValue", "userName is required.");
	json_t *name = get_ci(in, "name");
	if (name && !json_is_object(name) && !json_is_null(name))
		return scim_fail(c, -EINVAL, "invalidValue", "name must be an object.");
	const char *given, *family, *middle, *prefix, *display;
	if ((r = get_str(c, name, "givenName", "name.givenName", &given)) < 0 ||
	    (r = get_str(c, name, "familyName", "name.familyName", &family)) < 0 ||
	    (r = get_str(c, name, "middleName", "name.middleName", &middle)) < 0 ||
	    (r = get_str(c, name, "honorificPrefix", "name.honorificPrefix", &prefix)) < 0 ||
	    (r = get_str(c, in, "displayName", "displayName", &display)) < 0)
		return r;
	/* A person without a structured name: the display name's first word
	 * and the rest (a directory entry that only has one). */
	if ((!given || !family) && display && strchr(display, ' ')) {
		const char *sp = strchr(display, ' ');
		if (!given)
			given = arena_strndup(c->a, display, (size_t)(sp - display));
		if (!family)
			family = sp + 1;
	}
	json_t *emails = get_ci(in, "emails"), *phones = get_ci(in, "phoneNumbers");
	if ((emails && !json_is_array(emails) && !json_is_null(emails)) ||
	    (phones && !json_is_array(phones) && !json_is_null(phones)))
		return scim_fail(c, -EINVAL, "invalidValue",
		                 "emails and phoneNumbers must be arrays of objects.");
	const char *email = multi_value(emails, NULL);
	if (!email)
		email = multi_value(emails, "work");
	if (!email && json_array_size(emails))
		email = json_string_value(get_ci(json_array_get(emails, 0), "value"));
	json_t *api = json_object();
	if (strchr(user_name, '@')) {
		/* the login is the email itself */
		if (email && strcasecmp(email, user_name) != 0) {
			json_decref(api);
			return scim_fail(
			    c, -EINVAL, "invalidValue",
			    "userName is an email address other than the work email: map "
			    "userName to the work email, or to a login name of letters, "
			    "digits, '.', '_' or '-'.");
		}
		email = user_name;
		put(api, "login_name", NULL);
	} else {
		put(api, "login_name", user_name);
	}
	if (!email) {
		json_decref(api);
		return scim_fail(c, -EINVAL, "invalidValue",
		                 "emails: a user needs a work email (or an email as userName).");
	}
	put(api, "email", email);
	put(api, "external_id", external_id);
	if (given)
		put(api, "first_name", given);
	if (family)
		put(api, "last_name", family);
	put(api, "infix", middle);
	put(api, "salutation", prefix);
	put(api, "job_title", title);
	put(api, "timezone", tz);
	const char *l = language_of(c, lang);
	if (!l)
		l = language_of(c, locale);
	if (l)
		put(api, "language", l);
	put(api, "work_phone", multi_value(phones, "work"));
	put(api, "mobile", multi_value(phones, "mobile"));
	if (password)
		put(api, "password", password);
	json_t *ent = get_ci(in, SCIM_ENTERPRISE_URN);
	const char *emp = NULL, *dep = NULL, *orgname = NULL, *mgr = NULL;
	if (json_is_object(ent)) {
		json_t *m = get_ci(ent, "manager");
		if ((r = get_str(c, ent, "employeeNumber", "employeeNumber", &emp)) < 0 ||
		    (r = get_str(c, ent, "department", "department", &dep)) < 0 ||
		    (r = get_str(c, ent, "organization", "organization", &orgname)) < 0 ||
		    (json_is_object(m) &&
		     (r = get_str(c, m, "value", "manager.value", &mgr)) < 0)) {
			json_decref(api);
			return r;
		}
		if (json_is_string(m)) /* Entra ID's manager: the id alone */
			mgr = *json_string_value(m) ? json_string_value(m) : NULL;
	}
	put(api, "employee_number", emp);
	put(api, "department", dep);
	put(api, "manager_id", mgr);
	if (orgname)
		put(api, "company_name", orgname);
	else
		put(api, "company_id", NULL);
	*x = (struct scim_extra){.active = -1};
	json_t *act = get_ci(in, "active");
	if (act && !json_is_null(act) && (x->active = scim_bool(act)) < 0) {
		json_decref(api);
		return scim_fail(c, -EINVAL, "invalidValue", "active must be true or false.");
	}
	json_t *sb = get_ci(in, SCIM_SB_URN);
	if (json_is_object(sb)) {
		json_t *app = get_ci(sb, "appAccount");
		if ((r = get_str(c, sb, "extension", "extension", &x->extension)) < 0) {
			json_decref(api);
			return r;
		}
		if (app && !json_is_null(app)) {
			int b = scim_bool(app);
			if (b < 0) {
				json_decref(api);
				return scim_fail(c, -EINVAL, "invalidValue",
				                 "appAccount must be true or false.");
			}
			x->app_account = b;
		}
	}
	*ret = api;
	return 0;
}

/* The Switchboard schema's telephony for u: an extension when it has none,
 * an app account when asked and it has none. */
static int apply_telephony(struct dctx *c, const struct org *org, const struct user_view *v,
                           const struct scim_extra *x)
{
	int r;
	if (x->extension && v->n_extensions == 0) {
		struct extension e;
		if ((r = ext_assign(c, org, "extension", x->extension, OWNER_USER, v->u.id, &e)) <
		    0)
			return r;
	}
	if (!x->app_account)
		return 0;
	struct sip_account *accs;
	int n;
	if ((r = sip_account_list(c, org, v->u.id, NULL, SIP_ACCOUNTS_PER_USER, &accs, &n)) < 0)
		return r;
	for (int i = 0; i < n; i++)
		if (accs[i].kind == SIP_APP)
			return 0;
	json_t *in = json_pack("{s:s, s:s}", "kind", "app", "label", "App");
	struct sip_account acc;
	char *secret = NULL;
	r = sip_account_create(c, org, v->u.id, in, &acc, &secret);
	json_decref(in);
	/* the secret reaches the user by provisioning, never a SCIM answer */
	sip_cred_wipe(secret);
	return r;
}

/* A change refused only because what must be unique is taken (userName,
 * the email, externalId, the extension: however many of them) is SCIM's
 * 409 uniqueness. */
static int uniqueness(struct dctx *c, int r)
{
	if (r != -EINVAL || !c->d->n_errors)
		return r;
	for (size_t i = 0; i < c->d->n_errors; i++)
		if (strcmp(c->d->errors[i].code, "taken") != 0)
			return r;
	return -EEXIST;
}

/* active: false suspends, true resumes. */
static int apply_active(struct dctx *c, const struct org *org, const struct user *u, int active)
{
	struct user out;
	if (active == 0 && u->status != USER_SUSPENDED)
		return user_suspend(c, org, u->id, &out);
	if (active == 1 && u->status == USER_SUSPENDED)
		return user_resume(c, org, u->id, &out);
	return 0;
}

int scim_user_create(struct dctx *c, const struct org *org, json_t *in, json_t **ret)
{
	json_t *api;
	struct scim_extra x;
	int r = dctx_need(c, org->path, PERM_USERS_WRITE);
	if (r < 0 || (r = to_api(c, org, in, &api, &x)) < 0)
		return r;
	if (x.extension)
		json_object_set_new(api, "extension", json_string(x.extension));
	struct user u;
	/* the same creation as the API's; the organization decides whether
	 * the new user is mailed an invitation */
	r = uniqueness(c, user_create_ex(c, org, api, org->scim_invite, &u));
	json_decref(api);
	if (r < 0)
		return r;
	x.extension = NULL; /* given with the user */
	struct user_view v;
	if ((r = apply_active(c, org, &u, x.active)) < 0 ||
	    (r = load_user(c, org, u.id, &v, NULL)) < 0 ||
	    (r = apply_telephony(c, org, &v, &x)) < 0)
		return r;
	return load_user(c, org, u.id, NULL, ret);
}

/* If-Match against the resource's version, once: the changes that follow
 * each give it a new one. */
static int check_version(struct dctx *c, int64_t version)
{
	int r = version_check(c, version);
	c->if_match = NULL;
	return r;
}

/* Replaces user cur (as read) by the SCIM user in. */
static int replace(struct dctx *c, const struct org *org, const struct user_view *cur, json_t *in,
                   json_t **ret)
{
	json_t *api;
	struct scim_extra x;
	int r = to_api(c, org, in, &api, &x);
	if (r < 0)
		return r;
	struct user u;
	r = uniqueness(c, user_update(c, org, cur->u.id, api, &u));
	json_decref(api);
	if (r < 0 || (r = apply_active(c, org, &u, x.active)) < 0 ||
	    (r = apply_telephony(c, org, cur, &x)) < 0)
		return r;
	return load_user(c, org, cur->u.id, NULL, ret);
}

int scim_user_replace(struct dctx *c, const struct org *org, const char *id, json_t *in,
                      json_t **ret)
{
	struct user_view v;
	int r = dctx_need(c, org->path, PERM_USERS_WRITE);
	if (r < 0 || (r = load_user(c, org, id, &v, NULL)) < 0 ||
	    (r = check_version(c, v.u.updated_at)) < 0)
		return r;
	return replace(c, org, &v, in, ret);
}

int scim_user_delete(struct dctx *c, const struct org *org, const char *id)
{
	struct user_view v;
	int r = dctx_need(c, org->path, PERM_USERS_WRITE);
	if (r < 0 || (r = load_user(c, org, id, &v, NULL)) < 0 ||
	    (r = check_version(c, v.u.updated_at)) < 0)
		return r;
	if (strcmp(org->scim_deprovision, "delete") == 0)
		return user_delete(c, org, id);
	struct user u;
	return user_suspend(c, org, id, &u);
}

/* ---- PATCH (RFC 7644 3.5.2) --------------------------------------------- */

/* A parsed path: [urn:]attr[[filter]][.sub]. */
struct patch_path {
	char *attr, *sub; /* sub NULL: the attribute itself */
	char *urn;        /* an extension's URN, or NULL (core) */
	char *filter;     /* a value path's filter, or NULL */
};

static const char *const known_urns[] = {SCIM_ENTERPRISE_URN, SCIM_SB_URN, SCIM_USER_URN,
                                         SCIM_GROUP_URN};

/* Splits an extension URN off name: "urn:...:User:employeeNumber" gives the
 * URN and "employeeNumber". */
static const char *strip_urn(const char *name, const char **ret_urn)
{
	*ret_urn = NULL;
	for (size_t i = 0; i < FIELDS_N(known_urns); i++) {
		size_t n = strlen(known_urns[i]);
		if (strncasecmp(name, known_urns[i], n) == 0 && (name[n] == ':' || !name[n])) {
			if (i >= 2) /* a core schema: its attributes are the resource's own */
				return name[n] ? name + n + 1 : name + n;
			*ret_urn = known_urns[i];
			return name[n] ? name + n + 1 : name + n;
		}
	}
	return name;
}

static bool attr_name_ok(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '$')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '$')
			return false;
	return true;
}

static int parse_path(struct dctx *c, const char *path, struct patch_path *ret)
{
	*ret = (struct patch_path){0};
	const char *urn;
	const char *p = strip_urn(path, &urn);
	ret->urn = (char *)urn;
	char *s = arena_strdup(c->a, p);
	char *br = strchr(s, '[');
	if (br) {
		char *end = strrchr(s, ']');
		if (!end || end < br)
			return scim_fail(
			    c, -EINVAL, "invalidPath",
			    arena_printf(c->a, "path '%s' has an unclosed '['.", path));
		*br = 0;
		*end = 0;
		ret->filter = br + 1;
		if (end[1] == '.')
			ret->sub = end + 2;
		else if (end[1])
			return scim_fail(c, -EINVAL, "invalidPath",
			                 arena_printf(c->a, "path '%s' is not valid.", path));
	} else {
		char *dot = strchr(s, '.');
		if (dot) {
			*dot = 0;
			ret->sub = dot + 1;
		}
	}
	ret->attr = s;
	if (!*s || !attr_name_ok(s) || (ret->sub && !attr_name_ok(ret->sub)))
		return scim_fail(c, -EINVAL, "invalidPath",
		                 arena_printf(c->a, "path '%s' is not valid.", path));
	return 0;
}

/* A value path's filter held against one element: comparisons of its
 * sub-attributes (eq, ne, co, sw, ew, pr) joined by "and", as identity
 * providers send them ("type eq \"work\"", "value eq \"id\""). -EINVAL
 * (invalidFilter) for anything else. */
struct term {
	char *attr, *op;
	json_t *value; /* NULL for pr */
};

static void terms_free(struct term *t, int n)
{
	for (int i = 0; i < n; i++)
		json_decref(t[i].value);
}

static int parse_terms(struct dctx *c, const char *filter, struct term *ret, int max, int *ret_n)
{
	int n = 0;
	const char *p = filter;
	for (;;) {
		while (*p == ' ')
			p++;
		if (n == max) {
			terms_free(ret, n);
			return scim_fail(c, -EINVAL, "invalidFilter",
			                 "The value filter is too long.");
		}
		const char *a = p;
		while (*p && *p != ' ')
			p++;
		struct term t = {.attr = arena_strndup(c->a, a, (size_t)(p - a))};
		while (*p == ' ')
			p++;
		const char *o = p;
		while (*p && *p != ' ')
			p++;
		t.op = arena_strndup(c->a, o, (size_t)(p - o));
		while (*p == ' ')
			p++;
		if (strcasecmp(t.op, "pr") != 0) {
			const char *v = p;
			if (*p == '"') {
				for (p++; *p && *p != '"'; p++)
					if (*p == '\\' && p[1])
						p++;
				if (*p == '"')
					p++;
			} else {
				while (*p && *p != ' ')
					p++;
			}
			json_error_t e;
			t.value = json_loadb(v, (size_t)(p - v), JSON_DECODE_ANY, &e);
			if (!t.value) {
				terms_free(ret, n);
				return scim_fail(
				    c, -EINVAL, "invalidFilter",
				    arena_printf(c->a, "'%s' is not a value filter.", filter));
			}
		}
		static const char *const ops[] = {"eq", "ne", "co", "sw", "ew", "pr"};
		bool ok = attr_name_ok(t.attr);
		bool op_ok = false;
		for (size_t i = 0; i < FIELDS_N(ops); i++)
			op_ok |= strcasecmp(t.op, ops[i]) == 0;
		if (!ok || !op_ok) {
			json_decref(t.value);
			terms_free(ret, n);
			return scim_fail(c, -EINVAL, "invalidFilter",
			                 arena_printf(c->a, "'%s' is not a value filter.", filter));
		}
		ret[n++] = t;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (strncasecmp(p, "and ", 4) != 0) {
			terms_free(ret, n);
			return scim_fail(c, -EINVAL, "invalidFilter",
			                 arena_printf(c->a,
			                              "'%s': only 'and' joins a value filter here.",
			                              filter));
		}
		p += 4;
	}
	*ret_n = n;
	return 0;
}

static bool term_match(const struct term *t, json_t *elem)
{
	json_t *v = get_ci(elem, t->attr);
	if (strcasecmp(t->op, "pr") == 0)
		return v && !json_is_null(v) && !(json_is_string(v) && !*json_string_value(v));
	if (json_is_string(t->value)) {
		const char *want = json_string_value(t->value), *have = json_string_value(v);
		if (!have)
			return strcasecmp(t->op, "ne") == 0;
		size_t hn = strlen(have), wn = strlen(want);
		if (strcasecmp(t->op, "eq") == 0)
			return strcasecmp(have, want) == 0;
		if (strcasecmp(t->op, "ne") == 0)
			return strcasecmp(have, want) != 0;
		if (strcasecmp(t->op, "sw") == 0)
			return hn >= wn && strncasecmp(have, want, wn) == 0;
		if (strcasecmp(t->op, "ew") == 0)
			return hn >= wn && strcasecmp(have + hn - wn, want) == 0;
		return strcasestr(have, want) != NULL;
	}
	bool same = v && json_equal(v, t->value);
	if (json_is_boolean(t->value) && v && scim_bool(v) >= 0)
		same = scim_bool(v) == json_is_true(t->value);
	return strcasecmp(t->op, "ne") == 0 ? !same : same;
}

static bool terms_match(const struct term *t, int n, json_t *elem)
{
	for (int i = 0; i < n; i++)
		if (!term_match(&t[i], elem))
			return false;
	return json_is_object(elem);
}

/* The object path's values live in: the document, or its extension's. */
static json_t *container(json_t *doc, const struct patch_path *pp, bool create)
{
	if (!pp->urn)
		return doc;
	json_t *o = get_ci(doc, pp->urn);
	if (!json_is_object(o) && create) {
		o = json_object();
		json_object_set_new(doc, pp->urn, o);
	}
	return json_is_object(o) ? o : NULL;
}

/* The real key of k in o (its spelling there), or k. */
static const char *key_of(json_t *o, const char *k)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		if (strcasecmp(key, k) == 0)
			return key;
	}
	return k;
}

static void set_ci(json_t *o, const char *k, json_t *v)
{
	char *key = strdup(key_of(o, k));
	json_object_del(o, key);
	json_object_set_new(o, key ? key : k, v);
	free(key);
}

/* add or replace of value at attribute k of o: an add to a multi-valued
 * attribute appends, to a complex one merges; a replace sets. */
static void put_value(json_t *o, const char *k, json_t *value, bool add)
{
	json_t *cur = get_ci(o, k);
	if (add && json_is_array(cur)) {
		if (json_is_array(value))
			json_array_extend(cur, value);
		else
			json_array_append(cur, value);
		return;
	}
	if (json_is_object(cur) && json_is_object(value)) {
		json_object_update(cur, value);
		return;
	}
	set_ci(o, k, json_deep_copy(value));
}

/* An operation without a path: value is an object of attributes, each set
 * as with a path of its name (Entra ID sends "name.givenName" as a key). */
static int apply_op(struct dctx *c, json_t *doc, const char *op, const char *path, json_t *value);

static int apply_object(struct dctx *c, json_t *doc, const char *op, json_t *value)
{
	if (!json_is_object(value))
		return scim_fail(c, -EINVAL, "invalidValue",
		                 arena_printf(c->a, "An %s without a path takes an object.", op));
	const char *k;
	json_t *v;
	json_object_foreach(value, k, v)
	{
		const char *urn;
		const char *rest = strip_urn(k, &urn);
		int r;
		if (urn && !*rest && json_is_object(v)) {
			/* the extension as a whole: its attributes one by one */
			const char *k2;
			json_t *v2;
			json_object_foreach(v, k2, v2)
			{
				if ((r = apply_op(c, doc, op, arena_printf(c->a, "%s:%s", urn, k2),
				                  v2)) < 0)
					return r;
			}
			continue;
		}
		if ((r = apply_op(c, doc, op, k, v)) < 0)
			return r;
	}
	return 0;
}

static int apply_op(struct dctx *c, json_t *doc, const char *op, const char *path, json_t *value)
{
	bool add = strcasecmp(op, "add") == 0, rem = strcasecmp(op, "remove") == 0;
	if (!path || !*path) {
		if (rem)
			return scim_fail(c, -EINVAL, "noTarget", "A remove needs a path.");
		return apply_object(c, doc, op, value);
	}
	if (!rem && !value)
		return scim_fail(c, -EINVAL, "invalidValue",
		                 arena_printf(c->a, "The %s of '%s' needs a value.", op, path));
	struct patch_path pp;
	int r = parse_path(c, path, &pp);
	if (r < 0)
		return r;
	json_t *o = container(doc, &pp, !rem);
	if (!o)
		return 0; /* removing from an extension the resource does not have */
	if (!pp.filter) {
		if (!pp.sub) {
			if (rem)
				json_object_del(o, key_of(o, pp.attr));
			else
				put_value(o, pp.attr, value, add);
			return 0;
		}
		json_t *parent = get_ci(o, pp.attr);
		if (!json_is_object(parent)) {
			if (rem)
				return 0;
			parent = json_object();
			set_ci(o, pp.attr, parent);
		}
		if (rem)
			json_object_del(parent, key_of(parent, pp.sub));
		else
			put_value(parent, pp.sub, value, add);
		return 0;
	}
	struct term terms[8];
	int nt;
	if ((r = parse_terms(c, pp.filter, terms, 8, &nt)) < 0)
		return r;
	json_t *list = get_ci(o, pp.attr);
	if (!json_is_array(list)) {
		list = json_array();
		set_ci(o, pp.attr, list);
	}
	int hits = 0;
	for (size_t i = 0; i < json_array_size(list);) {
		json_t *e = json_array_get(list, i);
		if (!terms_match(terms, nt, e)) {
			i++;
			continue;
		}
		hits++;
		if (rem && !pp.sub) {
			json_array_remove(list, i);
			continue;
		}
		if (rem)
			json_object_del(e, key_of(e, pp.sub));
		else if (pp.sub)
			set_ci(e, pp.sub, json_deep_copy(value));
		else if (json_is_object(value))
			json_object_update(e, value);
		i++;
	}
	/* Entra ID adds emails[type eq "work"].value to a user without one: a
	 * new element with the filter's equalities and the value */
	if (!hits && !rem) {
		json_t *e = json_object();
		for (int i = 0; i < nt; i++)
			if (strcasecmp(terms[i].op, "eq") == 0)
				json_object_set(e, terms[i].attr, terms[i].value);
		if (pp.sub)
			json_object_set_new(e, pp.sub, json_deep_copy(value));
		else if (json_is_object(value))
			json_object_update(e, value);
		json_array_append_new(list, e);
	}
	terms_free(terms, nt);
	if (!hits && rem)
		return scim_fail(c, -EINVAL, "noTarget",
		                 arena_printf(c->a, "No value matches '%s'.", path));
	return 0;
}

/* The Operations of a PatchOp body, checked: each an object with an op of
 * add, replace or remove (any case) and a string path when it has one. */
static int patch_ops(struct dctx *c, json_t *in, json_t **ret)
{
	json_t *schemas = get_ci(in, "schemas"), *ops = get_ci(in, "Operations");
	bool urn_ok = false;
	size_t i;
	json_t *v;
	json_array_foreach(schemas, i, v)
	{
		urn_ok |= json_is_string(v) && strcmp(json_string_value(v), SCIM_PATCH_URN) == 0;
	}
	if (!urn_ok || !json_is_array(ops))
		return scim_fail(c, -EINVAL, "invalidSyntax",
		                 "A PATCH is a PatchOp: schemas [\"" SCIM_PATCH_URN
		                 "\"] and an array Operations.");
	if (json_array_size(ops) > SCIM_MAX_OPERATIONS)
		return scim_fail(
		    c, -EINVAL, "tooMany",
		    arena_printf(c->a, "A PATCH has at most %d operations.", SCIM_MAX_OPERATIONS));
	json_array_foreach(ops, i, v)
	{
		const char *op = json_string_value(get_ci(v, "op"));
		json_t *path = get_ci(v, "path");
		if (!op || (strcasecmp(op, "add") != 0 && strcasecmp(op, "replace") != 0 &&
		            strcasecmp(op, "remove") != 0))
			return scim_fail(c, -EINVAL, "invalidSyntax",
			                 "Each operation's op is add, replace or remove.");
		if (path && !json_is_string(path) && !json_is_null(path))
			return scim_fail(c, -EINVAL, "invalidPath",
			                 "An operation's path is a string.");
	}
	*ret = ops;
	return 0;
}

static int apply_ops(struct dctx *c, json_t *doc, json_t *ops)
{
	size_t i;
	json_t *v;
	json_array_foreach(ops, i, v)
	{
		int r = apply_op(c, doc, json_string_value(get_ci(v, "op")),
		                 json_string_value(get_ci(v, "path")), get_ci(v, "value"));
		if (r < 0)
			return r;
	}
	return 0;
}

int scim_user_patch(struct dctx *c, const struct org *org, const char *id, json_t *in, json_t **ret)
{
	json_t *ops, *doc;
	struct user_view v;
	int r = dctx_need(c, org->path, PERM_USERS_WRITE);
	if (r < 0 || (r = patch_ops(c, in, &ops)) < 0 || (r = load_user(c, org, id, &v, &doc)) < 0)
		return r;
	if ((r = check_version(c, v.u.updated_at)) < 0 || (r = apply_ops(c, doc, ops)) < 0) {
		json_decref(doc);
		return r;
	}
	r = replace(c, org, &v, doc, ret);
	json_decref(doc);
	return r;
}

/* ---- groups --------------------------------------------------------------- */

static int render_group(struct dctx *c, const struct org *org, const struct group *g, bool members,
                        json_t **ret)
{
	json_t *j = json_pack("{s:[s], s:s, s:s}", "schemas", SCIM_GROUP_URN, "id", g->id,
	                      "displayName", g->name);
	if (members) {
		struct scim_member *m;
		int n;
		int r = store_scim_group_members(c->db, c->a, org->id, g->id,
		                                 SCIM_GROUP_MEMBERS_MAX, &m, &n);
		if (r < 0) {
			json_decref(j);
			return r;
		}
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "value",
			                                     m[i].id, "display", m[i].display,
			                                     "$ref", location(c, "Users", m[i].id),
			                                     "type", "User"));
		json_object_set_new(j, "members", arr);
	}
	json_object_set_new(j, "meta", meta(c, "Groups", g->id, g->created_at, g->updated_at));
	*ret = j;
	return 0;
}

static int need_groups_read(struct dctx *c, const struct org *org)
{
	return dctx_need(c, org->path, PERM_GROUPS_READ);
}

int scim_group_get(struct dctx *c, const struct org *org, const char *id, bool members,
                   json_t **ret)
{
	struct group g;
	int r = need_groups_read(c, org);
	if (r < 0 || (r = id_valid(id) ? group_get(c, org, id, &g) : -ENOENT) < 0)
		return r;
	return render_group(c, org, &g, members, ret);
}

int scim_group_list(struct dctx *c, const struct org *org, const struct scim_query *q, json_t **ret,
                    int64_t *ret_total)
{
	struct scim_sql *w;
	int r = need_groups_read(c, org);
	if (r < 0 || (r = compile(c, q->filter, &group_schema, &w)) < 0)
		return r;
	if (q->sort_by && *q->sort_by)
		return scim_fail(c, -EINVAL, "invalidValue", "Groups are not sorted (sortBy).");
	char **ids;
	int n;
	if ((r = store_scim_groups(c->db, c->a, org->id, w, q->start_index - 1, q->count, &ids, &n,
	                           ret_total)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *doc;
		if ((r = scim_group_get(c, org, ids[i], q->members, &doc)) < 0) {
			json_decref(arr);
			return r;
		}
		json_array_append_new(arr, doc);
	}
	*ret = arr;
	return 0;
}

/* Puts user_id in group_id (in true) or takes it out, through user_update's
 * groups: the same rules as the API (nobody grants rights it lacks; a user
 * keeps at least one group, End user when none is left). */
static int member_set(struct dctx *c, const struct org *org, const char *group_id,
                      const char *user_id, bool in)
{
	struct user_view v;
	int r = dctx_need(c, org->path, PERM_USERS_WRITE);
	if (r < 0)
		return r;
	if (!user_id || !id_valid(user_id) || load_user(c, org, user_id, &v, NULL) < 0)
		return scim_fail(c, -EINVAL, "invalidValue",
		                 arena_printf(c->a, "members: there is no user '%s' here.",
		                              user_id ? user_id : "(not a string)"));
	json_t *ids = json_array();
	bool has = false;
	for (int i = 0; i < v.n_groups; i++) {
		if (strcmp(v.groups[i].id, group_id) == 0) {
			has = true;
			if (!in)
				continue;
		}
		json_array_append_new(ids, json_string(v.groups[i].id));
	}
	if (has == in) {
		json_decref(ids);
		return 0;
	}
	if (in)
		json_array_append_new(ids, json_string(group_id));
	/* Taken out of its last group, a user falls back to End user (as a
	 * new user starts), but out of End user itself it cannot be: a user
	 * keeps a group (user_update says so). */
	struct group eu;
	if (json_array_size(ids) == 0 && group_find_builtin(c, org, "end_user", &eu) == 0 &&
	    strcmp(eu.id, group_id) != 0)
		json_array_append_new(ids, json_string(eu.id));
	json_t *api = json_pack("{s:o}", "groups", ids);
	struct user u;
	r = user_update(c, org, user_id, api, &u);
	json_decref(api);
	return r;
}

/* The members' ids of value (an array of {"value": id}, or one). */
static int member_ids(struct dctx *c, json_t *value, const char ***ret, int *ret_n)
{
	json_t *one = json_is_object(value) ? value : NULL;
	size_t n = one ? 1 : json_array_size(value);
	if (!one && !json_is_array(value))
		return scim_fail(c, -EINVAL, "invalidValue",
		                 "members takes an array of {\"value\": user id}.");
	const char **ids = arena_alloc(c->a, sizeof(char *) * (n ? n : 1));
	for (size_t i = 0; i < n; i++) {
		json_t *e = one ? one : json_array_get(value, i);
		ids[i] = json_string_value(get_ci(e, "value"));
		if (!ids[i])
			return scim_fail(c, -EINVAL, "invalidValue",
			                 "members takes an array of {\"value\": user id}.");
	}
	*ret = ids;
	*ret_n = (int)n;
	return 0;
}

/* Makes the members of g exactly ids. */
static int members_replace(struct dctx *c, const struct org *org, const struct group *g,
                           const char **ids, int n)
{
	struct scim_member *m;
	int nm;
	int r =
	    store_scim_group_members(c->db, c->a, org->id, g->id, SCIM_GROUP_MEMBERS_MAX, &m, &nm);
	for (int i = 0; r == 0 && i < nm; i++) {
		bool keep = false;
		for (int k = 0; k < n && !keep; k++)
			keep = strcmp(ids[k], m[i].id) == 0;
		if (!keep)
			r = member_set(c, org, g->id, m[i].id, false);
	}
	for (int k = 0; r == 0 && k < n; k++)
		r = member_set(c, org, g->id, ids[k], true);
	return r;
}

static int group_rename(struct dctx *c, const struct org *org, const struct group *g, json_t *name)
{
	int r = dctx_need(c, org->path, PERM_GROUPS_WRITE);
	if (r < 0)
		return r;
	if (!json_is_string(name) || !*json_string_value(name))
		return scim_fail(c, -EINVAL, "invalidValue", "displayName must be a string.");
	json_t *in = json_pack("{s:O}", "name", name);
	struct group out;
	r = group_update(c, org, g->id, in, &out);
	json_decref(in);
	return r;
}

static int load_group(struct dctx *c, const struct org *org, const char *id, struct group *ret)
{
	int r = need_groups_read(c, org);
	if (r < 0 || (r = id_valid(id) ? group_get(c, org, id, ret) : -ENOENT) < 0)
		return r;
	return check_version(c, ret->updated_at);
}

int scim_group_create(struct dctx *c, const struct org *org, json_t *in, json_t **ret)
{
	json_t *name = get_ci(in, "displayName");
	int r = dctx_need(c, org->path, PERM_GROUPS_WRITE);
	if (r < 0)
		return r;
	if (!json_is_string(name) || !*json_string_value(name))
		return scim_fail(c, -EINVAL, "invalidValue", "displayName is required.");
	json_t *api = json_pack("{s:O, s:[]}", "name", name, "permissions");
	struct group g;
	r = group_create(c, org, api, &g);
	json_decref(api);
	const char **ids;
	int n;
	json_t *members = get_ci(in, "members");
	if (r < 0 || (members && (r = member_ids(c, members, &ids, &n)) < 0) ||
	    (members && (r = members_replace(c, org, &g, ids, n)) < 0))
		return r;
	return scim_group_get(c, org, g.id, true, ret);
}

int scim_group_replace(struct dctx *c, const struct org *org, const char *id, json_t *in,
                       json_t **ret)
{
	struct group g;
	int r = load_group(c, org, id, &g);
	if (r < 0)
		return r;
	json_t *name = get_ci(in, "displayName");
	const char *s = json_string_value(name);
	if (name && !(s && strcmp(s, g.name) == 0) && (r = group_rename(c, org, &g, name)) < 0)
		return r;
	/* members left out are left as they are: a user keeps at least one
	 * group, and a group's members are often many */
	const char **ids = NULL;
	int n = 0;
	json_t *members = get_ci(in, "members");
	if (members && ((r = member_ids(c, members, &ids, &n)) < 0 ||
	                (r = members_replace(c, org, &g, ids, n)) < 0))
		return r;
	return scim_group_get(c, org, id, true, ret);
}

/* One operation on a group: its displayName, or its members (add, remove
 * by value path or by a list, replace). */
static int group_op(struct dctx *c, const struct org *org, const struct group *g, const char *op,
                    const char *path, json_t *value)
{
	bool add = strcasecmp(op, "add") == 0, rem = strcasecmp(op, "remove") == 0;
	const char **ids;
	int n, r;
	if (!path || !*path) {
		if (rem || !json_is_object(value))
			return scim_fail(c, -EINVAL, "noTarget",
			                 "A group's operation needs a path.");
		const char *k;
		json_t *v;
		json_object_foreach(value, k, v)
		{
			/* what a client sends back of what it read (Okta: id) */
			if (strcasecmp(k, "id") == 0 || strcasecmp(k, "schemas") == 0 ||
			    strcasecmp(k, "meta") == 0)
				continue;
			if ((r = group_op(c, org, g, op, k, v)) < 0)
				return r;
		}
		return 0;
	}
	const char *urn;
	path = strip_urn(path, &urn);
	if (strcasecmp(path, "displayName") == 0) {
		if (rem)
			return scim_fail(c, -EINVAL, "mutability",
			                 "A group keeps its displayName.");
		return group_rename(c, org, g, value);
	}
	if (strncasecmp(path, "members", 7) != 0)
		return scim_fail(
		    c, -EINVAL, "invalidPath",
		    arena_printf(c->a, "A group has no attribute '%s' to change.", path));
	if (path[7] == '[') {
		/* members[value eq "id"] */
		struct term t[2];
		int nt;
		const char *end = strrchr(path, ']');
		if (!rem || !end || end[1])
			return scim_fail(c, -EINVAL, "invalidPath",
			                 arena_printf(c->a, "path '%s' is not valid here.", path));
		char *f = arena_strndup(c->a, path + 8, (size_t)(end - path - 8));
		if ((r = parse_terms(c, f, t, 2, &nt)) < 0)
			return r;
		bool ok = nt == 1 && strcasecmp(t[0].attr, "value") == 0 &&
		          strcasecmp(t[0].op, "eq") == 0 && json_is_string(t[0].value);
		const char *uid = ok ? arena_strdup(c->a, json_string_value(t[0].value)) : NULL;
		terms_free(t, nt);
		if (!ok)
			return scim_fail(c, -EINVAL, "invalidFilter",
			                 "A member is removed by members[value eq \"<user id>\"].");
		return member_set(c, org, g->id, uid, false);
	}
	if (path[7])
		return scim_fail(c, -EINVAL, "invalidPath",
		                 arena_printf(c->a, "path '%s' is not valid here.", path));
	if (rem && !value) {
		ids = NULL;
		return members_replace(c, org, g, ids, 0);
	}
	if ((r = member_ids(c, value, &ids, &n)) < 0)
		return r;
	if (!add && !rem)
		return members_replace(c, org, g, ids, n);
	for (int i = 0; i < n; i++)
		if ((r = member_set(c, org, g->id, ids[i], add)) < 0)
			return r;
	return 0;
}

int scim_group_patch(struct dctx *c, const struct org *org, const char *id, json_t *in,
                     json_t **ret)
{
	json_t *ops;
	struct group g;
	int r = patch_ops(c, in, &ops);
	if (r < 0 || (r = load_group(c, org, id, &g)) < 0)
		return r;
	size_t i;
	json_t *v;
	json_array_foreach(ops, i, v)
	{
		if ((r = group_op(c, org, &g, json_string_value(get_ci(v, "op")),
		                  json_string_value(get_ci(v, "path")), get_ci(v, "value"))) < 0)
			return r;
		/* a rename gives the group a new version */
		if ((r = group_get(c, org, id, &g)) < 0)
			return r;
	}
	return scim_group_get(c, org, id, true, ret);
}

int scim_group_delete(struct dctx *c, const struct org *org, const char *id)
{
	struct group g;
	int r = dctx_need(c, org->path, PERM_GROUPS_WRITE);
	if (r < 0 || (r = load_group(c, org, id, &g)) < 0)
		return r;
	return group_delete(c, org, id);
}
