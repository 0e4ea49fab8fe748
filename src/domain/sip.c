/* sip.c: SIP accounts and the credentials of SIP identities. */
#include "domain/sip.h"
#include "domain/extensions.h"
#include "domain/orgs.h"
#include "auth/digest.h"
#include "auth/seal.h"
#include "base/arena.h"
#include "base/util.h"
#include "store/store.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

/* ---- credentials ----------------------------------------------------------- */

/* No 0/o, 1/l/i: read from a screen or over the phone without doubt. */
#define USER_FIRST "abcdefghjkmnpqrstuvwxyz"
#define USER_REST "23456789abcdefghjkmnpqrstuvwxyz"
static const char LETTERS[] = USER_FIRST;
static const char LOWER_DIGITS[] = USER_REST;
static const char SECRET_CHARS[] = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

static char *random_text(struct arena *a, const char *first, const char *rest, size_t n)
{
	char *s = arena_alloc(a, n + 1);
	size_t nf = strlen(first), nr = strlen(rest);
	for (size_t i = 0; i < n; i++)
		s[i] = i == 0 ? first[randombytes_uniform((uint32_t)nf)]
		              : rest[randombytes_uniform((uint32_t)nr)];
	return s;
}

char *sip_username_new(struct arena *a)
{
	return random_text(a, LETTERS, LOWER_DIGITS, SIP_USERNAME_LEN);
}

char *sip_secret_new(struct arena *a)
{
	return random_text(a, SECRET_CHARS, SECRET_CHARS, SIP_SECRET_LEN);
}

bool sip_username_valid(const char *s)
{
	if (!s || strlen(s) != SIP_USERNAME_LEN || !strchr(LETTERS, s[0]))
		return false;
	for (const char *p = s; *p; p++)
		if (!strchr(LOWER_DIGITS, *p))
			return false;
	return true;
}

const char *sip_username_regex(void)
{
	_Static_assert(SIP_USERNAME_LEN == 10, "the regex below repeats 9 more");
	return "^[" USER_FIRST "][" USER_REST "]{9}$";
}

void sip_cred_wipe(char *secret)
{
	if (secret)
		sodium_memzero(secret, strlen(secret));
}

int sip_realm(struct dctx *c, const struct org *org, char **ret)
{
	struct org o = *org;
	/* Up the tree (three levels at most) to the nearest SIP domain. */
	for (int depth = 0; str_empty(o.sip_domain) && o.parent_id && depth < 16; depth++) {
		int r = store_org_get(c->db, c->a, o.parent_id, &o);
		if (r < 0)
			return r;
	}
	*ret =
	    !str_empty(o.sip_domain) ? o.sip_domain : arena_printf(c->a, "%s.sip.invalid", org->id);
	return 0;
}

static const struct seal_key *sealing_key(struct dctx *c)
{
	return c->cfg ? c->cfg->key : NULL;
}

static int no_key(struct dctx *c)
{
	return diag_fail(c->d, -EIO, "key_file_missing",
	                 "No key file is loaded, so SIP secrets cannot be kept.");
}

int sip_cred_make(struct dctx *c, const char *username, const char *realm, struct sip_cred *ret)
{
	const struct seal_key *k = sealing_key(c);
	if (!k)
		return no_key(c);
	struct sip_cred cr = {.username =
	                          username ? arena_strdup(c->a, username) : sip_username_new(c->a),
	                      .realm = arena_strdup(c->a, realm),
	                      .secret = sip_secret_new(c->a),
	                      .ha1 = arena_alloc(c->a, DIGEST_HA1_LEN + 1)};
	int r = digest_ha1(cr.username, cr.realm, cr.secret, cr.ha1);
	if (r < 0) {
		sip_cred_wipe(cr.secret);
		return diag_fail(c->d, r, "md5_unavailable",
		                 "MD5 is not available from libcrypto.");
	}
	cr.secret_sealed = seal_encrypt(c->a, k, cr.secret);
	*ret = cr;
	return 0;
}

int sip_cred_issue(struct dctx *c, const char *realm, sip_claim_fn claim, void *arg,
                   struct sip_cred *ret)
{
	for (int i = 0; i < SIP_USERNAME_ATTEMPTS; i++) {
		struct sip_cred cr;
		int r = sip_cred_make(c, NULL, realm, &cr);
		if (r < 0)
			return r;
		r = claim(c, &cr, arg);
		if (r == 0) {
			*ret = cr;
			return 0;
		}
		sip_cred_wipe(cr.secret);
		if (r != -EEXIST)
			return r;
	}
	return diag_fail(c->d, -EEXIST, "username_exhausted",
	                 "No free SIP username was found; try again.");
}

int sip_cred_unseal(struct dctx *c, const char *username, const char *secret_sealed,
                    char **ret_secret)
{
	const struct seal_key *k = sealing_key(c);
	if (!k)
		return no_key(c);
	if (seal_decrypt(c->a, k, secret_sealed, ret_secret) < 0)
		return diag_fail_p(
		    c->d, -EIO, "secret_unreadable", DP(DP_STR("account", username)),
		    "The secret of SIP account %s cannot be read with this server's key "
		    "file (was the key file replaced?). Reset its secret.",
		    username);
	return 0;
}

int sip_cred_rekey(struct dctx *c, const char *username, const char *secret_sealed,
                   const char *realm, char **ret_ha1)
{
	char *secret;
	int r = sip_cred_unseal(c, username, secret_sealed, &secret);
	if (r < 0)
		return r;
	char *ha1 = arena_alloc(c->a, DIGEST_HA1_LEN + 1);
	r = digest_ha1(username, realm, secret, ha1);
	sip_cred_wipe(secret);
	if (r < 0)
		return diag_fail(c->d, r, "md5_unavailable",
		                 "MD5 is not available from libcrypto.");
	*ret_ha1 = ha1;
	return 0;
}

/* ---- invalidations ------------------------------------------------------------ */

int sip_invalidate(struct dctx *c, const char *username, const char *cause)
{
	const struct settings *cfg = c->cfg;
	for (int i = 0; cfg && i < cfg->n_sip_rpc_urls; i++) {
		int r = store_sip_inval_queue(c->db, cfg->sip_rpc_urls[i], username, cause, c->now);
		if (r < 0)
			return r;
		c->sip_queued = true;
	}
	return 0;
}

/* Queues, for every Kamailio URL, the identities queue selects by id. */
static int invalidate_all(struct dctx *c, const char *id, const char *cause,
                          int (*queue)(struct db *, const char *, const char *, const char *,
                                       int64_t))
{
	const struct settings *cfg = c->cfg;
	for (int i = 0; cfg && i < cfg->n_sip_rpc_urls; i++) {
		int r = queue(c->db, cfg->sip_rpc_urls[i], id, cause, c->now);
		if (r < 0)
			return r;
		c->sip_queued = true;
	}
	return 0;
}

int sip_invalidate_user(struct dctx *c, const char *user_id, const char *cause)
{
	return invalidate_all(c, user_id, cause, store_sip_inval_queue_user);
}

int sip_invalidate_org(struct dctx *c, const char *org_id, const char *cause)
{
	return invalidate_all(c, org_id, cause, store_sip_inval_queue_org);
}

/* ---- SIP accounts ------------------------------------------------------------ */

static const struct field_spec sip_fields[] = {
    {"kind", F_STRING, F_REQUIRED, 8},
    {"label", F_STRING, F_NULLABLE, 100},
    {"enabled", F_BOOL, 0, 0},
    {"id", F_ANY, F_READONLY, 0},
    {"org_id", F_ANY, F_READONLY, 0},
    {"user_id", F_ANY, F_READONLY, 0},
    {"username", F_ANY, F_READONLY, 0},
    {"realm", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},
    {"updated_at", F_ANY, F_READONLY, 0},
};
#define N_SIP_FIELDS (sizeof(sip_fields) / sizeof(sip_fields[0]))

/* The kind of a new account: desk or app (an alias is made apart), or -1. */
static int kind_of(const char *k)
{
	int v = sip_kind_parse(k);
	return v == SIP_DESK || v == SIP_APP ? v : -1;
}

/* The right p on org, and user_id a user of org that is not deleted. */
static int need_user(struct dctx *c, const struct org *org, const char *user_id, enum perm p)
{
	int r = dctx_need(c, org->path, p);
	if (r < 0)
		return r;
	struct user u;
	if ((r = store_user_get(c->db, c->a, org->id, user_id, &u)) < 0)
		return r == -ENOENT ? diag_fail(c->d, r, "no_such_user", "No such user.") : r;
	if (u.status == USER_DELETED)
		return diag_fail(c->d, -ENOENT, "no_such_user", "No such user.");
	/* Changing (or reading the secret of) what is a user's is changing
	 * the user. */
	return p == PERM_TELEPHONY_WRITE ? user_guard(c, user_id) : 0;
}

static int load(struct dctx *c, const struct org *org, const char *user_id, const char *id,
                enum perm p, struct sip_account *ret)
{
	int r = need_user(c, org, user_id, p);
	if (r < 0)
		return r;
	if ((r = store_sip_get(c->db, c->a, org->id, user_id, id, ret)) == -ENOENT)
		return diag_fail(c->d, r, "no_such_sip_account", "No such SIP account.");
	return r;
}

/* Claims the username for the account arg points to, by inserting it. */
static int claim_account(struct dctx *c, const struct sip_cred *cred, void *arg)
{
	struct sip_account *s = arg;
	s->username = cred->username;
	s->realm = cred->realm;
	s->ha1 = cred->ha1;
	s->secret_sealed = cred->secret_sealed;
	return store_sip_insert(c->db, s);
}

int sip_account_create(struct dctx *c, const struct org *org, const char *user_id, json_t *in,
                       struct sip_account *ret, char **ret_secret)
{
	int r = need_user(c, org, user_id, PERM_TELEPHONY_WRITE);
	if (r < 0)
		return r;
	fields_check(c->d, in, sip_fields, N_SIP_FIELDS, true);
	char *kind_text = field_str(c->a, in, "kind");
	int kind = kind_of(kind_text);
	if (kind_text && !diag_has(c->d, "kind") && kind < 0)
		diag_error(
		    c->d, "kind", "invalid",
		    "kind must be desk (a VoIP account: a desk phone) or app (an app account: "
		    "a softphone).");
	if (c->d->n_errors)
		return -EINVAL;
	int64_t n;
	if ((r = store_sip_count_user(c->db, user_id, &n)) < 0)
		return r;
	if (n >= SIP_ACCOUNTS_PER_USER)
		return diag_fail_p(c->d, -ENOTEMPTY, "too_many_sip_accounts",
		                   DP(DP_INT("max", SIP_ACCOUNTS_PER_USER)),
		                   "A user has at most %d SIP accounts.", SIP_ACCOUNTS_PER_USER);
	char *realm;
	if ((r = sip_realm(c, org, &realm)) < 0)
		return r;
	char id[ID_LEN + 1];
	id_new(id);
	struct sip_account s = {.id = arena_strdup(c->a, id),
	                        .org_id = org->id,
	                        .user_id = arena_strdup(c->a, user_id),
	                        .kind = (enum sip_kind)kind,
	                        .label = field_str(c->a, in, "label"),
	                        .enabled = field_bool(in, "enabled", true),
	                        .created_at = c->now,
	                        .updated_at = c->now};
	struct sip_cred cred;
	if ((r = sip_cred_issue(c, realm, claim_account, &s, &cred)) < 0)
		return r;
	r = audit_record(c, org->id, "sip_account", s.id, "create",
	                 json_pack("{s:s, s:s, s:s?, s:b, s:s, s:s}", "user_id", s.user_id, "kind",
	                           sip_kind_name(s.kind), "label", s.label, "enabled", s.enabled,
	                           "username", s.username, "realm", s.realm));
	if (r < 0) {
		sip_cred_wipe(cred.secret);
		return r;
	}
	*ret = s;
	*ret_secret = cred.secret;
	return 0;
}

int sip_account_get(struct dctx *c, const struct org *org, const char *user_id, const char *id,
                    struct sip_account *ret)
{
	return load(c, org, user_id, id, PERM_TELEPHONY_READ, ret);
}

int sip_account_list(struct dctx *c, const struct org *org, const char *user_id, const char *after,
                     int limit, struct sip_account **ret, int *ret_n)
{
	int r = need_user(c, org, user_id, PERM_TELEPHONY_READ);
	if (r < 0)
		return r;
	return store_sip_list(c->db, c->a, org->id, user_id, after, limit, ret, ret_n);
}

int sip_account_update(struct dctx *c, const struct org *org, const char *user_id, const char *id,
                       json_t *in, struct sip_account *ret)
{
	struct sip_account cur;
	int r = load(c, org, user_id, id, PERM_TELEPHONY_WRITE, &cur);
	if (r < 0)
		return r;
	fields_check(c->d, in, sip_fields, N_SIP_FIELDS, false);
	struct sip_account s = cur;
	json_t *ch = json_object();
	if (field_has(in, "kind") && !diag_has(c->d, "kind") &&
	    !str_eq(field_str(c->a, in, "kind"), sip_kind_name(cur.kind)))
		diag_error(c->d, "kind", "read_only",
		           "The kind of a SIP account cannot change; add a new account instead.");
	if (field_has(in, "label") && !diag_has(c->d, "label")) {
		s.label = field_str(c->a, in, "label");
		if (!str_eq(s.label, cur.label))
			json_object_set_new(ch, "label",
			                    s.label ? json_string(s.label) : json_null());
	}
	if (field_has(in, "enabled") && !diag_has(c->d, "enabled")) {
		s.enabled = field_bool(in, "enabled", cur.enabled);
		if (s.enabled != cur.enabled)
			json_object_set_new(ch, "enabled", json_boolean(s.enabled));
	}
	if (c->d->n_errors || json_object_size(ch) == 0) {
		json_decref(ch);
		*ret = cur;
		return c->d->n_errors ? -EINVAL : 0;
	}
	s.updated_at = c->now;
	if ((r = store_sip_update(c->db, &s)) < 0) {
		json_decref(ch);
		return r;
	}
	/* Disabled: its registrations end now. Enabled: a "not known" Kamailio
	 * remembers for it would keep it out for a while. */
	if (s.enabled != cur.enabled &&
	    (r = sip_invalidate(c, s.username,
	                        s.enabled ? "account_enabled" : "account_disabled")) < 0) {
		json_decref(ch);
		return r;
	}
	if ((r = audit_record(c, org->id, "sip_account", s.id, "update", ch)) < 0)
		return r;
	*ret = s;
	return 0;
}

int sip_account_delete(struct dctx *c, const struct org *org, const char *user_id, const char *id)
{
	struct sip_account s;
	int r = load(c, org, user_id, id, PERM_TELEPHONY_WRITE, &s);
	if (r < 0 || (r = store_sip_delete(c->db, org->id, id)) < 0 ||
	    (r = sip_invalidate(c, s.username, "account_deleted")) < 0)
		return r;
	return audit_record(c, org->id, "sip_account", id, "delete",
	                    json_pack("{s:s, s:s, s:s}", "user_id", s.user_id, "kind",
	                              sip_kind_name(s.kind), "username", s.username));
}

int sip_account_reset_secret(struct dctx *c, const struct org *org, const char *user_id,
                             const char *id, struct sip_account *ret, char **ret_secret)
{
	struct sip_account s;
	int r = load(c, org, user_id, id, PERM_TELEPHONY_WRITE, &s);
	if (r < 0)
		return r;
	/* The realm of today, in case the stored one is stale. */
	char *realm;
	struct sip_cred cred;
	if ((r = sip_realm(c, org, &realm)) < 0 ||
	    (r = sip_cred_make(c, s.username, realm, &cred)) < 0)
		return r;
	json_t *ch = json_object();
	if (!str_eq(realm, s.realm))
		json_object_set_new(ch, "realm", json_string(realm));
	s.realm = cred.realm;
	s.ha1 = cred.ha1;
	s.secret_sealed = cred.secret_sealed;
	s.updated_at = c->now;
	if ((r = store_sip_update(c->db, &s)) < 0 ||
	    (r = sip_invalidate(c, s.username, "secret_reset")) < 0)
		json_decref(ch);
	else
		r = audit_record(c, org->id, "sip_account", s.id, "reset_secret", ch);
	if (r < 0) {
		sip_cred_wipe(cred.secret);
		return r;
	}
	*ret = s;
	*ret_secret = cred.secret;
	return 0;
}

int sip_account_provisioning(struct dctx *c, const struct org *org, const char *user_id,
                             const char *id, struct sip_account *ret, char **ret_secret)
{
	struct sip_account s;
	char *secret;
	int r = load(c, org, user_id, id, PERM_TELEPHONY_WRITE, &s);
	if (r < 0 || (r = sip_cred_unseal(c, s.username, s.secret_sealed, &secret)) < 0)
		return r;
	if ((r = audit_record(c, org->id, "sip_account", s.id, "read_secret", NULL)) < 0) {
		sip_cred_wipe(secret);
		return r;
	}
	*ret = s;
	*ret_secret = secret;
	return 0;
}

int sip_credentials_lookup(struct dctx *c, const char *username, struct sip_account *ret)
{
	struct sip_account s;
	struct org org;
	char *status;
	int r = sip_username_valid(username)
	            ? store_sip_find_username(c->db, c->a, username, &s, &status)
	            : -ENOENT;
	if (r == 0)
		r = store_org_get(c->db, c->a, s.org_id, &org);
	/* Only "no such account" is a 404: the proxy forgets what it cached on
	 * a 404, and must not for a failing database (5xx). */
	if (r < 0 && r != -ENOENT)
		return r;
	if (r < 0 || !dctx_can(c, org.path, PERM_SIP_PROXY) || !s.enabled || org.suspended_at ||
	    (strcmp(status, "active") != 0 && strcmp(status, "invited") != 0))
		return diag_fail(c->d, -ENOENT, "no_such_sip_account",
		                 "No SIP account of this name may authenticate (none, disabled, "
		                 "its user suspended or deleted, or its organization suspended).");
	*ret = s;
	return 0;
}

#define REKEY_BATCH 200

/* Recomputes the HA1 of every account of org_id whose realm is not realm. */
static int rekey_org(struct dctx *c, const char *org_id, const char *realm)
{
	for (;;) {
		/* Batches in their own memory: an organization may have many. */
		struct arena *a = arena_new();
		struct dctx t = *c;
		t.a = a;
		struct sip_account *items;
		int n, r = store_sip_list_stale(t.db, a, org_id, realm, REKEY_BATCH, &items, &n);
		for (int i = 0; r >= 0 && i < n; i++) {
			struct sip_account s = items[i];
			if ((r = sip_cred_rekey(&t, s.username, s.secret_sealed, realm, &s.ha1)) <
			    0)
				break;
			s.realm = (char *)realm;
			s.updated_at = c->now;
			if ((r = store_sip_update(t.db, &s)) < 0 ||
			    (r = sip_invalidate(&t, s.username, "realm_changed")) < 0)
				break;
			r = audit_record(&t, org_id, "sip_account", s.id, "update",
			                 json_pack("{s:s}", "realm", realm));
		}
		c->sip_queued |= t.sip_queued;
		arena_free(a);
		if (r < 0 || n < REKEY_BATCH)
			return r < 0 ? r : 0;
	}
}

int sip_realm_changed(struct dctx *c, const struct org *org)
{
	char **ids;
	int n, r = store_sip_orgs_under(c->db, c->a, org->path, &ids, &n);
	for (int i = 0; r >= 0 && i < n; i++) {
		struct org o;
		char *realm;
		if ((r = store_org_get(c->db, c->a, ids[i], &o)) < 0 ||
		    (r = sip_realm(c, &o, &realm)) < 0)
			break;
		r = rekey_org(c, o.id, realm);
	}
	return r < 0 ? r : 0;
}

/* ---- SIP aliases (seed 004) ---------------------------------------------- */

static const struct field_spec alias_fields[] = {
    {"display_name", F_STRING, F_REQUIRED, 100},
    {"extension", F_STRING, F_NULLABLE, 16},
    {"enabled", F_BOOL, 0, 0},
    {"id", F_ANY, F_READONLY, 0},
    {"user_id", F_ANY, F_READONLY, 0},
    {"username", F_ANY, F_READONLY, 0},
    {"realm", F_ANY, F_READONLY, 0},
    {"sip_address", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},
    {"updated_at", F_ANY, F_READONLY, 0},
};
#define N_ALIAS_FIELDS (sizeof(alias_fields) / sizeof(alias_fields[0]))

int sip_alias_create(struct dctx *c, const struct org *org, const char *user_id, json_t *in,
                     struct sip_account *ret, char **ret_secret)
{
	int r = need_user(c, org, user_id, PERM_TELEPHONY_WRITE);
	if (r < 0)
		return r;
	fields_check(c->d, in, alias_fields, N_ALIAS_FIELDS, true);
	const char *ext = field_str(c->a, in, "extension");
	int er = 0;
	if (ext && strcmp(ext, "auto") != 0 && !diag_has(c->d, "extension") &&
	    (er = ext_check(c, org, "extension", ext)) < 0 && er != -EINVAL && er != -EEXIST)
		return er;
	if (c->d->n_errors)
		return c->d->n_errors == 1 && er == -EEXIST ? -EEXIST : -EINVAL;
	int64_t n;
	if ((r = store_sip_count_user(c->db, user_id, &n)) < 0)
		return r;
	if (n >= SIP_ACCOUNTS_PER_USER)
		return diag_fail_p(c->d, -ENOTEMPTY, "too_many_sip_accounts",
		                   DP(DP_INT("max", SIP_ACCOUNTS_PER_USER)),
		                   "A user has at most %d SIP accounts and aliases.",
		                   SIP_ACCOUNTS_PER_USER);
	char *realm;
	if ((r = sip_realm(c, org, &realm)) < 0)
		return r;
	char id[ID_LEN + 1];
	id_new(id);
	struct sip_account s = {.id = arena_strdup(c->a, id),
	                        .org_id = org->id,
	                        .user_id = arena_strdup(c->a, user_id),
	                        .kind = SIP_ALIAS,
	                        .label = field_str(c->a, in, "display_name"),
	                        .enabled = field_bool(in, "enabled", true),
	                        .created_at = c->now,
	                        .updated_at = c->now};
	struct sip_cred cred;
	if ((r = sip_cred_issue(c, realm, claim_account, &s, &cred)) < 0)
		return r;
	struct extension e;
	if (ext && (r = ext_assign(c, org, "extension", ext, OWNER_ALIAS, s.id, &e)) < 0) {
		sip_cred_wipe(cred.secret);
		return r;
	}
	r = audit_record(c, org->id, "sip_alias", s.id, "create",
	                 json_pack("{s:s, s:s, s:s, s:s, s:o}", "user_id", s.user_id,
	                           "display_name", s.label, "username", s.username, "realm",
	                           s.realm, "extension",
	                           ext ? json_string(e.number) : json_null()));
	if (r < 0) {
		sip_cred_wipe(cred.secret);
		return r;
	}
	s.extension = ext ? e.number : NULL;
	*ret = s;
	*ret_secret = cred.secret;
	return 0;
}

/* Fills the extension of each of the n aliases, in one query. */
static int alias_extensions(struct dctx *c, const struct org *org, struct sip_account *v, int n)
{
	if (n <= 0)
		return 0;
	const char **ids = arena_alloc(c->a, sizeof(char *) * (size_t)n);
	char ***nums = arena_alloc(c->a, sizeof(*nums) * (size_t)n);
	int *ne = arena_alloc(c->a, sizeof(int) * (size_t)n);
	for (int i = 0; i < n; i++)
		ids[i] = v[i].id;
	int r = store_ext_numbers(c->db, c->a, org->id, ids, n, 1, nums, ne);
	for (int i = 0; r == 0 && i < n; i++)
		v[i].extension = ne[i] ? nums[i][0] : NULL;
	return r;
}

int sip_alias_list(struct dctx *c, const struct org *org, const char *user_id,
                   struct sip_account **ret, int *ret_n)
{
	int r = need_user(c, org, user_id, PERM_TELEPHONY_READ);
	if (r < 0)
		return r;
	if ((r = store_sip_list_aliases(c->db, c->a, org->id, user_id, ret, ret_n)) < 0)
		return r;
	return alias_extensions(c, org, *ret, *ret_n);
}

/* An alias of user_id in org. */
static int load_alias(struct dctx *c, const struct org *org, const char *user_id, const char *id,
                      enum perm p, struct sip_account *ret)
{
	int r = need_user(c, org, user_id, p);
	if (r < 0)
		return r;
	if ((r = store_sip_get_alias(c->db, c->a, org->id, id, ret)) == 0 &&
	    strcmp(ret->user_id, user_id) != 0)
		r = -ENOENT;
	if (r == -ENOENT)
		return diag_fail(c->d, r, "no_such_alias", "No such alias.");
	return r;
}

int sip_alias_get(struct dctx *c, const struct org *org, const char *user_id, const char *id,
                  struct sip_account *ret)
{
	int r = load_alias(c, org, user_id, id, PERM_TELEPHONY_READ, ret);
	return r < 0 ? r : alias_extensions(c, org, ret, 1);
}

int sip_alias_delete(struct dctx *c, const struct org *org, const char *user_id, const char *id)
{
	struct sip_account s;
	int r = load_alias(c, org, user_id, id, PERM_TELEPHONY_WRITE, &s);
	if (r < 0 || (r = store_ext_delete_owner(c->db, org->id, id)) < 0 ||
	    (r = store_hunt_member_remove(c->db, id)) < 0 ||
	    (r = store_sip_delete(c->db, org->id, id)) < 0 ||
	    (r = sip_invalidate(c, s.username, "alias_deleted")) < 0)
		return r;
	return audit_record(c, org->id, "sip_alias", id, "delete",
	                    json_pack("{s:s, s:s, s:s}", "user_id", s.user_id, "display_name",
	                              s.label, "username", s.username));
}
