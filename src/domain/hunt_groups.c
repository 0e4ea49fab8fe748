/* hunt_groups.c: hunt groups and queues: validation, members, extension. */
#include "domain/hunt_groups.h"
#include "domain/destinations.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/util.h"
#include "domain/extensions.h"
#include "store/store.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

#define HUNT_MAX_MEMBERS 200

static const struct field_spec hunt_fields[] = {
    {"name", F_STRING, F_REQUIRED, 100},
    {"kind", F_STRING, 0, 16},
    {"strategy", F_STRING, 0, 16},
    {"ring_seconds", F_INT, 0, 0},
    {"extension", F_STRING, F_NULLABLE, 16},
    {"members", F_ARRAY, 0, 0},
    {"id", F_ANY, F_READONLY, 0},
    {"org_id", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},
    {"updated_at", F_ANY, F_READONLY, 0},
};
#define N_HUNT_FIELDS (sizeof(hunt_fields) / sizeof(hunt_fields[0]))

static const char *const kinds[] = {"group", "queue"};
static const char *const strategies[] = {"ring_all", "round_robin", "linear"};

static bool one_of(const char *v, const char *const *set, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(v, set[i]) == 0)
			return true;
	return false;
}

static int need(struct dctx *c, const struct org *org)
{
	if (dctx_can(c, org->path, PERM_TELEPHONY_WRITE))
		return 0;
	return diag_fail_p(c->d, -EACCES, "right_required", DP(DP_STR("right", "telephony.write")),
	                   "This needs the right 'telephony.write'.");
}

/* Whether a member of type exists in org and can take calls. */
static bool member_exists(struct dctx *c, const struct org *org, const char *type, const char *id)
{
	if (!id_valid(id))
		return false;
	if (strcmp(type, "user") == 0) {
		struct user u;
		return store_user_get(c->db, c->a, org->id, id, &u) == 0 &&
		       u.status != USER_DELETED;
	}
	struct sip_account s;
	return store_sip_get_alias(c->db, c->a, org->id, id, &s) == 0;
}

/* members: [{"type": "user"|"alias", "id": ...}, ...] into g, in order. */
static void parse_members(struct dctx *c, const struct org *org, json_t *list, struct hunt_group *g)
{
	size_t n = json_array_size(list), i;
	if (n > HUNT_MAX_MEMBERS) {
		diag_error_p(c->d, "members", "too_many", DP(DP_INT("max", HUNT_MAX_MEMBERS)),
		             "A group has at most %d members.", HUNT_MAX_MEMBERS);
		return;
	}
	g->members = arena_alloc(c->a, sizeof(*g->members) * (n ? n : 1));
	g->n_members = 0;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *field = arena_printf(c->a, "members[%zu]", i);
		const char *type = json_string_value(json_object_get(v, "type"));
		const char *id = json_string_value(json_object_get(v, "id"));
		if (!json_is_object(v) || !type || !id) {
			diag_error(c->d, field, "invalid",
			           "A member is {\"type\": \"user\" or \"alias\", \"id\": ...}.");
			continue;
		}
		if (strcmp(type, "user") != 0 && strcmp(type, "alias") != 0) {
			diag_error(c->d, field, "invalid", "A member's type is user or alias.");
			continue;
		}
		if (!member_exists(c, org, type, id)) {
			diag_error(c->d, field, "not_found", "No such %s in this organization.",
			           type);
			continue;
		}
		bool dup = false;
		for (int k = 0; k < g->n_members; k++)
			dup |= strcmp(g->members[k].id, id) == 0;
		if (dup) {
			diag_error(c->d, field, "duplicate", "This member is in the list twice.");
			continue;
		}
		g->members[g->n_members++] = (struct hunt_member){.type = arena_strdup(c->a, type),
		                                                  .id = arena_strdup(c->a, id)};
	}
}

/* The editable members of in applied to g; problems collected. */
static void apply(struct dctx *c, const struct org *org, json_t *in, struct hunt_group *g)
{
	char *v;
	if ((v = field_str(c->a, in, "name")))
		g->name = v;
	if (field_has(in, "kind") && !diag_has(c->d, "kind")) {
		v = field_str(c->a, in, "kind");
		if (!one_of(v, kinds, 2))
			diag_error(c->d, "kind", "invalid", "kind must be group or queue (ACD).");
		else
			g->kind = v;
	}
	if (field_has(in, "strategy") && !diag_has(c->d, "strategy")) {
		v = field_str(c->a, in, "strategy");
		if (!one_of(v, strategies, 3))
			diag_error(c->d, "strategy", "invalid",
			           "strategy must be ring_all, round_robin or linear.");
		else
			g->strategy = v;
	}
	json_t *rs = json_object_get(in, "ring_seconds");
	if (rs && !diag_has(c->d, "ring_seconds")) {
		if (!json_is_integer(rs) || json_integer_value(rs) < 5 ||
		    json_integer_value(rs) > 300)
			diag_error(c->d, "ring_seconds", "out_of_range",
			           "ring_seconds must be a whole number from 5 to 300.");
		else
			g->ring_seconds = (int)json_integer_value(rs);
	}
	json_t *m = json_object_get(in, "members");
	if (json_is_array(m) && !diag_has(c->d, "members"))
		parse_members(c, org, m, g);
}

static json_t *members_json(const struct hunt_group *g)
{
	json_t *a = json_array();
	for (int i = 0; i < g->n_members; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s}", "type", g->members[i].type, "id", g->members[i].id));
	return a;
}

/* ext_check, keeping only failures that are not about the input. */
static int check_ext(struct dctx *c, const struct org *org, const char *ext)
{
	int r = ext_check(c, org, "extension", ext);
	return r == -EINVAL || r == -EEXIST ? 0 : r;
}

/* 409 when the only problem is a taken name or extension, else 422. */
static int errors_status(struct dctx *c)
{
	if (c->d->n_errors == 1 && strcmp(c->d->errors[0].code, "taken") == 0)
		return -EEXIST;
	return -EINVAL;
}

static int name_taken(struct dctx *c, int r)
{
	if (r == -EEXIST)
		diag_error(c->d, "name", "taken", "This organization has a group with this name.");
	return r;
}

int hunt_create(struct dctx *c, const struct org *org, json_t *in, struct hunt_group *ret)
{
	int r = need(c, org);
	if (r < 0)
		return r;
	fields_check(c->d, in, hunt_fields, N_HUNT_FIELDS, true);
	struct hunt_group g = {.kind = "group", .strategy = "ring_all", .ring_seconds = 20};
	apply(c, org, in, &g);
	const char *ext = field_str(c->a, in, "extension");
	if (ext && strcmp(ext, "auto") != 0 && !diag_has(c->d, "extension") &&
	    (r = check_ext(c, org, ext)) < 0)
		return r;
	if (c->d->n_errors)
		return errors_status(c);
	char id[ID_LEN + 1];
	id_new(id);
	g.id = arena_strdup(c->a, id);
	g.org_id = org->id;
	g.created_at = g.updated_at = c->now;
	struct extension e = {0};
	if ((r = store_hunt_insert(c->db, &g)) < 0 || (r = store_hunt_members_set(c->db, &g)) < 0)
		return name_taken(c, r);
	if (ext && (r = ext_assign(c, org, "extension", ext, OWNER_HUNT_GROUP, g.id, &e)) < 0)
		return r;
	r = audit_record(c, org->id, "hunt_group", g.id, "create",
	                 json_pack("{s:s, s:s, s:s, s:i, s:o, s:o}", "name", g.name, "kind", g.kind,
	                           "strategy", g.strategy, "ring_seconds", g.ring_seconds,
	                           "extension", ext ? json_string(e.number) : json_null(),
	                           "members", members_json(&g)));
	if (r < 0)
		return r;
	return store_hunt_get(c->db, c->a, org->id, g.id, ret);
}

static bool members_equal(const struct hunt_group *a, const struct hunt_group *b)
{
	if (a->n_members != b->n_members)
		return false;
	for (int i = 0; i < a->n_members; i++)
		if (strcmp(a->members[i].id, b->members[i].id) != 0)
			return false;
	return true;
}

int hunt_get(struct dctx *c, const struct org *org, const char *id, struct hunt_group *ret)
{
	return id_valid(id) ? store_hunt_get(c->db, c->a, org->id, id, ret) : -ENOENT;
}

int hunt_list(struct dctx *c, const struct org *org, const struct cursor *after, int limit,
              struct hunt_group **ret, int *ret_n, char **ret_next)
{
	/* The cursor is the lower-cased name of the last group. */
	int n, r = store_hunt_list(c->db, c->a, org->id, after ? after->part[0] : NULL, limit + 1,
	                           ret, &n);
	if (r < 0)
		return r;
	*ret_next = NULL;
	if (n > limit) {
		*ret_next = cursor_encode(c->a, &cursor_hunt,
		                          (const char *[]){(*ret)[limit - 1].name_norm});
		n = limit;
	}
	*ret_n = n;
	return 0;
}

int hunt_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                struct hunt_group *ret)
{
	int r = need(c, org);
	if (r < 0)
		return r;
	struct hunt_group cur, g;
	if ((r = hunt_get(c, org, id, &cur)) < 0 || (r = version_check(c, cur.updated_at)) < 0)
		return r;
	fields_check(c->d, in, hunt_fields, N_HUNT_FIELDS, false);
	g = cur;
	apply(c, org, in, &g);
	if (field_has(in, "name") && !field_str(c->a, in, "name") && !diag_has(c->d, "name"))
		diag_error(c->d, "name", "required", "name may not be empty.");
	bool ext_change = false;
	const char *ext = NULL;
	if (field_has(in, "extension") && !diag_has(c->d, "extension")) {
		ext = field_str(c->a, in, "extension");
		ext_change = !str_eq(ext, cur.extension);
		if (ext_change && ext && strcmp(ext, "auto") != 0 &&
		    (r = check_ext(c, org, ext)) < 0)
			return r;
	}
	if (c->d->n_errors)
		return errors_status(c);
	json_t *ch = json_object();
	if (strcmp(g.name, cur.name) != 0) {
		json_object_set_new(ch, "name", json_string(g.name));
		audit_before(ch, "name", json_string(cur.name));
	}
	if (strcmp(g.kind, cur.kind) != 0) {
		json_object_set_new(ch, "kind", json_string(g.kind));
		audit_before(ch, "kind", json_string(cur.kind));
	}
	if (strcmp(g.strategy, cur.strategy) != 0) {
		json_object_set_new(ch, "strategy", json_string(g.strategy));
		audit_before(ch, "strategy", json_string(cur.strategy));
	}
	if (g.ring_seconds != cur.ring_seconds) {
		json_object_set_new(ch, "ring_seconds", json_integer(g.ring_seconds));
		audit_before(ch, "ring_seconds", json_integer(cur.ring_seconds));
	}
	bool members_changed = !members_equal(&g, &cur);
	if (members_changed)
		json_object_set_new(ch, "members", members_json(&g));
	if (json_object_size(ch) == 0 && !ext_change) {
		json_decref(ch);
		*ret = cur;
		return 0;
	}
	g.updated_at = c->now;
	if ((r = store_hunt_update(c->db, &g)) < 0 ||
	    (members_changed && (r = store_hunt_members_set(c->db, &g)) < 0)) {
		json_decref(ch);
		return name_taken(c, r);
	}
	if (ext_change) {
		struct extension e = {0};
		if ((r = store_ext_delete_owner(c->db, org->id, g.id)) < 0 ||
		    (ext &&
		     (r = ext_assign(c, org, "extension", ext, OWNER_HUNT_GROUP, g.id, &e)) < 0)) {
			json_decref(ch);
			return r;
		}
		json_object_set_new(ch, "extension", ext ? json_string(e.number) : json_null());
	}
	if ((r = audit_record(c, org->id, "hunt_group", g.id, "update", ch)) < 0)
		return r;
	return store_hunt_get(c->db, c->a, org->id, g.id, ret);
}

int hunt_delete(struct dctx *c, const struct org *org, const char *id)
{
	int r = need(c, org);
	if (r < 0)
		return r;
	struct hunt_group g;
	/* a number or a forward that sends calls here must be changed first */
	if ((r = hunt_get(c, org, id, &g)) < 0 || (r = version_check(c, g.updated_at)) < 0 ||
	    (r = destination_refs_check(c, org, id, "hunt group")) < 0 ||
	    (r = store_hunt_delete(c->db, org->id, id)) < 0)
		return r;
	return audit_record(c, org->id, "hunt_group", id, "delete",
	                    json_pack("{s:s, s:o}", "name", g.name, "extension",
	                              g.extension ? json_string(g.extension) : json_null()));
}
