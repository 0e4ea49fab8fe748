/* api_tokens.c (api): an organization's API tokens. The token text is in
 * the create's answer only. */
#include "api/handlers.h"
#include "base/arena.h"
#include "domain/api_tokens.h"

json_t *render_api_token(struct ctx *c, const struct api_token *t)
{
	(void)c;
	uint64_t m = 0;
	perm_parse(t->permissions, &m, NULL);
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", t->id, "org_id",
	                 t->org_id, "name", t->name, "permissions", perm_to_json(m), "created_at",
	                 jtime(t->created_at), "created_by", jstr_or_null(t->created_by),
	                 "created_by_label", jstr_or_null(t->created_by_label), "expires_at",
	                 jtime(t->expires_at), "last_used_at", jtime(t->last_used_at));
}

int api_tokens_list(struct ctx *c)
{
	struct api_token *items;
	int n, r;
	const char *next;
	if ((r = api_token_list(&c->dc, &c->org, query_cursor(c, "after"), query_int(c, "limit"),
	                        &items, &n, &next)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, render_api_token(c, &items[i]));
	return reply_json(c, 200, render_list(arr, next));
}

int api_tokens_create(struct ctx *c)
{
	struct api_token t;
	char *token;
	int r = api_token_create(&c->dc, &c->org, body(c), &t, &token);
	if (r < 0)
		return r;
	json_t *j = render_api_token(c, &t);
	json_object_set_new(j, "token", json_string(token));
	set_etag(c, t.created_at);
	reply_header(c, "Location",
	             arena_printf(c->a, "/api/v1/orgs/%s/api-tokens/%s", t.org_id, t.id));
	return reply_json(c, 201, j);
}

int api_tokens_get(struct ctx *c)
{
	const char *id;
	struct api_token t;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = api_token_get(&c->dc, &c->org, id, &t)) < 0)
		return r;
	set_etag(c, t.created_at);
	return reply_json(c, 200, render_api_token(c, &t));
}

int api_tokens_delete(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = api_token_delete(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
