/* users.c (api): users, and making a login for a person of the address book. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/session.h"
#include "domain/users.h"

#include <errno.h>
#include <string.h>

json_t *render_user(struct ctx *c, const struct user_view *v)
{
	const struct user *u = &v->u;
	json_t *j = json_object();
	render_person(c, j, &u->contact);
	fields_json(j, user_fields, user_fields_n, u);
	json_t *own = json_pack(
	    "{s:s, s:s, s:s, s:s, s:o, s:s, s:b, s:o, s:o, s:o, s:o, s:o}", "id", u->id, "org_id",
	    u->org_id, "contact_id", u->contact_id, "email", u->email, "login_name",
	    jstr_or_null(u->login_name), "status", user_status_name(u->status), "password_set",
	    u->password_hash != NULL, "created_at", jtime(u->created_at), "updated_at",
	    jtime(u->updated_at), "last_login_at", jtime(u->last_login_at), "deleted_at",
	    jtime(u->deleted_at), "purge_after", jtime(u->purge_after));
	json_object_update(j, own); /* the login's email over the person's */
	json_decref(own);
	json_t *ga = json_array();
	for (int i = 0; i < v->n_groups; i++)
		json_array_append_new(ga, json_pack("{s:s, s:s, s:o}", "id", v->groups[i].id,
		                                    "name", v->groups[i].name, "builtin",
		                                    jstr_or_null(v->groups[i].builtin)));
	json_object_set_new(j, "groups", ga);
	json_t *ea = json_array();
	for (int i = 0; i < v->n_extensions; i++)
		json_array_append_new(ea, json_string(v->extensions[i]));
	json_object_set_new(j, "extensions", ea);
	json_object_set_new(j, "two_factor",
	                    json_pack("{s:b, s:b}", "enabled", u->two_factor_enabled, "required",
	                              u->two_factor_required));
	return j;
}

/* Answers the user u (just read or changed) with what its JSON shows. */
static int reply_user(struct ctx *c, int status, const struct user *u)
{
	struct user_view v;
	int r = user_view_load(&c->dc, u, &v);
	if (r < 0)
		return r;
	json_t *j = render_user(c, &v);
	add_warnings(c, j);
	set_etag(c, u->updated_at);
	if (status == 201)
		reply_header(c, "Location",
		             arena_printf(c->a, "/api/v1/orgs/%s/users/%s", u->org_id, u->id));
	return reply_json(c, status, j);
}

int users_list(struct ctx *c)
{
	int limit = query_int(c, "limit"), r;
	struct user_filter f = {.status = query(c, "status"),
	                        .q = query(c, "q"),
	                        .two_factor = query(c, "two_factor"),
	                        .after = query_cursor(c, "after")};
	struct user_view *items;
	int n;
	char *next;
	if ((r = user_list(&c->dc, &c->org, &f, limit, &items, &n, &next)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, render_user(c, &items[i]));
	return reply_json(c, 200, render_list(arr, next));
}

int users_create(struct ctx *c)
{
	struct user u;
	int r = user_create(&c->dc, &c->org, body(c), &u);
	if (r < 0)
		return r;
	return reply_user(c, 201, &u);
}

int users_email_check(struct ctx *c)
{
	const char *email = query(c, "email"), *user = query(c, "user");
	int r = user_email_check(&c->dc, &c->org, email, user);
	if (r < 0)
		return r;
	json_t *j = json_pack("{s:s}", "email", str_trim(c->a, email));
	add_warnings(c, j);
	return reply_json(c, 200, j);
}

int contacts_make_user(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0)
		return r;
	struct user u;
	if ((r = user_create_for_contact(&c->dc, &c->org, id, body(c), &u)) < 0)
		return r;
	return reply_user(c, 201, &u);
}

/* A deleted user is still shown, with its purge date, until it is purged:
 * that is what an admin restores it from. */
int users_get(struct ctx *c)
{
	const char *id;
	struct user_view v;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = user_get(&c->dc, &c->org, id, &v)) < 0)
		return r;
	set_etag(c, v.u.updated_at);
	return reply_json(c, 200, render_user(c, &v));
}

int users_patch(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0)
		return r;
	struct user u;
	if ((r = user_update(&c->dc, &c->org, id, body(c), &u)) < 0)
		return r;
	return reply_user(c, 200, &u);
}

int users_delete(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0)
		return r;
	if (query_bool(c, "purge"))
		r = user_purge(&c->dc, &c->org, id, query(c, "confirm"));
	else
		r = user_delete(&c->dc, &c->org, id); /* deleted already: 404 */
	return r < 0 ? r : reply_empty(c, 204);
}

/* POST .../suspend, .../resume and .../restore: the user as it now is. */
static int lifecycle(struct ctx *c,
                     int (*fn)(struct dctx *, const struct org *, const char *, struct user *))
{
	const char *id;
	struct user u;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = fn(&c->dc, &c->org, id, &u)) < 0)
		return r;
	return reply_user(c, 200, &u);
}

int users_suspend(struct ctx *c)
{
	return lifecycle(c, user_suspend);
}

int users_resume(struct ctx *c)
{
	return lifecycle(c, user_resume);
}

int users_restore(struct ctx *c)
{
	return lifecycle(c, user_restore);
}

int users_permissions(struct ctx *c)
{
	const char *id;
	struct user_rights ur;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = user_rights(&c->dc, &c->org, id, &ur)) < 0)
		return r;
	json_t *ga = json_array();
	for (int i = 0; i < ur.n_groups; i++) {
		uint64_t m = 0;
		perm_parse(ur.groups[i].permissions, &m, NULL);
		json_array_append_new(ga,
		                      json_pack("{s:s, s:s, s:o}", "id", ur.groups[i].id, "name",
		                                ur.groups[i].name, "permissions", perm_to_json(m)));
	}
	return reply_json(c, 200,
	                  json_pack("{s:s, s:o, s:o}", "user_id", ur.user_id, "permissions",
	                            perm_to_json(ur.perms), "groups", ga));
}

int users_invite(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0)
		return r;
	if ((r = user_reinvite(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_json(c, 202, json_pack("{s:s}", "detail", "A new invitation is on its way."));
}

int users_end_sessions(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = user_end_sessions(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
