/* telephony.c (api): a user's telephony document and the routing read model. */
#include "api/handlers.h"
#include "base/arena.h"
#include "domain/telephony.h"

static int reply_tel(struct ctx *c, const struct telephony *t)
{
	set_etag(c, t->t.updated_at);
	return reply_json(c, 200, telephony_json(&c->org, t));
}

int telephony_show(struct ctx *c)
{
	const char *id;
	struct telephony t;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = telephony_get(&c->dc, &c->org, id, &t)) < 0)
		return r;
	return reply_tel(c, &t);
}

int telephony_replace(struct ctx *c)
{
	const char *id;
	struct telephony t;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = telephony_get(&c->dc, &c->org, id, &t)) < 0 ||
	    (r = check_if_match(c, t.t.updated_at)) < 0 ||
	    (r = telephony_put(&c->dc, &c->org, id, body(c), &t)) < 0)
		return r;
	return reply_tel(c, &t);
}

int route_show(struct ctx *c)
{
	json_t *j;
	int r = route_lookup(&c->dc, &c->org, query(c, "number"), query(c, "at"), &j);
	if (r < 0)
		return r;
	return reply_json(c, 200, j);
}

int sip_route_show(struct ctx *c)
{
	json_t *j;
	struct sip_call call = {query(c, "caller"), query(c, "number"), query(c, "trunk"),
	                        query(c, "call_id"), query(c, "from_tag")};
	int r = sip_route(&c->dc, &call, &j);
	if (r < 0)
		return r;
	return reply_json(c, 200, j);
}
