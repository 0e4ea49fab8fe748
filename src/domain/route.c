/* route.c: call routing: what the platform rings now for a number.
 *
 * Two questions share one answer. An admin asks GET /orgs/{org}/route
 * ("what would 7001 ring?"); the SIP proxy asks GET /sip/route for every
 * call it sets up (sip_route below: who calls, from which account, and what
 * the call becomes: internal, outbound through the trunk, inbound from it).
 * Every answer is derived from the state the API keeps, so changing a
 * user's availability changes the next call.
 *
 * The answer is a flat list of targets, each with a step: targets of one
 * step ring at once for its ring_seconds; the next step is tried when they
 * do not answer, or, with "when", only on that condition ("app_unreachable":
 * the app could not be reached at all; "no_answer": the call was not
 * answered, for whatever reason but the caller hanging up).
 *
 * A schedule that decides (a number's destination by schedule, a user's
 * forwarding by schedule) is evaluated at the moment of the call (at=, for
 * a preview); the answer names it, its state, and until when the answer
 * holds. */
#include "base/arena.h"
#include "base/jsonval.h"
#include "base/util.h"
#include "base/log.h"
#include "domain/calls.h"
#include "domain/contacts.h"
#include "domain/extensions.h"
#include "domain/media.h"
#include "domain/schedules.h"
#include "domain/sip.h"
#include "domain/telephony.h"
#include "media/convert.h"
#include "media/hold.h"
#include "phone/phone.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

/* How long an alias rings when it is called itself. */
#define ALIAS_RING_SECONDS 20
/* Destinations of one user that ring at once (seed 002): its availability
 * and up to four more. */
#define USER_MAX_RINGING 5

/* A route being built. live: a real call (the proxy asks): a round-robin
 * group moves on; an admin's preview only shows where it would start. */
struct plan {
	struct dctx *c;
	const struct org *org;
	json_t *targets;
	bool live;
	bool writing;  /* the read transaction was ended and a write one begun */
	int64_t at;    /* the moment of the call, ms since the epoch */
	int64_t until; /* when a schedule that decided changes (ms), or -1 */
};

/* Ends the lookup's read transaction and begins a write one, once. */
static int plan_write(struct plan *p)
{
	int r = 0;
	if (!p->writing && (r = dctx_end_read(p->c)) == 0 && (r = dctx_begin_write(p->c)) == 0)
		p->writing = true;
	return r;
}

static void put(struct plan *p, json_t *t, int step, int ring, const char *when)
{
	json_object_set_new(t, "step", json_integer(step));
	if (ring > 0)
		json_object_set_new(t, "ring_seconds", json_integer(ring));
	if (when)
		json_object_set_new(t, "when", json_string(when));
	json_array_append_new(p->targets, t);
}

static char *user_name(struct arena *a, const struct user *u)
{
	return arena_printf(a, "%s %s%s%s", u->contact.first_name,
	                    u->contact.infix ? u->contact.infix : "", u->contact.infix ? " " : "",
	                    u->contact.last_name);
}

/* Appends what ringing the user of t means now at step (its availability,
 * the destinations ringing with it, and with fallback the app's mobile);
 * returns how many steps it used (0: nothing rings, *reason says why). */
static int own_targets(struct plan *p, const struct telephony *tp, int step, int ring,
                       bool fallback, const char **reason)
{
	const struct telephony t = *tp;
	if (t.u.status == USER_SUSPENDED) {
		*reason = "suspended";
		return 0;
	}
	if (!t.t.reachable || !t.t.destination_id) {
		*reason = "not_available";
		return 0;
	}
	if (ring <= 0) /* its own ring time, unless a group's applies */
		ring = t.t.ring_seconds;
	const char *ids[USER_MAX_RINGING];
	ids[0] = t.t.destination_id;
	int n = 1 + telephony_simultaneous(&t, ids + 1, USER_MAX_RINGING - 1);
	int rung = 0;
	bool app = false;
	*reason = "not_available";
	for (int k = 0; k < n; k++) {
		for (int i = 0; i < t.n_accounts; i++) {
			const struct sip_account *s = &t.accounts[i];
			if (strcmp(s->id, ids[k]) != 0)
				continue;
			if (!s->enabled) {
				*reason = "destination_disabled";
				break;
			}
			put(p,
			    json_pack("{s:s, s:s, s:s}", "type", "sip", "username", s->username,
			              "kind", sip_kind_name(s->kind)),
			    step, ring, NULL);
			app = app || s->kind == SIP_APP;
			rung++;
		}
		for (int i = 0; i < t.n_forwards; i++)
			if (strcmp(t.forwards[i].id, ids[k]) == 0) {
				put(p,
				    json_pack("{s:s, s:s}", "type", "forward", "number",
				              t.forwards[i].number),
				    step, ring, NULL);
				rung++;
			}
	}
	if (!rung)
		return 0;
	if (fallback && app && t.t.fallback_enabled && t.t.fallback_mobile) {
		put(p, json_pack("{s:s, s:s}", "type", "mobile", "number", t.t.fallback_mobile),
		    step + 1, ring, "app_unreachable");
		return 2;
	}
	return 1;
}

/* The same for user_id, loaded (a colleague a call is forwarded to rings
 * as it is available, without its own forwarding: no chains, no loops). */
static int user_targets(struct plan *p, const char *user_id, int step, int ring, bool fallback,
                        const char **reason)
{
	struct telephony t;
	int r = telephony_load(p->c, p->org, user_id, &t);
	if (r == -ENOENT) {
		*reason = "deleted";
		return 0;
	}
	return r < 0 ? r : own_targets(p, &t, step, ring, fallback, reason);
}

/* An alias rings its own SIP identity (a line of its user's phone) while it
 * is enabled and its user is neither suspended nor deleted. */
static int alias_targets(struct plan *p, const char *alias_id, int step, int ring,
                         const char **reason)
{
	struct sip_account s;
	struct user u;
	int r = store_sip_get_alias(p->c->db, p->c->a, p->org->id, alias_id, &s);
	if (r == 0)
		r = store_user_get(p->c->db, p->c->a, p->org->id, s.user_id, &u);
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
	put(p, json_pack("{s:s, s:s, s:s}", "type", "sip", "username", s.username, "kind", "alias"),
	    step, ring, NULL);
	return 1;
}

/* The answer's rule, result and reason. A route that rings only a
 * voicemail box at first is "voicemail". */
static void answer(struct plan *p, json_t *j, const char *rule, bool ring, const char *reason)
{
	size_t i, first = 0, boxes = 0;
	json_t *t;
	json_array_foreach(p->targets, i, t)
	{
		if (json_integer_value(json_object_get(t, "step")) == 1) {
			first++;
			boxes +=
			    strcmp(json_string_value(json_object_get(t, "type")), "voicemail") == 0;
		}
	}
	bool vm = ring && first > 0 && boxes == first;
	json_object_set_new(j, "rule", json_string(rule));
	json_object_set_new(j, "result",
	                    json_string(!ring ? "unreachable"
	                                : vm  ? "voicemail"
	                                      : "ring"));
	json_object_set_new(j, "reason", jstr_or_null(ring ? NULL : reason));
}

static int route_alias(struct plan *p, const char *alias_id, json_t *j)
{
	const char *reason = NULL;
	int used = alias_targets(p, alias_id, 1, ALIAS_RING_SECONDS, &reason);
	if (used < 0)
		return used;
	answer(p, j, "alias", used > 0, reason);
	return 0;
}

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* The targets of hunt group g from step on; returns the steps used. */
static int group_targets(struct plan *p, const struct hunt_group *g, int step)
{
	bool together = strcmp(g->strategy, "ring_all") == 0;
	int start = 0, r = 0;
	if (strcmp(g->strategy, "round_robin") == 0 && g->n_members > 0) {
		start = g->rr_next % g->n_members;
		/* The lookup reads; the move on is a write of its own (R_SPLIT). */
		if (p->live && (r = plan_write(p)) == 0)
			r = store_hunt_rotate(p->c->db, p->org->id, g->id, g->n_members, &start);
		if (r < 0)
			return r;
	}
	int used_all = 0;
	for (int k = 0; k < g->n_members; k++) {
		const struct hunt_member *m = &g->members[(start + k) % g->n_members];
		const char *reason = NULL;
		int at = step + (together ? 0 : used_all);
		int used = strcmp(m->type, "user") == 0
		               ? user_targets(p, m->id, at, g->ring_seconds, false, &reason)
		               : alias_targets(p, m->id, at, g->ring_seconds, &reason);
		if (used < 0)
			return used;
		used_all = together ? (used > used_all ? used : used_all) : used_all + used;
	}
	return used_all;
}

/* A voicemail box as a target at step: the box of the user of t. */
static int voicemail_target(struct plan *p, const struct telephony *t, int step, const char *when,
                            const char **reason)
{
	if (!t->t.vm_enabled || t->u.status == USER_SUSPENDED) {
		*reason = t->u.status == USER_SUSPENDED ? "suspended" : "voicemail_off";
		return 0;
	}
	/* the media server plays the box's greeting (its own when none), in
	 * the user's language */
	const char *g = t->t.vm_greeting;
	put(p,
	    json_pack("{s:s, s:o, s:b, s:o, s:s}", "type", "voicemail", "box",
	              jstr_or_null(t->t.vm_box), "record", t->t.vm_record, "greeting",
	              g ? json_pack("{s:s, s:s}", "id", g, "url",
	                            arena_printf(p->c->a, "/api/v1/sip/media/%s", g))
	                : json_null(),
	              "language", t->t.language ? t->t.language : p->org->language),
	    step, 0, when);
	return 1;
}

/* A forward of the user of t to `to` (its forwarding rules' target) at
 * step; returns the steps used (0: *reason says why nothing rings). */
static int forward_targets(struct plan *p, const struct telephony *t, json_t *to, int step,
                           const char *when, const char **reason)
{
	const char *type = json_string_value(json_object_get(to, "type"));
	const char *id = json_string_value(json_object_get(to, "id"));
	if (strcmp(type, "number") == 0) {
		put(p,
		    json_pack("{s:s, s:s}", "type", "forward", "number",
		              json_string_value(json_object_get(to, "number"))),
		    step, 0, when);
		return 1;
	}
	if (strcmp(type, "voicemail") == 0)
		return voicemail_target(p, t, step, when, reason);
	size_t before = json_array_size(p->targets);
	int used;
	if (strcmp(type, "user") == 0) {
		used = user_targets(p, id, step, 0, false, reason);
	} else {
		struct hunt_group g;
		int r = store_hunt_get(p->c->db, p->c->a, p->org->id, id, &g);
		if (r == -ENOENT) {
			*reason = "deleted";
			return 0;
		}
		if (r < 0)
			return r;
		used = group_targets(p, &g, step);
		if (!used)
			*reason = "no_member_available";
	}
	/* the condition holds for every target the forward rings */
	for (size_t i = before; when && i < json_array_size(p->targets); i++)
		json_object_set_new(json_array_get(p->targets, i), "when", json_string(when));
	return used;
}

/* What schedule id is at the plan's moment; the answer j names it, and
 * the plan keeps when it changes. *ret_to: the member of choice (a
 * number's destination, a forwarding rule) for that state: the holiday's
 * is the closed one's when it has none; NULL when that is null. -ENOENT
 * when the schedule is gone. */
static int decide(struct plan *p, json_t *choice, json_t *j, json_t **ret_to)
{
	struct schedule_now now;
	const char *id = json_string_value(json_object_get(choice, "schedule_id"));
	int r = schedule_now(p->c, p->org, id, p->at, &now);
	if (r < 0)
		return r;
	const char *state = cal_state_name(now.state);
	json_t *to = json_object_get(choice, state);
	if (now.state == CAL_HOLIDAY && json_is_null(to))
		to = json_object_get(choice, "closed");
	*ret_to = json_is_object(to) ? to : NULL;
	if (now.until >= 0 && (p->until < 0 || now.until < p->until))
		p->until = now.until;
	json_object_set_new(j, "schedule",
	                    json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", now.id, "name", now.name,
	                              "state", state, "why", jstr_or_null(now.why), "until",
	                              now.until >= 0 ? jtime(now.until) : json_null()));
	return 0;
}

static json_t *rule_of(json_t *rules, const char *name)
{
	json_t *r = json_object_get(rules, name);
	return json_is_true(json_object_get(r, "enabled")) ? r : NULL;
}

/* The file rtpengine plays to a party put on hold, for a media item
 * (media_id) or the default tune (NULL), in the hold music directory
 * (media/hold.h): written the first time a call needs it. NULL without a
 * directory, outside a live call, or when it cannot be written (the held
 * party then hears what the other sends, as with silence). */
static const char *hold_file(struct plan *p, const char *media_id)
{
	const char *dir = p->c->cfg ? p->c->cfg->hold_music_dir : NULL;
	if (!dir || !p->live)
		return NULL;
	const char *name = media_id ? arena_printf(p->c->a, "%s.wav", media_id) : HOLD_DEFAULT_NAME;
	int r = media_id ? 0 : hold_default_keep(dir);
	if (media_id && !hold_file_ready(dir, name)) {
		unsigned char *wav;
		size_t n;
		struct media m;
		/* the proxy's right, of the organization the item is of */
		if ((r = media_sound(p->c, NULL, media_id, MEDIA_RATE_WIDE, &m, &wav, &n)) == 0)
			r = hold_file_put(dir, name, wav, n);
	}
	if (r < 0) {
		log_msg(LOG_WARN, "cannot keep hold music for rtpengine", "file", name, "error",
		        strerror(-r), NULL);
		return NULL;
	}
	return arena_printf(p->c->a, "%s/%s", dir, name);
}

/* What a party the user of t (NULL: someone of the organization, such as
 * a hunt group's) puts on hold hears: its own choice, else its
 * organization's, else the default tune. */
static json_t *hold_music(struct plan *p, const struct telephony *t)
{
	const char *v = t ? t->t.music_on_hold : NULL;
	if (!v || strcmp(v, "default") == 0)
		v = p->org->music_on_hold;
	json_t *j;
	if (v && id_valid(v))
		j = json_pack("{s:s, s:s, s:s}", "source", "media", "media_id", v, "url",
		              arena_printf(p->c->a, "/api/v1/sip/media/%s", v));
	else if (v && strncmp(v, "http", 4) == 0)
		return json_pack("{s:s, s:s}", "source", "stream", "url", v);
	else if (v && strcmp(v, "silence") == 0)
		return json_pack("{s:s}", "source", "silence");
	else
		j = json_pack("{s:s}", "source", "default");
	const char *file = hold_file(p, v && id_valid(v) ? v : NULL);
	if (file)
		json_object_set_new(j, "file", json_string(file));
	return j;
}

/* What ringing the user of t means at the plan's moment: its forwarding
 * rules (always; when unreachable, busy, on no answer), its availability,
 * and its voicemail. */
static int route_user_t(struct plan *p, const struct telephony *t, json_t *j)
{
	const char *reason = NULL;
	json_t *rules = t->forwarding ? json_loads(t->forwarding, 0, NULL) : NULL;
	json_t *always = rule_of(rules, "always");
	json_t *busy = rule_of(rules, "busy"), *na = rule_of(rules, "no_answer");
	json_t *unreach = rule_of(rules, "unreachable");
	json_t *by_schedule = rule_of(rules, "schedule");
	int r = 0, used;
	if (t->u.status == USER_SUSPENDED) {
		answer(p, j, "unreachable", false, "suspended");
		goto out;
	}
	json_t *to = NULL;
	if (!always && by_schedule && (r = decide(p, by_schedule, j, &to)) < 0 && r != -ENOENT)
		goto out;
	if (to) {
		/* this state of the schedule forwards; null: ring as usual */
		used = forward_targets(p, t, to, 1, NULL, &reason);
		if ((r = used) >= 0)
			answer(p, j, "forward.schedule", used > 0, reason);
		goto out;
	}
	if (always) {
		used = forward_targets(p, t, json_object_get(always, "to"), 1, NULL, &reason);
		if ((r = used) >= 0)
			answer(p, j, "forward.always", used > 0, reason);
		goto out;
	}
	int ring = na ? (int)json_integer_value(json_object_get(na, "after_seconds")) : 0;
	int steps = own_targets(p, t, 1, ring, true, &reason);
	if ((r = steps) < 0)
		goto out;
	if (!steps) {
		/* nothing of the user's own rings: its unreachable forward, else
		 * its voicemail, take the call at once */
		const char *why = reason;
		used = unreach
		           ? forward_targets(p, t, json_object_get(unreach, "to"), 1, NULL, &why)
		           : voicemail_target(p, t, 1, "no_answer", &why);
		if ((r = used) >= 0)
			answer(p, j,
			       used && unreach ? "forward.unreachable"
			       : used          ? "voicemail"
			                       : "unreachable",
			       used > 0, used ? NULL : reason);
		goto out;
	}
	int next = steps + 1;
	const char *ignored;
	if (busy &&
	    (r = forward_targets(p, t, json_object_get(busy, "to"), next, "busy", &ignored)) >= 0)
		next += r;
	if (r >= 0 && unreach &&
	    (r = forward_targets(p, t, json_object_get(unreach, "to"), next, "unreachable",
	                         &ignored)) >= 0)
		next += r;
	if (r >= 0)
		r = na ? forward_targets(p, t, json_object_get(na, "to"), next, "no_answer",
		                         &ignored)
		       : voicemail_target(p, t, next, "no_answer", &ignored);
	if (r < 0)
		goto out;
	json_t *tg = json_array_get(p->targets, 1);
	bool together = tg && json_integer_value(json_object_get(tg, "step")) == 1;
	answer(p, j, together ? "simultaneous_ring" : "availability", true, NULL);
	r = 0;
out:
	json_decref(rules);
	json_object_set_new(j, "caller_id", jstr_or_null(telephony_effective_caller_id(p->org, t)));
	json_object_set_new(j, "music_on_hold", hold_music(p, t));
	return r < 0 ? r : 0;
}

static int route_user(struct plan *p, const char *user_id, json_t *j)
{
	struct telephony t;
	int r = telephony_load(p->c, p->org, user_id, &t);
	if (r == -ENOENT) {
		answer(p, j, "unreachable", false, "deleted");
		return 0;
	}
	return r < 0 ? r : route_user_t(p, &t, j);
}

static int route_group(struct plan *p, const char *group_id, json_t *j)
{
	struct hunt_group g;
	int r = store_hunt_get(p->c->db, p->c->a, p->org->id, group_id, &g);
	if (r < 0)
		return r;
	if ((r = group_targets(p, &g, 1)) < 0)
		return r;
	answer(p, j, arena_printf(p->c->a, "hunt_group.%s", g.strategy),
	       json_array_size(p->targets) > 0, "no_member_available");
	json_object_set_new(j, "strategy", json_string(g.strategy));
	json_object_set_new(j, "ring_seconds", json_integer(g.ring_seconds));
	return 0;
}

/* The owner of number in org: an extension's, or a number's user.
 * -ENOENT when nothing here has it, *ret_why saying so (no_such_extension,
 * no_such_number, rings_nobody, invalid_number); *ret_e164 is the number as
 * E.164 when it is one. A number with a destination of its own has that
 * in *ret_dest (JSON text) instead of an owner. */
static int resolve(struct dctx *c, const struct org *org, const char *number,
                   enum owner_type *ret_type, const char **ret_id, const char **ret_name,
                   const char **ret_e164, const char **ret_why, const char **ret_dest)
{
	struct extension e;
	int r;
	*ret_e164 = NULL;
	*ret_dest = NULL;
	if (strlen(number) <= 8 && all_digits(number) &&
	    (r = store_ext_find(c->db, c->a, org->id, number, &e)) != -ENOENT) {
		if (r < 0)
			return r;
		*ret_type = e.owner_type;
		*ret_id = e.owner_id;
		*ret_name = e.owner_name;
		return 0;
	}
	/* a well-formed extension that nobody has: there is nothing to route
	 * to, the question itself was fine */
	*ret_why = ext_valid(org, number) ? "no_such_extension" : "invalid_number";
	char e164[PHONE_E164_MAX];
	if (ext_valid(org, number) || phone_to_e164(number, org->country, e164) < 0)
		return -ENOENT;
	*ret_e164 = arena_strdup(c->a, e164);
	struct number n;
	*ret_why = "no_such_number";
	if ((r = store_number_find(c->db, c->a, org->id, e164, &n)) < 0)
		return r;
	*ret_why = "rings_nobody";
	if (n.destination) {
		*ret_dest = n.destination;
		return 0;
	}
	if (!n.user_id)
		return -ENOENT;
	struct user u;
	if ((r = store_user_get(c->db, c->a, org->id, n.user_id, &u)) < 0)
		return r;
	*ret_type = OWNER_USER;
	*ret_id = u.id;
	*ret_name = user_name(c->a, &u);
	return 0;
}

/* Fills j with what ringing the owner means now. */
static int route_owner(struct plan *p, enum owner_type type, const char *id, const char *name,
                       json_t *j)
{
	json_object_set_new(j, "owner",
	                    json_pack("{s:s, s:s, s:o}", "type", owner_type_name(type), "id", id,
	                              "name", jstr_or_null(name)));
	if (type == OWNER_USER)
		return route_user(p, id, j);
	if (type == OWNER_HUNT_GROUP)
		return route_group(p, id, j);
	if (type == OWNER_ALIAS)
		return route_alias(p, id, j);
	return -ENOENT;
}

/* Fills j with what a number's destination d means at the plan's moment. */
static int route_dest(struct plan *p, json_t *d, json_t *j)
{
	const char *type = json_string_value(json_object_get(d, "type"));
	const char *id = json_string_value(json_object_get(d, "id"));
	if (!json_object_get(j, "destination"))
		json_object_set_new(j, "destination", json_string(type));
	int r;
	if (strcmp(type, "schedule") == 0) {
		json_t *to;
		if ((r = decide(p, d, j, &to)) == -ENOENT) {
			answer(p, j, "unreachable", false, "deleted");
			return 0;
		}
		/* the choice names no schedule of its own: the domain checked */
		return r < 0 ? r : to ? route_dest(p, to, j) : -EIO;
	}
	if (strcmp(type, "announcement") == 0) {
		/* the media server plays it, and the call ends there */
		const char *mid = json_string_value(json_object_get(d, "media_id"));
		put(p,
		    json_pack("{s:s, s:s, s:s}", "type", "announcement", "media_id", mid, "url",
		              arena_printf(p->c->a, "/api/v1/sip/media/%s", mid)),
		    1, 0, NULL);
		answer(p, j, "announcement", true, NULL);
		json_object_set_new(j, "result", json_string("announcement"));
		if (!json_object_get(j, "owner"))
			json_object_set_new(j, "owner", json_null()); /* nobody's phone rings */
		return 0;
	}
	if (strcmp(type, "hunt_group") == 0) {
		struct hunt_group g;
		if ((r = store_hunt_get(p->c->db, p->c->a, p->org->id, id, &g)) == -ENOENT) {
			answer(p, j, "unreachable", false, "deleted");
			return 0;
		}
		return r < 0 ? r : route_owner(p, OWNER_HUNT_GROUP, g.id, g.name, j);
	}
	struct telephony t;
	r = telephony_load(p->c, p->org, id ? id : json_string_value(json_object_get(d, "user_id")),
	                   &t);
	if (r == -ENOENT) {
		answer(p, j, "unreachable", false, "deleted");
		return 0;
	}
	if (r < 0)
		return r;
	json_object_set_new(j, "owner",
	                    json_pack("{s:s, s:s, s:s}", "type", "user", "id", t.u.id, "name",
	                              user_name(p->c->a, &t.u)));
	if (strcmp(type, "user") == 0)
		return route_user_t(p, &t, j);
	const char *reason = NULL;
	int used = voicemail_target(p, &t, 1, NULL, &reason);
	answer(p, j, "voicemail", used > 0, reason);
	return 0;
}

/* What rings for the owner, or for the destination text dest. */
static int route_to(struct plan *p, enum owner_type type, const char *id, const char *name,
                    const char *dest, json_t *j)
{
	if (!dest)
		return route_owner(p, type, id, name, j);
	json_t *d = json_loads(dest, 0, NULL);
	if (!d)
		return -EIO;
	int r = route_dest(p, d, j);
	json_decref(d);
	return r;
}

/* The moment the answer is for, and until when it holds (null: until
 * something is changed). */
static void moment(struct plan *p, json_t *j)
{
	json_object_set_new(j, "at", jtime(p->at));
	json_object_set_new(j, "until", p->until >= 0 ? jtime(p->until) : json_null());
}

int route_lookup(struct dctx *c, const struct org *org, const char *number, const char *at,
                 json_t **ret)
{
	if (!dctx_can(c, org->path, PERM_TELEPHONY_READ))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "telephony.read")),
		                   "This needs the right 'telephony.read'.");
	if (!number || !*number)
		return diag_error(c->d, "number", "required", "Say which number: ?number=7001.");
	int64_t when = c->now;
	if (at && time_parse(at, &when) < 0)
		return diag_error(c->d, "at", "invalid",
		                  "at is a moment in RFC 3339, such as 2027-03-27T10:00:00+01:00.");
	enum owner_type type = OWNER_USER;
	const char *id = NULL, *name = NULL, *e164, *why = NULL, *dest;
	int r = resolve(c, org, number, &type, &id, &name, &e164, &why, &dest);
	if (r == -ENOENT) {
		if (strcmp(why, "invalid_number") == 0)
			return phone_normalize(c, "number", number, org->country) ? -ENOENT
			                                                          : -EINVAL;
		if (strcmp(why, "no_such_extension") == 0)
			return diag_fail_p(c->d, -ENOENT, "no_such_extension",
			                   DP(DP_STR("extension", number)),
			                   "Nothing here has the extension %s.", number);
		if (strcmp(why, "no_such_number") == 0)
			return diag_fail_p(c->d, -ENOENT, "no_such_number",
			                   DP(DP_STR("number", number)),
			                   "Nothing here has the number %s.", number);
		return diag_fail_p(c->d, -ENOENT, "rings_nobody", DP(DP_STR("number", e164)),
		                   "%s rings nobody yet.", e164);
	}
	if (r < 0)
		return r;
	struct plan p = {.c = c, .org = org, .targets = json_array(), .at = when, .until = -1};
	json_t *j = json_pack("{s:s}", "number", number);
	if ((r = route_to(&p, type, id, name, dest, j)) < 0) {
		json_decref(j);
		json_decref(p.targets);
		return r;
	}
	json_object_set_new(j, "targets", p.targets);
	moment(&p, j);
	*ret = j;
	return 0;
}

/* ---- the SIP proxy's question ------------------------------------------- */

/* What a call that cannot be set up is answered: the SIP status and why
 * (its targets, none, are added where every answer ends). */
static void refused(json_t *j, int code, const char *reason)
{
	json_object_set_new(j, "rule", json_string("refused"));
	json_object_set_new(j, "result", json_string("refused"));
	json_object_set_new(j, "code", json_integer(code));
	json_object_set_new(j, "reason", json_string(reason));
}

/* The number the caller's outbound calls show: its account's own number
 * when the organization's caller ID follows the device (seed 001, 2023),
 * else the user's, else NULL (the trunk's default). */
static const char *outbound_caller_id(const struct org *org, const struct telephony *t,
                                      const struct sip_account *from)
{
	if (strcmp(org->caller_id_mode, "device") == 0)
		for (int i = 0; i < t->n_callers; i++)
			if (strcmp(t->callers[i].sip_account_id, from->id) == 0)
				return t->callers[i].number;
	return t->t.caller_number ? t->t.caller_number : org->trunk_number;
}

/* Who calls: the extension and name internal calls show. */
static int caller_party(struct dctx *c, const struct org *org, const struct sip_account *s,
                        const struct telephony *t, json_t **ret)
{
	struct extension *e;
	int n;
	const char *owner = s->kind == SIP_ALIAS ? s->id : s->user_id;
	int r = store_ext_list(c->db, c->a, org->id, owner, NULL, 1, &e, &n);
	if (r < 0)
		return r;
	const char *name = s->kind == SIP_ALIAS ? s->label : user_name(c->a, &t->u);
	*ret =
	    json_pack("{s:o, s:o, s:o}", "number", jstr_or_null(n ? e[0].number : NULL), "name",
	              jstr_or_null(name), "outside", jstr_or_null(outbound_caller_id(org, t, s)));
	return 0;
}

static bool trunk_number_form(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 20)
		return false;
	if (*s == '+')
		s++;
	return all_digits(s);
}

/* An inbound call: number is one of the platform's numbers (a DID, as the
 * trunk sends it: +31201234567, 0031201234567 or 31201234567). */
static int inbound(struct dctx *c, const char *caller, const char *number, json_t *j,
                   struct org *org, struct number *n)
{
	json_object_set_new(j, "direction", json_string("inbound"));
	const char *d = number;
	if (!trunk_number_form(d))
		return 1;
	if (strncmp(d, "00", 2) == 0)
		d = arena_printf(c->a, "+%s", d + 2);
	else if (*d != '+')
		d = arena_printf(c->a, "+%s", d);
	int r = store_number_find_any(c->db, c->a, d, n);
	if (r == 0)
		r = store_org_get(c->db, c->a, n->org_id, org);
	if (r == -ENOENT)
		return 1;
	if (r < 0)
		return r;
	json_object_set_new(j, "number", json_string(d));
	return 0;
}

/* What the caller hears when the callee puts it on hold: the user's choice
 * when a user's route answered, else the organization's (a hunt group, a
 * voicemail box). */
static void callee_hold_music(struct plan *p, json_t *j)
{
	if (!json_object_get(j, "music_on_hold"))
		json_object_set_new(j, "music_on_hold", hold_music(p, NULL));
}

static int route_call(struct plan *pl, const char *caller, const char *number, const char *trunk,
                      json_t **ret)
{
	struct dctx *c = pl->c;
	if (!number || !*number)
		return diag_error(c->d, "number", "required", "Say which number was dialled.");
	if (!trunk && (!caller || !*caller))
		return diag_error(c->d, "caller", "required",
		                  "Say who calls: the caller's SIP username, or trunk= for a call "
		                  "from the trunk.");
	json_t *j = json_object();
	struct org org;
	struct plan p = *pl;
	p.org = &org;
	p.targets = json_array();
	int r;
	if (trunk) {
		struct number n;
		if ((r = inbound(c, caller, number, j, &org, &n)) != 0 ||
		    !dctx_can(c, org.path, PERM_SIP_PROXY)) {
			if (r >= 0) {
				refused(j, 404, "no_such_number");
				r = 0;
			}
			goto out;
		}
		json_object_set_new(j, "org_id", json_string(org.id));
		if (org.suspended_at) { /* its numbers ring nobody meanwhile */
			refused(j, 480, "org_suspended");
			goto out;
		}
		if (!n.user_id && !n.destination) {
			refused(j, 404, "rings_nobody");
			goto out;
		}
		struct user u;
		if (n.destination)
			r = route_to(&p, OWNER_USER, NULL, NULL, n.destination, j);
		else if ((r = store_user_get(c->db, c->a, org.id, n.user_id, &u)) == 0)
			r = route_owner(&p, OWNER_USER, u.id, user_name(c->a, &u), j);
		json_object_set_new(j, "caller_id",
		                    json_pack("{s:o, s:n, s:o}", "number", jstr_or_null(caller),
		                              "name", "outside", jstr_or_null(caller)));
		callee_hold_music(&p, j);
		goto out;
	}

	struct sip_account s;
	char *status;
	r = sip_username_valid(caller) ? store_sip_find_username(c->db, c->a, caller, &s, &status)
	                               : -ENOENT;
	if (r == 0)
		r = store_org_get(c->db, c->a, s.org_id, &org);
	if (r < 0 && r != -ENOENT)
		goto out;
	if (r < 0 || !dctx_can(c, org.path, PERM_SIP_PROXY)) {
		refused(j, 403, "caller_unknown");
		r = 0;
		goto out;
	}
	json_object_set_new(j, "org_id", json_string(org.id));
	if (org.suspended_at) {
		refused(j, 403, "caller_org_suspended");
		goto out;
	}
	/* as the credentials lookup: an invited user's phone works already */
	if (!s.enabled || (strcmp(status, "active") != 0 && strcmp(status, "invited") != 0)) {
		refused(j, 403, s.enabled ? "caller_suspended" : "caller_disabled");
		goto out;
	}
	struct telephony t;
	if ((r = telephony_load(c, &org, s.user_id, &t)) < 0)
		goto out;
	json_t *party;
	if ((r = caller_party(c, &org, &s, &t, &party)) < 0)
		goto out;
	/* what the callee hears when the caller puts it on hold */
	json_object_set_new(j, "caller",
	                    json_pack("{s:s, s:s, s:s, s:o}", "username", s.username, "user_id",
	                              s.user_id, "account_id", s.id, "music_on_hold",
	                              hold_music(&p, &t)));

	enum owner_type type;
	const char *id = NULL, *name = NULL, *e164 = NULL, *why = NULL, *dest;
	r = resolve(c, &org, number, &type, &id, &name, &e164, &why, &dest);
	if (r == 0) {
		/* internal: the callee sees the caller's extension and name */
		json_object_set_new(j, "direction", json_string("internal"));
		json_object_set_new(j, "number", json_string(number));
		r = route_to(&p, type, id, name, dest, j);
		json_object_set_new(j, "caller_id", party); /* not the callee's own */
		callee_hold_music(&p, j);
		goto out;
	}
	json_decref(party);
	if (r != -ENOENT)
		goto out;
	if (strcmp(why, "no_such_number") != 0) {
		/* not one of the organization's numbers: outside (below) */
		json_object_set_new(j, "direction", json_string("internal"));
		refused(j, 404, why);
		r = 0;
		goto out;
	}
	/* outbound, through the trunk, showing what the rules give */
	json_object_set_new(j, "direction", json_string("outbound"));
	json_object_set_new(j, "number", json_string(e164));
	const char *cid = outbound_caller_id(&org, &t, &s);
	json_object_set_new(j, "caller_id",
	                    json_pack("{s:o, s:n, s:o}", "number", jstr_or_null(cid), "name",
	                              "outside", jstr_or_null(cid)));
	answer(&p, j, "outbound", true, NULL);
	put(&p, json_pack("{s:s, s:s}", "type", "outside", "number", e164), 1, 0, NULL);
	r = 0;
out:
	pl->writing = p.writing;
	if (r < 0) {
		json_decref(j);
		json_decref(p.targets);
		return r;
	}
	json_object_set_new(j, "targets", p.targets);
	moment(&p, j);
	*ret = j;
	return 0;
}

int sip_route(struct dctx *c, const struct sip_call *call, json_t **ret)
{
	struct plan p = {.c = c, .live = true, .at = c->now, .until = -1};
	json_t *j;
	int r = route_call(&p, call->caller, call->number, call->trunk, &j);
	if (r < 0)
		return r;
	/* A call that does not ring is recorded here: Kamailio makes no
	 * dialog, so no call record, of it. */
	const char *result = json_string_value(json_object_get(j, "result"));
	if (call->call_id && call->from_tag &&
	    (strcmp(result, "refused") == 0 || strcmp(result, "unreachable") == 0)) {
		json_t *code = json_object_get(j, "code");
		struct call_refused in = {
		    .call_id = call->call_id,
		    .from_tag = call->from_tag,
		    .caller = call->caller ? call->caller : "",
		    .number = call->number,
		    .inbound = call->trunk != NULL,
		    .sip_code = code ? (int)json_integer_value(code) : 480,
		    .reason = json_string_value(json_object_get(j, "reason")),
		};
		if ((r = plan_write(&p)) == 0)
			r = call_record_refused(c, &in);
		/* an organization nobody can find has no history to write to */
		if (r < 0 && r != -ENOENT && r != -EINVAL) {
			json_decref(j);
			return r;
		}
	}
	*ret = j;
	return 0;
}
