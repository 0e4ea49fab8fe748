/* media.c (api): the media library, its sounds for the portal's player,
 * and for the media server (GET /sip/media/{id}). An upload comes as a
 * raw body (audio/..., application/octet-stream; name and kind in the
 * query), as multipart/form-data (fields name, kind, user_id and file), or
 * as JSON with text to speak. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/media.h"
#include "http/server.h"
#include "media/isolate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	return ct && strncasecmp(ct, want, n) == 0 && (!ct[n] || ct[n] == ';' || ct[n] == ' ');
}

static const struct field_spec speak_fields[] = {
    {"name", F_STRING, 0, 100},
    {"kind", F_STRING, 0, 16},
    {"user_id", F_STRING, F_NULLABLE, 36},
    {"text", F_STRING, F_REQUIRED, MEDIA_TTS_TEXT_MAX},
    {"language", F_STRING, 0, 2},
};

static char *part_text(struct arena *a, const struct http_part *p)
{
	return p->data ? arena_strndup(a, (const char *)p->data, p->n) : arena_strdup(a, "");
}

/* An item with what uses it, and its version as the ETag. */
static int reply_media(struct ctx *c, int status, const struct media *m)
{
	int r;
	json_t *used = media_used_by(&c->dc, &c->org, m->id, &r);
	if (!used)
		return r;
	set_etag(c, m->updated_at);
	return reply_json(c, status, media_json(m, used));
}

int upload_read(struct ctx *c, const char *const *names, const char **values, const void **data,
                size_t *n, struct http_part *parts, int *np)
{
	const char *ct = http_req_header(c->req, "Content-Type");
	*np = 0;
	if (type_is(ct, "multipart/form-data")) {
		int r = http_form_parts(c->req, parts, np);
		if (r < 0)
			return reply_problem(c, 400, "Malformed form",
			                     r == -E2BIG
			                         ? "The form has too many parts."
			                         : "The body is not a multipart/form-data form.");
		for (int i = 0; i < *np; i++) {
			const char *k = parts[i].name;
			bool known = strcmp(k, "file") == 0;
			if (known) {
				*data = parts[i].data;
				*n = parts[i].n;
			}
			for (int f = 0; names[f] && !known; f++)
				if (strcmp(k, names[f]) == 0) {
					known = true;
					values[f] = parts[i].n ? part_text(c->a, &parts[i]) : NULL;
				}
			if (!known)
				diag_error(&c->d, k, "unknown_field", "Unknown field '%s'.", k);
		}
		if (c->d.n_errors) {
			http_parts_free(parts, *np);
			*np = 0;
			return reply_error(c, -EINVAL);
		}
		return 0;
	}
	if (c->req->body_len) {
		if (!ct ||
		    !(strncasecmp(ct, "audio/", 6) == 0 || type_is(ct, "application/octet-stream")))
			return reply_problem(
			    c, 415, "Unsupported media type",
			    "Send the sound as audio/... or application/octet-stream, "
			    "or as multipart/form-data.");
		*data = c->req->body;
		*n = c->req->body_len;
	}
	return 0;
}

int media_create_h(struct ctx *c)
{
	struct media_upload in = {
	    .name = query(c, "name"), .kind = query(c, "kind"), .user_id = query(c, "user_id")};
	struct http_part parts[HTTP_PARTS_MAX];
	int np = 0, r;
	if (c->body) {
		/* text to speak */
		if (fields_check(&c->d, c->body, speak_fields,
		                 sizeof(speak_fields) / sizeof(speak_fields[0]), true) < 0)
			return reply_error(c, -EINVAL);
		const char *v;
		if ((v = field_str(c->a, c->body, "name")))
			in.name = v;
		if ((v = field_str(c->a, c->body, "kind")))
			in.kind = v;
		if (field_has(c->body, "user_id"))
			in.user_id = field_str(c->a, c->body, "user_id");
		in.text = field_str(c->a, c->body, "text");
		if (!in.text)
			in.text = "";
		in.language = field_str(c->a, c->body, "language");
		if (!in.language)
			in.language = c->org.language;
	} else {
		static const char *const names[] = {"name", "kind", "user_id", NULL};
		const char *values[3] = {in.name, in.kind, in.user_id};
		if ((r = upload_read(c, names, values, &in.data, &in.n, parts, &np)) != 0)
			return r;
		in.name = values[0];
		in.kind = values[1];
		in.user_id = values[2];
	}
	in.too_large = !in.text && in.n > MEDIA_UPLOAD_MAX;
	struct media m;
	r = media_create(&c->dc, &c->org, &in, &m);
	http_parts_free(parts, np);
	if (r < 0)
		return r;
	reply_header(c, "Location", arena_printf(c->a, "/api/v1/orgs/%s/media/%s", m.org_id, m.id));
	return reply_media(c, 201, &m);
}

int media_list_h(struct ctx *c)
{
	struct media *items;
	int n, r;
	char *next;
	if ((r = media_list(&c->dc, &c->org, query(c, "user_id"), query_cursor(c, "after"),
	                    query_int(c, "limit"), &items, &n, &next)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *used = media_used_by(&c->dc, &c->org, items[i].id, &r);
		if (!used) {
			json_decref(arr);
			return r;
		}
		json_array_append_new(arr, media_json(&items[i], used));
	}
	return reply_json(c, 200, render_list(arr, next));
}

int media_get_h(struct ctx *c)
{
	const char *id;
	struct media m;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = media_get(&c->dc, &c->org, id, &m)) < 0)
		return r;
	return reply_media(c, 200, &m);
}

int media_patch_h(struct ctx *c)
{
	const char *id;
	struct media m;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = media_update(&c->dc, &c->org, id, body(c), &m)) < 0)
		return r;
	return reply_media(c, 200, &m);
}

int media_delete_h(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = media_delete(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}

/* A WAV file with the ETag tag: 304 to a client that has it. */
int reply_wav(struct ctx *c, const char *tag, unsigned char *wav, size_t n)
{
	reply_header(c, "ETag", tag);
	reply_header(c, "Cache-Control", "private, no-cache");
	const char *inm = http_req_header(c->req, "If-None-Match");
	if (inm && (strcmp(inm, tag) == 0 || strcmp(inm, "*") == 0))
		return reply_empty(c, 304);
	char *body = malloc(n ? n : 1);
	if (!body)
		return -ENOMEM;
	memcpy(body, wav, n);
	reply_text(c, 200, "audio/wav", body);
	c->res->body_len = n; /* binary: not the string length */
	return 200;
}

static int rate_of(struct ctx *c)
{
	const char *r = query(c, "rate");
	return r && strcmp(r, "8000") == 0 ? 8000 : 16000;
}

int media_audio_h(struct ctx *c)
{
	const char *id;
	struct media m;
	unsigned char *wav;
	size_t n;
	int rate = rate_of(c);
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = media_sound(&c->dc, &c->org, id, rate, &m, &wav, &n)) < 0)
		return r;
	return reply_wav(c, arena_printf(c->a, "\"%lld-%d\"", (long long)m.updated_at, rate), wav,
	                 n);
}

/* The media server's fetch: the sound of any organization the proxy's
 * right covers. */
int sip_media_h(struct ctx *c)
{
	const char *id;
	struct media m;
	unsigned char *wav;
	size_t n;
	int rate = rate_of(c);
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = media_sound(&c->dc, NULL, id, rate, &m, &wav, &n)) < 0)
		return r;
	return reply_wav(c, arena_printf(c->a, "\"%lld-%d\"", (long long)m.updated_at, rate), wav,
	                 n);
}
