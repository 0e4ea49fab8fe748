/* audit.c (api): reading the audit trail of an organization. */
#include "api/handlers.h"
#include "base/util.h"

#include <errno.h>
#include <stdlib.h>

json_t *render_audit(struct ctx *c, const struct audit_event *e)
{
	(void)c;
	json_t *changes = json_loads(e->changes ? e->changes : "{}", 0, NULL);
	if (!changes)
		changes = json_object();
	/* what the changed fields were, kept beside the changes (audit_before) */
	json_t *before = json_incref(json_object_get(changes, AUDIT_BEFORE));
	json_object_del(changes, AUDIT_BEFORE);
	return json_pack("{s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
	                 e->id, "org_id", e->org_id, "actor_id", jstr_or_null(e->actor_id), "actor",
	                 jstr_or_null(e->actor_label), "object_type", e->object_type, "object_id",
	                 e->object_id, "action", e->action, "changes", changes, "before",
	                 before ? before : json_object(), "request_id", jstr_or_null(e->request_id),
	                 "client_addr", jstr_or_null(e->client_addr), "created_at",
	                 jtime(e->created_at));
}

int audit_list(struct ctx *c)
{
	struct audit_event *items;
	int n, r;
	const char *next;
	if ((r = audit_events_list(&c->dc, &c->org, query(c, "object"), query(c, "actor"),
	                           query_cursor(c, "after"), query_int(c, "limit"), &items, &n,
	                           &next)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, render_audit(c, &items[i]));
	return reply_json(c, 200, render_list(arr, next));
}
