/* orgs.c: the organization tree: platform > partner > customer. */
#include "domain/orgs.h"
#include "base/arena.h"
#include "base/tz.h"
#include "base/util.h"
#include "domain/contacts.h"
#include "domain/media.h"
#include "domain/sip.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

static const struct field_spec org_specs[] = {
    {"name", F_STRING, F_REQUIRED, 120},
    {"parent_id", F_STRING, 0, 64},
    {"kind", F_STRING, 0, 16},
    {"country", F_STRING, 0, 2},
    {"language", F_STRING, 0, 2},
    {"timezone", F_STRING, 0, 64},
    {"sip_domain", F_STRING, F_NULLABLE, 253},
    {"password_policy", F_OBJECT, 0, 0},
    {"two_factor_required", F_BOOL, 0, 0},
    {"extension_length", F_INT, 0, 0},
    {"extension_prefix", F_STRING, 0, 7},
    {"trunk_caller_id", F_STRING, F_NULLABLE, 64},
    {"caller_id_mode", F_STRING, 0, 16},
    {"retention_days", F_INT, 0, 0},
    {"call_retention_days", F_INT, 0, 0},
    {"scim_deprovision", F_STRING, 0, 8},
    {"scim_invite", F_BOOL, 0, 0},
    {"user_forwarding", F_STRING, 0, 16},
    {"voicemail_retention_days", F_INT, 0, 0},
    {"music_on_hold", F_STRING, 0, 64},
    {"id", F_ANY, F_READONLY, 0},
    {"path", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},
    {"updated_at", F_ANY, F_READONLY, 0},
};

static bool lang_valid(const char *s)
{
	return s && (strcmp(s, "nl") == 0 || strcmp(s, "en") == 0);
}

static bool country_valid(const char *s)
{
	return s && strlen(s) == 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]);
}

bool timezone_valid(const char *s)
{
	/* A zone of the system's tzdata: "Mars/Olympus" has the shape of one
	 * and is refused. */
	return tz_exists(s);
}

static bool domain_valid(const char *s)
{
	if (!s || !*s || strlen(s) > 253 || s[0] == '.' || s[strlen(s) - 1] == '.')
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return false;
	return strchr(s, '.') != NULL;
}

/* An integer member of obj within [lo, hi] into *out, or a field error. */
static void policy_int(struct dctx *c, json_t *obj, const char *key, int lo, int hi, int *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return;
	const char *field = arena_printf(c->a, "password_policy.%s", key);
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		diag_error_p(c->d, field, "out_of_range", DP(DP_INT("min", lo), DP_INT("max", hi)),
		             "%s must be a whole number from %d to %d.", field, lo, hi);
		return;
	}
	*out = (int)json_integer_value(v);
}

static void policy_bool(struct dctx *c, json_t *obj, const char *key, bool *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return;
	if (!json_is_boolean(v)) {
		const char *field = arena_printf(c->a, "password_policy.%s", key);
		diag_error(c->d, field, "type", "%s must be true or false.", field);
		return;
	}
	*out = json_is_true(v);
}

static void apply_policy(struct dctx *c, json_t *p, struct org *o)
{
	static const char *known[] = {"min_length",    "require_digit",   "require_lower",
	                              "require_upper", "require_symbol",  "forbid_personal",
	                              "history",       "min_entropy_bits"};
	const char *key;
	json_t *v;
	json_object_foreach(p, key, v)
	{
		bool ok = false;
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			ok |= strcmp(known[i], key) == 0;
		if (!ok)
			diag_error(c->d, arena_printf(c->a, "password_policy.%s", key),
			           "unknown_field", "Unknown field '%s'.", key);
	}
	policy_int(c, p, "min_length", 6, 128, &o->pw_min_length);
	policy_bool(c, p, "require_digit", &o->pw_require_digit);
	policy_bool(c, p, "require_lower", &o->pw_require_lower);
	policy_bool(c, p, "require_upper", &o->pw_require_upper);
	policy_bool(c, p, "require_symbol", &o->pw_require_symbol);
	policy_bool(c, p, "forbid_personal", &o->pw_forbid_personal);
	policy_int(c, p, "history", 0, 24, &o->pw_history);
	policy_int(c, p, "min_entropy_bits", 0, 128, &o->pw_min_entropy);
}

/* An integer member of in within [lo, hi] into *out, or a field error. */
static void int_in_range(struct dctx *c, json_t *in, const char *key, int lo, int hi, int *out)
{
	json_t *v = json_object_get(in, key);
	if (!v || diag_has(c->d, key))
		return;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		diag_error_p(c->d, key, "out_of_range", DP(DP_INT("min", lo), DP_INT("max", hi)),
		             "%s must be a whole number from %d to %d.", key, lo, hi);
	else
		*out = (int)json_integer_value(v);
}

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* The extension rule, the trunk's caller ID, the caller ID mode, the
 * retention of deleted users and that of call records. */
static void apply_telephony(struct dctx *c, json_t *in, struct org *o)
{
	int_in_range(c, in, "extension_length", 2, 8, &o->ext_length);
	if (field_has(in, "extension_prefix") && !diag_has(c->d, "extension_prefix")) {
		char *v = field_str(c->a, in, "extension_prefix");
		if (!v)
			v = "";
		if (!all_digits(v))
			diag_error(c->d, "extension_prefix", "invalid",
			           "extension_prefix must be digits only, or empty.");
		else
			o->ext_prefix = v;
	}
	if (!diag_has(c->d, "extension_prefix") && o->ext_prefix &&
	    (int)strlen(o->ext_prefix) >= o->ext_length)
		diag_error_p(
		    c->d, "extension_prefix", "too_long", DP(DP_INT("max", o->ext_length - 1)),
		    "extension_prefix must be shorter than extension_length (%d).", o->ext_length);
	if (field_has(in, "caller_id_mode") && !diag_has(c->d, "caller_id_mode")) {
		char *v = field_str(c->a, in, "caller_id_mode");
		if (!v || (strcmp(v, "user") != 0 && strcmp(v, "device") != 0))
			diag_error(c->d, "caller_id_mode", "invalid",
			           "caller_id_mode must be user (the user's number) or device (the "
			           "number of the phone account).");
		else
			o->caller_id_mode = v;
	}
	int_in_range(c, in, "retention_days", 1, 3650, &o->retention_days);
	int_in_range(c, in, "call_retention_days", 1, 3650, &o->call_retention_days);
	int_in_range(c, in, "voicemail_retention_days", 1, 3650, &o->voicemail_retention_days);
	/* What SCIM's DELETE /Users/{id} does, and whether SCIM's users are
	 * invited (api/scim.c). */
	if (field_has(in, "scim_deprovision") && !diag_has(c->d, "scim_deprovision")) {
		char *v = field_str(c->a, in, "scim_deprovision");
		if (!v || (strcmp(v, "suspend") != 0 && strcmp(v, "delete") != 0))
			diag_error(c->d, "scim_deprovision", "invalid",
			           "scim_deprovision must be suspend or delete (restorable for "
			           "retention_days).");
		else
			o->scim_deprovision = v;
	}
	if (field_has(in, "scim_invite") && !diag_has(c->d, "scim_invite"))
		o->scim_invite = field_bool(in, "scim_invite", true);
	/* What a user may forward its own calls to (domain/destinations.c). */
	if (field_has(in, "user_forwarding") && !diag_has(c->d, "user_forwarding")) {
		char *v = field_str(c->a, in, "user_forwarding");
		if (!v || (strcmp(v, "off") != 0 && strcmp(v, "internal") != 0 &&
		           strcmp(v, "anywhere") != 0))
			diag_error(c->d, "user_forwarding", "invalid",
			           "user_forwarding is off, internal (colleagues, hunt groups and "
			           "voicemail) or anywhere.");
		else
			o->user_forwarding = v;
	}
	/* What a caller put on hold hears, unless the user says otherwise:
	 * the media server's own, silence, or hold music of the library */
	if (field_has(in, "music_on_hold") && !diag_has(c->d, "music_on_hold")) {
		char *v = field_str(c->a, in, "music_on_hold");
		if (v && id_valid(v) && o->created_at) {
			if (str_eq(v, o->music_on_hold) ||
			    media_check_ref(c, o, "music_on_hold", v, "hold_music", NULL) == 0)
				o->music_on_hold = v;
		} else if (!v || (strcmp(v, "default") != 0 && strcmp(v, "silence") != 0)) {
			diag_error(c->d, "music_on_hold", "invalid",
			           "music_on_hold is default, silence, or hold music of the "
			           "organization's media library (its id).");
		} else {
			o->music_on_hold = v;
		}
	}
	if (field_has(in, "trunk_caller_id") && !diag_has(c->d, "trunk_caller_id")) {
		char *v = field_str(c->a, in, "trunk_caller_id");
		if (!v) {
			o->trunk_number_id = o->trunk_number = NULL;
			return;
		}
		struct number n;
		if (!(v = phone_normalize(c, "trunk_caller_id", v, o->country)))
			return;
		if (!o->created_at || store_number_find(c->db, c->a, o->id, v, &n) < 0) {
			diag_error(c->d, "trunk_caller_id", "not_found",
			           "trunk_caller_id must be one of the organization's numbers.");
			return;
		}
		o->trunk_number_id = n.id;
		o->trunk_number = n.number;
	}
}

/* Applies the editable fields of in to o, collecting every problem. */
static void apply(struct dctx *c, json_t *in, struct org *o)
{
	char *v;
	if ((v = field_str(c->a, in, "name")))
		o->name = v;
	if (field_has(in, "country")) {
		v = field_str(c->a, in, "country");
		if (!country_valid(v))
			diag_error(c->d, "country", "invalid",
			           "country must be an ISO 3166 code of two capitals, like NL.");
		else
			o->country = v;
	}
	if (field_has(in, "language")) {
		v = field_str(c->a, in, "language");
		if (!lang_valid(v))
			diag_error(c->d, "language", "invalid", "language must be nl or en.");
		else
			o->language = v;
	}
	if (field_has(in, "timezone")) {
		v = field_str(c->a, in, "timezone");
		if (!timezone_valid(v))
			diag_error(c->d, "timezone", "invalid",
			           "timezone must be an IANA time zone, like Europe/Amsterdam.");
		else
			o->timezone = v;
	}
	if (field_has(in, "sip_domain")) {
		v = field_str(c->a, in, "sip_domain");
		if (v && !domain_valid(v))
			diag_error(c->d, "sip_domain", "invalid",
			           "sip_domain must be a domain name.");
		else
			o->sip_domain = v ? str_lower(c->a, v) : NULL;
	}
	json_t *p = json_object_get(in, "password_policy");
	if (json_is_object(p))
		apply_policy(c, p, o);
	if (field_has(in, "two_factor_required"))
		o->two_factor_required = field_bool(in, "two_factor_required", false);
	apply_telephony(c, in, o);
}

/* A SIP domain names one tenant's accounts: unique on the platform (the
 * database's UNIQUE index decides, so two requests cannot both get one). */
static int sip_domain_conflict(struct dctx *c, int r)
{
	if (r == -EEXIST && strstr(db_conflict(c->db), "sip_domain"))
		diag_error(c->d, "sip_domain", "taken",
		           "Another organization already uses this SIP domain.");
	return r;
}

/* The fields of b that differ from a, for the audit trail. */
static json_t *org_changes(const struct org *a, const struct org *b)
{
	json_t *ch = json_object();
#define STR(f)                                                                                     \
	if (!str_eq(a->f, b->f)) {                                                                 \
		json_object_set_new(ch, #f, b->f ? json_string(b->f) : json_null());               \
		if (a->id)                                                                         \
			audit_before(ch, #f, a->f ? json_string(a->f) : json_null());              \
	}
#define NUM(f)                                                                                     \
	if (a->f != b->f) {                                                                        \
		json_object_set_new(ch, #f, json_integer(b->f));                                   \
		if (a->id)                                                                         \
			audit_before(ch, #f, json_integer(a->f));                                  \
	}
	STR(name);
	STR(country);
	STR(language);
	STR(timezone);
	STR(sip_domain);
	NUM(ext_length);
	STR(ext_prefix);
	STR(trunk_number);
	STR(caller_id_mode);
	STR(scim_deprovision);
	NUM(scim_invite);
	STR(user_forwarding);
	STR(music_on_hold);
	NUM(retention_days);
	NUM(call_retention_days);
	NUM(voicemail_retention_days);
	NUM(pw_min_length);
	NUM(pw_require_digit);
	NUM(pw_require_lower);
	NUM(pw_require_upper);
	NUM(pw_require_symbol);
	NUM(pw_forbid_personal);
	NUM(pw_history);
	NUM(pw_min_entropy);
	NUM(two_factor_required);
#undef STR
#undef NUM
	return ch;
}

int org_create(struct dctx *c, json_t *in, struct org *ret)
{
	int r = fields_check(c->d, in, org_specs, FIELDS_N(org_specs), true);
	const char *parent_id = field_str(c->a, in, "parent_id");
	const char *kind = field_str(c->a, in, "kind");
	struct org parent = {0}, o = {0};
	if (parent_id) {
		if (!id_valid(parent_id) || store_org_get(c->db, c->a, parent_id, &parent) < 0 ||
		    !dctx_sees(c, parent.path))
			return diag_error(c->d, "parent_id", "not_found", "No such organization.");
		if (!dctx_can(c, parent.path, PERM_ORGS_WRITE))
			return diag_fail_p(c->d, -EACCES, "right_required",
			                   DP(DP_STR("right", "orgs.write")),
			                   "This needs the right 'orgs.write'.");
		if (strcmp(parent.kind, "customer") == 0)
			return diag_error(c->d, "parent_id", "invalid_parent",
			                  "A customer cannot have organizations below it.");
		if (!kind)
			kind = "customer";
		if (strcmp(kind, "customer") != 0 && strcmp(kind, "partner") != 0)
			diag_error(c->d, "kind", "invalid", "kind must be partner or customer.");
		else if (strcmp(kind, "partner") == 0 && strcmp(parent.kind, "platform") != 0)
			diag_error(c->d, "kind", "invalid",
			           "A partner must sit directly below the platform.");
		o.country = parent.country;
		o.language = parent.language;
		o.timezone = parent.timezone;
		o.pw_min_length = parent.pw_min_length;
		o.pw_require_digit = parent.pw_require_digit;
		o.pw_require_lower = parent.pw_require_lower;
		o.pw_require_upper = parent.pw_require_upper;
		o.pw_require_symbol = parent.pw_require_symbol;
		o.pw_forbid_personal = parent.pw_forbid_personal;
		o.pw_history = parent.pw_history;
		o.pw_min_entropy = parent.pw_min_entropy;
		o.ext_length = parent.ext_length;
		o.ext_prefix = parent.ext_prefix;
		o.caller_id_mode = parent.caller_id_mode;
		o.retention_days = parent.retention_days;
		o.call_retention_days = parent.call_retention_days;
		o.voicemail_retention_days = parent.voicemail_retention_days;
		o.scim_deprovision = parent.scim_deprovision;
		o.scim_invite = parent.scim_invite;
		o.user_forwarding = parent.user_forwarding;
		o.music_on_hold = "default"; /* a parent's music is of its own library */
	} else {
		if (c->actor)
			return diag_error(c->d, "parent_id", "required", "parent_id is required.");
		kind = "platform";
		o.country = "NL";
		o.language = "nl";
		o.timezone = "Europe/Amsterdam";
		o.pw_min_length = 8;
		o.pw_require_digit = o.pw_require_lower = o.pw_require_upper = true;
		o.pw_forbid_personal = true;
		o.pw_history = 3;
		o.pw_min_entropy = 40;
		o.ext_length = 4; /* seed 004: four digits, starting with 7 */
		o.ext_prefix = "7";
		o.caller_id_mode = "user";
		o.retention_days = 30;
		o.call_retention_days = 365; /* a year of call history */
		o.voicemail_retention_days = 30;
		o.music_on_hold = "default";
		o.scim_deprovision = "suspend";
		o.scim_invite = true;
		o.user_forwarding = "anywhere";
	}
	char id[ID_LEN + 1];
	id_new(id);
	o.id = arena_strdup(c->a, id);
	o.parent_id = parent_id ? parent.id : NULL;
	o.kind = (char *)kind;
	o.path = arena_printf(c->a, "%s%s/", parent_id ? parent.path : "/", o.id);
	apply(c, in, &o);
	if (r < 0 || c->d->n_errors)
		return -EINVAL;
	o.created_at = o.updated_at = c->now;
	if ((r = store_org_insert(c->db, &o)) < 0)
		return sip_domain_conflict(c, r);
	if ((r = groups_seed(c, o.id, !o.parent_id)) < 0)
		return r;
	struct org none = {0};
	json_t *ch = org_changes(&none, &o);
	json_object_set_new(ch, "kind", json_string(o.kind));
	json_object_set_new(ch, "parent_id", o.parent_id ? json_string(o.parent_id) : json_null());
	if ((r = audit_record(c, o.id, "org", o.id, "create", ch)) < 0)
		return r;
	if (parent_id &&
	    (r = audit_record(c, parent.id, "org", o.id, "create",
	                      json_pack("{s:s, s:s}", "name", o.name, "kind", o.kind))) < 0)
		return r;
	*ret = o;
	return 0;
}

int org_update(struct dctx *c, const struct org *cur, json_t *in, struct org *ret)
{
	int r = fields_check(c->d, in, org_specs, FIELDS_N(org_specs), false);
	if (field_has(in, "parent_id") && !str_eq(field_str(c->a, in, "parent_id"), cur->parent_id))
		diag_error(c->d, "parent_id", "read_only", "An organization cannot be moved.");
	if (field_has(in, "kind") && !str_eq(field_str(c->a, in, "kind"), cur->kind))
		diag_error(c->d, "kind", "read_only", "The kind of an organization cannot change.");
	struct org o = *cur;
	apply(c, in, &o);
	if (r < 0 || c->d->n_errors)
		return -EINVAL;
	json_t *ch = org_changes(cur, &o);
	if (json_object_size(ch) == 0) {
		json_decref(ch);
		*ret = o;
		return 0;
	}
	o.updated_at = c->now;
	if ((r = store_org_update(c->db, &o)) < 0) {
		json_decref(ch);
		return sip_domain_conflict(c, r);
	}
	/* A new SIP domain is a new realm for the accounts that use it. */
	if (!str_eq(cur->sip_domain, o.sip_domain) && (r = sip_realm_changed(c, &o)) < 0) {
		json_decref(ch);
		return r;
	}
	if ((r = audit_record(c, o.id, "org", o.id, "update", ch)) < 0)
		return r;
	*ret = o;
	return 0;
}

int org_delete(struct dctx *c, const struct org *o)
{
	if (!o->parent_id)
		return diag_fail(c->d, -ENOTEMPTY, "platform_org",
		                 "The platform organization cannot be deleted.");
	if (c->actor && strcmp(c->actor->org_id, o->id) == 0)
		return diag_fail(c->d, -ENOTEMPTY, "own_org",
		                 "You cannot delete your own organization.");
	int64_t n;
	int r = store_org_count_children(c->db, o->id, &n);
	if (r < 0)
		return r;
	if (n)
		return diag_fail_p(c->d, -ENOTEMPTY, "org_has_children",
		                   DP(DP_INT("count", (long long)n)),
		                   "Delete the %lld organizations below it first.", (long long)n);
	if ((r = store_org_count_users(c->db, o->id, &n)) < 0)
		return r;
	if (n)
		return diag_fail_p(c->d, -ENOTEMPTY, "org_has_users",
		                   DP(DP_INT("count", (long long)n)),
		                   "Delete its %lld users first.", (long long)n);
	if ((r = store_org_delete(c->db, o->id)) < 0)
		return r;
	return audit_record(c, o->parent_id, "org", o->id, "delete",
	                    json_pack("{s:s}", "name", o->name));
}

/* Sets o's suspension (suspended_at 0: none), records it and reads o back. */
static int set_suspended(struct dctx *c, const struct org *o, int64_t suspended_at,
                         const char *action, const char *cause, struct org *ret)
{
	int r = store_org_set_suspended(c->db, o->id, suspended_at, c->now);
	/* Kamailio forgets what it knew of the organization's phones: a
	 * suspended one's are refused from now, a resumed one's sign in again */
	if (r == 0)
		r = sip_invalidate_org(c, o->id, cause);
	if (r == 0)
		r = audit_record(c, o->parent_id, "org", o->id, action,
		                 json_pack("{s:s}", "name", o->name));
	return r < 0 ? r : store_org_get(c->db, c->a, o->id, ret);
}

int org_suspend(struct dctx *c, const struct org *o, struct org *ret)
{
	if (strcmp(o->kind, "customer") != 0)
		return diag_fail(c->d, -ENOTEMPTY, "org_not_customer",
		                 "Only a customer organization can be suspended.");
	if (c->actor && strcmp(c->actor->org_id, o->id) == 0)
		return diag_fail(c->d, -ENOTEMPTY, "own_org_suspend",
		                 "You cannot suspend your own organization.");
	if (o->suspended_at) {
		*ret = *o;
		return 0;
	}
	int r = store_session_delete_org(c->db, o->id);
	return r < 0 ? r : set_suspended(c, o, c->now, "suspend", "org_suspended", ret);
}

int org_resume(struct dctx *c, const struct org *o, struct org *ret)
{
	if (!o->suspended_at) {
		*ret = *o;
		return 0;
	}
	return set_suspended(c, o, 0, "resume", "org_resumed", ret);
}

int org_get(struct dctx *c, const char *id, struct org *ret)
{
	struct org o;
	if (!id || !id_valid(id))
		return -ENOENT;
	int r = store_org_get(c->db, c->a, id, &o);
	if (r < 0)
		return r;
	if (!dctx_sees(c, o.path))
		return -ENOENT;
	*ret = o;
	return 0;
}

int org_list(struct dctx *c, const char *q, const char *after, int limit, struct org **ret,
             int *ret_n)
{
	const char *prefix = c->actor ? c->actor->org_path : "/";
	return store_org_search(c->db, c->a, prefix, search_query_read(c, q, NULL), after, limit,
	                        ret, ret_n);
}
