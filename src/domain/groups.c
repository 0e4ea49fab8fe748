/* groups.c: permission groups. A user's rights are the union of its
 * groups' rights, read at every request, so editing a group changes the
 * rights of all its members at once. */
#include "domain/orgs.h"
#include "base/jsonval.h"
#include "base/arena.h"
#include "base/util.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

static const struct field_spec group_fields[] = {
    {"name", F_STRING, F_REQUIRED, 100},    {"description", F_STRING, F_NULLABLE, 500},
    {"permissions", F_ARRAY, 0, 0},         {"id", F_ANY, F_READONLY, 0},
    {"org_id", F_ANY, F_READONLY, 0},       {"builtin", F_ANY, F_READONLY, 0},
    {"member_count", F_ANY, F_READONLY, 0}, {"name_nl", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},   {"updated_at", F_ANY, F_READONLY, 0},
    {"two_factor_required", F_BOOL, 0, 0},
};
#define N_GROUP_FIELDS (sizeof(group_fields) / sizeof(group_fields[0]))

const char *perms_beyond_actor(struct dctx *c, uint64_t mask)
{
	if (!c->actor)
		return NULL;
	uint64_t extra = mask & ~c->actor->perms;
	return extra ? perm_format(c->a, extra) : NULL;
}

int perm_list_parse(struct dctx *c, const char *field, json_t *list, uint64_t *ret)
{
	uint64_t mask = 0;
	size_t i;
	json_t *v;
	int bad = 0;
	json_array_foreach(list, i, v)
	{
		uint64_t m;
		const char *name = json_string_value(v);
		if (!name || strchr(name, ' ') || perm_parse(name, &m, NULL) < 0 || !*name) {
			diag_error(c->d, field, "unknown_permission",
			           "'%s' is not a permission (see GET /api/v1/permissions).",
			           name ? name : "(not a string)");
			bad = 1;
			continue;
		}
		mask |= m;
	}
	*ret = mask;
	return bad ? -EINVAL : 0;
}

int groups_seed(struct dctx *c, const char *org_id, bool platform)
{
	for (size_t i = 0; i < 4; i++) {
		const struct builtin_group *b = &builtin_groups[i];
		char id[ID_LEN + 1];
		id_new(id);
		struct group g = {.id = id,
		                  .org_id = (char *)org_id,
		                  .builtin = (char *)b->key,
		                  .name = (char *)b->name_en,
		                  .description = (char *)b->description_en,
		                  .permissions =
		                      perm_format(c->a, builtin_group_perms(b, platform)),
		                  .created_at = c->now,
		                  .updated_at = c->now};
		int r = store_group_insert(c->db, &g);
		if (r < 0)
			return r;
	}
	return 0;
}

/* -EACCES unless the actor holds every right of mask, a group's rights. */
static int guard_group(struct dctx *c, uint64_t mask)
{
	const char *beyond = perms_beyond_actor(c, mask);
	if (beyond)
		return diag_fail_p(c->d, -EACCES, "group_rights_beyond",
		                   DP(DP_STR("rights", beyond)),
		                   "This group holds rights you do not have (%s); someone who "
		                   "holds them must change it.",
		                   beyond);
	return 0;
}

static int name_conflict(struct dctx *c, int r)
{
	if (r == -EEXIST)
		diag_error(c->d, "name", "taken", "There is already a group with this name.");
	return r;
}

int group_create(struct dctx *c, const struct org *org, json_t *in, struct group *ret)
{
	int r = fields_check(c->d, in, group_fields, N_GROUP_FIELDS, true);
	uint64_t mask = 0;
	json_t *list = json_object_get(in, "permissions");
	if (json_is_array(list) && perm_list_parse(c, "permissions", list, &mask) < 0)
		r = -EINVAL;
	if (r < 0)
		return -EINVAL;
	const char *beyond = perms_beyond_actor(c, mask);
	if (beyond)
		return diag_fail_p(c->d, -EACCES, "grant_beyond", DP(DP_STR("rights", beyond)),
		                   "You cannot grant rights you do not hold: %s.", beyond);
	struct group *all;
	int n_all;
	if ((r = store_group_list(c->db, c->a, org->id, &all, &n_all)) < 0)
		return r;
	if (n_all >= GROUPS_MAX)
		return diag_fail_p(c->d, -ENOTEMPTY, "too_many_groups",
		                   DP(DP_INT("max", GROUPS_MAX)),
		                   "An organization has at most %d permission groups.", GROUPS_MAX);
	char id[ID_LEN + 1];
	id_new(id);
	struct group g = {.id = arena_strdup(c->a, id),
	                  .org_id = org->id,
	                  .name = field_str(c->a, in, "name"),
	                  .description = field_str(c->a, in, "description"),
	                  .permissions = perm_format(c->a, mask),
	                  .created_at = c->now,
	                  .updated_at = c->now,
	                  .two_factor_required = field_bool(in, "two_factor_required", false)};
	if ((r = store_group_insert(c->db, &g)) < 0)
		return name_conflict(c, r);
	r = audit_record(c, org->id, "group", g.id, "create",
	                 json_pack("{s:s, s:s?, s:o, s:b}", "name", g.name, "description",
	                           g.description, "permissions", perm_to_json(mask),
	                           "two_factor_required", g.two_factor_required));
	if (r < 0)
		return r;
	*ret = g;
	return 0;
}

int group_get(struct dctx *c, const struct org *org, const char *id, struct group *ret)
{
	return id_valid(id) ? store_group_get(c->db, c->a, org->id, id, ret) : -ENOENT;
}

int group_list(struct dctx *c, const struct org *org, struct group **ret, int *ret_n)
{
	return store_group_list(c->db, c->a, org->id, ret, ret_n);
}

int group_find_builtin(struct dctx *c, const struct org *org, const char *key, struct group *ret)
{
	return store_group_find_builtin(c->db, c->a, org->id, key, ret);
}

int group_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                 struct group *ret)
{
	struct group cur;
	int r = group_get(c, org, id, &cur);
	if (r < 0 || (r = version_check(c, cur.updated_at)) < 0)
		return r;
	r = fields_check(c->d, in, group_fields, N_GROUP_FIELDS, false);
	uint64_t old_mask = 0, mask;
	perm_parse(cur.permissions, &old_mask, NULL);
	mask = old_mask;
	json_t *list = json_object_get(in, "permissions");
	if (json_is_array(list) && perm_list_parse(c, "permissions", list, &mask) < 0)
		r = -EINVAL;
	if (r < 0)
		return -EINVAL;
	/* A group is changed (its rights, its name, its 2FA requirement) only
	 * by someone who holds every right it has before and after: else a
	 * helpdesk could cut the Admin group down, and every administrator
	 * with it. */
	if ((r = guard_group(c, old_mask | mask)) < 0)
		return r;
	struct group g = cur;
	json_t *ch = json_object();
	char *v;
	if ((v = field_str(c->a, in, "name")) && strcmp(v, cur.name) != 0) {
		g.name = v;
		json_object_set_new(ch, "name", json_string(v));
		audit_before(ch, "name", json_string(cur.name));
	}
	if (field_has(in, "description") &&
	    !str_eq((v = field_str(c->a, in, "description")), cur.description)) {
		g.description = v;
		json_object_set_new(ch, "description", v ? json_string(v) : json_null());
		audit_before(ch, "description", jstr_or_null(cur.description));
	}
	if (mask != old_mask) {
		g.permissions = perm_format(c->a, mask);
		json_object_set_new(ch, "permissions", perm_to_json(mask));
	}
	/* Members it applies to without 2FA may do nothing but enrol from their
	 * next request on (the dispatcher reads the policy every time). */
	if (field_has(in, "two_factor_required") &&
	    field_bool(in, "two_factor_required", false) != cur.two_factor_required) {
		g.two_factor_required = !cur.two_factor_required;
		json_object_set_new(ch, "two_factor_required", json_boolean(g.two_factor_required));
	}
	if (json_object_size(ch) == 0) {
		json_decref(ch);
		*ret = cur;
		return 0;
	}
	g.updated_at = c->now;
	if ((r = store_group_update(c->db, &g)) < 0) {
		json_decref(ch);
		return name_conflict(c, r);
	}
	/* New rights, new sessions: every member signs in again (the actor
	 * too, when it is one). */
	if (mask != old_mask) {
		if ((r = store_session_delete_group(c->db, g.id)) < 0 ||
		    (r = store_group_notice_set(c->db, g.id, "rights_changed")) < 0) {
			json_decref(ch);
			return r;
		}
		json_object_set_new(ch, "sessions_ended", json_true());
	}
	if ((r = audit_record(c, org->id, "group", g.id, "update", ch)) < 0)
		return r;
	*ret = g;
	return 0;
}

int group_delete(struct dctx *c, const struct org *org, const char *id)
{
	struct group g;
	int r = group_get(c, org, id, &g);
	if (r < 0 || (r = version_check(c, g.updated_at)) < 0)
		return r;
	uint64_t mask = 0;
	perm_parse(g.permissions, &mask, NULL);
	if ((r = guard_group(c, mask)) < 0)
		return r;
	if (g.builtin)
		return diag_fail(c->d, -ENOTEMPTY, "builtin_group",
		                 "The four default groups cannot be deleted; change their "
		                 "rights instead.");
	if (g.member_count)
		return diag_fail_p(c->d, -ENOTEMPTY, "group_has_members",
		                   DP(DP_INT("count", (long long)g.member_count)),
		                   "The group still has %lld members; take them out first.",
		                   (long long)g.member_count);
	if ((r = store_group_delete(c->db, org->id, id)) < 0)
		return r;
	return audit_record(c, org->id, "group", id, "delete", json_pack("{s:s}", "name", g.name));
}
