/* api_tokens.c: API tokens, machines as principals. */
#include "domain/api_tokens.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/jsonval.h"
#include "base/util.h"
#include "domain/orgs.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

static const struct field_spec token_fields[] = {
    {"name", F_STRING, F_REQUIRED, 100},      {"permissions", F_ARRAY, F_REQUIRED, 0},
    {"expires_at", F_STRING, F_NULLABLE, 64}, {"id", F_ANY, F_READONLY, 0},
    {"org_id", F_ANY, F_READONLY, 0},         {"created_at", F_ANY, F_READONLY, 0},
    {"created_by", F_ANY, F_READONLY, 0},     {"created_by_label", F_ANY, F_READONLY, 0},
    {"last_used_at", F_ANY, F_READONLY, 0},
};
#define N_TOKEN_FIELDS (sizeof(token_fields) / sizeof(token_fields[0]))

bool api_token_is(const char *token)
{
	return token && strncmp(token, API_TOKEN_PREFIX, strlen(API_TOKEN_PREFIX)) == 0;
}

static int need_write(struct dctx *c, const struct org *org)
{
	if (dctx_can(c, org->path, PERM_API_TOKENS_WRITE))
		return 0;
	return diag_fail_p(c->d, -EACCES, "right_required",
	                   DP(DP_STR("right", perm_catalogue[PERM_API_TOKENS_WRITE].name)),
	                   "This needs the right 'api_tokens.write'.");
}

int api_token_create(struct dctx *c, const struct org *org, json_t *in, struct api_token *ret,
                     char **ret_token)
{
	int r = need_write(c, org);
	if (r < 0)
		return r;
	if (c->actor && c->actor->token_name)
		return diag_fail(c->d, -EACCES, "user_required",
		                 "An API token is made by a person, not by another token.");
	fields_check(c->d, in, token_fields, N_TOKEN_FIELDS, true);
	uint64_t mask = 0;
	json_t *list = json_object_get(in, "permissions");
	if (json_is_array(list) && !diag_has(c->d, "permissions")) {
		if (perm_list_parse(c, "permissions", list, &mask) == 0 && !mask)
			diag_error(c->d, "permissions", "required",
			           "A token needs at least one right.");
	}
	int64_t expires = 0;
	char *exp = field_str(c->a, in, "expires_at");
	/* A blank time is no time, not "never". */
	bool blank = !exp && json_is_string(json_object_get(in, "expires_at"));
	if ((exp || blank) && !diag_has(c->d, "expires_at")) {
		if (blank || time_parse(exp, &expires) < 0)
			diag_error(c->d, "expires_at", "invalid",
			           "expires_at must be an RFC 3339 time such as "
			           "2027-01-31T12:00:00Z.");
		else if (expires <= c->now)
			diag_error(c->d, "expires_at", "in_the_past",
			           "expires_at must be in the future.");
	}
	if (c->d->n_errors)
		return -EINVAL;
	/* As a group's: a token is never given a right its creator lacks. */
	const char *beyond = perms_beyond_actor(c, mask);
	if (beyond)
		return diag_fail_p(c->d, -EACCES, "grant_beyond", DP(DP_STR("rights", beyond)),
		                   "You cannot grant rights you do not hold: %s.", beyond);
	int64_t n;
	if ((r = store_api_token_count(c->db, org->id, &n)) < 0)
		return r;
	if (n >= API_TOKENS_MAX)
		return diag_fail_p(c->d, -ENOTEMPTY, "too_many_api_tokens",
		                   DP(DP_INT("max", API_TOKENS_MAX)),
		                   "An organization has at most %d API tokens.", API_TOKENS_MAX);
	char id[ID_LEN + 1];
	id_new(id);
	char *raw, *unused;
	auth_token_new(c->a, &raw, &unused);
	char *token = arena_printf(c->a, "%s%s", API_TOKEN_PREFIX, raw);
	struct api_token t = {
	    .id = arena_strdup(c->a, id),
	    .org_id = org->id,
	    .name = field_str(c->a, in, "name"),
	    .token_hash = auth_token_hash(c->a, token),
	    .permissions = perm_format(c->a, mask),
	    .created_by = c->actor ? c->actor->user_id : NULL,
	    .created_by_label = (char *)audit_actor_label(c),
	    .created_at = c->now,
	    .expires_at = expires,
	};
	if ((r = store_api_token_insert(c->db, &t)) < 0) {
		if (r == -EEXIST)
			diag_error(c->d, "name", "taken",
			           "The organization has a token of this name already.");
		return r;
	}
	r = audit_record(c, org->id, "api_token", t.id, "create",
	                 json_pack("{s:s, s:o, s:o}", "name", t.name, "permissions",
	                           perm_to_json(mask), "expires_at", jtime(expires)));
	if (r < 0)
		return r;
	*ret = t;
	*ret_token = token;
	return 0;
}

int api_token_get(struct dctx *c, const struct org *org, const char *id, struct api_token *ret)
{
	return id_valid(id) ? store_api_token_get(c->db, c->a, org->id, id, ret) : -ENOENT;
}

int api_token_list(struct dctx *c, const struct org *org, const struct cursor *after, int limit,
                   struct api_token **ret, int *ret_n, const char **ret_next)
{
	int n, r = store_api_token_list(c->db, c->a, org->id, after ? after->part[0] : NULL,
	                                limit + 1, ret, &n);
	if (r < 0)
		return r;
	*ret_next = n > limit ? cursor_encode(c->a, &cursor_api_tokens,
	                                      (const char *[]){(*ret)[limit - 1].id})
	                      : NULL;
	*ret_n = n > limit ? limit : n;
	return 0;
}

int api_token_delete(struct dctx *c, const struct org *org, const char *id)
{
	int r = need_write(c, org);
	if (r < 0)
		return r;
	struct api_token t;
	if ((r = api_token_get(c, org, id, &t)) < 0 || (r = version_check(c, t.created_at)) < 0)
		return r;
	/* As a group's: only someone who holds a token's rights revokes it (a
	 * lesser administrator cannot cut the SIP proxy off). */
	uint64_t mask = 0;
	perm_parse(t.permissions, &mask, NULL);
	const char *beyond = perms_beyond_actor(c, mask);
	if (beyond)
		return diag_fail_p(c->d, -EACCES, "token_rights_beyond",
		                   DP(DP_STR("rights", beyond)),
		                   "This token holds rights you do not have (%s); someone who "
		                   "holds them must delete it.",
		                   beyond);
	if ((r = store_api_token_delete(c->db, org->id, id)) < 0)
		return r;
	return audit_record(c, org->id, "api_token", id, "delete",
	                    json_pack("{s:s}", "name", t.name));
}

int api_token_resolve(struct dctx *c, const char *token, struct principal **ret)
{
	if (!api_token_is(token) || strlen(token) > 128)
		return -ENOENT;
	struct api_token t;
	int r = store_api_token_find(c->db, c->a, auth_token_hash(c->a, token), &t);
	if (r < 0)
		return r;
	if (t.expires_at && t.expires_at <= c->now)
		return -ENOENT;
	if (t.org_suspended)
		return diag_fail(c->d, -EPERM, "org_suspended",
		                 "The organization of this token is suspended.");
	struct principal *p = arena_alloc(c->a, sizeof(*p));
	*p = (struct principal){
	    .user_id = t.id, .org_id = t.org_id, .org_path = t.org_path, .token_name = t.name};
	if (perm_parse(t.permissions, &p->perms, NULL) < 0)
		p->perms = 0;
	/* As a session's expiry: at most once a minute, and a touch that
	 * fails (a busy database during a read) costs nothing but an older
	 * last_used_at. Not while writes fail for lack of space. */
	if (c->now - t.last_used_at > API_TOKEN_TOUCH_MS && !db_storage_full())
		store_api_token_touch(c->db, t.id, c->now);
	*ret = p;
	return 0;
}
