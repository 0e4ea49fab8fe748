/* common.c: rights checks, input checking and the audit trail. */
#include "domain/domain.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/util.h"
#include "phone/phone.h"
#include "store/store.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool dctx_sees(const struct dctx *c, const char *org_path)
{
	if (!c->actor)
		return true;
	if (!org_path)
		return false;
	size_t n = strlen(c->actor->org_path);
	return strncmp(org_path, c->actor->org_path, n) == 0;
}

int dctx_need(struct dctx *c, const char *org_path, enum perm p)
{
	if (dctx_can(c, org_path, p))
		return 0;
	return diag_fail_p(c->d, -EACCES, "right_required",
	                   DP(DP_STR("right", perm_catalogue[p].name)),
	                   "This needs the right '%s'.", perm_catalogue[p].name);
}

bool dctx_can(const struct dctx *c, const char *org_path, enum perm p)
{
	if (!c->actor)
		return true;
	return dctx_sees(c, org_path) && (c->actor->perms & PERM_BIT(p));
}

int version_check(struct dctx *c, int64_t version)
{
	const char *h = c->if_match;
	if (!h || strcmp(h, "*") == 0)
		return 0;
	char *want = arena_printf(c->a, "\"%lld\"", (long long)version);
	/* a list of tags may be given; any may match (weak tags compare too) */
	for (const char *p = h; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		size_t n = strcspn(p, ",");
		while (n && p[n - 1] == ' ')
			n--;
		if (n == strlen(want) && strncmp(p, want, n) == 0)
			return 0;
		p += strcspn(p, ",");
	}
	return diag_fail_p(c->d, -ESTALE, "stale", DP(DP_STR("etag", want)),
	                   "The object changed since you read it: read it again (its ETag is %s).",
	                   want);
}

int audit_events_list(struct dctx *c, const struct org *org, const char *object, const char *actor,
                      const struct cursor *after, int limit, struct audit_event **ret, int *ret_n,
                      const char **ret_next)
{
	/* The cursor is the last event's id. */
	int n, r = store_audit_list(c->db, c->a, org->id, object, actor,
	                            after ? after->part[0] : NULL, limit + 1, ret, &n);
	if (r < 0)
		return r;
	*ret_next = n > limit
	                ? cursor_encode(c->a, &cursor_audit, (const char *[]){(*ret)[limit - 1].id})
	                : NULL;
	*ret_n = n > limit ? limit : n;
	return 0;
}

static const char *type_name(enum field_type t)
{
	switch (t) {
	case F_STRING:
		return "a string";
	case F_BOOL:
		return "true or false";
	case F_INT:
		return "a whole number";
	case F_ARRAY:
		return "a list";
	case F_OBJECT:
		return "an object";
	default:
		return "a value";
	}
}

static bool type_ok(enum field_type t, json_t *v)
{
	switch (t) {
	case F_STRING:
		return json_is_string(v);
	case F_BOOL:
		return json_is_boolean(v);
	case F_INT:
		return json_is_integer(v);
	case F_ARRAY:
		return json_is_array(v);
	case F_OBJECT:
		return json_is_object(v);
	default:
		return true;
	}
}

int text_check(struct diag *d, const char *field, const char *s, size_t len, size_t max,
               bool multiline)
{
	/* One-line text (names, labels, titles) goes into mail headers, CSV
	 * cells and log lines: no control character at all. */
	if (!(multiline ? str_valid_text(s, len) : str_valid_line(s, len)))
		return diag_error(d, field, "invalid_text",
		                  multiline
		                      ? "%s contains characters that are not allowed."
		                      : "%s may not contain line breaks, tabs or other control "
		                        "characters.",
		                  field);
	if (len > max)
		return diag_error_p(d, field, "too_long", DP(DP_INT("max", max)),
		                    "%s is longer than %zu characters.", field, max);
	return 0;
}

int fields_check(struct diag *d, json_t *in, const struct field_spec *specs, size_t n,
                 bool creating)
{
	size_t before = d->n_errors;
	const char *key;
	json_t *v;
	json_object_foreach(in, key, v)
	{
		const struct field_spec *f = NULL;
		for (size_t i = 0; i < n; i++)
			if (strcmp(specs[i].name, key) == 0)
				f = &specs[i];
		if (!f) {
			diag_error(d, arena_strdup(d->a, key), "unknown_field",
			           "Unknown field '%s'.", key);
			continue;
		}
		if (f->flags & F_READONLY)
			continue;
		if (json_is_null(v)) {
			if (!(f->flags & F_NULLABLE) && !(f->flags & F_REQUIRED) &&
			    f->type == F_STRING)
				continue; /* null clears an optional string */
			if (!(f->flags & F_NULLABLE))
				diag_error(d, f->name, "required", "%s may not be empty.", f->name);
			continue;
		}
		if (!type_ok(f->type, v)) {
			diag_error(d, f->name, "type", "%s must be %s.", f->name,
			           type_name(f->type));
			continue;
		}
		if (f->type != F_STRING)
			continue;
		const char *s = json_string_value(v);
		size_t len = json_string_length(v), max = f->max_len ? f->max_len : 200;
		if (text_check(d, f->name, s, len, max, f->flags & (F_MULTILINE | F_NO_TRIM)) < 0)
			continue;
		char *t = (f->flags & F_NO_TRIM) ? arena_strdup(d->a, s) : str_trim(d->a, s);
		if ((f->flags & F_REQUIRED) && !*t) {
			diag_error(d, f->name, "required", "%s is required.", f->name);
			continue;
		}
		if ((f->flags & F_EMAIL) && *t && !email_valid(t))
			diag_error(d, f->name, "invalid_email", "%s is not a valid email address.",
			           f->name);
		if ((f->flags & F_LANGUAGE) && *t && strcmp(t, "nl") && strcmp(t, "en"))
			diag_error(d, f->name, "invalid", "%s must be nl or en.", f->name);
		if ((f->flags & F_TIMEZONE) && *t && !timezone_valid(t))
			diag_error(d, f->name, "invalid",
			           "%s must be an IANA time zone, like Europe/Amsterdam.", f->name);
	}
	if (creating)
		for (size_t i = 0; i < n; i++)
			if ((specs[i].flags & F_REQUIRED) && !json_object_get(in, specs[i].name) &&
			    !diag_has(d, specs[i].name))
				diag_error(d, specs[i].name, "required", "%s is required.",
				           specs[i].name);
	return d->n_errors > before ? -EINVAL : 0;
}

char *field_str(struct arena *a, json_t *in, const char *key)
{
	json_t *v = json_object_get(in, key);
	if (!json_is_string(v))
		return NULL;
	char *t = str_trim(a, json_string_value(v));
	return *t ? t : NULL;
}

bool field_has(json_t *in, const char *key)
{
	return json_object_get(in, key) != NULL;
}

char *phone_normalize(struct dctx *c, const char *field, const char *v, const char *country)
{
	char e164[PHONE_E164_MAX];
	if (phone_to_e164(v, country, e164) < 0) {
		diag_error(c->d, field, "invalid_phone",
		           "%s is not a valid phone number: give it as dialled in %s (such as 020 "
		           "123 4567) or with its country code (such as +31 20 123 4567).",
		           field, country ? country : "the organization's country");
		return NULL;
	}
	return arena_strdup(c->a, e164);
}

static void *member(void *rec, const struct field *f)
{
	return (char *)rec + f->off;
}

static const void *cmember(const void *rec, const struct field *f)
{
	return (const char *)rec + f->off;
}

int fields_apply(struct dctx *c, json_t *in, const struct field *f, size_t n, void *rec,
                 const char *country)
{
	size_t before = c->d->n_errors;
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(in, f[i].name);
		if (!v || (f[i].flags & F_READONLY) || diag_has(c->d, f[i].name))
			continue;
		void *m = member(rec, &f[i]);
		switch (f[i].kind) {
		case FK_TEXT: {
			char *t = field_str(c->a, in, f[i].name);
			if (!t && !(f[i].flags & F_NULLABLE))
				continue; /* null or empty leaves a field that must be set alone */
			if (t && (f[i].flags & F_PHONE) &&
			    !(t = phone_normalize(c, f[i].name, t, country)))
				continue;
			*(char **)m = t;
			break;
		}
		case FK_BOOL:
			*(bool *)m = json_is_true(v);
			break;
		case FK_INT:
			*(int *)m = (int)json_integer_value(v);
			break;
		}
	}
	return c->d->n_errors > before ? -EINVAL : 0;
}

/* The value of field f of rec as JSON (null for a NULL text). */
static json_t *field_json(const struct field *f, const void *rec)
{
	const void *m = cmember(rec, f);
	switch (f->kind) {
	case FK_TEXT:
		return *(char *const *)m ? json_string(*(char *const *)m) : json_null();
	case FK_BOOL:
		return json_boolean(*(const bool *)m);
	case FK_INT:
		return json_integer(*(const int *)m);
	}
	return json_null();
}

static bool field_equal(const struct field *f, const void *a, const void *b)
{
	const void *x = cmember(a, f), *y = cmember(b, f);
	switch (f->kind) {
	case FK_TEXT:
		return str_eq(*(char *const *)x, *(char *const *)y);
	case FK_BOOL:
		return *(const bool *)x == *(const bool *)y;
	case FK_INT:
		return *(const int *)x == *(const int *)y;
	}
	return true;
}

static bool field_set(const struct field *f, const void *rec)
{
	const void *m = cmember(rec, f);
	switch (f->kind) {
	case FK_TEXT:
		return *(char *const *)m != NULL;
	case FK_BOOL:
		return *(const bool *)m;
	case FK_INT:
		return *(const int *)m != 0;
	}
	return false;
}

void fields_json(json_t *j, const struct field *f, size_t n, const void *rec)
{
	for (size_t i = 0; i < n; i++)
		json_object_set_new(j, f[i].name, field_json(&f[i], rec));
}

void audit_before(json_t *ch, const char *name, json_t *old)
{
	json_t *b = json_object_get(ch, AUDIT_BEFORE);
	if (!b) {
		b = json_object();
		json_object_set_new(ch, AUDIT_BEFORE, b);
	}
	json_object_set_new(b, name, old ? old : json_null());
}

void fields_diff(json_t *ch, const struct field *f, size_t n, const void *a, const void *b)
{
	for (size_t i = 0; i < n; i++)
		if (a ? !field_equal(&f[i], a, b) : field_set(&f[i], b)) {
			json_object_set_new(ch, f[i].name, field_json(&f[i], b));
			if (a)
				audit_before(ch, f[i].name, field_json(&f[i], a));
		}
}

void fields_copy(struct arena *a, const struct field *f, size_t n, void *dst, const void *src)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].kind == FK_TEXT)
			*(char **)member(dst, &f[i]) =
			    arena_strdup(a, *(char *const *)cmember(src, &f[i]));
}

struct field_spec *fields_specs(struct arena *a, const struct field *f, size_t n, unsigned mask,
                                size_t *ret_n)
{
	static const enum field_type types[] = {
	    [FK_TEXT] = F_STRING, [FK_BOOL] = F_BOOL, [FK_INT] = F_INT};
	struct field_spec *out = arena_alloc(a, sizeof(*out) * (n ? n : 1));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if ((f[i].flags & mask) == mask)
			out[k++] = (struct field_spec){f[i].name, types[f[i].kind], f[i].flags,
			                               f[i].max_len};
	*ret_n = k;
	return out;
}

bool field_bool(json_t *in, const char *key, bool dflt)
{
	json_t *v = json_object_get(in, key);
	return json_is_boolean(v) ? json_is_true(v) : dflt;
}

bool email_valid(const char *s)
{
	if (!s)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || !dot[1] || dot[-1] == '.')
		return false;
	/* Nothing the mailer refuses in an address (mail/mail.c addr_ok): an
	 * address accepted here must be one an invitation can be sent to. */
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == ' ' || *p == ',' || *p == ';' ||
		    *p == ':' || *p == '<' || *p == '>' || *p == '"' || *p == '(' || *p == ')' ||
		    *p == '[' || *p == ']' || *p == '\\')
			return false;
	return strlen(s) <= 254;
}

char *email_norm(struct arena *a, const char *s)
{
	return str_lower(a, str_trim(a, s));
}

bool email_is_role(const char *s)
{
	static const char *roles[] = {
	    "info",     "admin",   "administrator", "sales",         "support",   "office",
	    "contact",  "hello",   "mail",          "post",          "team",      "billing",
	    "finance",  "hr",      "noreply",       "no-reply",      "webmaster", "service",
	    "receptie", "kantoor", "verkoop",       "administratie", "helpdesk",  "reception"};
	const char *at = s ? strchr(s, '@') : NULL;
	if (!at)
		return false;
	size_t n = (size_t)(at - s);
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strlen(roles[i]) == n && strncasecmp(s, roles[i], n) == 0)
			return true;
	return false;
}

const char *audit_actor_label(struct dctx *c)
{
	if (!c->actor)
		return "system";
	if (c->actor->token_name)
		return arena_printf(c->a, "token '%s'", c->actor->token_name);
	return c->actor->email;
}

int audit_record(struct dctx *c, const char *org_id, const char *object_type, const char *object_id,
                 const char *action, json_t *changes)
{
	char id[ID_LEN + 1];
	id_new(id);
	json_t *ch = changes ? changes : json_object();
	char *text = json_dumps(ch, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(ch);
	struct audit_event e = {
	    .id = id,
	    .org_id = (char *)org_id,
	    .actor_id = c->actor ? c->actor->user_id : NULL,
	    .actor_label = (char *)audit_actor_label(c),
	    .object_type = (char *)object_type,
	    .object_id = (char *)object_id,
	    .action = (char *)action,
	    .changes = text ? arena_strdup(c->a, text) : "{}",
	    .request_id = (char *)c->request_id,
	    .client_addr = (char *)c->client_addr,
	    .created_at = c->now,
	};
	free(text);
	return store_audit_insert(c->db, &e);
}

int dctx_end_read(struct dctx *c)
{
	return c->split ? c->split->end_read(c->split->cls) : 0;
}

int dctx_begin_write(struct dctx *c)
{
	return c->split ? c->split->begin_write(c->split->cls) : 0;
}

bool members_only(struct dctx *c, json_t *o, const char *field, const char *const *keys)
{
	const char *k;
	json_t *v;
	bool ok = true;
	json_object_foreach(o, k, v)
	{
		bool known = false;
		for (const char *const *p = keys; *p; p++)
			known = known || strcmp(*p, k) == 0;
		if (!known) {
			diag_error(c->d, arena_printf(c->a, "%s.%s", field, k), "unknown_field",
			           "Unknown field '%s'.", k);
			ok = false;
		}
	}
	return ok;
}

char *b64_text(struct arena *a, const unsigned char *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = arena_alloc(a, len);
	return sodium_bin2base64(out, len, p, n, sodium_base64_VARIANT_ORIGINAL);
}

int b64_bytes(struct arena *a, const char *text, unsigned char **ret, size_t *ret_n)
{
	size_t len = strlen(text), cap = len / 4 * 3 + 3;
	unsigned char *out = arena_alloc(a, cap);
	if (sodium_base642bin(out, cap, text, len, NULL, ret_n, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -EIO;
	*ret = out;
	return 0;
}
