/* voicemail.c (api): a user's voicemail messages, and the media server's
 * side: a recorded message posted, a caller's PIN checked. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/voicemail.h"
#include "http/server.h"
#include "media/isolate.h"

#include <errno.h>
#include <string.h>

int sip_voicemail_h(struct ctx *c)
{
	static const char *const names[] = {"org_id",  "box",         "caller", "caller_name",
	                                    "call_id", "received_at", NULL};
	const char *v[6] = {query(c, "org_id"),      query(c, "box"),     query(c, "caller"),
	                    query(c, "caller_name"), query(c, "call_id"), query(c, "received_at")};
	struct vm_deposit in = {0};
	struct http_part parts[HTTP_PARTS_MAX];
	int np = 0, r = upload_read(c, names, v, &in.data, &in.n, parts, &np);
	if (r != 0)
		return r;
	in.org_id = v[0];
	in.box = v[1];
	in.caller = v[2];
	in.caller_name = v[3];
	in.call_id = v[4];
	in.received_at = v[5];
	in.too_large = in.n > MEDIA_UPLOAD_MAX;
	struct vm_message m;
	r = vm_deposit(&c->dc, &in, &m);
	http_parts_free(parts, np);
	if (r < 0)
		return r;
	return reply_json(c, 201, vm_json(&m));
}

int sip_voicemail_pin_h(struct ctx *c)
{
	json_t *b = body(c);
	int64_t retry = 0;
	int r = vm_pin_check(&c->dc, json_string_value(json_object_get(b, "org_id")),
	                     param(c, "box"), json_string_value(json_object_get(b, "pin")), &retry);
	if (r == -EAGAIN) {
		reply_header(c, "Retry-After", arena_printf(c->a, "%lld", (long long)retry));
		return reply_problem(c, 429, "Too many requests",
		                     "Too many wrong PINs for this box; try again later.");
	}
	if (r < 0)
		return r;
	return reply_json(c, 200, json_pack("{s:b}", "valid", 1));
}

int voicemail_list_h(struct ctx *c)
{
	const char *uid;
	struct vm_message *items;
	int n;
	char *next;
	int64_t fresh;
	int r = param_id(c, "id", &uid);
	if (r < 0 || (r = vm_list(&c->dc, &c->org, uid, query_cursor(c, "after"),
	                          query_int(c, "limit"), &items, &n, &next, &fresh)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, vm_json(&items[i]));
	json_t *j = render_list(arr, next);
	json_object_set_new(j, "new_count", json_integer(fresh));
	return reply_json(c, 200, j);
}

static int ids(struct ctx *c, const char **uid, const char **mid)
{
	int r = param_id(c, "id", uid);
	return r < 0 ? r : param_id(c, "mid", mid);
}

int voicemail_audio_h(struct ctx *c)
{
	const char *uid, *mid;
	unsigned char *wav;
	size_t n;
	struct vm_message m;
	int r = ids(c, &uid, &mid);
	if (r < 0 || (r = vm_sound(&c->dc, &c->org, uid, mid, &wav, &n, &m)) < 0)
		return r;
	return reply_wav(c, arena_printf(c->a, "\"%s\"", m.id), wav, n);
}

int voicemail_patch_h(struct ctx *c)
{
	const char *uid, *mid;
	struct vm_message m;
	int r = ids(c, &uid, &mid);
	if (r < 0 || (r = vm_update(&c->dc, &c->org, uid, mid, body(c), &m)) < 0)
		return r;
	return reply_json(c, 200, vm_json(&m));
}

int voicemail_delete_h(struct ctx *c)
{
	const char *uid, *mid;
	int r = ids(c, &uid, &mid);
	if (r < 0 || (r = vm_delete(&c->dc, &c->org, uid, mid)) < 0)
		return r;
	return reply_empty(c, 204);
}
