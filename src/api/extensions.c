/* extensions.c (api): an organization's internal numbers. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/extensions.h"

#include <errno.h>
#include <string.h>

json_t *render_extension(struct ctx *c, const struct extension *e)
{
	(void)c;
	return json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:o}, s:o}", "id", e->id, "org_id",
	                 e->org_id, "extension", e->number, "owner", "type",
	                 owner_type_name(e->owner_type), "id", e->owner_id, "name",
	                 jstr_or_null(e->owner_name), "created_at", jtime(e->created_at));
}

int extensions_list(struct ctx *c)
{
	struct extension *items;
	int n, r;
	const char *next;
	if ((r = ext_list(&c->dc, &c->org, query(c, "owner_id"), query_cursor(c, "after"),
	                  query_int(c, "limit"), &items, &n, &next)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, render_extension(c, &items[i]));
	return reply_json(c, 200, render_list(arr, next));
}

int extensions_next(struct ctx *c)
{
	char *next;
	int r = ext_next_free(&c->dc, &c->org, &next);
	if (r == -ERANGE)
		return diag_fail(&c->d, -ENOENT, "extensions_exhausted",
		                 "Every extension of this organization is taken.");
	if (r < 0)
		return r;
	return reply_json(c, 200,
	                  json_pack("{s:s, s:{s:i, s:s}}", "extension", next, "rule", "length",
	                            c->org.ext_length, "prefix", c->org.ext_prefix));
}

int extensions_create(struct ctx *c)
{
	struct extension e;
	int r = ext_create(&c->dc, &c->org, body(c), &e);
	if (r < 0)
		return r;
	reply_header(c, "Location",
	             arena_printf(c->a, "/api/v1/orgs/%s/extensions/%s", e.org_id, e.id));
	return reply_json(c, 201, render_extension(c, &e));
}

int extensions_get(struct ctx *c)
{
	const char *id;
	struct extension e;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = ext_get(&c->dc, &c->org, id, &e)) < 0)
		return r;
	return reply_json(c, 200, render_extension(c, &e));
}

int extensions_delete(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = ext_delete(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
