/* companies.c (api): the companies (employers) of the address book. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/contacts.h"

#include <sodium.h>
#include <string.h>

/* The ?after= of a page ending with co: its name and id; in a ranked
 * search, the rank's digit before the name (domain/contacts.h). */
static const char *cursor_make(struct ctx *c, const struct company *co, const int *rank)
{
	const char *parts[] = {rank ? arena_printf(c->a, "%d%s", *rank, co->name) : co->name,
	                       co->id};
	return cursor_encode(c->a, &cursor_companies, parts);
}

static int reply_company(struct ctx *c, int status, const struct company *co)
{
	json_t *j = render_company(c, co);
	add_warnings(c, j);
	set_etag(c, co->updated_at);
	if (status == 201)
		reply_header(
		    c, "Location",
		    arena_printf(c->a, "/api/v1/orgs/%s/companies/%s", co->org_id, co->id));
	return reply_json(c, status, j);
}

int companies_list(struct ctx *c)
{
	int limit = query_int(c, "limit"), r;
	const struct cursor *cur = query_cursor(c, "after");
	const char *after = cur ? cur->key : NULL, *q = query(c, "q");
	struct company *items;
	int *ranks, n;
	if ((r = company_list(&c->dc, &c->org, q, after, limit + 1, &items, &ranks, &n)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(arr, render_company(c, &items[i]));
	const char *next =
	    n > limit ? cursor_make(c, &items[limit - 1], ranks ? &ranks[limit - 1] : NULL) : NULL;
	return reply_json(c, 200, render_list(arr, next));
}

int companies_create(struct ctx *c)
{
	struct company co;
	int r = company_create(&c->dc, &c->org, body(c), &co);
	if (r < 0)
		return r;
	return reply_company(c, 201, &co);
}

int companies_get(struct ctx *c)
{
	const char *id;
	struct company co;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = company_get(&c->dc, &c->org, id, &co)) < 0)
		return r;
	return reply_company(c, 200, &co);
}

int companies_patch(struct ctx *c)
{
	const char *id;
	struct company co;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = company_get(&c->dc, &c->org, id, &co)) < 0 ||
	    (r = check_if_match(c, co.updated_at)) < 0 ||
	    (r = company_update(&c->dc, &c->org, id, body(c), &co)) < 0)
		return r;
	return reply_company(c, 200, &co);
}

int companies_delete(struct ctx *c)
{
	const char *id;
	struct company co;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = company_get(&c->dc, &c->org, id, &co)) < 0 ||
	    (r = check_if_match(c, co.updated_at)) < 0 ||
	    (r = company_delete(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
