/* hunt_groups.c (api): hunt groups and ACD queues. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/hunt_groups.h"

#include <sodium.h>
#include <string.h>

json_t *render_hunt_group(struct ctx *c, const struct hunt_group *g)
{
	(void)c;
	json_t *m = json_array();
	for (int i = 0; i < g->n_members; i++)
		json_array_append_new(m, json_pack("{s:s, s:s, s:o}", "type", g->members[i].type,
		                                   "id", g->members[i].id, "name",
		                                   jstr_or_null(g->members[i].name)));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o}", "id", g->id,
	                 "org_id", g->org_id, "name", g->name, "kind", g->kind, "strategy",
	                 g->strategy, "ring_seconds", g->ring_seconds, "extension",
	                 jstr_or_null(g->extension), "members", m, "created_at",
	                 jtime(g->created_at), "updated_at", jtime(g->updated_at));
}

static int reply_hunt(struct ctx *c, int status, const struct hunt_group *g)
{
	set_etag(c, g->updated_at);
	if (status == 201)
		reply_header(
		    c, "Location",
		    arena_printf(c->a, "/api/v1/orgs/%s/hunt-groups/%s", g->org_id, g->id));
	return reply_json(c, status, render_hunt_group(c, g));
}

int hunt_groups_list(struct ctx *c)
{
	struct hunt_group *items;
	int n, r;
	char *next;
	if ((r = hunt_list(&c->dc, &c->org, query_cursor(c, "after"), query_int(c, "limit"), &items,
	                   &n, &next)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, render_hunt_group(c, &items[i]));
	return reply_json(c, 200, render_list(arr, next));
}

int hunt_groups_create(struct ctx *c)
{
	struct hunt_group g;
	int r = hunt_create(&c->dc, &c->org, body(c), &g);
	if (r < 0)
		return r;
	return reply_hunt(c, 201, &g);
}

int hunt_groups_get(struct ctx *c)
{
	const char *id;
	struct hunt_group g;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = hunt_get(&c->dc, &c->org, id, &g)) < 0)
		return r;
	return reply_hunt(c, 200, &g);
}

int hunt_groups_patch(struct ctx *c)
{
	const char *id;
	struct hunt_group g;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = hunt_update(&c->dc, &c->org, id, body(c), &g)) < 0)
		return r;
	return reply_hunt(c, 200, &g);
}

int hunt_groups_delete(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = hunt_delete(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
