/* groups.c (api): the permission catalogue and permission groups. */
#include "api/handlers.h"
#include "base/arena.h"
#include "domain/orgs.h"

json_t *render_group(struct ctx *c, const struct group *g)
{
	(void)c;
	uint64_t m = 0;
	perm_parse(g->permissions, &m, NULL);
	const struct builtin_group *b = builtin_group_find(g->builtin);
	json_t *j = json_pack(
	    "{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:I, s:o, s:o}", "id", g->id, "org_id", g->org_id,
	    "builtin", jstr_or_null(g->builtin), "name", g->name, "name_nl",
	    b ? json_string(b->name_nl) : json_null(), "description", jstr_or_null(g->description),
	    "permissions", perm_to_json(m), "member_count", (json_int_t)g->member_count,
	    "created_at", jtime(g->created_at), "updated_at", jtime(g->updated_at));
	json_object_set_new(j, "two_factor_required", json_boolean(g->two_factor_required));
	return j;
}

static int reply_group(struct ctx *c, int status, const struct group *g)
{
	set_etag(c, g->updated_at);
	return reply_json(c, status, render_group(c, g));
}

int groups_catalogue(struct ctx *c)
{
	json_t *arr = json_array();
	for (int i = 0; i < PERM__COUNT; i++)
		json_array_append_new(
		    arr, json_pack("{s:s, s:s, s:s}", "name", perm_catalogue[i].name, "description",
		                   perm_catalogue[i].description_en, "description_nl",
		                   perm_catalogue[i].description_nl));
	return reply_json(c, 200, render_list(arr, NULL));
}

int groups_list(struct ctx *c)
{
	struct group *gs;
	int n, r = group_list(&c->dc, &c->org, &gs, &n);
	if (r < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, render_group(c, &gs[i]));
	return reply_json(c, 200, render_list(arr, NULL));
}

int groups_create(struct ctx *c)
{
	struct group g;
	int r = group_create(&c->dc, &c->org, body(c), &g);
	if (r < 0)
		return r;
	reply_header(c, "Location",
	             arena_printf(c->a, "/api/v1/orgs/%s/groups/%s", c->org.id, g.id));
	return reply_group(c, 201, &g);
}

int groups_get(struct ctx *c)
{
	const char *id;
	struct group g;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = group_get(&c->dc, &c->org, id, &g)) < 0)
		return r;
	return reply_group(c, 200, &g);
}

int groups_patch(struct ctx *c)
{
	const char *id;
	struct group g;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = group_update(&c->dc, &c->org, id, body(c), &g)) < 0)
		return r;
	return reply_group(c, 200, &g);
}

int groups_delete(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = group_delete(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
