/* calls.c: call records: what the SIP proxy reports (a batch of CDRs) and
 * what the routing refused, resolved into the organization's call history;
 * its reads, by right (all or own), and the purge (calls.h). */
#include "domain/calls.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/util.h"
#include "domain/contacts.h"
#include "domain/extensions.h"
#include "domain/sip.h"
#include "phone/phone.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum call_status call_status_of(bool voicemail, bool answered, int sip_code, const char *reason)
{
	if (voicemail)
		return CALL_VOICEMAIL;
	if (answered)
		return CALL_ANSWERED;
	if (sip_code == 486 || sip_code == 600)
		return CALL_BUSY;
	if (sip_code == 408 || sip_code == 480 || sip_code == 487 ||
	    (reason && strncasecmp(reason, "cancel", 6) == 0))
		return CALL_MISSED;
	return CALL_FAILED;
}

/* ---- one record ------------------------------------------------------------ */

/* A record as the proxy reports it, checked. Times in ms. */
struct cdr {
	const char *call_id, *from_tag, *to_tag, *caller, *number, *reason, *answered_by;
	bool inbound, voicemail;
	int64_t start, answer, end; /* answer 0: nobody answered */
	int sip_code;               /* 0: none given */
};

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* text as a phone number dialled in country, in E.164 (in c->a), or NULL.
 * Digits alone that are no number there are tried once more as an
 * international number without its '+' (trunks send 31201234567). */
static char *e164_of(struct dctx *c, const char *text, const char *country)
{
	char out[PHONE_E164_MAX], plus[72];
	if (phone_to_e164(text, country, out) == 0)
		return arena_strdup(c->a, out);
	if (all_digits(text) && strlen(text) >= 8 && strlen(text) <= 15) {
		snprintf(plus, sizeof(plus), "+%s", text);
		if (phone_to_e164(plus, NULL, out) == 0)
			return arena_strdup(c->a, out);
	}
	return NULL;
}

/* The name of user_id of org_id into *ret (NULL when it is gone). */
static int user_name(struct dctx *c, const char *org_id, const char *user_id, char **ret)
{
	struct user u;
	*ret = NULL;
	if (!user_id)
		return 0;
	int r = store_user_get(c->db, c->a, org_id, user_id, &u);
	if (r == 0)
		*ret = contact_display_name(c->a, &u.contact);
	return r == -ENOENT ? 0 : r;
}

/* The name the address book of org_id has for an outside number (E.164). */
static int number_name(struct dctx *c, const char *org_id, const char *e164, char **ret)
{
	struct contact ct;
	int r = store_contact_find_phone(c->db, c->a, org_id, e164, &ct);
	*ret = r == 0 ? contact_display_name(c->a, &ct) : NULL;
	return r == -ENOENT ? 0 : r;
}

/* The first extension of owner_id in org_id into *ret, or NULL. */
static int first_extension(struct dctx *c, const char *org_id, const char *owner_id, char **ret)
{
	char **nums[1];
	int n[1];
	int r = store_ext_numbers(c->db, c->a, org_id, &owner_id, 1, 1, nums, n);
	*ret = r == 0 && n[0] ? nums[0][0] : NULL;
	return r;
}

/* Whether the actor may record calls of org (the SIP proxy's right there);
 * a record of an organization it may not see is rejected as unknown. */
static bool may_record(struct dctx *c, const struct org *org)
{
	return dctx_can(c, org->path, PERM_SIP_PROXY);
}

/* A call from a phone: the caller's SIP account gives the organization,
 * the user, its name (an alias's own) and its number (an extension). */
static int caller_account(struct dctx *c, const char *username, struct org *org, struct call *k)
{
	struct sip_account s;
	char *status;
	int r = sip_username_valid(username)
	            ? store_sip_find_username(c->db, c->a, username, &s, &status)
	            : -ENOENT;
	if (r == 0)
		r = store_org_get(c->db, c->a, s.org_id, org);
	if (r < 0 && r != -ENOENT)
		return r;
	if (r < 0 || !may_record(c, org))
		return diag_fail_p(c->d, -ENOENT, "no_such_sip_account",
		                   DP(DP_STR("username", username)),
		                   "No SIP account here is named '%s'.", username);
	k->caller_user_id = s.user_id;
	char *ext = NULL;
	if (s.kind == SIP_ALIAS && (r = first_extension(c, org->id, s.id, &ext)) < 0)
		return r;
	if (!ext && (r = first_extension(c, org->id, s.user_id, &ext)) < 0)
		return r;
	k->caller_number = ext ? ext : s.username;
	if (s.kind == SIP_ALIAS) {
		k->caller_name = s.label;
		return 0;
	}
	return user_name(c, org->id, s.user_id, &k->caller_name);
}

/* A call from the trunk: the number dialled (a DID) gives the organization
 * and the user it rings; the caller is an outside number. */
static int callee_did(struct dctx *c, const struct cdr *in, const char *country, struct org *org,
                      struct call *k)
{
	char *did = e164_of(c, in->number, country);
	struct number n;
	int r = did ? store_number_find_any(c->db, c->a, did, &n) : -ENOENT;
	if (r == 0)
		r = store_org_get(c->db, c->a, n.org_id, org);
	if (r < 0 && r != -ENOENT)
		return r;
	if (r < 0 || !may_record(c, org))
		return diag_fail_p(c->d, -ENOENT, "no_such_number",
		                   DP(DP_STR("number", in->number)),
		                   "Nothing here has the number %s.", in->number);
	k->direction = CALL_INBOUND;
	k->callee_number = did;
	k->callee_user_id = n.user_id;
	if ((r = user_name(c, org->id, n.user_id, &k->callee_name)) < 0)
		return r;
	char *from = e164_of(c, in->caller, org->country);
	k->caller_number = from ? from : (char *)in->caller;
	return from ? number_name(c, org->id, from, &k->caller_name) : 0;
}

/* What a phone of org dialled, resolved as the routing does (route.c): an
 * extension (its owner: a user, an alias's user or a hunt group), one of
 * the organization's numbers (the user it rings): internal; else outbound,
 * named from the address book when it knows the number. */
static int callee_dialled(struct dctx *c, const struct org *org, const char *number, struct call *k)
{
	struct extension e;
	int r;
	k->direction = CALL_INTERNAL;
	k->callee_number = (char *)number;
	if (strlen(number) <= 8 && all_digits(number)) {
		if ((r = store_ext_find(c->db, c->a, org->id, number, &e)) == 0) {
			k->callee_name = e.owner_name;
			if (e.owner_type == OWNER_HUNT_GROUP) {
				k->hunt_group_id = e.owner_id;
			} else if (e.owner_type == OWNER_USER) {
				k->callee_user_id = e.owner_id;
			} else {
				struct sip_account s;
				if ((r = store_sip_get_alias(c->db, c->a, org->id, e.owner_id,
				                             &s)) == 0)
					k->callee_user_id = s.user_id;
				else if (r != -ENOENT)
					return r;
			}
			return 0;
		}
		if (r != -ENOENT)
			return r;
		if (ext_valid(org, number))
			return 0; /* an extension nobody has: internal all the same */
	}
	char *e164 = e164_of(c, number, org->country);
	if (!e164) {
		k->direction = CALL_OUTBOUND; /* a service number, as dialled */
		return 0;
	}
	k->callee_number = e164;
	struct number n;
	if ((r = store_number_find(c->db, c->a, org->id, e164, &n)) == 0) {
		k->callee_user_id = n.user_id;
		return user_name(c, org->id, n.user_id, &k->callee_name);
	}
	if (r != -ENOENT)
		return r;
	k->direction = CALL_OUTBOUND;
	return number_name(c, org->id, e164, &k->callee_name);
}

/* Who answered: a SIP account of the call's organization; another is not
 * this organization's to name, and is left out. */
static int answerer(struct dctx *c, const struct org *org, const char *username, struct call *k)
{
	struct sip_account s;
	char *status;
	if (!username || !sip_username_valid(username))
		return 0;
	int r = store_sip_find_username(c->db, c->a, username, &s, &status);
	if (r == -ENOENT || (r == 0 && strcmp(s.org_id, org->id) != 0))
		return 0;
	if (r < 0)
		return r;
	k->answered_user_id = s.user_id;
	k->answered_sip_account_id = s.id;
	if (s.kind == SIP_ALIAS) {
		k->answered_name = s.label;
		return 0;
	}
	return user_name(c, org->id, s.user_id, &k->answered_name);
}

/* Whole seconds of ms (>= 0), rounded, at most INT_MAX. */
static int seconds(int64_t ms)
{
	int64_t s = (ms + 500) / 1000;
	return s > INT_MAX ? INT_MAX : (int)s;
}

/* Resolves and stores one record: 0, 1 for a duplicate, -ENOENT (c->d
 * says why) when its organization cannot be found, or a store error.
 * country: how to read a DID that is not in E.164 (the actor's
 * organization's). */
static int record(struct dctx *c, const struct cdr *in, const char *country)
{
	struct org org;
	struct call k = {0};
	int r = in->inbound ? callee_did(c, in, country, &org, &k)
	                    : caller_account(c, in->caller, &org, &k);
	if (r == 0 && !in->inbound)
		r = callee_dialled(c, &org, in->number, &k);
	if (r == 0 && in->answer)
		r = answerer(c, &org, in->answered_by, &k);
	if (r < 0)
		return r;
	char id[ID_LEN + 1];
	id_new(id);
	k.id = arena_strdup(c->a, id);
	k.org_id = org.id;
	k.call_id = (char *)in->call_id;
	k.from_tag = (char *)in->from_tag;
	k.to_tag = (char *)in->to_tag;
	k.dialled_number = (char *)in->number;
	k.start_time = in->start;
	k.answer_time = in->answer;
	k.end_time = in->end;
	k.duration_seconds = in->answer ? seconds(in->end - in->answer) : 0;
	k.ring_seconds = seconds((in->answer ? in->answer : in->end) - in->start);
	k.status = call_status_of(in->voicemail, in->answer != 0, in->sip_code, in->reason);
	k.sip_code = in->sip_code;
	k.reason = (char *)in->reason;
	k.created_at = c->now;
	return store_call_insert(c->db, &k);
}

/* The country DIDs are read in when the proxy sends them without '+': the
 * actor's organization's (NULL for the system: E.164 only). */
static int actor_country(struct dctx *c, const char **ret)
{
	struct org o;
	*ret = NULL;
	if (!c->actor)
		return 0;
	int r = store_org_get(c->db, c->a, c->actor->org_id, &o);
	if (r == 0)
		*ret = o.country;
	return r == -ENOENT ? 0 : r;
}

/* ---- the batch's form ------------------------------------------------------- */

static const struct field_spec cdr_specs[] = {
    {"call_id", F_STRING, F_REQUIRED, 255},
    {"from_tag", F_STRING, F_REQUIRED, 128},
    {"to_tag", F_STRING, F_NULLABLE, 128},
    {"caller", F_STRING, F_REQUIRED, 64},
    {"number", F_STRING, F_REQUIRED, 64},
    {"inbound", F_BOOL, 0, 0},
    {"start_time", F_ANY, F_REQUIRED, 0},
    {"answer_time", F_ANY, F_NULLABLE, 0},
    {"end_time", F_ANY, F_REQUIRED, 0},
    {"sip_code", F_INT, F_NULLABLE, 0},
    {"reason", F_STRING, F_NULLABLE, 200},
    {"answered_by", F_STRING, F_NULLABLE, 64},
    {"voicemail", F_BOOL, 0, 0},
};
#define N_CDR_SPECS (sizeof(cdr_specs) / sizeof(cdr_specs[0]))

/* Epoch seconds before the year 10000: what a time may be. */
#define TIME_MAX_S 253402300799.0

/* The time member key of r in ms (0 when absent or null), or a field
 * error named prefix.key. */
static int64_t time_of(struct dctx *c, json_t *r, const char *key, const char *prefix)
{
	json_t *v = json_object_get(r, key);
	if (!v || json_is_null(v))
		return 0;
	double s = json_number_value(v);
	if (!json_is_number(v) || !isfinite(s) || s <= 0 || s > TIME_MAX_S) {
		diag_error(c->d, arena_printf(c->a, "%s.%s", prefix, key), "invalid",
		           "%s.%s must be a time in seconds since 1970 (a number).", prefix, key);
		return -1;
	}
	return llround(s * 1000.0);
}

/* The field errors of d into c->d, each field named prefix.field. */
static void errors_under(struct dctx *c, const char *prefix, const struct diag *d)
{
	for (size_t i = 0; i < d->n_errors; i++)
		diag_error_p(c->d, arena_printf(c->a, "%s.%s", prefix, d->errors[i].field),
		             d->errors[i].code, d->errors[i].params, "%s.%s", prefix,
		             d->errors[i].message);
}

/* Checks record i (an object) into *ret, every problem as a field error
 * records[i].member; 0 or -EINVAL. */
static int cdr_parse(struct dctx *c, json_t *r, int i, struct cdr *ret)
{
	const char *prefix = arena_printf(c->a, "records[%d]", i);
	struct diag one;
	diag_init(&one, c->a);
	fields_check(&one, r, cdr_specs, N_CDR_SPECS, true);
	errors_under(c, prefix, &one);
	struct cdr d = {
	    .call_id = field_str(c->a, r, "call_id"),
	    .from_tag = field_str(c->a, r, "from_tag"),
	    .to_tag = field_str(c->a, r, "to_tag"),
	    .caller = field_str(c->a, r, "caller"),
	    .number = field_str(c->a, r, "number"),
	    .reason = field_str(c->a, r, "reason"),
	    .answered_by = field_str(c->a, r, "answered_by"),
	    .inbound = field_bool(r, "inbound", false),
	    .voicemail = field_bool(r, "voicemail", false),
	};
	bool bad_times = false;
	if (!diag_has(&one, "start_time"))
		bad_times |= (d.start = time_of(c, r, "start_time", prefix)) < 0;
	if (!diag_has(&one, "end_time"))
		bad_times |= (d.end = time_of(c, r, "end_time", prefix)) < 0;
	if (!diag_has(&one, "answer_time"))
		bad_times |= (d.answer = time_of(c, r, "answer_time", prefix)) < 0;
	if (!bad_times && !one.n_errors) {
		if (d.end < d.start)
			diag_error(c->d, arena_printf(c->a, "%s.end_time", prefix), "invalid",
			           "%s.end_time is before its start_time.", prefix);
		else if (d.answer && (d.answer < d.start || d.answer > d.end))
			diag_error(c->d, arena_printf(c->a, "%s.answer_time", prefix), "invalid",
			           "%s.answer_time is not between its start_time and end_time.",
			           prefix);
	}
	json_t *code = json_object_get(r, "sip_code");
	if (json_is_integer(code)) {
		json_int_t n = json_integer_value(code);
		if (n < 100 || n > 699)
			diag_error_p(c->d, arena_printf(c->a, "%s.sip_code", prefix),
			             "out_of_range", DP(DP_INT("min", 100), DP_INT("max", 699)),
			             "%s.sip_code must be a SIP response code, 100 to 699.",
			             prefix);
		else
			d.sip_code = (int)n;
	}
	*ret = d;
	return one.n_errors || bad_times ? -EINVAL : 0;
}

/* The batch's form: {"records": [ ... ]}, each record checked. */
static int batch_parse(struct dctx *c, json_t *in, struct cdr **ret, int *ret_n)
{
	const char *key;
	json_t *v;
	json_object_foreach(in, key, v)
	{
		if (strcmp(key, "records") != 0)
			diag_error(c->d, arena_strdup(c->a, key), "unknown_field",
			           "Unknown field '%s'.", key);
	}
	json_t *list = json_object_get(in, "records");
	if (!list)
		diag_error(c->d, "records", "required", "records is required.");
	else if (!json_is_array(list))
		diag_error(c->d, "records", "type", "records must be an array.");
	else if (json_array_size(list) > CALLS_BATCH_MAX)
		diag_error_p(c->d, "records", "too_many", DP(DP_INT("max", CALLS_BATCH_MAX)),
		             "A batch holds at most %d records.", CALLS_BATCH_MAX);
	if (c->d->n_errors)
		return -EBADMSG;
	int n = (int)json_array_size(list);
	struct cdr *items = arena_alloc(c->a, sizeof(*items) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		json_t *r = json_array_get(list, (size_t)i);
		if (!json_is_object(r)) {
			diag_error(c->d, arena_printf(c->a, "records[%d]", i), "type",
			           "records[%d] must be an object.", i);
			continue;
		}
		cdr_parse(c, r, i, &items[i]);
	}
	if (c->d->n_errors)
		return -EBADMSG;
	*ret = items;
	*ret_n = n;
	return 0;
}

int call_record_batch(struct dctx *c, json_t *in, struct cdr_result *ret)
{
	struct cdr *items;
	int n;
	const char *country;
	int r = batch_parse(c, in, &items, &n);
	if (r < 0 || (r = actor_country(c, &country)) < 0)
		return r;
	struct cdr_result res = {
	    .rejected = arena_alloc(c->a, sizeof(struct cdr_reject) * (size_t)(n ? n : 1))};
	for (int i = 0; i < n; i++) {
		/* each record's failure is its own, not the request's */
		struct diag one;
		diag_init(&one, c->a);
		struct dctx rc = *c;
		rc.d = &one;
		r = record(&rc, &items[i], country);
		if (r == 0)
			res.accepted++;
		else if (r == 1)
			res.duplicates++;
		else if (r == -ENOENT && one.code)
			res.rejected[res.n_rejected++] =
			    (struct cdr_reject){.index = i, .code = one.code, .detail = one.detail};
		else
			return r;
	}
	*ret = res;
	return 0;
}

int call_record_refused(struct dctx *c, const struct call_refused *in)
{
	static const struct {
		const char *name;
		size_t max;
	} texts[] = {
	    {"call_id", 255}, {"from_tag", 128}, {"caller", 64}, {"number", 64}, {"reason", 200}};
	const char *v[] = {in->call_id, in->from_tag, in->caller, in->number, in->reason};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		if (!v[i] || !*v[i]) {
			if (i < 4)
				diag_error(c->d, texts[i].name, "required", "%s is required.",
				           texts[i].name);
			continue;
		}
		text_check(c->d, texts[i].name, v[i], strlen(v[i]), texts[i].max, false);
	}
	if (in->sip_code && (in->sip_code < 100 || in->sip_code > 699))
		diag_error_p(c->d, "sip_code", "out_of_range",
		             DP(DP_INT("min", 100), DP_INT("max", 699)),
		             "sip_code must be a SIP response code, 100 to 699.");
	if (c->d->n_errors)
		return -EINVAL;
	const char *country;
	int r = actor_country(c, &country);
	if (r < 0)
		return r;
	struct cdr d = {.call_id = in->call_id,
	                .from_tag = in->from_tag,
	                .caller = in->caller,
	                .number = in->number,
	                .reason = in->reason && *in->reason ? in->reason : NULL,
	                .inbound = in->inbound,
	                .start = c->now,
	                .end = c->now,
	                .sip_code = in->sip_code};
	return record(c, &d, country);
}

/* ---- reads ---------------------------------------------------------------------- */

static int right_required(struct dctx *c, enum perm p)
{
	return diag_fail_p(c->d, -EACCES, "right_required",
	                   DP(DP_STR("right", perm_catalogue[p].name)),
	                   "This needs the right '%s'.", perm_catalogue[p].name);
}

/* Whether the actor may see only its own calls of org. */
static bool own_only(struct dctx *c, const struct org *org)
{
	return !dctx_can(c, org->path, PERM_CALLS_READ_ALL);
}

static bool is_party(const struct call *k, const char *user_id)
{
	return str_eq(k->caller_user_id, user_id) || str_eq(k->callee_user_id, user_id) ||
	       str_eq(k->answered_user_id, user_id);
}

/* An RFC 3339 time of the query into *ret, or a field error on name. */
static void query_time(struct dctx *c, const char *name, const char *v, int64_t *ret)
{
	if (v && *v && time_parse(v, ret) < 0)
		diag_error(c->d, name, "invalid",
		           "%s must be an RFC 3339 time such as 2026-01-31T00:00:00Z.", name);
}

int call_list(struct dctx *c, const struct call_query *q, struct call **ret, int *ret_n,
              const char **ret_next)
{
	const char *user = q->user_id;
	if (own_only(c, q->org)) {
		if (!dctx_can(c, q->org->path, PERM_CALLS_READ_OWN))
			return right_required(c, PERM_CALLS_READ_OWN);
		if (user && strcmp(user, c->actor->user_id) != 0)
			return right_required(c, PERM_CALLS_READ_ALL);
		user = c->actor->user_id;
	}
	struct call_filter f = {.org_id = q->org->id,
	                        .org_path = q->org->path,
	                        .subtree = q->include_children,
	                        .direction = q->direction,
	                        .status = q->status,
	                        .user_id = user,
	                        .q = q->q};
	query_time(c, "from", q->from, &f.from);
	query_time(c, "to", q->to, &f.to);
	if (!c->d->n_errors && f.to && f.to <= f.from)
		diag_error(c->d, "to", "invalid", "to must be after from.");
	if (c->d->n_errors)
		return -EINVAL;
	if (q->after) {
		f.after_start = strtoll(q->after->part[0], NULL, 10);
		f.after_id = q->after->part[1];
	}
	int n, r = store_call_list(c->db, c->a, &f, q->limit + 1, ret, &n);
	if (r < 0)
		return r;
	*ret_next = NULL;
	if (n > q->limit) {
		const struct call *last = &(*ret)[q->limit - 1];
		*ret_next = cursor_encode(
		    c->a, &cursor_calls,
		    (const char *[]){arena_printf(c->a, "%lld", (long long)last->start_time),
		                     last->id});
		n = q->limit;
	}
	*ret_n = n;
	return 0;
}

int call_get(struct dctx *c, const struct org *org, const char *id, struct call *ret)
{
	bool own = own_only(c, org);
	if (own && !dctx_can(c, org->path, PERM_CALLS_READ_OWN))
		return right_required(c, PERM_CALLS_READ_OWN);
	struct call k;
	int r = id_valid(id) ? store_call_get(c->db, c->a, org->id, id, &k) : -ENOENT;
	if (r < 0)
		return r;
	if (own && !is_party(&k, c->actor->user_id))
		return -ENOENT;
	*ret = k;
	return 0;
}

int call_purge_expired(struct dctx *c, int limit, int *ret_n)
{
	int64_t n;
	int r = store_call_purge(c->db, c->now, limit, &n);
	if (r == 0)
		*ret_n = (int)n;
	return r;
}
