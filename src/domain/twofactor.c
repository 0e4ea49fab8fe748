/* twofactor.c: TOTP enrolment, confirmation, recovery codes, turning 2FA off,
 * an administrator's reset, and checking a second factor. */
#include "domain/twofactor.h"
#include "auth/auth.h"
#include "auth/seal.h"
#include "auth/totp.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/orgs.h"
#include "domain/session.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

int two_factor_state(struct dctx *c, const struct user *u, struct two_factor_state *ret)
{
	struct totp_record t;
	int r = store_totp_get(c->db, c->a, u->id, &t);
	if (r < 0 && r != -ENOENT)
		return r;
	struct two_factor_state s = {.required = u->two_factor_required};
	if (r == 0) {
		s.enabled = t.confirmed_at != 0;
		s.pending = t.confirmed_at == 0;
		s.enabled_at = t.confirmed_at;
	}
	if (s.enabled &&
	    (r = store_recovery_count_unused(c->db, u->id, &s.recovery_codes_left)) < 0)
		return r;
	*ret = s;
	return 0;
}

/* The name apps show beside the code: the platform organization's (the root
 * of the actor's tree), or Switchboard. */
static const char *issuer_name(struct dctx *c)
{
	const char *path = c->actor->org_path;
	size_t n = path && path[0] == '/' ? strcspn(path + 1, "/") : 0;
	struct org root;
	if (n && store_org_get(c->db, c->a, arena_strndup(c->a, path + 1, n), &root) == 0 &&
	    root.name && *root.name)
		return root.name;
	return "Switchboard";
}

static const struct seal_key *seal_key(struct dctx *c)
{
	return c->cfg ? c->cfg->key : NULL;
}

int two_factor_enrol(struct dctx *c, struct totp_enrolment *ret)
{
	if (!c->actor)
		return -EACCES;
	if (!seal_key(c))
		return -ENOKEY; /* no key file: nothing can be stored sealed */
	struct user u;
	int r = store_user_get_any(c->db, c->a, c->actor->user_id, &u);
	if (r < 0)
		return r;
	if (u.two_factor_enabled)
		return diag_fail(c->d, -EEXIST, "two_factor_on",
		                 "Two-factor sign-in is on already; turn it off first to set up "
		                 "another device.");
	char *secret = totp_secret_new(c->a);
	struct totp_record t = {.user_id = u.id,
	                        .secret = seal_encrypt(c->a, seal_key(c), secret),
	                        .created_at = c->now,
	                        .updated_at = c->now};
	if ((r = store_totp_put_pending(c->db, &t)) == -ENOENT)
		return diag_fail(c->d, -EEXIST, "two_factor_on",
		                 "Two-factor sign-in is on already.");
	if (r < 0)
		return r;
	ret->secret = secret;
	ret->issuer = (char *)issuer_name(c);
	ret->account = u.email;
	ret->uri = totp_uri(c->a, ret->issuer, ret->account, secret);
	ret->qr_svg = qr_svg(c->a, ret->uri);
	if (!ret->qr_svg)
		return -EIO;
	return audit_record(c, u.org_id, "user", u.id, "2fa_enrol",
	                    json_pack("{s:s}", "method", "totp"));
}

/* The plaintext secret of t, in a; the caller wipes it. */
static int open_secret(struct dctx *c, const struct totp_record *t, char **ret)
{
	if (!seal_key(c))
		return -ENOKEY;
	int r = seal_decrypt(c->a, seal_key(c), t->secret, ret);
	if (r == -EBADMSG)
		diag_fail(c->d, r, "secret_unreadable",
		          "The two-factor secret cannot be read with this server's key file: every "
		          "node must use the key file it was stored with.");
	return r;
}

static void wipe(char *s)
{
	if (s)
		sodium_memzero(s, strlen(s));
}

/* code without the spaces people copy from apps ("123 456"), in a. */
static char *compact(struct arena *a, const char *code)
{
	char *out = arena_alloc(a, strlen(code) + 1), *o = out;
	for (const char *p = code; *p; p++)
		if (*p != ' ')
			*o++ = *p;
	*o = 0;
	return out;
}

int two_factor_confirm(struct dctx *c, const char *code, char ***ret_codes)
{
	if (!c->actor)
		return -EACCES;
	if (!code || !*code)
		return diag_error(c->d, "code", "required", "code is required.");
	const char *uid = c->actor->user_id;
	struct totp_record t;
	int r = store_totp_get(c->db, c->a, uid, &t);
	if (r == -ENOENT || (r == 0 && t.confirmed_at))
		return diag_fail(c->d, -ENOTEMPTY, r == 0 ? "two_factor_on" : "no_enrolment",
		                 r == 0 ? "Two-factor sign-in is on already."
		                        : "There is no enrolment to confirm: start one first "
		                          "(POST /api/v1/me/2fa/totp).");
	if (r < 0)
		return r;
	char *secret;
	if ((r = open_secret(c, &t, &secret)) < 0)
		return r;
	int64_t step;
	r = totp_check(secret, (time_t)(c->now / 1000), compact(c->a, code), -1, &step);
	wipe(secret);
	if (r == -EACCES || r == -EALREADY)
		return diag_error(c->d, "code", "wrong_code",
		                  "The code is not correct: enter the code the app shows now.");
	if (r < 0)
		return r;
	if ((r = store_totp_confirm(c->db, uid, step, c->now)) < 0)
		return r;
	char **codes = arena_alloc(c->a, sizeof(char *) * RECOVERY_CODES);
	char **hashes = arena_alloc(c->a, sizeof(char *) * RECOVERY_CODES);
	for (int i = 0; i < RECOVERY_CODES; i++) {
		codes[i] = recovery_code_new(c->a);
		hashes[i] = recovery_code_hash(c->a, uid, codes[i]);
	}
	if ((r = store_recovery_set(c->db, uid, hashes, RECOVERY_CODES, c->now)) < 0 ||
	    (r = store_session_delete_user(c->db, uid, c->actor->session_hash)) < 0)
		return r;
	struct user u;
	if ((r = store_user_get_any(c->db, c->a, uid, &u)) < 0)
		return r;
	r = audit_record(
	    c, u.org_id, "user", uid, "2fa_enable",
	    json_pack("{s:s, s:i}", "method", "totp", "recovery_codes", RECOVERY_CODES));
	if (r < 0)
		return r;
	*ret_codes = codes;
	return 0;
}

int two_factor_verify(struct dctx *c, const struct user *u, const char *code, bool *ret_recovery)
{
	*ret_recovery = false;
	if (!code)
		return -EACCES;
	char *digits = compact(c->a, code);
	if (!totp_code_wellformed(digits)) {
		char *hash = recovery_code_hash(c->a, u->id, code);
		if (!hash)
			return -EACCES;
		int r = store_recovery_use(c->db, u->id, hash, c->now);
		if (r == -ENOENT)
			return -EACCES;
		if (r == 0)
			*ret_recovery = true;
		return r;
	}
	struct totp_record t;
	int r = store_totp_get(c->db, c->a, u->id, &t);
	if (r == -ENOENT || (r == 0 && !t.confirmed_at))
		return -EACCES;
	if (r < 0)
		return r;
	char *secret;
	if ((r = open_secret(c, &t, &secret)) < 0)
		return r;
	int64_t step;
	r = totp_check(secret, (time_t)(c->now / 1000), digits, t.last_step, &step);
	wipe(secret);
	if (r < 0)
		return r;
	/* The database has the last word: of two requests (or nodes) with one
	 * code, only the first moves the step forward. */
	r = store_totp_use_step(c->db, u->id, step, c->now);
	return r == -ENOENT ? -EALREADY : r;
}

static int drop(struct dctx *c, const char *user_id)
{
	int r = store_totp_delete(c->db, user_id);
	if (r >= 0)
		r = store_recovery_delete(c->db, user_id);
	return r;
}

/* That the signed-in u is at the keyboard: its current password or a code
 * (TOTP or recovery), not both; a wrong one counts as a failed sign-in, and
 * past the threshold -EAGAIN with *ret_retry_s. */
static int prove(struct dctx *c, const struct user *u, const char *password, const char *code,
                 int64_t *ret_retry_s)
{
	if (password && code)
		return diag_error(c->d, "code", "conflict",
		                  "Give the password or a code, not both.");
	if (!password && !code)
		return diag_error(c->d, "password", "required",
		                  "Give your current password, or a code from your app.");
	int r = session_factor_throttled(c, u, ret_retry_s);
	if (r < 0)
		return r;
	bool ok, recovery;
	if (password) {
		ok = auth_password_verify(u->password_hash, password) == 0;
	} else {
		r = two_factor_verify(c, u, code, &recovery);
		if (r < 0 && r != -EACCES && r != -EALREADY)
			return r;
		ok = r == 0;
	}
	if (ok)
		return 0;
	if ((r = session_factor_failed(c, u)) < 0)
		return r;
	return password
	           ? diag_error(c->d, "password", "wrong_password", "The password is not correct.")
	           : diag_error(c->d, "code", "wrong_code", "The code is not correct.");
}

int two_factor_recovery_renew(struct dctx *c, const char *password, const char *code,
                              int64_t *ret_retry_s, char ***ret_codes)
{
	if (!c->actor)
		return -EACCES;
	struct user u;
	int r = store_user_get_any(c->db, c->a, c->actor->user_id, &u);
	struct two_factor_state s;
	if (r < 0 || (r = two_factor_state(c, &u, &s)) < 0)
		return r;
	if (!s.enabled)
		return diag_fail(c->d, -ENOENT, "two_factor_off",
		                 "Two-factor sign-in is not set up.");
	if ((r = prove(c, &u, password, code, ret_retry_s)) < 0)
		return r;
	/* the old codes end: the new set replaces them */
	char **codes = arena_alloc(c->a, sizeof(char *) * RECOVERY_CODES);
	char **hashes = arena_alloc(c->a, sizeof(char *) * RECOVERY_CODES);
	for (int i = 0; i < RECOVERY_CODES; i++) {
		codes[i] = recovery_code_new(c->a);
		hashes[i] = recovery_code_hash(c->a, u.id, codes[i]);
	}
	if ((r = store_recovery_set(c->db, u.id, hashes, RECOVERY_CODES, c->now)) < 0 ||
	    (r = audit_record(c, u.org_id, "user", u.id, "2fa_recovery_codes",
	                      json_pack("{s:i}", "recovery_codes", RECOVERY_CODES))) < 0)
		return r;
	*ret_codes = codes;
	return 0;
}

int two_factor_disable(struct dctx *c, const char *password, const char *code, int64_t *ret_retry_s)
{
	if (!c->actor)
		return -EACCES;
	struct user u;
	int r = store_user_get_any(c->db, c->a, c->actor->user_id, &u);
	if (r < 0)
		return r;
	struct two_factor_state s;
	if ((r = two_factor_state(c, &u, &s)) < 0)
		return r;
	if (!s.enabled && !s.pending)
		return diag_fail(c->d, -ENOENT, "two_factor_off",
		                 "Two-factor sign-in is not set up.");
	if (!s.enabled) {
		/* An enrolment nobody confirmed protects nothing yet. */
		if ((r = drop(c, u.id)) < 0)
			return r;
		return audit_record(c, u.org_id, "user", u.id, "2fa_enrol_cancel", NULL);
	}
	if (s.required)
		return diag_fail(c->d, -EACCES, "two_factor_required_here",
		                 "Your organization requires two-factor sign-in for you; it cannot "
		                 "be turned off.");
	if ((r = prove(c, &u, password, code, ret_retry_s)) < 0)
		return r;
	if ((r = drop(c, u.id)) < 0)
		return r;
	return audit_record(c, u.org_id, "user", u.id, "2fa_disable",
	                    json_pack("{s:s}", "confirmed_with", password ? "password" : "code"));
}

int two_factor_reset(struct dctx *c, const struct org *org, const char *user_id)
{
	struct user u;
	int r = store_user_get(c->db, c->a, org->id, user_id, &u);
	if (r < 0)
		return r;
	if (u.status == USER_DELETED)
		return -ENOENT;
	if (c->actor && strcmp(c->actor->user_id, u.id) == 0)
		return diag_fail(c->d, -EACCES, "own_two_factor_reset",
		                 "Turn your own two-factor sign-in off with DELETE "
		                 "/api/v1/me/2fa/totp (it asks for your password).");
	/* As for any change to a user: not one whose rights exceed the actor's. */
	if ((r = user_guard(c, u.id)) < 0)
		return r;
	if ((r = drop(c, u.id)) < 0 ||
	    (r = store_token_revoke_user(c->db, u.id, token_purpose_name(TOKEN_2FA_CHALLENGE),
	                                 c->now)) < 0 ||
	    (r = store_session_delete_user(c->db, u.id, NULL)) < 0)
		return r;
	return audit_record(c, org->id, "user", u.id, "2fa_reset",
	                    json_pack("{s:b}", "was_enabled", u.two_factor_enabled));
}
