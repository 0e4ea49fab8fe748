/* telephony.c: a user's destinations, availability, caller ID, voicemail and
 * the rest of its telephony document; the routing read model. */
#include "domain/telephony.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/jsonval.h"
#include "base/util.h"
#include "domain/contacts.h"
#include "domain/destinations.h"
#include "domain/media.h"
#include "domain/orgs.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#define TEL_MAX_DESTINATIONS 30
#define TEL_MAX_FORWARDS 10
#define TEL_MAX_NUMBERS 50
/* Destinations that ring at once with the one the user is reachable on:
 * five in all (seed 002, simultaneous ring). */
#define TEL_MAX_SIMULTANEOUS 4
/* How long the user's destinations ring before the next step: by default,
 * and the range an admin or the user may choose. */
#define TEL_RING_SECONDS 20
#define TEL_RING_MIN 5
#define TEL_RING_MAX 120

static const char *const tel_members[] = {
    "destinations", "availability",      "app_fallback_mobile", "click_to_dial",
    "caller_id",    "reachable_numbers", "voicemail",           "music_on_hold",
    "e911",         "language",          "forwarding",
};
#define N_TEL_MEMBERS (sizeof(tel_members) / sizeof(tel_members[0]))
static const char *const tel_read_only[] = {"user_id", "effective_caller_id", "updated_at"};

/* ---- loading and showing -------------------------------------------------- */

int telephony_load(struct dctx *c, const struct org *org, const char *user_id,
                   struct telephony *ret)
{
	struct telephony t;
	memset(&t, 0, sizeof(t));
	int r = store_user_get(c->db, c->a, org->id, user_id, &t.u);
	if (r < 0)
		return r;
	if (t.u.status == USER_DELETED)
		return -ENOENT;
	r = store_tel_get(c->db, c->a, org->id, user_id, &t.t);
	if (r == -ENOENT) {
		t.t = (struct user_telephony){.user_id = t.u.id, .org_id = org->id};
		t.t.music_on_hold = "default";
		t.t.ring_seconds = TEL_RING_SECONDS;
		t.t.vm_record = true;
	} else if (r < 0) {
		return r;
	}
	if (!t.t.language)
		t.t.language = t.u.language;
	struct sip_account *all;
	int n;
	if ((r = store_sip_list(c->db, c->a, org->id, user_id, NULL, 100, &all, &n)) < 0)
		return r;
	t.accounts = arena_alloc(c->a, sizeof(*t.accounts) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		if (all[i].kind == SIP_DESK || all[i].kind == SIP_APP)
			t.accounts[t.n_accounts++] = all[i];
	if ((r = store_fwd_list(c->db, c->a, user_id, &t.forwards, &t.n_forwards)) < 0 ||
	    (r = store_number_user_list(c->db, c->a, org->id, user_id, &t.numbers, &t.n_numbers)) <
	        0 ||
	    (r = store_sip_caller_list(c->db, c->a, user_id, &t.callers, &t.n_callers)) < 0 ||
	    (r = store_fwd_rules_get(c->db, c->a, org->id, user_id, &t.forwarding)) < 0)
		return r;
	*ret = t;
	return 0;
}

static const struct sip_account *account_of(const struct telephony *t, const char *id)
{
	for (int i = 0; id && i < t->n_accounts; i++)
		if (strcmp(t->accounts[i].id, id) == 0)
			return &t->accounts[i];
	return NULL;
}

static const struct forward_target *forward_of(const struct telephony *t, const char *id)
{
	for (int i = 0; id && i < t->n_forwards; i++)
		if (strcmp(t->forwards[i].id, id) == 0)
			return &t->forwards[i];
	return NULL;
}

static const char *caller_of(const struct telephony *t, const char *account_id)
{
	for (int i = 0; account_id && i < t->n_callers; i++)
		if (strcmp(t->callers[i].sip_account_id, account_id) == 0)
			return t->callers[i].number;
	return NULL;
}

int telephony_simultaneous(const struct telephony *t, const char **ids, int max)
{
	int n = 0;
	const char *p = t->t.simultaneous;
	while (p && *p && n < max) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		for (int i = 0; i < t->n_accounts; i++)
			if (strlen(t->accounts[i].id) == len && !strncmp(t->accounts[i].id, p, len))
				ids[n++] = t->accounts[i].id;
		for (int i = 0; i < t->n_forwards && n < max; i++)
			if (strlen(t->forwards[i].id) == len && !strncmp(t->forwards[i].id, p, len))
				ids[n++] = t->forwards[i].id;
		p = end ? end + 1 : p + len;
	}
	return n;
}

static json_t *simultaneous_json(const struct telephony *t)
{
	const char *ids[TEL_MAX_SIMULTANEOUS];
	int n = telephony_simultaneous(t, ids, TEL_MAX_SIMULTANEOUS);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_string(ids[i]));
	return arr;
}

const char *telephony_effective_caller_id(const struct org *org, const struct telephony *t)
{
	const char *user = t->t.caller_number ? t->t.caller_number : org->trunk_number;
	if (strcmp(org->caller_id_mode, "device") != 0)
		return user;
	/* The phone the user calls from: the click-to-dial account, else the
	 * one it is reachable on. */
	const char *acc = t->t.ctd_account_id ? t->t.ctd_account_id : t->t.destination_id;
	const char *dev = account_of(t, acc) ? caller_of(t, acc) : NULL;
	return dev ? dev : user;
}

json_t *telephony_json(const struct org *org, const struct telephony *t)
{
	json_t *dest = json_array();
	for (int i = 0; i < t->n_accounts; i++) {
		const struct sip_account *s = &t->accounts[i];
		json_array_append_new(
		    dest, json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:o}", "id", s->id, "type",
		                    "sip_account", "kind", sip_kind_name(s->kind), "username",
		                    s->username, "label", jstr_or_null(s->label), "enabled",
		                    s->enabled, "caller_id", jstr_or_null(caller_of(t, s->id))));
	}
	for (int i = 0; i < t->n_forwards; i++) {
		const struct forward_target *f = &t->forwards[i];
		json_array_append_new(dest, json_pack("{s:s, s:s, s:s, s:o}", "id", f->id, "type",
		                                      "forward", "number", f->number, "label",
		                                      jstr_or_null(f->label)));
	}
	json_t *nums = json_array();
	for (int i = 0; i < t->n_numbers; i++)
		json_array_append_new(nums, json_string(t->numbers[i].number));
	const struct user_telephony *s = &t->t;
	json_t *e911 = json_null();
	if (s->e911_street)
		e911 =
		    json_pack("{s:s, s:s, s:s, s:s, s:s}", "street", s->e911_street, "house_number",
		              s->e911_house_number, "postal_code", s->e911_postal_code, "city",
		              s->e911_city, "country", s->e911_country);
	json_t *j = json_pack(
	    "{s:s, s:o, s:{s:b, s:o, s:o, s:i}, s:{s:b, s:o}, s:{s:o, s:b}, s:o, s:o, s:o}",
	    "user_id", t->u.id, "destinations", dest, "availability", "reachable", s->reachable,
	    "destination", jstr_or_null(s->destination_id), "simultaneous", simultaneous_json(t),
	    "ring_seconds", s->ring_seconds, "app_fallback_mobile", "enabled", s->fallback_enabled,
	    "number", jstr_or_null(s->fallback_mobile), "click_to_dial", "account",
	    s->ctd_account_id ? json_string(s->ctd_account_id)
	                      : json_string("same_as_availability"),
	    "auto_answer", s->ctd_auto_answer, "caller_id", jstr_or_null(s->caller_number),
	    "effective_caller_id", jstr_or_null(telephony_effective_caller_id(org, t)),
	    "reachable_numbers", nums);
	json_object_set_new(j, "voicemail",
	                    json_pack("{s:b, s:o, s:o, s:b, s:o, s:b}", "enabled", s->vm_enabled,
	                              "box", jstr_or_null(s->vm_box), "email",
	                              jstr_or_null(s->vm_email), "pin_set", s->vm_pin_hash != NULL,
	                              "greeting_id", jstr_or_null(s->vm_greeting), "record",
	                              s->vm_record));
	json_object_set_new(j, "music_on_hold", json_string(s->music_on_hold));
	json_object_set_new(j, "forwarding", forwarding_json(t->forwarding));
	json_object_set_new(j, "e911", e911);
	json_object_set_new(j, "language", json_string(s->language));
	json_object_set_new(j, "updated_at", jtime(s->updated_at));
	return j;
}

/* ---- rights ------------------------------------------------------------- */

static bool is_self(const struct dctx *c, const char *user_id)
{
	return c->actor && strcmp(c->actor->user_id, user_id) == 0 &&
	       (c->actor->perms & PERM_BIT(PERM_DESTINATION_OWN));
}

int telephony_get(struct dctx *c, const struct org *org, const char *user_id, struct telephony *ret)
{
	if (!dctx_can(c, org->path, PERM_TELEPHONY_READ) && !is_self(c, user_id))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "telephony.read")),
		                   "This needs the right 'telephony.read', or to be this user.");
	return telephony_load(c, org, user_id, ret);
}

/* ---- checking what a client sent ------------------------------------------ */

static bool is_member(const char *k, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(k, set[i]) == 0)
			return true;
	return false;
}

/* A bool member key of obj into *out; a field error when not a bool. */
static void get_bool(struct dctx *c, json_t *obj, const char *prefix, const char *key, bool *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return;
	if (!json_is_boolean(v))
		diag_error(c->d, arena_printf(c->a, "%s.%s", prefix, key), "type",
		           "%s.%s must be true or false.", prefix, key);
	else
		*out = json_is_true(v);
}

/* A string member, trimmed (NULL for null, absent or blank); a field error
 * for another type, or for text that breaks the one string rule of
 * fields_check (text_check: one line, at most max bytes). *present says
 * whether it was given. */
static char *get_str(struct dctx *c, json_t *obj, const char *field, const char *key, size_t max,
                     bool *present)
{
	json_t *v = json_object_get(obj, key);
	if (present)
		*present = v != NULL;
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		diag_error(c->d, field, "type", "%s must be a string.", field);
		return NULL;
	}
	if (text_check(c->d, field, json_string_value(v), json_string_length(v), max, false) < 0)
		return NULL;
	char *t = str_trim(c->a, json_string_value(v));
	return *t ? t : NULL;
}

/* Unknown members of an object member are errors, named prefix.key. */
static void only_keys(struct dctx *c, json_t *obj, const char *prefix, const char *const *keys,
                      size_t n)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		if (!is_member(k, keys, n))
			diag_error(c->d, arena_printf(c->a, "%s.%s", prefix, k), "unknown_field",
			           "Unknown field '%s'.", k);
	}
}

/* One of org's numbers, given in any common format: its record, or a field
 * error. */
static int org_number(struct dctx *c, const struct org *org, const char *field, const char *v,
                      struct number *ret)
{
	char *e164 = phone_normalize(c, field, v, org->country);
	if (!e164)
		return -EINVAL;
	if (store_number_find(c->db, c->a, org->id, e164, ret) < 0)
		return diag_error(c->d, field, "not_found",
		                  "%s is not one of the organization's numbers.", e164);
	return 0;
}

static bool digits(const char *s, size_t lo, size_t hi)
{
	size_t n = strlen(s);
	if (n < lo || n > hi)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* A PIN anyone would try first: one digit repeated, or a run up or down. */
static bool pin_guessable(const char *p)
{
	size_t n = strlen(p);
	bool same = true, up = true, down = true;
	for (size_t i = 1; i < n; i++) {
		same &= p[i] == p[0];
		up &= p[i] == (char)(p[i - 1] + 1);
		down &= p[i] == (char)(p[i - 1] - 1);
	}
	return same || up || down;
}

/* A postal code by the rules of its country, for the emergency services. */
static bool postal_valid(const char *country, const char *code)
{
	static const struct {
		const char *country, *re;
	} rules[] = {
	    {"NL", "^[1-9][0-9]{3} ?[A-Z]{2}$"},
	    {"BE", "^[1-9][0-9]{3}$"},
	    {"DE", "^[0-9]{5}$"},
	    {"FR", "^[0-9]{5}$"},
	    {"US", "^[0-9]{5}(-[0-9]{4})?$"},
	    {"GB", "^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$"},
	};
	const char *re = "^[A-Z0-9][A-Z0-9 -]{1,9}$";
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].country, country) == 0)
			re = rules[i].re;
	regex_t rx;
	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	bool ok = regexec(&rx, code, 0, NULL, 0) == 0;
	regfree(&rx);
	return ok;
}

static void parse_e911(struct dctx *c, const struct org *org, json_t *v, struct user_telephony *s)
{
	if (json_is_null(v)) {
		s->e911_street = s->e911_house_number = s->e911_postal_code = s->e911_city =
		    s->e911_country = NULL;
		return;
	}
	if (!json_is_object(v)) {
		diag_error(c->d, "e911", "type", "e911 is an address object, or null.");
		return;
	}
	static const char *const keys[] = {"street", "house_number", "postal_code", "city",
	                                   "country"};
	only_keys(c, v, "e911", keys, 5);
	char *f[5];
	for (int i = 0; i < 5; i++) {
		const char *field = arena_printf(c->a, "e911.%s", keys[i]);
		f[i] = get_str(c, v, field, keys[i], 100, NULL);
		if (!f[i] && i != 4 && !diag_has(c->d, field))
			diag_error(c->d, field, "required",
			           "Emergency services need the whole address: %s is missing.",
			           keys[i]);
	}
	char *country = f[4] ? str_upper(c->a, f[4]) : (char *)org->country;
	if (strlen(country) != 2 || !isupper((unsigned char)country[0]) ||
	    !isupper((unsigned char)country[1]))
		diag_error(c->d, "e911.country", "invalid",
		           "country is an ISO 3166 code, like NL.");
	else if (f[2] && !postal_valid(country, str_upper(c->a, f[2])))
		diag_error(c->d, "e911.postal_code", "invalid", "%s is not a postal code of %s.",
		           f[2], country);
	if (f[1] && !isdigit((unsigned char)f[1][0]))
		diag_error(c->d, "e911.house_number", "invalid",
		           "house_number starts with a digit, like 12 or 12-A.");
	s->e911_street = f[0];
	s->e911_house_number = f[1];
	s->e911_postal_code = f[2] ? str_upper(c->a, f[2]) : NULL;
	s->e911_city = f[3];
	s->e911_country = country;
	if (s->e911_postal_code && strcmp(country, "NL") == 0 && strlen(s->e911_postal_code) == 6)
		s->e911_postal_code =
		    arena_printf(c->a, "%.4s %s", s->e911_postal_code, s->e911_postal_code + 4);
}

static void parse_voicemail(struct dctx *c, const struct org *org, json_t *v,
                            struct user_telephony *s, bool *pin_changed)
{
	if (!json_is_object(v)) {
		diag_error(c->d, "voicemail", "type", "voicemail is an object.");
		return;
	}
	static const char *const keys[] = {"enabled", "box",         "pin",   "email",
	                                   "pin_set", "greeting_id", "record"};
	only_keys(c, v, "voicemail", keys, 7);
	get_bool(c, v, "voicemail", "record", &s->vm_record);
	json_t *g = json_object_get(v, "greeting_id");
	if (g && json_is_null(g))
		s->vm_greeting = NULL;
	else if (g && !json_is_string(g))
		diag_error(c->d, "voicemail.greeting_id", "type",
		           "greeting_id is a media id, or null.");
	else if (g && !str_eq(json_string_value(g), s->vm_greeting) &&
	         media_check_ref(c, org, "voicemail.greeting_id", json_string_value(g), "greeting",
	                         s->user_id) == 0)
		s->vm_greeting = arena_strdup(c->a, json_string_value(g));
	get_bool(c, v, "voicemail", "enabled", &s->vm_enabled);
	bool given;
	char *box = get_str(c, v, "voicemail.box", "box", 16, &given);
	if (given) {
		if (box && !digits(box, 2, 10))
			diag_error(c->d, "voicemail.box", "invalid", "box is 2 to 10 digits.");
		s->vm_box = box;
	}
	char *email = get_str(c, v, "voicemail.email", "email", 254, &given);
	if (given) {
		if (email && !email_valid(email))
			diag_error(c->d, "voicemail.email", "invalid_email",
			           "email is not a valid address.");
		s->vm_email = email;
	}
	json_t *pin = json_object_get(v, "pin");
	if (pin && json_is_null(pin)) {
		s->vm_pin_hash = NULL;
		*pin_changed = true;
	} else if (pin) {
		const char *p = json_string_value(pin);
		if (!p || !digits(p, 4, 12))
			diag_error(c->d, "voicemail.pin", "invalid", "pin is 4 to 12 digits.");
		else if (pin_guessable(p) || (s->vm_box && strcmp(p, s->vm_box) == 0))
			diag_error(c->d, "voicemail.pin", "weak",
			           "This PIN is among the first anyone would try.");
		else if (auth_password_hash(c->a, p, &s->vm_pin_hash) == 0)
			*pin_changed = true;
	}
	if (s->vm_enabled && !s->vm_pin_hash && !diag_has(c->d, "voicemail.pin"))
		diag_error(c->d, "voicemail.pin", "required",
		           "A voicemail box needs a PIN before it is enabled.");
}

static bool named_before(json_t *arr, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(arr, i));
		if (s && strcmp(s, id) == 0)
			return true;
	}
	return false;
}

/* availability.simultaneous: up to TEL_MAX_SIMULTANEOUS more of the user's
 * own destinations, each once and not the one it is reachable on. */
static void parse_simultaneous(struct dctx *c, struct telephony *t, json_t *v)
{
	struct user_telephony *s = &t->t;
	if (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)) {
		s->simultaneous = NULL;
		return;
	}
	if (!json_is_array(v)) {
		diag_error(c->d, "availability.simultaneous", "type",
		           "simultaneous is a list of destination ids.");
		return;
	}
	if (json_array_size(v) > TEL_MAX_SIMULTANEOUS) {
		diag_error_p(c->d, "availability.simultaneous", "too_many",
		             DP(DP_INT("max", TEL_MAX_SIMULTANEOUS)),
		             "At most %d destinations ring together with the one the user is "
		             "reachable on.",
		             TEL_MAX_SIMULTANEOUS);
		return;
	}
	struct buf b = BUF_INIT;
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e)
	{
		const char *field = arena_printf(c->a, "availability.simultaneous[%zu]", i);
		const char *id = json_string_value(e);
		const struct sip_account *a = id ? account_of(t, id) : NULL;
		if (!id) {
			diag_error(c->d, field, "type", "A destination's id is a string.");
		} else if (!a && !forward_of(t, id)) {
			diag_error(c->d, field, "not_found",
			           "The destination must be one of the user's own destinations.");
		} else if (a && !a->enabled) {
			diag_error(c->d, field, "disabled", "This SIP account is disabled.");
		} else if ((s->destination_id && strcmp(id, s->destination_id) == 0) ||
		           named_before(v, i, id)) {
			diag_error(c->d, field, "duplicate",
			           "Each destination rings once: this one is named already.");
		} else if (buf_printf(&b, "%s%s", b.len ? " " : "", id) < 0) {
			diag_error(c->d, field, "invalid", "Out of memory.");
		}
	}
	s->simultaneous = b.p ? arena_strdup(c->a, b.p) : NULL;
	buf_release(&b);
}

/* Without a new list, the kept one loses the destinations that are gone or
 * became the main one. */
static void keep_simultaneous(struct dctx *c, struct telephony *t)
{
	const char *ids[TEL_MAX_SIMULTANEOUS];
	int n = telephony_simultaneous(t, ids, TEL_MAX_SIMULTANEOUS);
	char *out = NULL;
	for (int i = 0; i < n; i++)
		if (!t->t.destination_id || strcmp(ids[i], t->t.destination_id) != 0)
			out = out ? arena_printf(c->a, "%s %s", out, ids[i])
			          : arena_strdup(c->a, ids[i]);
	t->t.simultaneous = out;
}

/* The new destinations: the user's accounts (their caller IDs may change)
 * and the forward targets, which replace the old ones. */
static void parse_destinations(struct dctx *c, const struct org *org, json_t *v,
                               struct telephony *t, struct sip_caller **ret_callers, int *ret_nc)
{
	if (!json_is_array(v)) {
		diag_error(c->d, "destinations", "type", "destinations is a list.");
		return;
	}
	size_t n = json_array_size(v), i;
	if (n > TEL_MAX_DESTINATIONS) {
		diag_error_p(c->d, "destinations", "too_many",
		             DP(DP_INT("max", TEL_MAX_DESTINATIONS)), "At most %d destinations.",
		             TEL_MAX_DESTINATIONS);
		return;
	}
	struct forward_target *fw = arena_alloc(c->a, sizeof(*fw) * (n ? n : 1));
	struct sip_caller *callers = arena_alloc(c->a, sizeof(*callers) * (n ? n : 1));
	int nf = 0, nc = 0;
	json_t *d;
	json_array_foreach(v, i, d)
	{
		const char *field = arena_printf(c->a, "destinations[%zu]", i);
		const char *type = json_string_value(json_object_get(d, "type"));
		const char *id = json_string_value(json_object_get(d, "id"));
		if (!json_is_object(d) || !type) {
			diag_error(
			    c->d, field, "invalid",
			    "A destination is {\"type\": \"sip_account\" or \"forward\", ...}.");
			continue;
		}
		if (strcmp(type, "sip_account") == 0) {
			const struct sip_account *s = account_of(t, id);
			if (!s) {
				diag_error(c->d, arena_printf(c->a, "%s.id", field), "not_found",
				           "Not one of this user's SIP accounts.");
				continue;
			}
			json_t *cid = json_object_get(d, "caller_id");
			if (!cid)
				continue;
			struct number num;
			const char *cf = arena_printf(c->a, "%s.caller_id", field);
			const char *cv = json_string_value(cid);
			if (json_is_null(cid))
				callers[nc++] = (struct sip_caller){.sip_account_id = s->id};
			else if (!cv)
				diag_error(c->d, cf, "type", "caller_id is a number, or null.");
			else if (org_number(c, org, cf, cv, &num) == 0)
				callers[nc++] = (struct sip_caller){.sip_account_id = s->id,
				                                    .number_id = num.id,
				                                    .number = num.number};
		} else if (strcmp(type, "forward") == 0) {
			if (nf == TEL_MAX_FORWARDS) {
				diag_error_p(c->d, field, "too_many",
				             DP(DP_INT("max", TEL_MAX_FORWARDS)),
				             "At most %d forward targets.", TEL_MAX_FORWARDS);
				continue;
			}
			const char *nfield = arena_printf(c->a, "%s.number", field);
			char *num = get_str(c, d, nfield, "number", 64, NULL);
			char *label = get_str(c, d, arena_printf(c->a, "%s.label", field), "label",
			                      100, NULL);
			if (!num) {
				if (!diag_has(c->d, nfield))
					diag_error(c->d, nfield, "required",
					           "A forward needs a number.");
				continue;
			}
			char *e164 = phone_normalize(c, nfield, num, org->country);
			if (!e164)
				continue;
			const struct forward_target *old = forward_of(t, id);
			char nid[ID_LEN + 1];
			id_new(nid);
			fw[nf++] =
			    (struct forward_target){.id = old ? old->id : arena_strdup(c->a, nid),
			                            .org_id = org->id,
			                            .user_id = t->u.id,
			                            .number = e164,
			                            .label = label,
			                            .created_at = old ? old->created_at : c->now};
		} else {
			diag_error(c->d, arena_printf(c->a, "%s.type", field), "invalid",
			           "type is sip_account or forward.");
		}
	}
	t->forwards = fw;
	t->n_forwards = nf;
	*ret_callers = callers;
	*ret_nc = nc;
}

/* A number the user is reached on (field, as typed): one of the
 * organization's numbers, or any other, which becomes one of them (as POST
 * .../numbers makes it) ringing the user; one that belongs to another
 * organization is -EEXIST. */
static int reachable_number(struct dctx *c, const struct org *org, const char *field, const char *v,
                            struct number *ret)
{
	char *e164 = phone_normalize(c, field, v, org->country);
	if (!e164)
		return -EINVAL;
	int r = store_number_find(c->db, c->a, org->id, e164, ret);
	if (r != -ENOENT)
		return r;
	struct number theirs;
	if ((r = store_number_find_any(c->db, c->a, e164, &theirs)) != -ENOENT) {
		ret->number = e164;
		return r == 0 ? -EEXIST : r; /* another organization's */
	}
	char id[ID_LEN + 1];
	id_new(id);
	*ret = (struct number){.id = arena_strdup(c->a, id),
	                       .org_id = org->id,
	                       .number = e164,
	                       .created_at = c->now,
	                       .updated_at = c->now};
	/* in a savepoint: one taken meanwhile must not abort the transaction
	 * (PostgreSQL would refuse everything after it) */
	if ((r = db_savepoint(c->db, "reachable_number")) < 0)
		return r;
	if ((r = store_number_insert(c->db, ret)) < 0) {
		db_rollback_to(c->db, "reachable_number");
		db_release(c->db, "reachable_number");
		return r; /* -EEXIST: another organization's */
	}
	if ((r = db_release(c->db, "reachable_number")) < 0)
		return r;
	return audit_record(c, org->id, "number", ret->id, "create",
	                    json_pack("{s:s}", "number", e164));
}

/* reachable_numbers: the numbers that ring this user (reachable_number);
 * one that rings someone else (a deleted user too: it is held) is a 409. */
static int parse_numbers(struct dctx *c, const struct org *org, json_t *v, struct telephony *t)
{
	if (!json_is_array(v) || json_array_size(v) > TEL_MAX_NUMBERS)
		return diag_error_p(
		    c->d, "reachable_numbers", "type", DP(DP_INT("max", TEL_MAX_NUMBERS)),
		    "reachable_numbers is a list of at most %d numbers.", TEL_MAX_NUMBERS);
	size_t n = json_array_size(v), i;
	struct number *nums = arena_alloc(c->a, sizeof(*nums) * (n ? n : 1));
	int k = 0, taken = 0;
	json_t *x;
	json_array_foreach(v, i, x)
	{
		const char *field = arena_printf(c->a, "reachable_numbers[%zu]", i);
		const char *s = json_string_value(x);
		struct number num;
		if (!s) {
			diag_error(c->d, field, "type", "A number is text.");
			continue;
		}
		int r = reachable_number(c, org, field, s, &num);
		if (r == -EEXIST) {
			diag_error(c->d, field, "taken_elsewhere",
			           "%s already belongs to another organization.", num.number);
			taken++;
			continue;
		}
		if (r < 0 && r != -EINVAL)
			return r;
		if (r < 0)
			continue;
		if (num.user_id && strcmp(num.user_id, t->u.id) != 0) {
			diag_error(c->d, field, "taken", "%s already rings another user.",
			           num.number);
			taken++;
			continue;
		}
		bool dup = false;
		for (int j = 0; j < k; j++)
			dup |= strcmp(nums[j].id, num.id) == 0;
		if (!dup)
			nums[k++] = num;
	}
	t->numbers = nums;
	t->n_numbers = k;
	return taken && (int)c->d->n_errors == taken ? -EEXIST : 0;
}

/* ---- writing ------------------------------------------------------------ */

/* For a user who may change only its availability and forwarding: every
 * other member sent must be what it is now (a client may send back the
 * whole document). */
static int only_availability(struct dctx *c, json_t *in, json_t *cur)
{
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v)
	{
		if (strcmp(k, "availability") == 0 || strcmp(k, "forwarding") == 0 ||
		    is_member(k, tel_read_only, 3))
			continue;
		/* its box's PIN, and with media.write_own its greeting, too */
		if (strcmp(k, "voicemail") == 0 && json_is_object(v)) {
			bool media = c->actor->perms & PERM_BIT(PERM_MEDIA_OWN);
			const char *vk;
			json_t *vv, *now = json_object_get(cur, k);
			bool same = true;
			json_object_foreach(v, vk, vv)
			{
				same = same && ((media && strcmp(vk, "greeting_id") == 0) ||
				                strcmp(vk, "pin") == 0 ||
				                json_equal(vv, json_object_get(now, vk)));
			}
			if (same)
				continue;
		}
		if (!json_equal(v, json_object_get(cur, k)))
			return diag_fail_p(
			    c->d, -EACCES, "own_availability_only", DP(DP_STR("field", k)),
			    "You may change only your own availability ('%s' needs the "
			    "right 'telephony.write').",
			    k);
	}
	return 0;
}

int telephony_put(struct dctx *c, const struct org *org, const char *user_id, json_t *in,
                  struct telephony *ret)
{
	bool admin = dctx_can(c, org->path, PERM_TELEPHONY_WRITE);
	if (!admin && !is_self(c, user_id))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "telephony.write")),
		                   "This needs the right 'telephony.write', or to be this user.");
	struct telephony cur, t;
	int r = telephony_load(c, org, user_id, &cur);
	if (r < 0 || (r = user_guard(c, user_id)) < 0)
		return r;
	json_t *cur_json = telephony_json(org, &cur);
	if (!admin && (r = only_availability(c, in, cur_json)) < 0) {
		json_decref(cur_json);
		return r;
	}
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v)
	{
		if (!is_member(k, tel_members, N_TEL_MEMBERS) && !is_member(k, tel_read_only, 3))
			diag_error(c->d, k, "unknown_field", "Unknown field '%s'.", k);
	}
	t = cur;
	struct user_telephony *s = &t.t;
	struct sip_caller *callers = NULL;
	int n_callers = 0, numbers_r = 0;
	bool pin_changed = false, numbers_given = false;
	if ((v = json_object_get(in, "destinations")))
		parse_destinations(c, org, v, &t, &callers, &n_callers);
	if ((v = json_object_get(in, "reachable_numbers"))) {
		numbers_given = true;
		numbers_r = parse_numbers(c, org, v, &t);
	}
	/* A destination that is gone cannot be the one the user is reachable on. */
	if (s->destination_id && !account_of(&t, s->destination_id) &&
	    !forward_of(&t, s->destination_id)) {
		s->destination_id = NULL;
		s->reachable = false;
	}
	if ((v = json_object_get(in, "availability"))) {
		static const char *const keys[] = {"reachable", "destination", "simultaneous",
		                                   "ring_seconds"};
		if (!json_is_object(v)) {
			diag_error(c->d, "availability", "type", "availability is an object.");
		} else {
			only_keys(c, v, "availability", keys, 4);
			json_t *rs = json_object_get(v, "ring_seconds");
			if (rs && (!json_is_integer(rs) || json_integer_value(rs) < TEL_RING_MIN ||
			           json_integer_value(rs) > TEL_RING_MAX))
				diag_error_p(
				    c->d, "availability.ring_seconds", "out_of_range",
				    DP(DP_INT("min", TEL_RING_MIN), DP_INT("max", TEL_RING_MAX)),
				    "ring_seconds is a whole number from %d to %d.", TEL_RING_MIN,
				    TEL_RING_MAX);
			else if (rs)
				s->ring_seconds = (int)json_integer_value(rs);
			get_bool(c, v, "availability", "reachable", &s->reachable);
			bool given;
			char *d =
			    get_str(c, v, "availability.destination", "destination", 64, &given);
			if (given)
				s->destination_id = d;
		}
	}
	if (s->destination_id && !diag_has(c->d, "availability.destination")) {
		const struct sip_account *a = account_of(&t, s->destination_id);
		if (!a && !forward_of(&t, s->destination_id))
			diag_error(c->d, "availability.destination", "not_found",
			           "The destination must be one of the user's own destinations.");
		else if (a && !a->enabled && s->reachable)
			diag_error(c->d, "availability.destination", "disabled",
			           "This SIP account is disabled.");
	}
	json_t *avail = json_object_get(in, "availability");
	json_t *sim = json_is_object(avail) ? json_object_get(avail, "simultaneous") : NULL;
	if (sim)
		parse_simultaneous(c, &t, sim);
	else
		keep_simultaneous(c, &t);
	if (s->reachable && !s->destination_id && !diag_has(c->d, "availability.destination"))
		diag_error(c->d, "availability.destination", "required",
		           t.n_accounts + t.n_forwards == 0
		               ? "Add a destination (a SIP account or a forward) first."
		               : "Say which destination the user is reachable on.");
	if ((v = json_object_get(in, "app_fallback_mobile"))) {
		static const char *const keys[] = {"enabled", "number"};
		if (!json_is_object(v)) {
			diag_error(c->d, "app_fallback_mobile", "type",
			           "app_fallback_mobile is an object.");
		} else {
			only_keys(c, v, "app_fallback_mobile", keys, 2);
			get_bool(c, v, "app_fallback_mobile", "enabled", &s->fallback_enabled);
			bool given;
			char *m = get_str(c, v, "app_fallback_mobile.number", "number", 64, &given);
			if (given)
				s->fallback_mobile =
				    m ? phone_normalize(c, "app_fallback_mobile.number", m,
				                        org->country)
				      : NULL;
		}
	}
	if (s->fallback_enabled && !s->fallback_mobile &&
	    !diag_has(c->d, "app_fallback_mobile.number"))
		diag_error(c->d, "app_fallback_mobile.number", "required",
		           "The fallback needs a mobile number.");
	if ((v = json_object_get(in, "click_to_dial"))) {
		static const char *const keys[] = {"account", "auto_answer"};
		if (!json_is_object(v)) {
			diag_error(c->d, "click_to_dial", "type", "click_to_dial is an object.");
		} else {
			only_keys(c, v, "click_to_dial", keys, 2);
			get_bool(c, v, "click_to_dial", "auto_answer", &s->ctd_auto_answer);
			bool given;
			char *a = get_str(c, v, "click_to_dial.account", "account", 64, &given);
			if (given) {
				if (!a || strcmp(a, "same_as_availability") == 0)
					s->ctd_account_id = NULL;
				else if (!account_of(&t, a))
					diag_error(c->d, "click_to_dial.account", "not_found",
					           "account is one of the user's SIP accounts, or "
					           "same_as_availability.");
				else
					s->ctd_account_id = a;
			}
		}
	}
	if (s->ctd_account_id && !account_of(&t, s->ctd_account_id))
		s->ctd_account_id = NULL;
	if ((v = json_object_get(in, "caller_id"))) {
		struct number num;
		if (json_is_null(v))
			s->caller_number_id = s->caller_number = NULL;
		else if (!json_is_string(v))
			diag_error(c->d, "caller_id", "type", "caller_id is a number, or null.");
		else if (org_number(c, org, "caller_id", json_string_value(v), &num) == 0) {
			s->caller_number_id = num.id;
			s->caller_number = num.number;
		}
	}
	if ((v = json_object_get(in, "voicemail")))
		parse_voicemail(c, org, v, s, &pin_changed);
	if ((v = json_object_get(in, "music_on_hold"))) {
		const char *m = json_string_value(v);
		if (m && id_valid(m)) {
			/* the id of hold music of the organization's media library */
			if (str_eq(m, s->music_on_hold) ||
			    media_check_ref(c, org, "music_on_hold", m, "hold_music", NULL) == 0)
				s->music_on_hold = arena_strdup(c->a, m);
		} else if (!m ||
		           !(strcmp(m, "default") == 0 || strcmp(m, "silence") == 0 ||
		             ((strncmp(m, "https://", 8) == 0 || strncmp(m, "http://", 7) == 0) &&
		              strlen(m) <= 500 && !strpbrk(m, " \t\r\n\"<>")))) {
			diag_error(
			    c->d, "music_on_hold", "invalid",
			    "music_on_hold is default, silence, hold music of the media library "
			    "(its id), or the http(s) URL of a stream.");
		} else {
			s->music_on_hold = arena_strdup(c->a, m);
		}
	}
	if ((v = json_object_get(in, "e911")))
		parse_e911(c, org, v, s);
	if ((v = json_object_get(in, "language"))) {
		const char *l = json_string_value(v);
		if (!l || (strcmp(l, "nl") != 0 && strcmp(l, "en") != 0))
			diag_error(c->d, "language", "invalid", "language must be nl or en.");
		else
			s->language = arena_strdup(c->a, l);
	}
	char *fwd_text = t.forwarding;
	/* a user sending its rules back as they are changes nothing (even
	 * where it may not change them) */
	if ((v = json_object_get(in, "forwarding")) &&
	    json_equal(v, json_object_get(cur_json, "forwarding")))
		v = NULL;
	if (v) {
		int err;
		json_t *f = forwarding_check(c, org, v, !admin, &err);
		if (!f && err != -EINVAL) {
			json_decref(cur_json);
			return err;
		}
		char *text = f ? json_dumps(f, JSON_COMPACT) : NULL;
		fwd_text = text ? arena_strdup(c->a, text) : NULL;
		free(text);
		json_decref(f);
	}
	if (c->d->n_errors) {
		json_decref(cur_json);
		return numbers_r == -EEXIST ? -EEXIST : -EINVAL;
	}

	s->updated_at = c->now;
	if ((r = store_tel_put(c->db, s)) < 0 ||
	    (fwd_text != t.forwarding &&
	     (r = store_fwd_rules_put(c->db, org->id, user_id, fwd_text)) < 0) ||
	    (json_object_get(in, "destinations") &&
	     (r = store_fwd_replace(c->db, user_id, t.forwards, t.n_forwards)) < 0)) {
		json_decref(cur_json);
		return r;
	}
	for (int i = 0; i < n_callers; i++)
		if ((r = store_sip_caller_set(c->db, callers[i].sip_account_id,
		                              callers[i].number_id)) < 0) {
			json_decref(cur_json);
			return r;
		}
	if (numbers_given) {
		if ((r = store_number_clear_user(c->db, user_id)) < 0) {
			json_decref(cur_json);
			return r;
		}
		for (int i = 0; i < t.n_numbers; i++)
			if ((r = store_number_set_user(c->db, org->id, t.numbers[i].id, user_id)) <
			    0) {
				json_decref(cur_json);
				return r;
			}
	}
	if ((r = telephony_load(c, org, user_id, ret)) < 0) {
		json_decref(cur_json);
		return r;
	}
	/* The audit trail gets the members that changed (the PIN never: only
	 * that it changed). */
	json_t *now = telephony_json(org, ret), *ch = json_object();
	json_object_foreach(now, k, v)
	{
		if (strcmp(k, "updated_at") != 0 && !json_equal(v, json_object_get(cur_json, k)))
			json_object_set(ch, k, v);
	}
	if (pin_changed)
		json_object_set_new(ch, "voicemail_pin_changed", json_true());
	json_decref(now);
	json_decref(cur_json);
	return audit_record(c, org->id, "telephony", user_id, "update", ch);
}
