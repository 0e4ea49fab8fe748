/* route.c: the routing read model: what the platform rings now for an
 * internal number or one of the organization's numbers. The SIP proxy asks
 * this (GET /orgs/{org}/route); every answer is derived from the state the
 * API keeps, so changing a user's availability changes the next answer.
 *
 * Targets carry a step: targets of one step ring at once, the next step is
 * tried when they do not answer (or, with "when", on that condition). */
#include "base/arena.h"
#include "base/jsonval.h"
#include "base/util.h"
#include "domain/contacts.h"
#include "domain/extensions.h"
#include "domain/telephony.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

/* Appends what ringing user_id means now at step; returns how many steps
 * it used (0: nothing rings, *reason says why). */
static int user_targets(struct dctx *c, const struct org *org, const char *user_id, int step,
                        json_t *targets, const char **reason, struct telephony *ret_t)
{
	struct telephony t;
	int r = telephony_load(c, org, user_id, &t);
	if (r == -ENOENT) {
		*reason = "deleted";
		return 0;
	}
	if (r < 0)
		return r;
	if (ret_t)
		*ret_t = t;
	if (t.u.status == USER_SUSPENDED) {
		*reason = "suspended";
		return 0;
	}
	if (!t.t.reachable || !t.t.destination_id) {
		*reason = "not_available";
		return 0;
	}
	for (int i = 0; i < t.n_accounts; i++) {
		const struct sip_account *s = &t.accounts[i];
		if (strcmp(s->id, t.t.destination_id) != 0)
			continue;
		if (!s->enabled) {
			*reason = "destination_disabled";
			return 0;
		}
		json_array_append_new(targets, json_pack("{s:s, s:s, s:s, s:i}", "type", "sip",
		                                         "username", s->username, "kind",
		                                         sip_kind_name(s->kind), "step", step));
		if (s->kind == SIP_APP && t.t.fallback_enabled && t.t.fallback_mobile) {
			json_array_append_new(targets,
			                      json_pack("{s:s, s:s, s:i, s:s}", "type", "mobile",
			                                "number", t.t.fallback_mobile, "step",
			                                step + 1, "when", "app_unreachable"));
			return 2;
		}
		return 1;
	}
	for (int i = 0; i < t.n_forwards; i++)
		if (strcmp(t.forwards[i].id, t.t.destination_id) == 0) {
			json_array_append_new(
			    targets, json_pack("{s:s, s:s, s:i}", "type", "forward", "number",
			                       t.forwards[i].number, "step", step));
			return 1;
		}
	*reason = "not_available";
	return 0;
}

/* An alias rings its own SIP identity (a line of its user's phone) while it
 * is enabled and its user is neither suspended nor deleted. */
static int alias_targets(struct dctx *c, const struct org *org, const char *alias_id, int step,
                         json_t *targets, const char **reason)
{
	struct sip_account s;
	struct user u;
	int r = store_sip_get_alias(c->db, c->a, org->id, alias_id, &s);
	if (r == 0)
		r = store_user_get(c->db, c->a, org->id, s.user_id, &u);
	if (r == -ENOENT) {
		*reason = "deleted";
		return 0;
	}
	if (r < 0)
		return r;
	if (u.status == USER_SUSPENDED || u.status == USER_DELETED) {
		*reason = user_status_name(u.status);
		return 0;
	}
	if (!s.enabled) {
		*reason = "destination_disabled";
		return 0;
	}
	json_array_append_new(targets, json_pack("{s:s, s:s, s:s, s:i}", "type", "sip", "username",
	                                         s.username, "kind", "alias", "step", step));
	return 1;
}

static int route_alias(struct dctx *c, const struct org *org, const char *alias_id, json_t *j)
{
	json_t *targets = json_array();
	const char *reason = NULL;
	int used = alias_targets(c, org, alias_id, 1, targets, &reason);
	if (used < 0) {
		json_decref(targets);
		return used;
	}
	json_object_set_new(j, "result", json_string(used ? "ring" : "unreachable"));
	json_object_set_new(j, "reason", jstr_or_null(used ? NULL : reason));
	json_object_set_new(j, "targets", targets);
	return 0;
}

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static int route_user(struct dctx *c, const struct org *org, const char *user_id, json_t *j)
{
	json_t *targets = json_array();
	const char *reason = NULL;
	struct telephony t = {0};
	int steps = user_targets(c, org, user_id, 1, targets, &reason, &t);
	if (steps < 0) {
		json_decref(targets);
		return steps;
	}
	bool vm = t.u.id && t.t.vm_enabled && t.u.status != USER_SUSPENDED;
	if (vm)
		json_array_append_new(targets,
		                      json_pack("{s:s, s:o, s:i, s:s}", "type", "voicemail", "box",
		                                jstr_or_null(t.t.vm_box), "step", steps + 1, "when",
		                                "no_answer"));
	json_object_set_new(j, "result",
	                    json_string(steps ? "ring"
	                                : vm  ? "voicemail"
	                                      : "unreachable"));
	json_object_set_new(j, "reason", jstr_or_null(steps ? NULL : reason));
	json_object_set_new(j, "targets", targets);
	if (t.u.id)
		json_object_set_new(j, "caller_id",
		                    jstr_or_null(telephony_effective_caller_id(org, &t)));
	return 0;
}

static int route_group(struct dctx *c, const struct org *org, const char *group_id, json_t *j)
{
	struct hunt_group g;
	int r = store_hunt_get(c->db, c->a, org->id, group_id, &g);
	if (r < 0)
		return r;
	json_t *targets = json_array();
	bool together = strcmp(g.strategy, "ring_all") == 0;
	int step = 1;
	for (int i = 0; i < g.n_members; i++) {
		const char *reason = NULL;
		int used = 0;
		if (strcmp(g.members[i].type, "user") == 0)
			used = user_targets(c, org, g.members[i].id, together ? 1 : step, targets,
			                    &reason, NULL);
		else
			used = alias_targets(c, org, g.members[i].id, together ? 1 : step, targets,
			                     &reason);
		if (used < 0) {
			json_decref(targets);
			return used;
		}
		if (used && !together)
			step += used;
	}
	bool any = json_array_size(targets) > 0;
	json_object_set_new(j, "result", json_string(any ? "ring" : "unreachable"));
	json_object_set_new(j, "reason", any ? json_null() : json_string("no_member_available"));
	json_object_set_new(j, "strategy", json_string(g.strategy));
	json_object_set_new(j, "ring_seconds", json_integer(g.ring_seconds));
	json_object_set_new(j, "targets", targets);
	return 0;
}

int route_lookup(struct dctx *c, const struct org *org, const char *number, json_t **ret)
{
	if (!dctx_can(c, org->path, PERM_TELEPHONY_READ))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "telephony.read")),
		                   "This needs the right 'telephony.read'.");
	if (!number || !*number)
		return diag_error(c->d, "number", "required", "Say which number: ?number=7001.");
	enum owner_type type = OWNER_USER;
	const char *id = NULL, *name = NULL;
	struct extension e;
	int r;
	if (strlen(number) <= 8 && all_digits(number) &&
	    (r = store_ext_find(c->db, c->a, org->id, number, &e)) != -ENOENT) {
		if (r < 0)
			return r;
		type = e.owner_type;
		id = e.owner_id;
		name = e.owner_name;
	} else if (ext_valid(org, number)) {
		/* a well-formed extension that nobody has: there is nothing to
		 * route to (404), the question itself was fine */
		return diag_fail_p(c->d, -ENOENT, "no_such_extension",
		                   DP(DP_STR("extension", number)),
		                   "Nothing here has the extension %s.", number);
	} else {
		char *e164 = phone_normalize(c, "number", number, org->country);
		struct number n;
		if (!e164)
			return -EINVAL;
		if ((r = store_number_find(c->db, c->a, org->id, e164, &n)) < 0)
			return diag_fail_p(c->d, r, "no_such_number", DP(DP_STR("number", number)),
			                   "Nothing here has the number %s.", number);
		if (!n.user_id)
			return diag_fail_p(c->d, -ENOENT, "rings_nobody",
			                   DP(DP_STR("number", e164)), "%s rings nobody yet.",
			                   e164);
		struct user u;
		if ((r = store_user_get(c->db, c->a, org->id, n.user_id, &u)) < 0)
			return r;
		type = OWNER_USER;
		id = u.id;
		name = arena_printf(c->a, "%s %s%s%s", u.contact.first_name,
		                    u.contact.infix ? u.contact.infix : "",
		                    u.contact.infix ? " " : "", u.contact.last_name);
	}
	json_t *j = json_pack("{s:s, s:{s:s, s:s, s:o}}", "number", number, "owner", "type",
	                      owner_type_name(type), "id", id, "name", jstr_or_null(name));
	if (type == OWNER_USER)
		r = route_user(c, org, id, j);
	else if (type == OWNER_HUNT_GROUP)
		r = route_group(c, org, id, j);
	else if (type == OWNER_ALIAS)
		r = route_alias(c, org, id, j);
	else
		r = -ENOENT;
	if (r < 0) {
		json_decref(j);
		return r;
	}
	*ret = j;
	return 0;
}
