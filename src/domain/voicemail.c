/* voicemail.c: voicemail messages (see voicemail.h). */
#include "domain/voicemail.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/jsonval.h"
#include "base/util.h"
#include "domain/session.h"
#include "mail/mail.h"
#include "media/isolate.h"
#include "time/zone.h"
#include "store/store.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Wrong PINs for one box before it is locked for a while. */
#define PIN_FAIL_THRESHOLD 5

static bool digits(const char *s, size_t min, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n < min || n > max)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The organization of a proxy's request, when the proxy's right covers it. */
static int proxy_org(struct dctx *c, const char *org_id, struct org *ret)
{
	int r = id_valid(org_id) ? store_org_get(c->db, c->a, org_id, ret) : -ENOENT;
	if (r == -ENOENT || (r == 0 && !dctx_can(c, ret->path, PERM_SIP_PROXY)))
		return diag_error(c->d, "org_id", "not_found", "No such organization.");
	return r;
}

int vm_deposit(struct dctx *c, const struct vm_deposit *in, struct vm_message *ret)
{
	struct org org;
	char *user_id = NULL, *pin;
	int64_t at = c->now;
	int r = proxy_org(c, in->org_id, &org);
	if (r < 0 && r != -EINVAL)
		return r;
	if (r == 0 && !digits(in->box, 1, 20))
		diag_error(c->d, "box", "invalid", "box is the box's digits.");
	else if (r == 0 &&
	         (r = store_vm_box_user(c->db, c->a, org.id, in->box, &user_id, &pin)) == -ENOENT)
		diag_error(c->d, "box", "not_found", "No user has this voicemail box.");
	else if (r < 0 && r != -EINVAL)
		return r;
	if (in->received_at && time_parse(in->received_at, &at) < 0)
		diag_error(c->d, "received_at", "invalid", "received_at is a moment in RFC 3339.");
	if (in->caller)
		text_check(c->d, "caller", in->caller, strlen(in->caller), 64, false);
	if (in->caller_name)
		text_check(c->d, "caller_name", in->caller_name, strlen(in->caller_name), 100,
		           false);
	if (in->call_id)
		text_check(c->d, "call_id", in->call_id, strlen(in->call_id), 255, false);
	if (in->too_large)
		diag_error_p(c->d, "file", "too_large",
		             DP(DP_INT("max_mb", MEDIA_UPLOAD_MAX >> 20)),
		             "A message is at most %u MiB.", MEDIA_UPLOAD_MAX >> 20);
	else if (!in->data || !in->n)
		diag_error(c->d, "file", "required", "Send the recording.");
	if (c->d->n_errors)
		return -EINVAL;
	/* no transaction is held while the recording is converted */
	if ((r = dctx_end_read(c)) < 0)
		return r;
	struct media_sound s = {0};
	enum media_fail fail = MEDIA_NOT_AUDIO;
	r = media_convert_isolated(in->data, in->n, VM_MAX_SECONDS, &s, &fail);
	int w = dctx_begin_write(c);
	if (r < 0 || w < 0) {
		media_sound_free(&s);
		return r < 0 ? r : w;
	}
	if (fail == MEDIA_TOO_LONG)
		return diag_error_p(c->d, "file", "too_long",
		                    DP(DP_INT("max_seconds", VM_MAX_SECONDS)),
		                    "A message is at most %d seconds long.", VM_MAX_SECONDS);
	if (fail != MEDIA_OK && fail != MEDIA_SILENT)
		return diag_error(c->d, "file", "not_audio",
		                  "The recording is not a sound we can read.");
	/* a silent message is still a message: somebody called */
	char *b64 = b64_text(c->a, s.wav8, s.n8);
	char id[ID_LEN + 1];
	id_new(id);
	struct vm_message m = {.id = arena_strdup(c->a, id),
	                       .org_id = org.id,
	                       .user_id = user_id,
	                       .box = (char *)in->box,
	                       .caller = (char *)in->caller,
	                       .caller_name = (char *)in->caller_name,
	                       .call_id = (char *)in->call_id,
	                       .received_at = at,
	                       .duration_ms = s.duration_ms,
	                       .created_at = c->now};
	media_sound_free(&s);
	if ((r = store_vm_insert(c->db, &m, b64)) < 0)
		return r;
	/* the box's notification address gets it, built at delivery */
	struct user_telephony t;
	r = store_tel_get(c->db, c->a, org.id, user_id, &t);
	if (r < 0 && r != -ENOENT)
		return r;
	if (r == 0 && t.vm_email &&
	    (r = mail_queue_ref(c->db, c->now, MAIL_VOICEMAIL, t.vm_email, user_id, m.id)) < 0)
		return r;
	*ret = m;
	return 0;
}

/* A moment as the organization's clock says it: "2 maart 2027 16:40". */
static char *local_words(struct arena *a, const char *zone, const char *lang, int64_t ms)
{
	static const char *const nl[] = {"januari",   "februari", "maart",    "april",
	                                 "mei",       "juni",     "juli",     "augustus",
	                                 "september", "oktober",  "november", "december"};
	static const char *const en[] = {"January",   "February", "March",    "April",
	                                 "May",       "June",     "July",     "August",
	                                 "September", "October",  "November", "December"};
	struct civil cv;
	if (zone_civil(zone, ms / 1000, &cv) < 0 && zone_civil("UTC", ms / 1000, &cv) < 0)
		return arena_strdup(a, "?");
	bool dutch = lang && strcmp(lang, "nl") == 0;
	return dutch ? arena_printf(a, "%d %s %d om %02d:%02d", cv.day, nl[cv.month - 1], cv.year,
	                            cv.hour, cv.minute)
	             : arena_printf(a, "%d %s %d at %02d:%02d", cv.day, en[cv.month - 1], cv.year,
	                            cv.hour, cv.minute);
}

int vm_mail_prepare(struct dctx *c, const struct outbox_msg *m, struct mail_vars *ret)
{
	struct vm_message v;
	struct user u;
	struct user_telephony t;
	struct org org;
	char *b64;
	int r = m->ref_id ? store_vm_get_any(c->db, c->a, m->ref_id, &v) : -ENOENT;
	if (r < 0 || (r = store_user_get_any(c->db, c->a, v.user_id, &u)) < 0 ||
	    (r = store_tel_get(c->db, c->a, v.org_id, v.user_id, &t)) < 0 ||
	    (r = store_org_get(c->db, c->a, v.org_id, &org)) < 0 ||
	    (r = store_vm_sound(c->db, c->a, v.org_id, v.id, &b64)) < 0)
		return r;
	/* sent while the box still mails this address */
	if (!t.vm_email || strcasecmp(t.vm_email, m->to_addr) != 0 || u.status == USER_DELETED)
		return -ENOENT;
	unsigned char *wav;
	size_t n;
	if (b64_bytes(c->a, b64, &wav, &n) < 0)
		return -EINVAL;
	const char *lang = t.language ? t.language : u.language;
	const char *base =
	    c->cfg && c->cfg->public_url ? c->cfg->public_url : "http://127.0.0.1:8080";
	const char *caller = v.caller_name && v.caller
	                         ? arena_printf(c->a, "%s (%s)", v.caller_name, v.caller)
	                     : v.caller_name ? v.caller_name
	                                     : v.caller;
	*ret = (struct mail_vars){.to = t.vm_email,
	                          .language = lang,
	                          .first_name = u.contact.first_name,
	                          .org_name = org.name,
	                          .link = arena_printf(c->a, "%s/voicemail", base),
	                          .caller = caller,
	                          .received = local_words(c->a, org.timezone, lang, v.received_at),
	                          .seconds = (int)((v.duration_ms + 500) / 1000),
	                          .attachment = wav,
	                          .attachment_n = n};
	return 0;
}

/* ---- the user's own ----------------------------------------------------------- */

static int own(struct dctx *c, const struct org *org, const char *user_id)
{
	if (c->actor && c->actor->user_id && strcmp(c->actor->user_id, user_id) == 0 &&
	    strcmp(c->actor->org_id, org->id) == 0)
		return 0;
	return -ENOENT; /* another's mailbox is not there for you */
}

int vm_list(struct dctx *c, const struct org *org, const char *user_id, const struct cursor *after,
            int limit, struct vm_message **ret, int *ret_n, char **ret_next, int64_t *ret_new)
{
	int n, r = own(c, org, user_id);
	if (r < 0 ||
	    (r = store_vm_list(c->db, c->a, org->id, user_id,
	                       after ? strtoll(after->part[0], NULL, 10) : 0,
	                       after ? after->part[1] : NULL, limit + 1, ret, &n)) < 0 ||
	    (r = store_vm_count_new(c->db, org->id, user_id, ret_new)) < 0)
		return r;
	*ret_next = NULL;
	if (n > limit) {
		const struct vm_message *last = &(*ret)[limit - 1];
		*ret_next = cursor_encode(
		    c->a, &cursor_voicemail,
		    (const char *[]){arena_printf(c->a, "%lld", (long long)last->received_at),
		                     last->id});
		n = limit;
	}
	*ret_n = n;
	return 0;
}

int vm_get(struct dctx *c, const struct org *org, const char *user_id, const char *id,
           struct vm_message *ret)
{
	int r = own(c, org, user_id);
	if (r < 0 || !id_valid(id))
		return -ENOENT;
	return store_vm_get(c->db, c->a, org->id, user_id, id, ret);
}

int vm_sound(struct dctx *c, const struct org *org, const char *user_id, const char *id,
             unsigned char **ret, size_t *ret_n, struct vm_message *ret_m)
{
	char *b64;
	int r = vm_get(c, org, user_id, id, ret_m);
	if (r < 0 || (r = store_vm_sound(c->db, c->a, org->id, id, &b64)) < 0)
		return r;
	return b64_bytes(c->a, b64, ret, ret_n);
}

int vm_update(struct dctx *c, const struct org *org, const char *user_id, const char *id,
              json_t *in, struct vm_message *ret)
{
	static const struct field_spec fields[] = {{"heard", F_BOOL, F_REQUIRED, 0}};
	struct vm_message m;
	int r = vm_get(c, org, user_id, id, &m);
	if (r < 0 || (r = fields_check(c->d, in, fields, 1, true)) < 0)
		return r;
	bool heard = json_is_true(json_object_get(in, "heard"));
	if (heard != (m.heard_at != 0)) {
		m.heard_at = heard ? c->now : 0;
		if ((r = store_vm_set_heard(c->db, org->id, id, m.heard_at)) < 0)
			return r;
	}
	*ret = m;
	return 0;
}

int vm_delete(struct dctx *c, const struct org *org, const char *user_id, const char *id)
{
	struct vm_message m;
	int r = vm_get(c, org, user_id, id, &m);
	return r < 0 ? r : store_vm_delete(c->db, org->id, id);
}

int vm_pin_check(struct dctx *c, const char *org_id, const char *box, const char *pin,
                 int64_t *ret_retry_s)
{
	struct org org;
	char *user_id, *hash;
	int r = proxy_org(c, org_id, &org);
	if (r < 0)
		return r;
	if (!digits(box, 1, 20) ||
	    (r = store_vm_box_user(c->db, c->a, org.id, box, &user_id, &hash)) == -ENOENT)
		return diag_fail(c->d, -ENOENT, "no_such_box", "No user has this voicemail box.");
	if (r < 0)
		return r;
	const char *key = arena_printf(c->a, "vmpin:%s:%s", org.id, box);
	if ((r = throttle_check(c, key, ret_retry_s)) < 0)
		return r;
	if (!pin || !digits(pin, 1, 20))
		return diag_error(c->d, "pin", "invalid", "pin is digits.");
	/* no lock is held while hashing; a box without a PIN opens for none */
	if ((r = dctx_end_read(c)) < 0)
		return r;
	int ok = auth_password_verify(hash ? hash : auth_password_dummy_hash(), pin) == 0 && hash;
	if ((r = dctx_begin_write(c)) < 0)
		return r;
	if (ok)
		return 0;
	if ((r = throttle_fail(c, key, PIN_FAIL_THRESHOLD)) < 0 && r != -EAGAIN)
		return r;
	return diag_fail(c->d, -EACCES, "pin_wrong", "This is not the box's PIN.");
}

int vm_purge_expired(struct dctx *c, int limit, int *ret_n)
{
	int64_t n;
	int r = store_vm_purge(c->db, c->now, limit, &n);
	if (r == 0)
		*ret_n = (int)n;
	return r;
}

json_t *vm_json(const struct vm_message *m)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:b, s:o}", "id", m->id, "user_id",
	                 m->user_id, "box", m->box, "caller", jstr_or_null(m->caller),
	                 "caller_name", jstr_or_null(m->caller_name), "received_at",
	                 jtime(m->received_at), "duration_ms", (json_int_t)m->duration_ms, "heard",
	                 m->heard_at != 0, "heard_at",
	                 m->heard_at ? jtime(m->heard_at) : json_null());
}
