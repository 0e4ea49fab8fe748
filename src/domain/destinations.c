/* destinations.c: the documents that say where a call goes (see
 * destinations.h): a number's destination and a user's forwarding rules. */
#include "domain/destinations.h"
#include "domain/media.h"
#include "base/arena.h"
#include "base/jsonval.h"
#include "base/util.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

/* How long the user's phones ring before a no-answer forward, by default
 * and at most (as the availability's ring time). */
#define NO_ANSWER_SECONDS 20
#define NO_ANSWER_MIN 5
#define NO_ANSWER_MAX 120
/* What names an object, listed in the 409 that refuses to delete it. */
#define REFS_SHOWN 5

enum {
	ALLOW_USER = 1,
	ALLOW_GROUP = 2,
	ALLOW_VOICEMAIL_BOX = 4, /* a user's box: {"type":"voicemail","user_id"} */
	ALLOW_OWN_VOICEMAIL = 8, /* the user's own: {"type":"voicemail"} */
	ALLOW_NUMBER = 16,       /* an outside number */
	ALLOW_SCHEDULE = 32,     /* a schedule's choice of the others */
	ALLOW_ANNOUNCEMENT = 64, /* an announcement of the media library, played */
};

static json_t *target(struct dctx *c, const struct org *org, const char *field, json_t *in,
                      unsigned allow, bool self, int *err);
static bool schedule_ok(struct dctx *c, const struct org *org, const char *f, const char *id,
                        int *err);

/* What each state of a schedule sends the call to: {"schedule_id", "open",
 * "closed", "holiday"} of in, each a place of allow, or null (optional:
 * the holiday's is the closed one's; a forward's: ring as usual) with
 * optional. Sets the members on out; false with the errors in c->d. */
static bool choice(struct dctx *c, const struct org *org, const char *field, json_t *in,
                   unsigned allow, bool optional, bool self, int *err, json_t *out)
{
	const char *sf = arena_printf(c->a, "%s.schedule_id", field);
	const char *id = json_string_value(json_object_get(in, "schedule_id"));
	size_t errs = c->d->n_errors;
	if (!id)
		diag_error(c->d, sf, "required", "Say which schedule decides.");
	else if (schedule_ok(c, org, sf, id, err))
		json_object_set_new(out, "schedule_id", json_string(id));
	static const char *const states[] = {"open", "closed", "holiday"};
	int set = 0;
	for (int i = 0; i < 3; i++) {
		const char *f = arena_printf(c->a, "%s.%s", field, states[i]);
		json_t *v = json_object_get(in, states[i]);
		json_t *t = v && !json_is_null(v) ? target(c, org, f, v, allow, self, err) : NULL;
		set += t != NULL;
		if (!t && (!v || json_is_null(v)) && !optional && i < 2)
			diag_error(c->d, f, "required", "Say where calls go when it is %s.",
			           states[i]);
		json_object_set_new(out, states[i], t ? t : json_null());
	}
	if (optional && !set && c->d->n_errors == errs &&
	    json_is_true(json_object_get(in, "enabled")))
		diag_error(c->d, arena_printf(c->a, "%s.open", field), "required",
		           "Say where calls go when it is open, closed or a holiday.");
	return c->d->n_errors == errs && !*err;
}

/* The id member key of o, which must name an object load finds in org. */
static const char *ref_id(struct dctx *c, json_t *o, const char *field, const char *key)
{
	const char *f = arena_printf(c->a, "%s.%s", field, key);
	const char *id = json_string_value(json_object_get(o, key));
	if (!id) {
		diag_error(c->d, f, "required", "%s is required.", key);
		return NULL;
	}
	return id;
}

/* Whether id names a user of org; a store error is kept in *err. */
static bool user_ok(struct dctx *c, const struct org *org, const char *f, const char *id, int *err)
{
	struct user u;
	int r = id_valid(id) ? store_user_get(c->db, c->a, org->id, id, &u) : -ENOENT;
	if (r == 0 && u.status != USER_DELETED)
		return true;
	if (r == 0 || r == -ENOENT)
		diag_error(c->d, f, "not_found", "No such user here.");
	else
		*err = r;
	return false;
}

static bool schedule_ok(struct dctx *c, const struct org *org, const char *f, const char *id,
                        int *err)
{
	struct schedule s;
	int r = id_valid(id) ? store_schedule_get(c->db, c->a, org->id, id, &s) : -ENOENT;
	if (r == -ENOENT)
		diag_error(c->d, f, "not_found", "No such schedule here.");
	else if (r < 0)
		*err = r;
	return r == 0;
}

static bool group_ok(struct dctx *c, const struct org *org, const char *f, const char *id, int *err)
{
	struct hunt_group g;
	int r = id_valid(id) ? store_hunt_get(c->db, c->a, org->id, id, &g) : -ENOENT;
	if (r == -ENOENT)
		diag_error(c->d, f, "not_found", "No such hunt group here.");
	else if (r < 0)
		*err = r;
	return r == 0;
}

/* One place a call goes, of a type allow permits. */
static json_t *target(struct dctx *c, const struct org *org, const char *field, json_t *in,
                      unsigned allow, bool self, int *err)
{
	if (!json_is_object(in)) {
		diag_error(c->d, field, "type", "%s is an object with a type.", field);
		return NULL;
	}
	const char *type = json_string_value(json_object_get(in, "type"));
	const char *tf = arena_printf(c->a, "%s.type", field);
	if (!type) {
		diag_error(c->d, tf, "required", "Say the type of the destination.");
		return NULL;
	}
	size_t errs = c->d->n_errors;
	json_t *out = NULL;
	if (strcmp(type, "user") == 0 && (allow & ALLOW_USER)) {
		members_only(c, in, field, (const char *const[]){"type", "id", NULL});
		const char *id = ref_id(c, in, field, "id");
		if (id && user_ok(c, org, arena_printf(c->a, "%s.id", field), id, err))
			out = json_pack("{s:s, s:s}", "type", type, "id", id);
	} else if (strcmp(type, "hunt_group") == 0 && (allow & ALLOW_GROUP)) {
		members_only(c, in, field, (const char *const[]){"type", "id", NULL});
		const char *id = ref_id(c, in, field, "id");
		if (id && group_ok(c, org, arena_printf(c->a, "%s.id", field), id, err))
			out = json_pack("{s:s, s:s}", "type", type, "id", id);
	} else if (strcmp(type, "voicemail") == 0 && (allow & ALLOW_VOICEMAIL_BOX)) {
		members_only(c, in, field, (const char *const[]){"type", "user_id", NULL});
		const char *id = ref_id(c, in, field, "user_id");
		if (id && user_ok(c, org, arena_printf(c->a, "%s.user_id", field), id, err))
			out = json_pack("{s:s, s:s}", "type", type, "user_id", id);
	} else if (strcmp(type, "voicemail") == 0 && (allow & ALLOW_OWN_VOICEMAIL)) {
		if (members_only(c, in, field, (const char *const[]){"type", NULL}))
			out = json_pack("{s:s}", "type", type);
	} else if (strcmp(type, "schedule") == 0 && (allow & ALLOW_SCHEDULE)) {
		members_only(c, in, field,
		             (const char *const[]){"type", "schedule_id", "open", "closed",
		                                   "holiday", NULL});
		json_t *o = json_pack("{s:s}", "type", type);
		if (choice(c, org, field, in, allow & ~ALLOW_SCHEDULE, false, self, err, o))
			out = o;
		else
			json_decref(o);
	} else if (strcmp(type, "announcement") == 0 && (allow & ALLOW_ANNOUNCEMENT)) {
		members_only(c, in, field, (const char *const[]){"type", "media_id", NULL});
		const char *id = ref_id(c, in, field, "media_id");
		int r = id ? media_check_ref(c, org, arena_printf(c->a, "%s.media_id", field), id,
		                             "announcement", NULL)
		           : -EINVAL;
		if (r == 0)
			out = json_pack("{s:s, s:s}", "type", type, "media_id", id);
		else if (r != -EINVAL)
			*err = r;
	} else if (strcmp(type, "number") == 0 && (allow & ALLOW_NUMBER)) {
		members_only(c, in, field, (const char *const[]){"type", "number", NULL});
		const char *nf = arena_printf(c->a, "%s.number", field);
		const char *v = json_string_value(json_object_get(in, "number"));
		char *e164 = NULL;
		if (!v)
			diag_error(c->d, nf, "required", "Say the number to forward to.");
		else if (self && strcmp(org->user_forwarding, "internal") == 0)
			diag_error(c->d, nf, "outside_not_allowed",
			           "Your organization lets you forward only to colleagues, hunt "
			           "groups and voicemail.");
		else
			e164 = phone_normalize(c, nf, v, org->country);
		if (e164)
			out = json_pack("{s:s, s:s}", "type", type, "number", e164);
	} else {
		const char *all[] = {
		    (allow & ALLOW_USER) ? "user" : NULL,
		    (allow & ALLOW_GROUP) ? "hunt_group" : NULL,
		    (allow & (ALLOW_VOICEMAIL_BOX | ALLOW_OWN_VOICEMAIL)) ? "voicemail" : NULL,
		    (allow & ALLOW_NUMBER) ? "number" : NULL,
		    (allow & ALLOW_ANNOUNCEMENT) ? "announcement" : NULL,
		    (allow & ALLOW_SCHEDULE) ? "schedule" : NULL};
		char *list = arena_strdup(c->a, "");
		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			if (all[i])
				list =
				    arena_printf(c->a, "%s%s%s", list, *list ? ", " : "", all[i]);
		diag_error_p(c->d, tf, "invalid", DP(DP_STR("allowed", list)),
		             "type is one of: %s.", list);
	}
	if (c->d->n_errors > errs || *err) {
		json_decref(out);
		return NULL;
	}
	return out;
}

int destination_check(struct dctx *c, const struct org *org, const char *field, json_t *in,
                      json_t **ret)
{
	size_t errs = c->d->n_errors;
	int err = 0;
	*ret = json_is_null(in) ? NULL
	                        : target(c, org, field, in,
	                                 ALLOW_USER | ALLOW_GROUP | ALLOW_VOICEMAIL_BOX |
	                                     ALLOW_ANNOUNCEMENT | ALLOW_SCHEDULE,
	                                 false, &err);
	return err ? err : c->d->n_errors > errs ? -EINVAL : 0;
}

/* ---- a user's forwarding rules ---------------------------------------- */

static const char *const rule_names[] = {"always", "busy", "no_answer", "unreachable", "schedule"};
#define N_RULES 5
#define FORWARD_TO (ALLOW_USER | ALLOW_GROUP | ALLOW_OWN_VOICEMAIL | ALLOW_NUMBER)

json_t *forwarding_default(void)
{
	json_t *j = json_object();
	for (int i = 0; i < N_RULES - 1; i++)
		json_object_set_new(j, rule_names[i], json_pack("{s:b, s:n}", "enabled", 0, "to"));
	json_object_set_new(json_object_get(j, "no_answer"), "after_seconds",
	                    json_integer(NO_ANSWER_SECONDS));
	json_object_set_new(j, "schedule",
	                    json_pack("{s:b, s:n, s:n, s:n, s:n}", "enabled", 0, "schedule_id",
	                              "open", "closed", "holiday"));
	return j;
}

json_t *forwarding_json(const char *text)
{
	json_t *j = forwarding_default();
	json_t *kept = text ? json_loads(text, 0, NULL) : NULL;
	if (kept)
		json_object_update(j,
		                   kept); /* rules kept before a rule was added have none of it */
	json_decref(kept);
	return j;
}

static json_t *rule(struct dctx *c, const struct org *org, const char *name, json_t *in, bool self,
                    int *err)
{
	const char *field = arena_printf(c->a, "forwarding.%s", name);
	if (!json_is_object(in)) {
		diag_error(c->d, field, "type", "%s is an object.", field);
		return NULL;
	}
	bool na = strcmp(name, "no_answer") == 0;
	if (strcmp(name, "schedule") == 0) {
		members_only(c, in, field,
		             (const char *const[]){"enabled", "schedule_id", "open", "closed",
		                                   "holiday", NULL});
		json_t *e = json_object_get(in, "enabled");
		if (e && !json_is_boolean(e))
			diag_error(c->d, arena_printf(c->a, "%s.enabled", field), "type",
			           "enabled is true or false.");
		json_t *out = json_pack("{s:b}", "enabled", json_is_true(e));
		json_t *sid = json_object_get(in, "schedule_id");
		if (!json_is_true(e) && (!sid || json_is_null(sid))) {
			/* off, without a schedule: the targets are kept for next time */
			json_object_set_new(out, "schedule_id", json_null());
			static const char *const states[] = {"open", "closed", "holiday"};
			for (int i = 0; i < 3; i++) {
				const char *f = arena_printf(c->a, "%s.%s", field, states[i]);
				json_t *v = json_object_get(in, states[i]);
				json_t *t = v && !json_is_null(v)
				                ? target(c, org, f, v, FORWARD_TO, self, err)
				                : NULL;
				json_object_set_new(out, states[i], t ? t : json_null());
			}
			return out;
		}
		choice(c, org, field, in, FORWARD_TO, true, self, err, out);
		return out;
	}
	members_only(c, in, field,
	             na ? (const char *const[]){"enabled", "after_seconds", "to", NULL}
	                : (const char *const[]){"enabled", "to", NULL});
	json_t *e = json_object_get(in, "enabled");
	if (e && !json_is_boolean(e))
		diag_error(c->d, arena_printf(c->a, "%s.enabled", field), "type",
		           "enabled is true or false.");
	bool enabled = json_is_true(e);
	json_t *to = json_object_get(in, "to");
	json_t *t = to && !json_is_null(to) ? target(c, org, arena_printf(c->a, "%s.to", field), to,
	                                             FORWARD_TO, self, err)
	                                    : NULL;
	if (enabled && (!to || json_is_null(to)))
		diag_error(c->d, arena_printf(c->a, "%s.to", field), "required",
		           "Say where the calls go.");
	json_t *out = json_pack("{s:b, s:o}", "enabled", enabled, "to", t ? t : json_null());
	if (na) {
		json_t *s = json_object_get(in, "after_seconds");
		json_int_t n = NO_ANSWER_SECONDS;
		if (s && (!json_is_integer(s) || json_integer_value(s) < NO_ANSWER_MIN ||
		          json_integer_value(s) > NO_ANSWER_MAX))
			diag_error_p(c->d, arena_printf(c->a, "%s.after_seconds", field),
			             "out_of_range",
			             DP(DP_INT("min", NO_ANSWER_MIN), DP_INT("max", NO_ANSWER_MAX)),
			             "after_seconds is a whole number from %d to %d.",
			             NO_ANSWER_MIN, NO_ANSWER_MAX);
		else if (s)
			n = json_integer_value(s);
		json_object_set_new(out, "after_seconds", json_integer(n));
	}
	return out;
}

json_t *forwarding_check(struct dctx *c, const struct org *org, json_t *in, bool self, int *ret_err)
{
	*ret_err = -EINVAL;
	if (self && strcmp(org->user_forwarding, "off") == 0) {
		*ret_err = diag_fail(c->d, -EACCES, "own_forwarding_off",
		                     "Your organization does not let you forward your own calls.");
		return NULL;
	}
	if (!json_is_object(in)) {
		diag_error(c->d, "forwarding", "type", "forwarding is an object.");
		return NULL;
	}
	size_t errs = c->d->n_errors;
	int err = 0;
	members_only(
	    c, in, "forwarding",
	    (const char *const[]){"always", "busy", "no_answer", "unreachable", "schedule", NULL});
	json_t *out = forwarding_default();
	for (int i = 0; i < N_RULES; i++) {
		json_t *v = json_object_get(in, rule_names[i]);
		json_t *r = v ? rule(c, org, rule_names[i], v, self, &err) : NULL;
		if (r)
			json_object_set_new(out, rule_names[i], r);
	}
	if (c->d->n_errors > errs || err) {
		*ret_err = err ? err : -EINVAL;
		json_decref(out);
		return NULL;
	}
	return out;
}

int destination_refs_check(struct dctx *c, const struct org *org, const char *id, const char *what)
{
	struct store_ref *refs;
	int n, r = store_refs_to(c->db, c->a, org->id, id, REFS_SHOWN, &refs, &n);
	if (r < 0 || n == 0)
		return r;
	char *list = arena_strdup(c->a, "");
	for (int i = 0; i < n; i++) {
		struct user u;
		const char *name = refs[i].number;
		if (strcmp(refs[i].type, "user") == 0 &&
		    store_user_get(c->db, c->a, org->id, refs[i].id, &u) == 0)
			name = arena_printf(c->a, "%s %s%s%s", u.contact.first_name,
			                    u.contact.infix ? u.contact.infix : "",
			                    u.contact.infix ? " " : "", u.contact.last_name);
		list =
		    arena_printf(c->a, "%s%s%s", list, *list ? ", " : "", name ? name : refs[i].id);
	}
	return diag_fail_p(c->d, -ENOTEMPTY, "in_use", DP(DP_STR("used_by", list)),
	                   "This %s is still used by: %s. Change those first.", what, list);
}
