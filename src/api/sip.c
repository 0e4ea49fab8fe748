/* sip.c (api): a user's SIP accounts (desk phones and softphone apps), and
 * the credentials lookup of the SIP proxy. The secret appears only in the
 * answers of create, reset-secret and provisioning; its copies in the
 * request's memory are wiped once the answer is rendered. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/sip.h"

#include <string.h>

json_t *render_sip_account(struct ctx *c, const struct sip_account *s)
{
	(void)c;
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:s, s:s, s:o, s:o}", "id", s->id,
	                 "org_id", s->org_id, "user_id", s->user_id, "kind", sip_kind_name(s->kind),
	                 "label", jstr_or_null(s->label), "enabled", s->enabled, "username",
	                 s->username, "realm", s->realm, "created_at", jtime(s->created_at),
	                 "updated_at", jtime(s->updated_at));
}

/* The account, with the secret when one is given (then wiped). */
static int reply_sip(struct ctx *c, int status, const struct sip_account *s, char *secret)
{
	json_t *j = render_sip_account(c, s);
	if (secret) {
		json_object_set_new(j, "secret", json_string(secret));
		sip_cred_wipe(secret);
	}
	set_etag(c, s->updated_at);
	if (status == 201)
		reply_header(c, "Location",
		             arena_printf(c->a, "/api/v1/orgs/%s/users/%s/sip-accounts/%s",
		                          s->org_id, s->user_id, s->id));
	return reply_json(c, status, j);
}

/* The {id} (user) and {sid} (account) of the path. */
static int params(struct ctx *c, const char **ret_user, const char **ret_id)
{
	int r = param_id(c, "id", ret_user);
	if (r == 0 && ret_id)
		r = param_id(c, "sid", ret_id);
	return r;
}

int sip_list(struct ctx *c)
{
	const char *user_id;
	int limit = query_int(c, "limit"), r = params(c, &user_id, NULL);
	if (r < 0)
		return r;
	/* The cursor is the last account's id. */
	const struct cursor *after = query_cursor(c, "after");
	struct sip_account *items;
	int n;
	if ((r = sip_account_list(&c->dc, &c->org, user_id, after ? after->part[0] : NULL,
	                          limit + 1, &items, &n)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(arr, render_sip_account(c, &items[i]));
	const char *next =
	    n > limit ? cursor_encode(c->a, &cursor_sip, (const char *[]){items[limit - 1].id})
	              : NULL;
	return reply_json(c, 200, render_list(arr, next));
}

int sip_create(struct ctx *c)
{
	const char *user_id;
	struct sip_account s;
	char *secret;
	int r = params(c, &user_id, NULL);
	if (r < 0 || (r = sip_account_create(&c->dc, &c->org, user_id, body(c), &s, &secret)) < 0)
		return r;
	return reply_sip(c, 201, &s, secret);
}

int sip_get(struct ctx *c)
{
	const char *user_id, *id;
	struct sip_account s;
	int r = params(c, &user_id, &id);
	if (r < 0 || (r = sip_account_get(&c->dc, &c->org, user_id, id, &s)) < 0)
		return r;
	return reply_sip(c, 200, &s, NULL);
}

int sip_patch(struct ctx *c)
{
	const char *user_id, *id;
	struct sip_account s;
	int r = params(c, &user_id, &id);
	if (r < 0 || (r = sip_account_get(&c->dc, &c->org, user_id, id, &s)) < 0 ||
	    (r = check_if_match(c, s.updated_at)) < 0 ||
	    (r = sip_account_update(&c->dc, &c->org, user_id, id, body(c), &s)) < 0)
		return r;
	return reply_sip(c, 200, &s, NULL);
}

int sip_delete(struct ctx *c)
{
	const char *user_id, *id;
	struct sip_account s;
	int r = params(c, &user_id, &id);
	if (r < 0 || (r = sip_account_get(&c->dc, &c->org, user_id, id, &s)) < 0 ||
	    (r = check_if_match(c, s.updated_at)) < 0 ||
	    (r = sip_account_delete(&c->dc, &c->org, user_id, id)) < 0)
		return r;
	return reply_empty(c, 204);
}

int sip_reset_secret(struct ctx *c)
{
	const char *user_id, *id;
	struct sip_account s;
	char *secret;
	int r = params(c, &user_id, &id);
	if (r < 0 || (r = sip_account_get(&c->dc, &c->org, user_id, id, &s)) < 0 ||
	    (r = check_if_match(c, s.updated_at)) < 0 ||
	    (r = sip_account_reset_secret(&c->dc, &c->org, user_id, id, &s, &secret)) < 0)
		return r;
	return reply_sip(c, 200, &s, secret);
}

int sip_provisioning(struct ctx *c)
{
	const char *user_id, *id;
	struct sip_account s;
	char *secret;
	int r = params(c, &user_id, &id);
	if (r < 0 || (r = sip_account_provisioning(&c->dc, &c->org, user_id, id, &s, &secret)) < 0)
		return r;
	return reply_sip(c, 200, &s, secret);
}

int sip_credentials(struct ctx *c)
{
	struct sip_account s;
	int r = sip_credentials_lookup(&c->dc, param(c, "username"), &s);
	if (r < 0)
		return r;
	return reply_json(c, 200,
	                  json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "username", s.username,
	                            "realm", s.realm, "ha1", s.ha1, "user_id", s.user_id, "org_id",
	                            s.org_id, "kind", sip_kind_name(s.kind)));
}

/* ---- SIP aliases --------------------------------------------------------- */

json_t *render_sip_alias(struct ctx *c, const struct sip_account *s)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:o, s:o}", "id", s->id,
	                 "org_id", s->org_id, "user_id", s->user_id, "display_name", s->label,
	                 "username", s->username, "realm", s->realm, "sip_address",
	                 arena_printf(c->a, "sip:%s@%s", s->username, s->realm), "extension",
	                 jstr_or_null(s->extension), "enabled", s->enabled, "created_at",
	                 jtime(s->created_at), "updated_at", jtime(s->updated_at));
}

int aliases_list(struct ctx *c)
{
	const char *user_id;
	struct sip_account *items;
	int n, r = params(c, &user_id, NULL);
	if (r < 0 || (r = sip_alias_list(&c->dc, &c->org, user_id, &items, &n)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, render_sip_alias(c, &items[i]));
	return reply_json(c, 200, render_list(arr, NULL));
}

int aliases_create(struct ctx *c)
{
	const char *user_id;
	struct sip_account s;
	char *secret;
	int r = params(c, &user_id, NULL);
	if (r < 0 || (r = sip_alias_create(&c->dc, &c->org, user_id, body(c), &s, &secret)) < 0)
		return r;
	json_t *j = render_sip_alias(c, &s);
	json_object_set_new(j, "secret", json_string(secret));
	sip_cred_wipe(secret);
	reply_header(
	    c, "Location",
	    arena_printf(c->a, "/api/v1/orgs/%s/users/%s/aliases/%s", s.org_id, s.user_id, s.id));
	return reply_json(c, 201, j);
}

int aliases_get(struct ctx *c)
{
	const char *user_id, *id;
	struct sip_account s;
	int r = param_id(c, "id", &user_id);
	if (r < 0 || (r = param_id(c, "aid", &id)) < 0 ||
	    (r = sip_alias_get(&c->dc, &c->org, user_id, id, &s)) < 0)
		return r;
	return reply_json(c, 200, render_sip_alias(c, &s));
}

int aliases_delete(struct ctx *c)
{
	const char *user_id, *id;
	int r = param_id(c, "id", &user_id);
	if (r < 0 || (r = param_id(c, "aid", &id)) < 0 ||
	    (r = sip_alias_delete(&c->dc, &c->org, user_id, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
