/* extensions.c: internal numbers: the rule, the next free one, owners. */
#include "domain/extensions.h"
#include "domain/orgs.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/util.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const struct field_spec ext_fields[] = {
    {"extension", F_STRING, F_REQUIRED, 16},
    {"user_id", F_STRING, 0, 64},
    {"id", F_ANY, F_READONLY, 0},
    {"org_id", F_ANY, F_READONLY, 0},
    {"owner", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},
};
#define N_EXT_FIELDS (sizeof(ext_fields) / sizeof(ext_fields[0]))

bool ext_valid(const struct org *org, const char *number)
{
	size_t n = strlen(number), pl = strlen(org->ext_prefix);
	if ((int)n != org->ext_length || strncmp(number, org->ext_prefix, pl) != 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)number[i]))
			return false;
	return true;
}

int ext_next_free(struct dctx *c, const struct org *org, char **ret)
{
	char **taken;
	int n,
	    r = store_ext_taken(c->db, c->a, org->id, org->ext_prefix, org->ext_length, &taken, &n);
	if (r < 0)
		return r;
	/* The free part after the prefix counts from 1 (7001, not 7000). */
	int free_digits = org->ext_length - (int)strlen(org->ext_prefix);
	long long last = 1;
	for (int i = 0; i < free_digits; i++)
		last *= 10;
	int k = 0;
	for (long long v = 1; v < last; v++) {
		char *cand = arena_printf(c->a, "%s%0*lld", org->ext_prefix, free_digits, v);
		while (k < n && strcmp(taken[k], cand) < 0)
			k++;
		if (k < n && strcmp(taken[k], cand) == 0)
			continue;
		*ret = cand;
		return 0;
	}
	return -ERANGE;
}

static const char *rule_text(struct dctx *c, const struct org *org)
{
	if (!*org->ext_prefix)
		return arena_printf(c->a, "%d digits", org->ext_length);
	return arena_printf(c->a, "%d digits starting with %s", org->ext_length, org->ext_prefix);
}

int ext_check(struct dctx *c, const struct org *org, const char *field, const char *number)
{
	struct extension e;
	if (!ext_valid(org, number))
		return diag_error_p(
		    c->d, field, "invalid_extension",
		    DP(DP_INT("length", org->ext_length), DP_STR("prefix", org->ext_prefix)),
		    "Extensions here are %s, like %s.", rule_text(c, org),
		    arena_printf(c->a, "%s%0*d", org->ext_prefix,
		                 org->ext_length - (int)strlen(org->ext_prefix), 1));
	int r = store_ext_find(c->db, c->a, org->id, number, &e);
	if (r == 0) {
		diag_error(c->d, field, "taken", "Extension %s is already in use here.", number);
		return -EEXIST;
	}
	return r == -ENOENT ? 0 : r;
}

int ext_assign(struct dctx *c, const struct org *org, const char *field, const char *number,
               enum owner_type owner_type, const char *owner_id, struct extension *ret)
{
	if (!dctx_can(c, org->path, PERM_TELEPHONY_WRITE))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "telephony.write")),
		                   "This needs the right 'telephony.write'.");
	char *num = (char *)number;
	int r;
	if (strcmp(number, "auto") == 0) {
		if ((r = ext_next_free(c, org, &num)) == -ERANGE)
			return diag_error_p(c->d, field, "exhausted",
			                    DP(DP_INT("length", org->ext_length),
			                       DP_STR("prefix", org->ext_prefix)),
			                    "Every extension of %s is taken.", rule_text(c, org));
		if (r < 0)
			return r;
	} else if ((r = ext_check(c, org, field, number)) < 0) {
		return r;
	}
	char id[ID_LEN + 1];
	id_new(id);
	struct extension e = {.id = arena_strdup(c->a, id),
	                      .org_id = org->id,
	                      .number = num,
	                      .owner_type = owner_type,
	                      .owner_id = (char *)owner_id,
	                      .created_at = c->now};
	if ((r = store_ext_insert(c->db, &e)) == -EEXIST) {
		diag_error(c->d, field, "taken", "Extension %s is already in use here.", num);
		return -EEXIST;
	}
	if (r < 0)
		return r;
	r = audit_record(c, org->id, "extension", e.id, "create",
	                 json_pack("{s:s, s:s, s:s}", "extension", e.number, "owner_type",
	                           owner_type_name(owner_type), "owner_id", owner_id));
	if (r < 0)
		return r;
	return store_ext_get(c->db, c->a, org->id, e.id, ret);
}

int ext_create(struct dctx *c, const struct org *org, json_t *in, struct extension *ret)
{
	if (!dctx_can(c, org->path, PERM_TELEPHONY_WRITE))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "telephony.write")),
		                   "This needs the right 'telephony.write'.");
	fields_check(c->d, in, ext_fields, N_EXT_FIELDS, true);
	const char *uid = field_str(c->a, in, "user_id");
	const char *number = field_str(c->a, in, "extension");
	if (!uid && !diag_has(c->d, "user_id"))
		diag_error(c->d, "user_id", "required", "Say whose extension it is: user_id.");
	struct user u;
	if (uid && !diag_has(c->d, "user_id") &&
	    (!id_valid(uid) || store_user_get(c->db, c->a, org->id, uid, &u) < 0 ||
	     u.status == USER_DELETED))
		diag_error(c->d, "user_id", "not_found", "No such user in this organization.");
	if (c->d->n_errors)
		return -EINVAL;
	int r = user_guard(c, uid);
	return r < 0 ? r : ext_assign(c, org, "extension", number, OWNER_USER, uid, ret);
}

int ext_get(struct dctx *c, const struct org *org, const char *id, struct extension *ret)
{
	return id_valid(id) ? store_ext_get(c->db, c->a, org->id, id, ret) : -ENOENT;
}

int ext_list(struct dctx *c, const struct org *org, const char *owner_id,
             const struct cursor *after, int limit, struct extension **ret, int *ret_n,
             const char **ret_next)
{
	/* The cursor is the last extension's number. */
	int n, r = store_ext_list(c->db, c->a, org->id, owner_id, after ? after->part[0] : NULL,
	                          limit + 1, ret, &n);
	if (r < 0)
		return r;
	*ret_next = n > limit ? cursor_encode(c->a, &cursor_extensions,
	                                      (const char *[]){(*ret)[limit - 1].number})
	                      : NULL;
	*ret_n = n > limit ? limit : n;
	return 0;
}

int ext_delete(struct dctx *c, const struct org *org, const char *id)
{
	if (!dctx_can(c, org->path, PERM_TELEPHONY_WRITE))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "telephony.write")),
		                   "This needs the right 'telephony.write'.");
	struct extension e;
	int r;
	if ((r = store_ext_get(c->db, c->a, org->id, id, &e)) < 0)
		return r;
	/* A user's extension is the user's; an alias's is its user's. */
	const char *owner = e.owner_id;
	struct sip_account alias;
	if (e.owner_type == OWNER_ALIAS &&
	    store_sip_get_alias(c->db, c->a, org->id, e.owner_id, &alias) == 0)
		owner = alias.user_id;
	if ((e.owner_type != OWNER_HUNT_GROUP && (r = user_guard(c, owner)) < 0) ||
	    (r = store_ext_delete(c->db, org->id, id)) < 0)
		return r;
	return audit_record(c, org->id, "extension", id, "delete",
	                    json_pack("{s:s, s:s, s:s}", "extension", e.number, "owner_type",
	                              owner_type_name(e.owner_type), "owner_id", e.owner_id));
}
