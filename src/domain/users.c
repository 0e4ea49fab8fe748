/* users.c: creating, changing and deleting users, with the rules of the
 * seeds: platform-wide unique email and login name, the password policy,
 * invitation or admin-set password, groups no larger than the granter's own
 * rights, and a warning for role addresses such as info@. */
#include "domain/users.h"
#include "auth/auth.h"
#include "base/jsonval.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/util.h"
#include "domain/contacts.h"
#include "domain/extensions.h"
#include "domain/orgs.h"
#include "domain/password.h"
#include "domain/session.h"
#include "domain/sip.h"
#include "store/store.h"

#include <ctype.h>
#include <sodium.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

/* The members of a user's JSON that belong to the login; every other member
 * is a person field and goes to the contact. */
static const struct field_spec login_specs[] = {
    USER_FIELDS(FIELD_SPEC) /* and the rest: */
    {"email", F_STRING, F_EMAIL, 254},
    {"login_name", F_STRING, F_NULLABLE, 64},
    {"password", F_STRING, F_NO_TRIM, 256},
    {"invite", F_BOOL, 0, 0},
    {"groups", F_ARRAY, 0, 0},
    {"extension", F_STRING, 0, 16},
};

/* What a client may send back from a user it read; ignored on input. */
static const char *read_only[] = {
    "id",           "org_id",     "contact_id",   "status",        "must_change_password",
    "display_name", "created_at", "updated_at",   "last_login_at", "user_id",
    "permissions",  "warnings",   "password_set", "extensions",    "two_factor"};

static bool is_user_key(const char *k)
{
	for (size_t i = 0; i < FIELDS_N(login_specs); i++)
		if (strcmp(login_specs[i].name, k) == 0)
			return true;
	return false;
}

static bool is_read_only(const char *k)
{
	for (size_t i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++)
		if (strcmp(read_only[i], k) == 0)
			return true;
	return false;
}

/* Splits in into the login's members (ret_user) and the person's members
 * (ret_person). Both are new references. */
static void split_input(json_t *in, json_t **ret_user, json_t **ret_person)
{
	json_t *u = json_object(), *p = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v)
	{
		if (is_read_only(k))
			continue;
		json_object_set(is_user_key(k) ? u : p, k, v);
	}
	*ret_user = u;
	*ret_person = p;
}

bool login_name_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return false;
	return true;
}

/* Resolves a list of group ids of org into ids; checks the granter holds
 * every right in them. -EINVAL (field groups) or -EACCES. */
static int resolve_groups(struct dctx *c, const struct org *org, json_t *list,
                          const char ***ret_ids, int *ret_n)
{
	size_t n = json_array_size(list);
	if (n > GROUPS_MAX)
		return diag_error_p(c->d, "groups", "too_many", DP(DP_INT("max", GROUPS_MAX)),
		                    "A user is in at most %d groups.", GROUPS_MAX);
	const char **ids = arena_alloc(c->a, sizeof(char *) * (n ? n : 1));
	uint64_t mask = 0;
	int k = 0;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		/* ids, or group objects as a user's JSON carries them */
		const char *id = json_is_object(v) ? json_string_value(json_object_get(v, "id"))
		                                   : json_string_value(v);
		struct group g;
		if (!id || !id_valid(id) ||
		    store_group_get_nocount(c->db, c->a, org->id, id, &g) < 0) {
			diag_error(c->d, "groups", "not_found", "There is no group '%s' here.",
			           id ? id : "(not a string)");
			continue;
		}
		bool dup = false;
		for (int j = 0; j < k; j++)
			dup |= strcmp(ids[j], g.id) == 0;
		if (dup)
			continue;
		uint64_t m = 0;
		perm_parse(g.permissions, &m, NULL);
		mask |= m;
		ids[k++] = g.id;
	}
	if (diag_has(c->d, "groups"))
		return -EINVAL;
	const char *beyond = perms_beyond_actor(c, mask);
	if (beyond)
		return diag_fail_p(
		    c->d, -EACCES, "grant_beyond", DP(DP_STR("rights", beyond)),
		    "You cannot put a user in a group with rights you do not hold: %s.", beyond);
	*ret_ids = ids;
	*ret_n = k;
	return 0;
}

int user_guard(struct dctx *c, const char *user_id)
{
	if (!c->actor || strcmp(c->actor->user_id, user_id) == 0)
		return 0;
	uint64_t m;
	int r = user_effective_perms(c, user_id, &m);
	if (r < 0)
		return r;
	const char *beyond = perms_beyond_actor(c, m);
	if (beyond)
		return diag_fail_p(c->d, -EACCES, "user_rights_beyond",
		                   DP(DP_STR("rights", beyond)),
		                   "This user holds rights you do not have (%s); someone who "
		                   "holds them must make this change.",
		                   beyond);
	return 0;
}

static int guard_target(struct dctx *c, const struct user *u)
{
	return user_guard(c, u->id);
}

/* The live (not deleted) user id of org, which the actor may change. */
static int load_target(struct dctx *c, const struct org *org, const char *id, struct user *ret)
{
	int r = store_user_get(c->db, c->a, org->id, id, ret);
	if (r < 0)
		return r;
	if (ret->status == USER_DELETED)
		return -ENOENT;
	if ((r = version_check(c, ret->updated_at)) < 0)
		return r;
	return guard_target(c, ret);
}

static int check_email(struct dctx *c, const char *email, const char *self_id)
{
	if (!email_valid(email))
		return diag_error(c->d, "email", "invalid_email", "email is not a valid address.");
	if (email_is_role(email))
		diag_warning(c->d, "email", "role_address",
		             "%s looks like a shared role address. Personal addresses keep "
		             "changes traceable to a person.",
		             email);
	struct user other;
	int r = store_user_find_email(c->db, c->a, email, &other);
	if (r == 0 && !str_eq(other.id, self_id)) {
		/* Say why only to whom may see that user: tenants never see each
		 * other, not even the status of a user. */
		struct org where;
		bool deleted_here = other.status == USER_DELETED &&
		                    store_org_get(c->db, c->a, other.org_id, &where) == 0 &&
		                    dctx_sees(c, where.path);
		diag_error(c->d, "email", "taken",
		           deleted_here
		               ? "A deleted user still holds this email until it is purged: "
		                 "restore that user, or remove it for good."
		               : "A user with this email already exists.");
		return -EEXIST;
	}
	return r == -ENOENT || r == 0 ? 0 : r;
}

static int check_login_name(struct dctx *c, const char *name, const char *self_id)
{
	if (!login_name_valid(name))
		return diag_error(c->d, "login_name", "invalid",
		                  "login_name must be 2 to 64 letters, digits, '.', '_' or '-'.");
	struct user other;
	int r = store_user_find_login(c->db, c->a, name, &other);
	if (r == 0 && !str_eq(other.id, self_id)) {
		diag_error(c->d, "login_name", "taken", "This login name is already in use.");
		return -EEXIST;
	}
	return r == -ENOENT || r == 0 ? 0 : r;
}

/* Maps a UNIQUE failure from the database (a race with another request or
 * node) to the field it concerns. */
static int unique_conflict(struct dctx *c, int r)
{
	if (r != -EEXIST)
		return r;
	const char *col = db_conflict(c->db);
	if (strstr(col, "login_name"))
		diag_error(c->d, "login_name", "taken", "This login name is already in use.");
	else if (strstr(col, "external_id"))
		diag_error(c->d, "external_id", "taken",
		           "Another user of this organization has this external_id.");
	else
		diag_error(c->d, "email", "taken", "A user with this email already exists.");
	return -EEXIST;
}

/* A user's external_id is unique in its organization, and its manager is
 * another user of it. -EEXIST (one field error) or a field error. */
static int check_scim_fields(struct dctx *c, const struct org *org, const struct user *u)
{
	struct user other;
	int r;
	if (u->external_id && (r = store_user_find_external(c->db, c->a, org->id, u->external_id,
	                                                    &other)) != -ENOENT) {
		if (r < 0)
			return r;
		if (strcmp(other.id, u->id) != 0) {
			diag_error(c->d, "external_id", "taken",
			           "Another user of this organization has this external_id.");
			return -EEXIST;
		}
	}
	if (u->manager_id && (strcmp(u->manager_id, u->id) == 0 || !id_valid(u->manager_id) ||
	                      store_user_get(c->db, c->a, org->id, u->manager_id, &other) < 0 ||
	                      other.status == USER_DELETED))
		return diag_error(c->d, "manager_id", "not_found",
		                  "manager_id must be another user of this organization.");
	return 0;
}

/* The person's changes for the audit trail of its user (the email is the
 * login's, which the user's own changes name). */
static void audit_person(json_t *ch, const struct contact *a, const struct contact *b)
{
	json_t *p = person_changes(a, b), *before = json_object_get(p, AUDIT_BEFORE);
	const char *k;
	json_t *v;
	json_object_foreach(before, k, v)
	{
		if (strcmp(k, "email") != 0)
			audit_before(ch, k, json_incref(v));
	}
	json_object_del(p, AUDIT_BEFORE);
	json_object_del(p, "email");
	json_object_update(ch, p);
	json_decref(p);
}

static int create_common(struct dctx *c, const struct org *org, json_t *in,
                         const struct contact *existing, bool send_invite, struct user *ret)
{
	json_t *uin, *pin;
	split_input(in, &uin, &pin);
	int r = fields_check(c->d, uin, login_specs, FIELDS_N(login_specs), false);
	struct user u = {0};
	char id[ID_LEN + 1];
	id_new(id);
	u.id = arena_strdup(c->a, id);
	u.org_id = org->id;
	u.email = field_str(c->a, uin, "email");
	if (!u.email && existing)
		u.email = existing->email;
	if (!u.email && !diag_has(c->d, "email"))
		diag_error(c->d, "email", "required", "email is required.");
	int conflict = 0;
	if (u.email && !diag_has(c->d, "email") && (r = check_email(c, u.email, NULL)) == -EEXIST)
		conflict = 1;
	u.login_name = field_str(c->a, uin, "login_name");
	if (u.login_name && (r = check_login_name(c, u.login_name, NULL)) == -EEXIST)
		conflict = 1;
	fields_apply(c, uin, user_fields, user_fields_n, &u, NULL);
	if (!u.language)
		u.language = org->language;
	if ((r = check_scim_fields(c, org, &u)) == -EEXIST)
		conflict = 1;
	else if (r < 0 && r != -EINVAL)
		return r;
	const char *password = json_string_value(json_object_get(uin, "password"));
	bool invite = field_bool(uin, "invite", false);
	if (password && invite)
		diag_error(c->d, "invite", "conflict",
		           "Either set a password or send an invitation, not both.");
	if (!password)
		invite = true; /* seed 003: the user gets a mail to set a password */
	const char **gids = NULL;
	int ng = 0;
	json_t *glist = json_object_get(uin, "groups");
	int gr = 0;
	if (json_is_array(glist) && json_array_size(glist)) {
		gr = resolve_groups(c, org, glist, &gids, &ng);
	} else {
		struct group g;
		gr = store_group_find_builtin(c->db, c->a, org->id, "end_user", &g);
		if (gr == 0) {
			gids = arena_alloc(c->a, sizeof(char *));
			gids[0] = g.id;
			ng = 1;
		}
	}
	/* "extension": "7005" or "auto" (seed 004: a user gets one when made). */
	const char *ext = field_str(c->a, uin, "extension");
	if (ext && !dctx_can(c, org->path, PERM_TELEPHONY_WRITE)) {
		json_decref(uin);
		json_decref(pin);
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "telephony.write")),
		                   "Giving an extension needs 'telephony.write'.");
	}
	struct extension taken;
	if (ext && strcmp(ext, "auto") != 0) {
		if (!ext_valid(org, ext))
			diag_error_p(c->d, "extension", "invalid_extension",
			             DP(DP_INT("length", org->ext_length),
			                DP_STR("prefix", org->ext_prefix)),
			             "Extensions here are %d digits starting with '%s'.",
			             org->ext_length, org->ext_prefix);
		else if (store_ext_find(c->db, c->a, org->id, ext, &taken) == 0) {
			diag_error(c->d, "extension", "taken",
			           "Extension %s is already in use here.", ext);
			conflict = 1;
		}
	}
	struct contact ct = {0};
	if (existing)
		ct = *existing;
	if (!existing && u.email && !diag_has(c->d, "email") && !json_object_get(pin, "email"))
		json_object_set_new(pin, "email", json_string(u.email));
	int cr = contact_apply(c, org, pin, existing == NULL, &ct);
	json_decref(uin);
	json_decref(pin);
	if (gr == -EACCES)
		return gr;
	if (c->d->n_errors && !conflict)
		return -EINVAL;
	if (conflict)
		return c->d->n_errors > 1 ? -EINVAL : -EEXIST;
	if (cr < 0)
		return cr;
	if (gr < 0)
		return gr;
	if (password) {
		struct password_subject who = {.email = u.email,
		                               .login_name = u.login_name,
		                               .first_name = ct.first_name,
		                               .last_name = ct.last_name};
		if ((r = password_check(c, org, "password", password, &who)) < 0)
			return r;
	}

	if (!existing) {
		char cid[ID_LEN + 1];
		id_new(cid);
		ct.id = arena_strdup(c->a, cid);
		ct.org_id = org->id;
		ct.created_at = ct.updated_at = c->now;
		if ((r = store_contact_insert(c->db, &ct)) < 0)
			return r;
	} else {
		ct.updated_at = c->now;
		if ((r = store_contact_update(c->db, &ct)) < 0)
			return r;
	}
	u.contact_id = ct.id;
	u.status = invite ? USER_INVITED : USER_ACTIVE;
	u.must_change_password = !invite;
	u.created_at = u.updated_at = c->now;
	if ((r = store_user_insert(c->db, &u)) < 0)
		return unique_conflict(c, r);
	if ((r = store_user_groups_set(c->db, u.id, gids, ng)) < 0)
		return r;
	if ((r = store_user_get(c->db, c->a, org->id, u.id, &u)) < 0)
		return r;
	if (password && (r = password_store(c, &u, password, true)) < 0)
		return r;
	json_t *ch = json_pack("{s:s, s:s?, s:s, s:b, s:s}", "email", u.email, "login_name",
	                       u.login_name, "status", user_status_name(u.status), "password_set",
	                       password != NULL, "contact_id", u.contact_id);
	fields_diff(ch, user_fields, user_fields_n, NULL, &u);
	audit_person(ch, existing, &ct);
	json_t *ga = json_array();
	for (int i = 0; i < ng; i++)
		json_array_append_new(ga, json_string(gids[i]));
	json_object_set_new(ch, "groups", ga);
	if ((r = audit_record(c, org->id, "user", u.id, "create", ch)) < 0)
		return r;
	struct extension e;
	if (ext && (r = ext_assign(c, org, "extension", ext, OWNER_USER, u.id, &e)) < 0)
		return r;
	if (invite && send_invite && (r = invitation_send(c, org, &u)) < 0)
		return r;
	return ret ? store_user_get(c->db, c->a, org->id, u.id, ret) : 0;
}

int user_create(struct dctx *c, const struct org *org, json_t *in, struct user *ret)
{
	if (!dctx_can(c, org->path, PERM_USERS_WRITE))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "users.write")),
		                   "This needs the right 'users.write'.");
	return create_common(c, org, in, NULL, true, ret);
}

int user_email_check(struct dctx *c, const struct org *org, const char *email, const char *self_id)
{
	if (!dctx_can(c, org->path, PERM_USERS_WRITE))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "users.write")),
		                   "This needs the right 'users.write'.");
	if (!email || !*email)
		return diag_error(c->d, "email", "required", "email is required.");
	return check_email(c, str_trim(c->a, email), self_id);
}

int user_create_ex(struct dctx *c, const struct org *org, json_t *in, bool send_invite,
                   struct user *ret)
{
	if (!dctx_can(c, org->path, PERM_USERS_WRITE))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "users.write")),
		                   "This needs the right 'users.write'.");
	return create_common(c, org, in, NULL, send_invite, ret);
}

int user_create_for_contact(struct dctx *c, const struct org *org, const char *contact_id,
                            json_t *in, struct user *ret)
{
	if (!dctx_can(c, org->path, PERM_USERS_WRITE))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "users.write")),
		                   "This needs the right 'users.write'.");
	struct contact ct;
	int r = store_contact_get(c->db, c->a, org->id, contact_id, &ct);
	if (r < 0)
		return r;
	if (ct.user_id)
		return diag_fail(c->d, -EEXIST, "person_has_login",
		                 "This person already has a login.");
	return create_common(c, org, in, &ct, true, ret);
}

/* Whether user_id's groups are now exactly the n in gids (in any order). */
static int groups_same(struct dctx *c, const char *user_id, const char **gids, int n, bool *ret)
{
	struct group *gs;
	int ng;
	int r = store_user_groups(c->db, c->a, user_id, &gs, &ng);
	if (r < 0)
		return r;
	bool same = true;
	for (int i = 0; i < n && same; i++) {
		bool found = false;
		for (int k = 0; k < ng && !found; k++)
			found = strcmp(gids[i], gs[k].id) == 0;
		same = found;
	}
	for (int k = 0; k < ng && same; k++) {
		bool found = false;
		for (int i = 0; i < n && !found; i++)
			found = strcmp(gids[i], gs[k].id) == 0;
		same = found;
	}
	*ret = same;
	return 0;
}

/* ret_changed NULL: the API's PATCH, which always writes. Otherwise a change
 * that changes nothing writes nothing, and *ret_changed says which it was. */
static int update_common(struct dctx *c, const struct org *org, const char *id, json_t *in,
                         struct user *ret, bool *ret_changed)
{
	struct user cur;
	int r = load_target(c, org, id, &cur);
	if (r < 0)
		return r;
	json_t *uin, *pin;
	split_input(in, &uin, &pin);
	r = fields_check(c->d, uin, login_specs, FIELDS_N(login_specs), false);
	struct user u = cur;
	json_t *ch = json_object();
	int conflict = 0;
	char *v;
	if (field_has(uin, "email") && !diag_has(c->d, "email")) {
		v = field_str(c->a, uin, "email");
		if (!v)
			diag_error(c->d, "email", "required", "email is required.");
		else if (strcmp(v, cur.email) != 0) {
			if (check_email(c, v, cur.id) == -EEXIST)
				conflict = 1;
			u.email = v;
			json_object_set_new(ch, "email", json_string(v));
			audit_before(ch, "email", json_string(cur.email));
		}
	}
	if (field_has(uin, "login_name")) {
		v = field_str(c->a, uin, "login_name");
		if (v && !str_eq(v, cur.login_name) && check_login_name(c, v, cur.id) == -EEXIST)
			conflict = 1;
		if (!str_eq(v, cur.login_name)) {
			json_object_set_new(ch, "login_name", v ? json_string(v) : json_null());
			audit_before(ch, "login_name", jstr_or_null(cur.login_name));
		}
		u.login_name = v;
	}
	fields_apply(c, uin, user_fields, user_fields_n, &u, NULL);
	fields_diff(ch, user_fields, user_fields_n, &cur, &u);
	int sr = check_scim_fields(c, org, &u);
	if (sr == -EEXIST)
		conflict = 1;
	else if (sr < 0 && sr != -EINVAL) {
		json_decref(uin);
		json_decref(pin);
		json_decref(ch);
		return sr;
	}
	const char **gids = NULL;
	int ng = -1, gr = 0;
	json_t *glist = json_object_get(uin, "groups");
	if (json_is_array(glist)) {
		if (json_array_size(glist) == 0)
			diag_error(c->d, "groups", "required", "A user needs at least one group.");
		else
			gr = resolve_groups(c, org, glist, &gids, &ng);
	}
	const char *password = json_string_value(json_object_get(uin, "password"));
	if (field_has(uin, "invite"))
		diag_error(c->d, "invite", "create_only",
		           "Use POST .../users/{id}/invite to send a new invitation.");
	struct contact ct = cur.contact;
	/* The person's email follows the login's unless it was set apart. */
	if (!str_eq(u.email, cur.email) && !json_object_get(pin, "email") &&
	    (!ct.email || strcasecmp(ct.email, cur.email) == 0))
		ct.email = u.email;
	int cr = contact_apply(c, org, pin, false, &ct);
	json_decref(uin);
	json_decref(pin);
	if (gr == -EACCES) {
		json_decref(ch);
		return gr;
	}
	if (r < 0 || cr < 0 || gr < 0 || c->d->n_errors || conflict) {
		json_decref(ch);
		return conflict && c->d->n_errors == 1 ? -EEXIST
		       : cr < 0 && cr != -EINVAL       ? cr
		                                       : -EINVAL;
	}
	if (password) {
		struct password_subject who = {.email = u.email,
		                               .login_name = u.login_name,
		                               .first_name = ct.first_name,
		                               .last_name = ct.last_name,
		                               .user_id = u.id};
		if ((r = password_check(c, org, "password", password, &who)) < 0) {
			json_decref(ch);
			return r;
		}
	}
	audit_person(ch, &cur.contact, &ct);
	/* Whether the groups asked for are the ones the user has: a change of
	 * rights ends its sessions, and an import counts the row as unchanged. */
	bool same_groups = true;
	if (ng >= 0 && (r = groups_same(c, cur.id, gids, ng, &same_groups)) < 0) {
		json_decref(ch);
		return r;
	}
	if (ret_changed) {
		*ret_changed = json_object_size(ch) || !same_groups || password;
		if (!*ret_changed) {
			json_decref(ch);
			*ret = cur;
			return 0;
		}
	}
	u.updated_at = c->now;
	if ((r = store_user_update(c->db, &u)) < 0) {
		json_decref(ch);
		return unique_conflict(c, r);
	}
	ct.updated_at = c->now;
	if ((r = store_contact_update(c->db, &ct)) < 0) {
		json_decref(ch);
		return r;
	}
	/* A link mailed to the old address must not open the account for
	 * whoever keeps that mailbox. */
	if (strcmp(u.email, cur.email) != 0 && (r = user_links_revoke(c, u.id)) < 0) {
		json_decref(ch);
		return r;
	}
	if (ng >= 0) {
		json_t *ga = json_array();
		for (int i = 0; i < ng; i++)
			json_array_append_new(ga, json_string(gids[i]));
		json_object_set_new(ch, "groups", ga);
		if ((r = store_user_groups_set(c->db, u.id, gids, ng)) < 0) {
			json_decref(ch);
			return r;
		}
		/* Other groups, other rights: the user signs in again (the actor
		 * too, when it changed its own groups). */
		if (!same_groups) {
			if ((r = store_session_delete_user(c->db, u.id, NULL)) < 0 ||
			    (r = store_user_notice_set(c->db, u.id, "rights_changed")) < 0) {
				json_decref(ch);
				return r;
			}
			json_object_set_new(ch, "sessions_ended", json_true());
		}
	}
	if (password) {
		/* An admin-set password must be changed at the next sign-in, and
		 * whoever was signed in with the old one is signed out. */
		if ((r = password_store(c, &u, password, true)) < 0 ||
		    (r = store_session_delete_user(c->db, u.id, NULL)) < 0) {
			json_decref(ch);
			return r;
		}
		json_object_set_new(ch, "password_set", json_true());
	}
	if (json_object_size(ch) == 0)
		json_decref(ch); /* nothing changed: nothing to record */
	else if ((r = audit_record(c, org->id, "user", u.id, "update", ch)) < 0)
		return r;
	return store_user_get(c->db, c->a, org->id, u.id, ret);
}

int user_update(struct dctx *c, const struct org *org, const char *id, json_t *in, struct user *ret)
{
	return update_common(c, org, id, in, ret, NULL);
}

int user_update_ex(struct dctx *c, const struct org *org, const char *id, json_t *in,
                   struct user *ret, bool *ret_changed)
{
	bool changed = false;
	int r = update_common(c, org, id, in, ret, &changed);
	if (r == 0)
		*ret_changed = changed;
	return r;
}

/* What a user returns to when a suspension or deletion ends. */
static enum user_status live_status(const struct user *u)
{
	return u->password_hash ? USER_ACTIVE : USER_INVITED;
}

/* Ends a user's access at once: sessions, and invitation and reset links. */
static int end_access(struct dctx *c, const struct user *u)
{
	int r = store_session_delete_user(c->db, u->id, NULL);
	return r < 0 ? r : user_links_revoke(c, u->id);
}

/* Sets u's status (and deletion times), records it, and reads it back. */
static int set_status(struct dctx *c, const struct org *org, struct user *u,
                      enum user_status status, const char *action, json_t *extra, struct user *ret)
{
	u->status = status;
	u->updated_at = c->now;
	int r = store_user_update(c->db, u);
	if (r < 0) {
		json_decref(extra);
		return r;
	}
	json_t *ch = json_pack("{s:s, s:s}", "email", u->email, "status", user_status_name(status));
	if (extra)
		json_object_update_new(ch, extra);
	if ((r = audit_record(c, org->id, "user", u->id, action, ch)) < 0)
		return r;
	return ret ? store_user_get(c->db, c->a, org->id, u->id, ret) : 0;
}

int user_suspend(struct dctx *c, const struct org *org, const char *id, struct user *ret)
{
	if (c->actor && strcmp(c->actor->user_id, id) == 0)
		return diag_fail(c->d, -ENOTEMPTY, "self_suspend", "You cannot suspend yourself.");
	struct user u;
	int r = load_target(c, org, id, &u);
	if (r < 0)
		return r;
	if (u.status == USER_SUSPENDED) {
		*ret = u;
		return 0;
	}
	if ((r = end_access(c, &u)) < 0 || (r = sip_invalidate_user(c, u.id, "user_suspended")) < 0)
		return r;
	return set_status(c, org, &u, USER_SUSPENDED, "suspend", NULL, ret);
}

int user_resume(struct dctx *c, const struct org *org, const char *id, struct user *ret)
{
	struct user u;
	int r = load_target(c, org, id, &u);
	if (r < 0)
		return r;
	if (u.status != USER_SUSPENDED) {
		*ret = u;
		return 0;
	}
	/* Kamailio may remember its phones as not known: forgotten, so they
	 * sign in again at once. */
	if ((r = set_status(c, org, &u, live_status(&u), "resume", NULL, ret)) < 0 ||
	    (r = sip_invalidate_user(c, u.id, "user_resumed")) < 0)
		return r;
	/* The suspension revoked the old link: an invited user gets a new one. */
	if (ret->status == USER_INVITED && (r = invitation_send(c, org, ret)) < 0)
		return r;
	return 0;
}

int user_delete(struct dctx *c, const struct org *org, const char *id)
{
	if (c->actor && strcmp(c->actor->user_id, id) == 0)
		return diag_fail(c->d, -ENOTEMPTY, "self_delete", "You cannot delete yourself.");
	struct user u;
	int r = load_target(c, org, id, &u);
	if (r < 0)
		return r;
	if ((r = end_access(c, &u)) < 0 || (r = sip_invalidate_user(c, u.id, "user_deleted")) < 0)
		return r;
	/* Kept, with its extensions held, for the organization's retention. */
	u.deleted_at = c->now;
	u.purge_after = c->now + (int64_t)org->retention_days * 24 * 3600 * 1000;
	return set_status(c, org, &u, USER_DELETED, "delete",
	                  json_pack("{s:o}", "purge_after", json_integer(u.purge_after)), NULL);
}

/* A deleted user of org that the actor may change. */
static int load_deleted(struct dctx *c, const struct org *org, const char *id, struct user *ret)
{
	int r = store_user_get(c->db, c->a, org->id, id, ret);
	if (r < 0)
		return r;
	if (ret->status != USER_DELETED)
		return diag_fail(c->d, -ENOTEMPTY, "user_not_deleted", "This user is not deleted.");
	if ((r = version_check(c, ret->updated_at)) < 0)
		return r;
	return guard_target(c, ret);
}

int user_restore(struct dctx *c, const struct org *org, const char *id, struct user *ret)
{
	struct user u;
	int r = load_deleted(c, org, id, &u);
	if (r < 0)
		return r;
	u.deleted_at = u.purge_after = 0;
	if ((r = set_status(c, org, &u, live_status(&u), "restore", NULL, ret)) < 0 ||
	    (r = sip_invalidate_user(c, u.id, "user_restored")) < 0)
		return r;
	if (ret->status == USER_INVITED && (r = invitation_send(c, org, ret)) < 0)
		return r;
	return 0;
}

static int purge(struct dctx *c, const struct org *org, const struct user *u)
{
	/* A deleted user's phones were invalidated when it was deleted; the
	 * usernames are read before the rows go. */
	int r = u->status == USER_DELETED ? 0 : sip_invalidate_user(c, u->id, "user_purged");
	if (r < 0 || (r = store_user_purge(c->db, org->id, u->id)) < 0)
		return r;
	return audit_record(c, org->id, "user", u->id, "purge",
	                    json_pack("{s:s}", "email", u->email));
}

int user_purge(struct dctx *c, const struct org *org, const char *id, const char *confirm)
{
	if (c->actor && strcmp(c->actor->user_id, id) == 0)
		return diag_fail(c->d, -ENOTEMPTY, "self_delete", "You cannot delete yourself.");
	struct user u;
	int r = store_user_get(c->db, c->a, org->id, id, &u);
	if (r < 0 || (r = version_check(c, u.updated_at)) < 0 || (r = guard_target(c, &u)) < 0)
		return r;
	if (!confirm || strcasecmp(str_trim(c->a, confirm), u.email) != 0)
		return diag_error(c->d, "confirm", "mismatch",
		                  "To remove a user for good, confirm with its email address.");
	return purge(c, org, &u);
}

int user_purge_expired(struct dctx *c, int limit, int *ret_n)
{
	char **ids, **orgs;
	int n, done = 0;
	int r = store_user_purge_due(c->db, c->a, c->now, limit, &ids, &orgs, &n);
	for (int i = 0; r == 0 && i < n; i++) {
		struct org org;
		struct user u;
		if ((r = store_org_get(c->db, c->a, orgs[i], &org)) < 0 ||
		    (r = store_user_get(c->db, c->a, org.id, ids[i], &u)) < 0 ||
		    (r = purge(c, &org, &u)) < 0)
			break;
		done++;
	}
	*ret_n = done;
	return r;
}

int user_reinvite(struct dctx *c, const struct org *org, const char *id)
{
	/* A new link retires the old one: guarded like any change to u. */
	struct user u;
	int r = load_target(c, org, id, &u);
	if (r < 0)
		return r;
	if (u.status != USER_INVITED)
		return diag_fail(c->d, -ENOTEMPTY, "user_not_invited",
		                 "Only a user who has not set a password yet can be invited.");
	return invitation_send(c, org, &u);
}

int user_end_sessions(struct dctx *c, const struct org *org, const char *id)
{
	struct user u;
	int r = load_target(c, org, id, &u);
	if (r < 0 || (r = store_session_delete_user(c->db, u.id, NULL)) < 0)
		return r;
	return audit_record(c, org->id, "user", u.id, "end_sessions", NULL);
}

/* ---- reads --------------------------------------------------------------- */

int user_view_load(struct dctx *c, const struct user *u, struct user_view *ret)
{
	struct extension *ext;
	int ne;
	*ret = (struct user_view){.u = *u};
	int r = store_user_groups(c->db, c->a, u->id, &ret->groups, &ret->n_groups);
	if (r < 0 ||
	    (r = store_ext_list(c->db, c->a, u->org_id, u->id, NULL, USER_EXT_MAX, &ext, &ne)) < 0)
		return r;
	ret->extensions = arena_alloc(c->a, sizeof(char *) * (size_t)(ne > 0 ? ne : 1));
	for (int i = 0; i < ne; i++)
		ret->extensions[i] = ext[i].number;
	ret->n_extensions = ne;
	return 0;
}

int user_get(struct dctx *c, const struct org *org, const char *id, struct user_view *ret)
{
	struct user u;
	int r = id_valid(id) ? store_user_get(c->db, c->a, org->id, id, &u) : -ENOENT;
	return r < 0 ? r : user_view_load(c, &u, ret);
}

int user_list(struct dctx *c, const struct org *org, const struct user_filter *f, int limit,
              struct user_view **ret, int *ret_n, char **ret_next)
{
	struct user *items;
	int *ranks, n;
	const struct search_query *q = search_query_read(c, f->q, org->country);
	int r = store_user_list_2fa(c->db, c->a, org->id, f->status, q, f->two_factor,
	                            f->after ? f->after->key : NULL, limit + 1, &items, &ranks, &n);
	if (r < 0)
		return r;
	*ret_next = NULL;
	if (n > limit) {
		const struct user *last = &items[limit - 1];
		/* a ranked search's cursor leads with the rank's digit (store.h) */
		const char *key =
		    q && !q->prefix_only
		        ? arena_printf(c->a, "%d%s", ranks[limit - 1], last->contact.sort_name)
		        : last->contact.sort_name;
		*ret_next = cursor_encode(c->a, &cursor_users, (const char *[]){key, last->id});
	}
	if (n > limit)
		n = limit;
	struct user_view *v = arena_alloc(c->a, sizeof(*v) * (size_t)(n > 0 ? n : 1));
	*ret = v;
	*ret_n = n;
	if (n == 0)
		return 0;
	/* the page's groups and extensions in one query each, not two per user */
	const char **ids = arena_alloc(c->a, sizeof(char *) * (size_t)n);
	struct group **gs = arena_alloc(c->a, sizeof(*gs) * (size_t)n);
	char ***nums = arena_alloc(c->a, sizeof(*nums) * (size_t)n);
	int *ng = arena_alloc(c->a, sizeof(int) * (size_t)n);
	int *ne = arena_alloc(c->a, sizeof(int) * (size_t)n);
	for (int i = 0; i < n; i++)
		ids[i] = items[i].id;
	if ((r = store_users_groups(c->db, c->a, ids, n, gs, ng)) < 0 ||
	    (r = store_ext_numbers(c->db, c->a, org->id, ids, n, USER_EXT_MAX, nums, ne)) < 0)
		return r; /* a page without its users' groups would say they have none */
	for (int i = 0; i < n; i++)
		v[i] = (struct user_view){.u = items[i],
		                          .groups = gs[i],
		                          .n_groups = ng[i],
		                          .extensions = nums[i],
		                          .n_extensions = ne[i]};
	return 0;
}

int user_self(struct dctx *c, struct user_view *ret)
{
	if (!c->actor)
		return -EACCES;
	struct user u;
	int r = store_user_get_any(c->db, c->a, c->actor->user_id, &u);
	return r < 0 ? r : user_view_load(c, &u, ret);
}

int user_update_self(struct dctx *c, json_t *in, struct user_view *ret)
{
	/* A user changes its own settings (F_SELF: language, time zone);
	 * everything else about a user is an administrator's. */
	if (!c->actor)
		return -EACCES;
	size_t n;
	struct field_spec *specs = fields_specs(c->a, user_fields, user_fields_n, F_SELF, &n);
	int r = fields_check(c->d, in, specs, n, false);
	if (r < 0)
		return r;
	struct user u;
	if ((r = store_user_get_any(c->db, c->a, c->actor->user_id, &u)) < 0)
		return r;
	struct user cur = u;
	fields_apply(c, in, user_fields, user_fields_n, &u, NULL);
	json_t *ch = json_object();
	fields_diff(ch, user_fields, user_fields_n, &cur, &u);
	u.updated_at = c->now;
	if ((r = store_user_update(c->db, &u)) < 0) {
		json_decref(ch);
		return r;
	}
	if ((r = audit_record(c, u.org_id, "user", u.id, "update", ch)) < 0)
		return r;
	return user_view_load(c, &u, ret);
}

int user_rights(struct dctx *c, const struct org *org, const char *id, struct user_rights *ret)
{
	struct user u;
	int r = id_valid(id) ? store_user_get(c->db, c->a, org->id, id, &u) : -ENOENT;
	if (r < 0)
		return r;
	if (u.status == USER_DELETED)
		return -ENOENT;
	*ret = (struct user_rights){.user_id = u.id};
	if ((r = user_effective_perms(c, u.id, &ret->perms)) < 0)
		return r;
	return store_user_groups(c->db, c->a, u.id, &ret->groups, &ret->n_groups);
}

int user_find(struct dctx *c, const char *key, struct user_view *ret)
{
	struct user u;
	int r = id_valid(key) ? store_user_get_any(c->db, c->a, key, &u)
	                      : store_user_find_login(c->db, c->a, key ? key : "", &u);
	return r < 0 ? r : user_view_load(c, &u, ret);
}

int user_password_keep(struct dctx *c, const struct user *u)
{
	if (c->actor)
		return -EACCES;
	return store_user_set_password(c->db, u->id, u->password_hash, false, c->now);
}
