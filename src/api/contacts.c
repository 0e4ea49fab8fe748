/* contacts.c (api): the persons of the address book. Making a login for a
 * person (POST .../contacts/{id}/user) lives in users.c. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/contacts.h"

#include <sodium.h>
#include <string.h>

/* The ?after= of a page ending with ct: "last_name first_name" and the id,
 * the store's sort key before lower-casing; in a ranked search, the rank's
 * digit and the sort key (domain/contacts.h). */
static const char *cursor_make(struct ctx *c, const struct contact *ct, const int *rank)
{
	const char *key = rank ? arena_printf(c->a, "%d%s", *rank, ct->sort_name)
	                       : arena_printf(c->a, "%s %s", ct->last_name, ct->first_name);
	const char *parts[] = {key, ct->id};
	return cursor_encode(c->a, &cursor_contacts, parts);
}

static int reply_contact(struct ctx *c, int status, const struct contact *ct)
{
	json_t *j = render_contact(c, ct);
	add_warnings(c, j);
	set_etag(c, ct->updated_at);
	if (status == 201)
		reply_header(c, "Location",
		             arena_printf(c->a, "/api/v1/orgs/%s/contacts/%s", ct->org_id, ct->id));
	return reply_json(c, status, j);
}

int contacts_list(struct ctx *c)
{
	int limit = query_int(c, "limit"), r;
	const struct cursor *cur = query_cursor(c, "after");
	const char *after = cur ? cur->key : NULL, *q = query(c, "q"),
	           *company_id = query(c, "company_id");
	struct contact *items;
	int *ranks, n;
	r = contact_list(&c->dc, &c->org, q, company_id, after, limit + 1, &items, &ranks, &n);
	if (r < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(arr, render_contact(c, &items[i]));
	const char *next =
	    n > limit ? cursor_make(c, &items[limit - 1], ranks ? &ranks[limit - 1] : NULL) : NULL;
	return reply_json(c, 200, render_list(arr, next));
}

int contacts_create(struct ctx *c)
{
	struct contact ct;
	int r = contact_create(&c->dc, &c->org, body(c), &ct);
	if (r < 0)
		return r;
	return reply_contact(c, 201, &ct);
}

int contacts_get(struct ctx *c)
{
	const char *id;
	struct contact ct;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = contact_get(&c->dc, &c->org, id, &ct)) < 0)
		return r;
	return reply_contact(c, 200, &ct);
}

int contacts_patch(struct ctx *c)
{
	const char *id;
	struct contact ct;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = contact_get(&c->dc, &c->org, id, &ct)) < 0 ||
	    (r = check_if_match(c, ct.updated_at)) < 0 ||
	    (r = contact_update(&c->dc, &c->org, id, body(c), &ct)) < 0)
		return r;
	return reply_contact(c, 200, &ct);
}

int contacts_delete(struct ctx *c)
{
	const char *id;
	struct contact ct;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = contact_get(&c->dc, &c->org, id, &ct)) < 0 ||
	    (r = check_if_match(c, ct.updated_at)) < 0 ||
	    (r = contact_delete(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
