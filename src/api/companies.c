/* companies.c (api): the companies (employers) of the address book. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/contacts.h"

#include <sodium.h>
#include <string.h>

#define CURSOR_MAX 1024 /* bytes of an encoded ?after= */

/* The opaque ?after= of a page ending with co: base64url of "name\x1fid". */
static const char *cursor_make(struct ctx *c, const struct company *co)
{
	char *key = arena_printf(c->a, "%s\x1f%s", co->name, co->id);
	return b64url(c->a, (const unsigned char *)key, strlen(key));
}

/* Decodes ?after= into *ret (NULL when absent); 422 naming "after" when it
 * is not a cursor we made. */
static int cursor_read(struct ctx *c, const char **ret)
{
	const char *after = query(c, "after");
	*ret = NULL;
	if (!after)
		return 0;
	size_t n = strlen(after), len = 0;
	char *out = arena_alloc(c->a, n + 1);
	const char *sep = NULL;
	if (n <= CURSOR_MAX &&
	    sodium_base642bin((unsigned char *)out, n, after, n, NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0) {
		out[len] = 0;
		sep = memchr(out, '\x1f', len);
	}
	if (!sep || !id_valid(sep + 1) || !str_valid_text(out, (size_t)(sep - out)))
		return diag_error(&c->d, "after", "invalid", "after is not a valid cursor.");
	*ret = out;
	return 0;
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
	int limit, r = query_limit(c, 50, 200, &limit);
	const char *after, *q = query(c, "q");
	if (r < 0 || (r = cursor_read(c, &after)) < 0)
		return r;
	if (q && strlen(q) > 100)
		return diag_error(&c->d, "q", "too_long", "q is longer than 100 characters.");
	struct company *items;
	int n;
	if ((r = company_list(&c->dc, &c->org, q, after, limit + 1, &items, &n)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(arr, render_company(c, &items[i]));
	const char *next = n > limit ? cursor_make(c, &items[limit - 1]) : NULL;
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
