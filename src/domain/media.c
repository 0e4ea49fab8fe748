/* media.c: the media library (see media.h): rights, checks, the quota,
 * and the sound converted out of process. */
#include "domain/media.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/jsonval.h"
#include "base/util.h"
#include "media/isolate.h"
#include "store/store.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int max_seconds;
} kinds[] = {
    {"greeting", 120},     /* 2 minutes */
    {"hold_music", 900},   /* 15 minutes */
    {"announcement", 300}, /* 5 minutes */
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))
/* The numbers listed as using a sound. */
#define REFS_MAX 50

static int kind_max(const char *k)
{
	for (size_t i = 0; k && i < N_KINDS; i++)
		if (strcmp(kinds[i].name, k) == 0)
			return kinds[i].max_seconds;
	return 0;
}

static const struct field_spec media_fields[] = {
    {"name", F_STRING, 0, 100},
    {"kind", F_STRING, 0, 16},
};

/* ---- rights --------------------------------------------------------------- */

/* The actor is user_id of org, and keeps media of its own. */
static bool own(const struct dctx *c, const struct org *org, const char *user_id)
{
	return c->actor && user_id && strcmp(c->actor->org_id, org->id) == 0 &&
	       strcmp(c->actor->user_id, user_id) == 0 &&
	       (c->actor->perms & PERM_BIT(PERM_MEDIA_OWN));
}

static int may_change(struct dctx *c, const struct org *org, const char *user_id, const char *kind)
{
	if (dctx_can(c, org->path, PERM_TELEPHONY_WRITE) ||
	    (own(c, org, user_id) && str_eq(kind, "greeting")))
		return 0;
	return diag_fail_p(c->d, -EACCES, "right_required", DP(DP_STR("right", "telephony.write")),
	                   user_id ? "This needs the right 'telephony.write', or to be this user "
	                             "with 'media.write_own' (its own greetings)."
	                           : "This needs the right 'telephony.write'.");
}

static int may_read(struct dctx *c, const struct org *org, const struct media *m)
{
	if (dctx_can(c, org->path, PERM_TELEPHONY_READ) || own(c, org, m->user_id))
		return 0;
	return -ENOENT; /* not its own: as if it were not there */
}

/* ---- creating ------------------------------------------------------------- */

static int check_input(struct dctx *c, const struct org *org, const struct media_upload *in)
{
	if (!in->name || !*in->name)
		diag_error(c->d, "name", "required", "Give the sound a name.");
	else
		text_check(c->d, "name", in->name, strlen(in->name), 100, false);
	if (!in->kind)
		diag_error(c->d, "kind", "required",
		           "Say what it is: greeting, hold_music or announcement.");
	else if (!kind_max(in->kind))
		diag_error(c->d, "kind", "invalid",
		           "kind is greeting, hold_music or announcement.");
	if (in->user_id) {
		struct user u;
		int r = id_valid(in->user_id)
		            ? store_user_get(c->db, c->a, org->id, in->user_id, &u)
		            : -ENOENT;
		if (r == -ENOENT || (r == 0 && u.status == USER_DELETED))
			diag_error(c->d, "user_id", "not_found", "No such user here.");
		else if (r < 0)
			return r;
	}
	if (in->text) {
		if (!*in->text)
			diag_error(c->d, "text", "required", "Say the text to speak.");
		else
			text_check(c->d, "text", in->text, strlen(in->text), MEDIA_TTS_TEXT_MAX,
			           true);
		if (!str_eq(in->language, "nl") && !str_eq(in->language, "en"))
			diag_error(c->d, "language", "invalid", "language is nl or en.");
	} else if (in->too_large) {
		diag_error_p(c->d, "file", "too_large",
		             DP(DP_INT("max_mb", MEDIA_UPLOAD_MAX >> 20)),
		             "A sound is at most %u MiB.", MEDIA_UPLOAD_MAX >> 20);
	} else if (!in->data || !in->n) {
		diag_error(c->d, "file", "required",
		           "Send the sound: a WAV, MP3, FLAC or Ogg file.");
	}
	return c->d->n_errors ? -EINVAL : 0;
}

static int quota_check(struct dctx *c, const struct org *org, int64_t more)
{
	int64_t used,
	    quota = c->cfg && c->cfg->media_quota ? c->cfg->media_quota : MEDIA_QUOTA_DEFAULT;
	int r = store_media_usage(c->db, org->id, &used);
	if (r < 0)
		return r;
	if (used + more <= quota)
		return 0;
	return diag_error_p(
	    c->d, "file", "quota_exceeded",
	    DP(DP_INT("quota_mb", (int)(quota >> 20)), DP_INT("used_mb", (int)(used >> 20))),
	    "The organization's media may take %lld MiB; %lld MiB are in use.",
	    (long long)(quota >> 20), (long long)(used >> 20));
}

static int refused(struct dctx *c, enum media_fail f, int max_seconds)
{
	switch (f) {
	case MEDIA_TOO_LONG:
		return diag_error_p(c->d, "file", "too_long",
		                    DP(DP_INT("max_seconds", max_seconds)),
		                    "This kind of sound is at most %d seconds long.", max_seconds);
	case MEDIA_SILENT:
		return diag_error(c->d, "file", "silent",
		                  "The sound is silent all the way through.");
	default:
		return diag_error(c->d, "file", "not_audio",
		                  "This is not a sound we can read: send WAV, MP3, FLAC or Ogg "
		                  "(Vorbis, Opus).");
	}
}

int media_create(struct dctx *c, const struct org *org, const struct media_upload *in,
                 struct media *ret)
{
	int r = may_change(c, org, in->user_id, in->kind ? in->kind : "greeting");
	if (r < 0 || (r = check_input(c, org, in)) < 0 || (r = quota_check(c, org, 0)) < 0)
		return r;
	/* no transaction is held while the sound is made and converted */
	if ((r = dctx_end_read(c)) < 0)
		return r;
	int max = kind_max(in->kind);
	const void *data = in->data;
	size_t n = in->n;
	unsigned char *spoken = NULL;
	if (in->text && (r = media_speak(in->text, in->language, &spoken, &n)) < 0) {
		dctx_begin_write(c);
		return diag_fail(c->d, -EAGAIN, "speech_failed",
		                 "The text could not be spoken (espeak-ng).");
	}
	if (spoken)
		data = spoken;
	struct media_sound s = {0};
	enum media_fail fail = MEDIA_NOT_AUDIO;
	r = media_convert_isolated(data, n, max, &s, &fail);
	free(spoken);
	int w = dctx_begin_write(c);
	if (r < 0 || w < 0) {
		media_sound_free(&s);
		return r < 0 ? r : w;
	}
	if (fail != MEDIA_OK)
		return refused(c, fail, max);
	struct media m = {
	    .org_id = org->id,
	    .user_id = (char *)in->user_id,
	    .name = (char *)in->name,
	    .kind = (char *)in->kind,
	    .format = arena_strdup(c->a, in->text ? "espeak-ng" : s.format),
	    .origin = in->text ? "tts" : "upload",
	    .uploaded_by = c->actor && c->actor->user_id ? c->actor->user_id : NULL,
	    .duration_ms = s.duration_ms,
	    .bytes = (int64_t)(s.n8 + s.n16),
	    .created_at = c->now,
	    .updated_at = c->now,
	};
	char *b8 = b64_text(c->a, s.wav8, s.n8), *b16 = b64_text(c->a, s.wav16, s.n16);
	media_sound_free(&s);
	char id[ID_LEN + 1];
	id_new(id);
	m.id = arena_strdup(c->a, id);
	if ((r = quota_check(c, org, m.bytes)) < 0)
		return r;
	if ((r = store_media_insert(c->db, &m, b8, b16)) < 0) {
		if (r == -EEXIST)
			diag_error(c->d, "name", "taken",
			           "This organization has media of this name.");
		return r;
	}
	r = audit_record(c, org->id, "media", m.id, "create",
	                 json_pack("{s:s, s:s, s:o, s:s, s:I}", "name", m.name, "kind", m.kind,
	                           "user_id", jstr_or_null(m.user_id), "origin", m.origin,
	                           "duration_ms", (json_int_t)m.duration_ms));
	return r < 0 ? r : store_media_get(c->db, c->a, org->id, m.id, ret);
}

/* ---- reading and changing --------------------------------------------------- */

int media_get(struct dctx *c, const struct org *org, const char *id, struct media *ret)
{
	int r = id_valid(id) ? store_media_get(c->db, c->a, org->id, id, ret) : -ENOENT;
	return r < 0 ? r : may_read(c, org, ret);
}

int media_list(struct dctx *c, const struct org *org, const char *user_id,
               const struct cursor *after, int limit, struct media **ret, int *ret_n,
               char **ret_next)
{
	if (!dctx_can(c, org->path, PERM_TELEPHONY_READ)) {
		if (!c->actor || !own(c, org, c->actor->user_id))
			return diag_fail_p(c->d, -EACCES, "right_required",
			                   DP(DP_STR("right", "telephony.read")),
			                   "This needs the right 'telephony.read', or "
			                   "'media.write_own' for your own greetings.");
		user_id = c->actor->user_id; /* its own, whatever it asked */
	}
	int n, r = store_media_list(c->db, c->a, org->id, user_id, after ? after->part[0] : NULL,
	                            limit + 1, ret, &n);
	if (r < 0)
		return r;
	*ret_next = NULL;
	if (n > limit) {
		*ret_next = cursor_encode(c->a, &cursor_media,
		                          (const char *[]){(*ret)[limit - 1].name_norm});
		n = limit;
	}
	*ret_n = n;
	return 0;
}

int media_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                 struct media *ret)
{
	struct media cur, m;
	int r = media_get(c, org, id, &cur);
	if (r < 0 || (r = may_change(c, org, cur.user_id, cur.kind)) < 0 ||
	    (r = version_check(c, cur.updated_at)) < 0)
		return r;
	fields_check(c->d, in, media_fields, sizeof(media_fields) / sizeof(media_fields[0]), false);
	m = cur;
	char *v;
	if (field_has(in, "name") && !diag_has(c->d, "name")) {
		if (!(v = field_str(c->a, in, "name")))
			diag_error(c->d, "name", "required", "name may not be empty.");
		else
			m.name = v;
	}
	if (field_has(in, "kind") && !diag_has(c->d, "kind")) {
		v = field_str(c->a, in, "kind");
		if (!kind_max(v))
			diag_error(c->d, "kind", "invalid",
			           "kind is greeting, hold_music or announcement.");
		else if (m.duration_ms > (int64_t)kind_max(v) * 1000)
			diag_error_p(c->d, "kind", "too_long",
			             DP(DP_INT("max_seconds", kind_max(v))),
			             "A %s is at most %d seconds long.", v, kind_max(v));
		else if (cur.user_id && strcmp(v, "greeting") != 0)
			diag_error(c->d, "kind", "invalid", "A user's own sound is a greeting.");
		else
			m.kind = v;
	}
	if (c->d->n_errors)
		return -EINVAL;
	json_t *ch = json_object();
	if (strcmp(m.name, cur.name) != 0) {
		json_object_set_new(ch, "name", json_string(m.name));
		audit_before(ch, "name", json_string(cur.name));
	}
	if (strcmp(m.kind, cur.kind) != 0) {
		json_object_set_new(ch, "kind", json_string(m.kind));
		audit_before(ch, "kind", json_string(cur.kind));
	}
	if (json_object_size(ch) == 0) {
		json_decref(ch);
		*ret = cur;
		return 0;
	}
	m.updated_at = c->now;
	if ((r = store_media_update(c->db, &m)) < 0) {
		json_decref(ch);
		if (r == -EEXIST)
			diag_error(c->d, "name", "taken",
			           "This organization has media of this name.");
		return r;
	}
	if ((r = audit_record(c, org->id, "media", m.id, "update", ch)) < 0)
		return r;
	return store_media_get(c->db, c->a, org->id, m.id, ret);
}

int media_delete(struct dctx *c, const struct org *org, const char *id)
{
	struct media m;
	int r = media_get(c, org, id, &m);
	if (r < 0 || (r = may_change(c, org, m.user_id, m.kind)) < 0 ||
	    (r = version_check(c, m.updated_at)) < 0)
		return r;
	json_t *used = media_used_by(c, org, id, &r);
	if (!used)
		return r;
	if (json_array_size(used)) {
		char *list = arena_strdup(c->a, "");
		size_t i;
		json_t *u;
		json_array_foreach(used, i, u)
		{
			list = arena_printf(c->a, "%s%s%s", list, *list ? ", " : "",
			                    json_string_value(json_object_get(u, "name")));
		}
		json_decref(used);
		return diag_fail_p(c->d, -ENOTEMPTY, "in_use", DP(DP_STR("used_by", list)),
		                   "This sound is still used by: %s. Change those first.", list);
	}
	json_decref(used);
	if ((r = store_media_delete(c->db, org->id, id)) < 0)
		return r;
	return audit_record(c, org->id, "media", id, "delete",
	                    json_pack("{s:s, s:s}", "name", m.name, "kind", m.kind));
}

int media_sound(struct dctx *c, const struct org *org, const char *id, int rate,
                struct media *ret_m, unsigned char **ret, size_t *ret_n)
{
	char *b64;
	struct org own_org;
	int r = 0;
	if (!org) {
		/* the media server's: the organization the item is of */
		const char *org_id;
		if (!id_valid(id) || (r = store_media_org(c->db, c->a, id, &org_id)) < 0 ||
		    (r = store_org_get(c->db, c->a, org_id, &own_org)) < 0)
			return r < 0 ? r : -ENOENT;
		if (!dctx_can(c, own_org.path, PERM_SIP_PROXY))
			return -ENOENT;
		org = &own_org;
	}
	r = id_valid(id) ? store_media_get(c->db, c->a, org->id, id, ret_m) : -ENOENT;
	if (r < 0 || (org != &own_org && (r = may_read(c, org, ret_m)) < 0) ||
	    (r = store_media_audio(c->db, c->a, org->id, id, rate, &b64)) < 0)
		return r;
	return b64_bytes(c->a, b64, ret, ret_n);
}

int media_check_ref(struct dctx *c, const struct org *org, const char *field, const char *id,
                    const char *kind, const char *owner_user)
{
	struct media m;
	int r = id_valid(id) ? store_media_get(c->db, c->a, org->id, id, &m) : -ENOENT;
	if (r == -ENOENT || (r == 0 && m.user_id && !str_eq(m.user_id, owner_user)))
		return diag_error(c->d, field, "not_found", "No such sound in the media library.");
	if (r < 0)
		return r;
	if (strcmp(m.kind, kind) != 0)
		return diag_error_p(c->d, field, "wrong_kind", DP(DP_STR("kind", kind)),
		                    "This sound is not a %s.", kind);
	return 0;
}

json_t *media_used_by(struct dctx *c, const struct org *org, const char *id, int *ret_err)
{
	struct store_ref *refs;
	int n;
	*ret_err = store_media_refs(c->db, c->a, org->id, id, &refs, &n);
	if (*ret_err < 0)
		return NULL;
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:s}", "type", refs[i].type,
		                                   "id", refs[i].id, "name",
		                                   jstr_or_null(refs[i].number), "as", refs[i].as));
	/* numbers whose destination plays it (their documents name its id) */
	if ((*ret_err = store_refs_to(c->db, c->a, org->id, id, REFS_MAX, &refs, &n)) < 0) {
		json_decref(a);
		return NULL;
	}
	for (int i = 0; i < n; i++)
		if (strcmp(refs[i].type, "number") == 0)
			json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:s}", "type", "number",
			                                   "id", refs[i].id, "name",
			                                   jstr_or_null(refs[i].number), "as",
			                                   "announcement"));
	return a;
}

json_t *media_json(const struct media *m, json_t *used_by)
{
	json_t *j =
	    json_pack("{s:s, s:s, s:o, s:s, s:s, s:I, s:I, s:s, s:s, s:o, s:o, s:o}", "id", m->id,
	              "org_id", m->org_id, "user_id", jstr_or_null(m->user_id), "name", m->name,
	              "kind", m->kind, "duration_ms", (json_int_t)m->duration_ms, "bytes",
	              (json_int_t)m->bytes, "format", m->format, "origin", m->origin, "uploaded_by",
	              m->uploaded_by ? json_pack("{s:s, s:o}", "id", m->uploaded_by, "name",
	                                         jstr_or_null(m->uploaded_by_name))
	                             : json_null(),
	              "created_at", jtime(m->created_at), "updated_at", jtime(m->updated_at));
	if (used_by)
		json_object_set_new(j, "used_by", used_by);
	return j;
}
