/* users.c (api): users, and making a login for a person of the address book. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/session.h"
#include "domain/users.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

/* u with its groups (ng of gs) and extension numbers (ne of ext). */
static json_t *render_user_with(struct ctx *c, const struct user *u, const struct group *gs, int ng,
                                char *const *ext, int ne)
{
	json_t *j = json_pack(
	    "{s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:b, s:b, s:o, s:o, s:o}", "id", u->id,
	    "org_id", u->org_id, "contact_id", u->contact_id, "email", u->email, "login_name",
	    jstr_or_null(u->login_name), "status", u->status, "language", u->language, "timezone",
	    jstr_or_null(u->timezone), "must_change_password", u->must_change_password,
	    "password_set", u->password_hash != NULL, "created_at", jtime(u->created_at),
	    "updated_at", jtime(u->updated_at), "last_login_at", jtime(u->last_login_at));
	json_object_set_new(j, "deleted_at", jtime(u->deleted_at));
	json_object_set_new(j, "purge_after", jtime(u->purge_after));
	render_person(c, j, &u->contact);
	json_t *ga = json_array();
	for (int i = 0; i < ng; i++)
		json_array_append_new(ga, json_pack("{s:s, s:s, s:o}", "id", gs[i].id, "name",
		                                    gs[i].name, "builtin",
		                                    jstr_or_null(gs[i].builtin)));
	json_object_set_new(j, "groups", ga);
	json_t *ea = json_array();
	for (int i = 0; i < ne; i++)
		json_array_append_new(ea, json_string(ext[i]));
	json_object_set_new(j, "extensions", ea);
	json_object_set_new(j, "two_factor",
	                    json_pack("{s:b, s:b}", "enabled", u->two_factor_enabled, "required",
	                              u->two_factor_required));
	return j;
}

#define USER_EXT_MAX 50 /* extension numbers shown with a user */

json_t *render_user(struct ctx *c, const struct user *u)
{
	struct group *gs = NULL;
	int ng = 0, ne = 0;
	if (c->db && store_user_groups(c->db, c->a, u->id, &gs, &ng) < 0)
		ng = 0;
	struct extension *ext;
	char **nums = NULL;
	if (c->db &&
	    store_ext_list(c->db, c->a, u->org_id, u->id, NULL, USER_EXT_MAX, &ext, &ne) == 0) {
		nums = arena_alloc(c->a, sizeof(char *) * (size_t)(ne > 0 ? ne : 1));
		for (int i = 0; i < ne; i++)
			nums[i] = ext[i].number;
	} else {
		ne = 0;
	}
	return render_user_with(c, u, gs, ng, nums, ne);
}

/* The n users of a list page (all of one organization), their groups and
 * extensions loaded for the whole page at once instead of per user. */
static int render_user_page(struct ctx *c, const struct user *us, int n, json_t **ret)
{
	json_t *arr = json_array();
	*ret = arr;
	if (n <= 0)
		return 0;
	const char **ids = arena_alloc(c->a, sizeof(char *) * (size_t)n);
	for (int i = 0; i < n; i++)
		ids[i] = us[i].id;
	struct group **gs = arena_alloc(c->a, sizeof(*gs) * (size_t)n);
	char ***nums = arena_alloc(c->a, sizeof(*nums) * (size_t)n);
	int *ng = arena_alloc(c->a, sizeof(int) * (size_t)n);
	int *ne = arena_alloc(c->a, sizeof(int) * (size_t)n);
	int r;
	if ((r = store_users_groups(c->db, c->a, ids, n, gs, ng)) < 0 ||
	    (r = store_ext_numbers(c->db, c->a, us[0].org_id, ids, n, USER_EXT_MAX, nums, ne)) < 0) {
		/* a page without its users' groups would say they have none */
		json_decref(arr);
		*ret = NULL;
		return r;
	}
	for (int i = 0; i < n; i++)
		json_array_append_new(arr,
		                      render_user_with(c, &us[i], gs[i], ng[i], nums[i], ne[i]));
	return 0;
}

static int reply_user(struct ctx *c, int status, const struct user *u)
{
	json_t *j = render_user(c, u);
	add_warnings(c, j);
	set_etag(c, u->updated_at);
	if (status == 201)
		reply_header(c, "Location",
		             arena_printf(c->a, "/api/v1/orgs/%s/users/%s", u->org_id, u->id));
	return reply_json(c, status, j);
}

int users_list(struct ctx *c)
{
	int limit, r = query_limit(c, 50, 200, &limit);
	if (r < 0)
		return r;
	const char *after = query(c, "after"), *q = query(c, "q");
	char *cursor = NULL;
	if (after) {
		size_t n = strlen(after), len;
		cursor = arena_alloc(c->a, n + 1);
		if (sodium_base642bin((unsigned char *)cursor, n, after, n, NULL, &len, NULL,
		                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
			return diag_error(&c->d, "after", "invalid",
			                  "after is not a valid cursor.");
		cursor[len] = 0;
	}
	if (q && strlen(q) > 100)
		return diag_error(&c->d, "q", "too_long", "q is longer than 100 characters.");
	const char *status = query(c, "status");
	static const char *const statuses[] = {"invited", "active", "suspended", "deleted"};
	bool known = !status;
	for (size_t i = 0; status && i < sizeof(statuses) / sizeof(statuses[0]); i++)
		known |= strcmp(status, statuses[i]) == 0;
	if (!known)
		return diag_error(&c->d, "status", "invalid",
		                  "status must be invited, active, suspended or deleted.");
	const char *tf = query(c, "two_factor");
	if (tf && strcmp(tf, "missing") && strcmp(tf, "enabled") && strcmp(tf, "disabled"))
		return diag_error(&c->d, "two_factor", "invalid",
		                  "two_factor must be missing (required, not set up), enabled or "
		                  "disabled.");
	struct user *items;
	int n;
	r = store_user_list_2fa(c->db, c->a, c->org.id, status, q, tf, cursor, limit + 1, &items, &n);
	if (r < 0)
		return r;
	json_t *arr;
	if ((r = render_user_page(c, items, n < limit ? n : limit, &arr)) < 0)
		return r;
	const char *next = NULL;
	if (n > limit) {
		const struct user *last = &items[limit - 1];
		char *key = arena_printf(c->a, "%s\x1f%s", last->contact.sort_name, last->id);
		next = b64url(c->a, (const unsigned char *)key, strlen(key));
	}
	return reply_json(c, 200, render_list(arr, next));
}

int users_create(struct ctx *c)
{
	struct user u;
	int r = user_create(&c->dc, &c->org, body(c), &u);
	if (r < 0)
		return r;
	return reply_user(c, 201, &u);
}

int contacts_make_user(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0)
		return r;
	struct user u;
	if ((r = user_create_for_contact(&c->dc, &c->org, id, body(c), &u)) < 0)
		return r;
	return reply_user(c, 201, &u);
}

/* The user {id} of the org, not deleted; -ENOENT otherwise. */
static int load(struct ctx *c, struct user *u)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0)
		return r;
	if ((r = store_user_get(c->db, c->a, c->org.id, id, u)) < 0)
		return r;
	return strcmp(u->status, "deleted") == 0 ? -ENOENT : 0;
}

/* A deleted user is still shown, with its purge date, until it is purged:
 * that is what an admin restores it from. */
int users_get(struct ctx *c)
{
	const char *id;
	struct user u;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = store_user_get(c->db, c->a, c->org.id, id, &u)) < 0)
		return r;
	return reply_user(c, 200, &u);
}

int users_patch(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0)
		return r;
	struct user u;
	if ((r = store_user_get(c->db, c->a, c->org.id, id, &u)) < 0 ||
	    (r = check_if_match(c, u.updated_at)) < 0 ||
	    (r = user_update(&c->dc, &c->org, id, body(c), &u)) < 0)
		return r;
	return reply_user(c, 200, &u);
}

int users_delete(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0)
		return r;
	struct user u;
	if ((r = store_user_get(c->db, c->a, c->org.id, id, &u)) < 0 ||
	    (r = check_if_match(c, u.updated_at)) < 0)
		return r;
	const char *purge = query(c, "purge");
	if (purge && strcmp(purge, "true") != 0 && strcmp(purge, "false") != 0)
		return diag_error(&c->d, "purge", "invalid", "purge must be true or false.");
	if (purge && strcmp(purge, "true") == 0)
		r = user_purge(&c->dc, &c->org, id, query(c, "confirm"));
	else if (strcmp(u.status, "deleted") == 0)
		r = -ENOENT; /* already deleted: only a purge is left */
	else
		r = user_delete(&c->dc, &c->org, id);
	return r < 0 ? r : reply_empty(c, 204);
}

/* POST .../suspend, .../resume and .../restore: the user as it now is. */
static int lifecycle(struct ctx *c,
                     int (*fn)(struct dctx *, const struct org *, const char *, struct user *))
{
	const char *id;
	struct user u;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = fn(&c->dc, &c->org, id, &u)) < 0)
		return r;
	return reply_user(c, 200, &u);
}

int users_suspend(struct ctx *c)
{
	return lifecycle(c, user_suspend);
}

int users_resume(struct ctx *c)
{
	return lifecycle(c, user_resume);
}

int users_restore(struct ctx *c)
{
	return lifecycle(c, user_restore);
}

int users_permissions(struct ctx *c)
{
	struct user u;
	int r = load(c, &u);
	if (r < 0)
		return r;
	uint64_t perms;
	if ((r = user_effective_perms(&c->dc, u.id, &perms)) < 0)
		return r;
	struct group *gs;
	int n;
	if ((r = store_user_groups(c->db, c->a, u.id, &gs, &n)) < 0)
		return r;
	json_t *ga = json_array();
	for (int i = 0; i < n; i++) {
		uint64_t m = 0;
		perm_parse(gs[i].permissions, &m, NULL);
		json_array_append_new(ga, json_pack("{s:s, s:s, s:o}", "id", gs[i].id, "name",
		                                    gs[i].name, "permissions", perm_to_json(m)));
	}
	return reply_json(c, 200,
	                  json_pack("{s:s, s:o, s:o}", "user_id", u.id, "permissions",
	                            perm_to_json(perms), "groups", ga));
}

int users_invite(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0)
		return r;
	if ((r = user_reinvite(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_json(c, 202, json_pack("{s:s}", "detail", "A new invitation is on its way."));
}

int users_end_sessions(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = user_end_sessions(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
