/* orgs.c (api): organizations. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/orgs.h"
#include "domain/password.h"

#include <sodium.h>
#include <string.h>

json_t *render_org(struct ctx *c, const struct org *o)
{
	(void)c;
	json_t *j =
	    json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:o, s:o}", "id", o->id,
	              "parent_id", jstr_or_null(o->parent_id), "kind", o->kind, "name", o->name,
	              "country", o->country, "language", o->language, "timezone", o->timezone,
	              "sip_domain", jstr_or_null(o->sip_domain), "password_policy",
	              password_policy_json(o), "two_factor_required", o->two_factor_required,
	              "created_at", jtime(o->created_at), "updated_at", jtime(o->updated_at));
	json_object_update_new(j, json_pack("{s:i, s:s, s:o, s:s, s:i, s:i}", "extension_length",
	                                    o->ext_length, "extension_prefix", o->ext_prefix,
	                                    "trunk_caller_id", jstr_or_null(o->trunk_number),
	                                    "caller_id_mode", o->caller_id_mode, "retention_days",
	                                    o->retention_days, "call_retention_days",
	                                    o->call_retention_days));
	json_object_update_new(
	    j, json_pack("{s:s, s:o}", "status", o->suspended_at ? "suspended" : "active",
	                 "suspended_at", o->suspended_at ? jtime(o->suspended_at) : json_null()));
	json_object_update_new(j, json_pack("{s:s, s:b, s:s, s:i, s:s}", "scim_deprovision",
	                                    o->scim_deprovision, "scim_invite", o->scim_invite,
	                                    "user_forwarding", o->user_forwarding,
	                                    "voicemail_retention_days", o->voicemail_retention_days,
	                                    "music_on_hold", o->music_on_hold));
	return j;
}

static int reply_org(struct ctx *c, int status, const struct org *o)
{
	json_t *j = render_org(c, o);
	add_warnings(c, j);
	set_etag(c, o->updated_at);
	return reply_json(c, status, j);
}

int orgs_list(struct ctx *c)
{
	/* The cursor is the tree path of the last row. */
	int limit = query_int(c, "limit"), r;
	const struct cursor *after = query_cursor(c, "after");
	struct org *items;
	int n;
	if ((r = org_list(&c->dc, query(c, "q"), after ? after->part[0] : NULL, limit + 1, &items,
	                  &n)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(arr, render_org(c, &items[i]));
	const char *next = NULL;
	if (n > limit)
		next = cursor_encode(c->a, &cursor_orgs, (const char *[]){items[limit - 1].path});
	return reply_json(c, 200, render_list(arr, next));
}

int orgs_create(struct ctx *c)
{
	struct org o;
	int r = org_create(&c->dc, body(c), &o);
	if (r < 0)
		return r;
	reply_header(c, "Location", arena_printf(c->a, "/api/v1/orgs/%s", o.id));
	return reply_org(c, 201, &o);
}

int orgs_get(struct ctx *c)
{
	return reply_org(c, 200, &c->org);
}

int orgs_patch(struct ctx *c)
{
	struct org o;
	int r = check_if_match(c, c->org.updated_at);
	if (r < 0 || (r = org_update(&c->dc, &c->org, body(c), &o)) < 0)
		return r;
	return reply_org(c, 200, &o);
}

int orgs_delete(struct ctx *c)
{
	int r = check_if_match(c, c->org.updated_at);
	if (r == 0)
		r = org_delete(&c->dc, &c->org);
	if (r < 0)
		return r;
	return reply_empty(c, 204);
}

/* POST .../suspend and .../resume: the organization as it now is. */
static int suspension(struct ctx *c, int (*fn)(struct dctx *, const struct org *, struct org *))
{
	struct org o;
	int r = fn(&c->dc, &c->org, &o);
	if (r < 0)
		return r;
	return reply_org(c, 200, &o);
}

int orgs_suspend(struct ctx *c)
{
	return suspension(c, org_suspend);
}

int orgs_resume(struct ctx *c)
{
	return suspension(c, org_resume);
}
