/* numbers.c (api): an organization's phone numbers (DIDs). */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/numbers.h"
#include "phone/phone.h"

#include <stdio.h>
#include <string.h>

json_t *render_number(struct ctx *c, const struct number *n)
{
	/* as the organization's people write it, for display; stored in E.164 */
	char text[PHONE_TEXT_MAX];
	if (phone_format_national(n->number, c->org.country, text, sizeof(text)) < 0)
		snprintf(text, sizeof(text), "%s", n->number);
	json_t *dest = dest_json(n->destination);
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id", n->id, "org_id",
	                 n->org_id, "number", n->number, "national", text, "label",
	                 jstr_or_null(n->label), "user_id", jstr_or_null(n->user_id), "destination",
	                 dest ? dest : json_null(), "created_at", jtime(n->created_at),
	                 "updated_at", jtime(n->updated_at));
}

static int reply_number(struct ctx *c, int status, const struct number *n)
{
	set_etag(c, n->updated_at);
	if (status == 201)
		reply_header(c, "Location",
		             arena_printf(c->a, "/api/v1/orgs/%s/numbers/%s", n->org_id, n->id));
	return reply_json(c, status, render_number(c, n));
}

int numbers_list(struct ctx *c)
{
	struct number *items;
	int n, r;
	const char *next;
	if ((r = number_list(&c->dc, &c->org, query_cursor(c, "after"), query_int(c, "limit"),
	                     &items, &n, &next)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, render_number(c, &items[i]));
	return reply_json(c, 200, render_list(arr, next));
}

int numbers_create(struct ctx *c)
{
	struct number n;
	int r = number_create(&c->dc, &c->org, body(c), &n);
	if (r < 0)
		return r;
	return reply_number(c, 201, &n);
}

int numbers_get(struct ctx *c)
{
	const char *id;
	struct number n;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = number_get(&c->dc, &c->org, id, &n)) < 0)
		return r;
	return reply_number(c, 200, &n);
}

int numbers_patch(struct ctx *c)
{
	const char *id;
	struct number n;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = number_update(&c->dc, &c->org, id, body(c), &n)) < 0)
		return r;
	return reply_number(c, 200, &n);
}

int numbers_delete(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = number_delete(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
