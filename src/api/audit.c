/* audit.c (api): reading the audit trail of an organization. */
#include "api/handlers.h"
#include "base/util.h"

#include <errno.h>
#include <stdlib.h>

json_t *render_audit(struct ctx *c, const struct audit_event *e)
{
	(void)c;
	json_t *changes = json_loads(e->changes ? e->changes : "{}", 0, NULL);
	return json_pack(
	    "{s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", e->id, "org_id",
	    e->org_id, "actor_id", jstr_or_null(e->actor_id), "actor", jstr_or_null(e->actor_label),
	    "object_type", e->object_type, "object_id", e->object_id, "action", e->action,
	    "changes", changes ? changes : json_object(), "request_id", jstr_or_null(e->request_id),
	    "client_addr", jstr_or_null(e->client_addr), "created_at", jtime(e->created_at));
}

int audit_list(struct ctx *c)
{
	int limit, r = query_limit(c, 50, 500, &limit);
	if (r < 0)
		return r;
	const char *object = query(c, "object"), *actor = query(c, "actor"),
	           *after = query(c, "after");
	if (object && !id_valid(object))
		diag_error(&c->d, "object", "invalid", "object must be an id.");
	if (actor && !id_valid(actor))
		diag_error(&c->d, "actor", "invalid", "actor must be an id.");
	if (after && !id_valid(after))
		diag_error(&c->d, "after", "invalid", "after is not a valid cursor.");
	if (c->d.n_errors)
		return -EINVAL;
	struct audit_event *items;
	int n;
	r = store_audit_list(c->db, c->a, c->org.id, object, actor, after, limit + 1, &items, &n);
	if (r < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(arr, render_audit(c, &items[i]));
	return reply_json(c, 200, render_list(arr, n > limit ? items[limit - 1].id : NULL));
}
