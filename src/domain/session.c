/* session.c: sign-in, sessions, throttling, password changes and links. */
#include "domain/session.h"
#include "domain/voicemail.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/password.h"
#include "domain/twofactor.h"
#include "domain/users.h"
#include "mail/mail.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

#define FAIL_WINDOW_MS (15LL * 60 * 1000)
#define FAIL_LOCK_MAX_MS (15LL * 60 * 1000)
#define FAIL_ACCOUNT_THRESHOLD 5
#define FAIL_ADDR_THRESHOLD 20

int throttle_check(struct dctx *c, const char *key, int64_t *retry_s)
{
	struct auth_failure f;
	int r = store_authfail_get(c->db, key, &f);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	if (f.locked_until > c->now) {
		int64_t s = (f.locked_until - c->now + 999) / 1000;
		if (s > *retry_s)
			*retry_s = s;
		return -EAGAIN;
	}
	return 0;
}

int throttle_fail(struct dctx *c, const char *key, int threshold)
{
	struct auth_failure f = {0};
	int r = store_authfail_get(c->db, key, &f);
	if (r < 0 && r != -ENOENT)
		return r;
	if (r == -ENOENT || c->now - f.window_start > FAIL_WINDOW_MS)
		f = (struct auth_failure){.failures = 0, .window_start = c->now};
	f.failures++;
	if (f.failures >= threshold) {
		int64_t shift = f.failures - threshold;
		int64_t lock = shift >= 10 ? FAIL_LOCK_MAX_MS : (int64_t)2000 << shift;
		f.locked_until = c->now + (lock < FAIL_LOCK_MAX_MS ? lock : FAIL_LOCK_MAX_MS);
	}
	return store_authfail_put(c->db, key, &f);
}

static const char *const purpose_names[] = {
    [TOKEN_INVITE] = "invite", [TOKEN_RESET] = "reset", [TOKEN_2FA_CHALLENGE] = "2fa_challenge"};

const char *token_purpose_name(enum token_purpose p)
{
	return purpose_names[p];
}

/* The live one-time token whose text is token: unused, unexpired, and made
 * for one of the purposes in mask (bits of enum token_purpose). A token of
 * another purpose is no token here: -ENOENT, as an unknown one. Its hash in
 * *ret_hash. */
static int token_find(struct dctx *c, const char *token, unsigned mask, struct token *ret,
                      char **ret_hash)
{
	if (!token || !*token || strlen(token) > 128)
		return -ENOENT;
	char *hash = auth_token_hash(c->a, token);
	int r = store_token_get(c->db, c->a, hash, ret);
	if (r < 0)
		return r;
	bool fits = false;
	for (unsigned p = 0; p < TOKEN__COUNT; p++)
		fits |= (mask & (1u << p)) && strcmp(ret->purpose, purpose_names[p]) == 0;
	if (!fits || ret->used_at || ret->expires_at <= c->now)
		return -ENOENT;
	*ret_hash = hash;
	return 0;
}

int user_links_revoke(struct dctx *c, const char *user_id)
{
	return store_token_revoke_all(c->db, user_id, c->now);
}

static bool same_text(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Signs u in: a new session, its token and CSRF token in ret. */
static int session_open(struct dctx *c, const struct user *u, struct login_result *ret)
{
	/* every way in (a password, a second factor, a link) ends here */
	struct org o;
	int r = store_org_get(c->db, c->a, u->org_id, &o);
	if (r < 0)
		return r;
	if (o.suspended_at)
		return diag_fail(c->d, -EPERM, "org_suspended",
		                 "Your organization is suspended: nobody in it can sign in.");
	struct session s = {.user_id = u->id,
	                    .client_addr = (char *)c->client_addr,
	                    .created_at = c->now,
	                    .expires_at = c->now + SESSION_IDLE_MS,
	                    .last_seen_at = c->now};
	auth_token_new(c->a, &ret->token, &s.token_hash);
	r = store_session_insert(c->db, &s);
	if (r < 0)
		return r;
	if ((r = store_user_touch_login(c->db, u->id, c->now)) < 0)
		return r;
	ret->notice = u->sign_in_notice;
	ret->csrf_token = auth_csrf_token(c->a, ret->token);
	ret->user = *u;
	ret->password_change_required = u->must_change_password;
	ret->two_factor_enrolment_required = u->two_factor_required && !u->two_factor_enabled;
	return 0;
}

/* The password of u was right and u has 2FA on: no session yet, but a
 * short-lived single-use challenge for the second step. The failure counter
 * is left alone: only a complete sign-in clears it, so that knowing the
 * password does not reset the count of wrong codes. */
static int second_factor_challenge(struct dctx *c, const struct user *u, struct login_result *ret)
{
	struct token t = {.user_id = u->id,
	                  .purpose = (char *)token_purpose_name(TOKEN_2FA_CHALLENGE),
	                  .created_at = c->now,
	                  .expires_at = c->now + TWO_FACTOR_CHALLENGE_MS};
	auth_token_new(c->a, &ret->challenge, &t.token_hash);
	int r = store_token_insert(c->db, &t);
	if (r < 0)
		return r;
	ret->user = *u;
	ret->second_factor_required = true;
	return 0;
}

/* -EAGAIN (the wait in ret) while the account or the address is locked. */
static int login_throttled(struct dctx *c, const char *acct_key, const char *a_key,
                           struct login_result *ret)
{
	int64_t retry = 0;
	int r1 = throttle_check(c, acct_key, &retry), r2 = throttle_check(c, a_key, &retry);
	if (r1 == -EAGAIN || r2 == -EAGAIN) {
		ret->retry_after_s = retry;
		return diag_fail_p(
		    c->d, -EAGAIN, "too_many_attempts", DP(DP_INT("seconds", (long long)retry)),
		    "Too many failed sign-ins. Try again in %lld seconds.", (long long)retry);
	}
	return r1 < 0 ? r1 : r2;
}

/* The throttling key of an account: the user once the login names one (so
 * its email and its login name share one count), else the login's text. */
static const char *user_key(struct dctx *c, const struct user *u)
{
	return arena_printf(c->a, "user:%s", u->id);
}

static const char *account_key(struct dctx *c, const struct user *u, const char *norm)
{
	return u ? user_key(c, u) : arena_printf(c->a, "login:%s", norm);
}

static const char *addr_key(struct dctx *c)
{
	return arena_printf(c->a, "addr:%s", c->client_addr ? c->client_addr : "");
}

int session_login(struct dctx *c, const char *login, const char *password, struct login_result *ret)
{
	ret->recovery_codes_left = -1;
	char *norm = str_lower(c->a, str_trim(c->a, login ? login : ""));
	if (!*norm)
		diag_error(c->d, "login", "required", "login is required.");
	if (!password || !*password)
		diag_error(c->d, "password", "required", "password is required.");
	if (c->d->n_errors)
		return -EINVAL;
	struct user u;
	int r = store_user_find_login(c->db, c->a, norm, &u);
	if (r < 0 && r != -ENOENT)
		return r;
	const char *acct_key = account_key(c, r == 0 ? &u : NULL, norm);
	const char *a_key = addr_key(c);
	int e = login_throttled(c, acct_key, a_key, ret);
	if (e < 0)
		return e;
	/* Hash even when there is no such user: the answer takes as long. */
	const char *hash = r == 0 && u.password_hash ? u.password_hash : auth_password_dummy_hash();
	bool split = c->split != NULL;
	/* The verification holds no lock: the read transaction ends first. */
	if ((e = dctx_end_read(c)) < 0)
		return e;
	bool ok = auth_password_verify(hash, password) == 0 && r == 0 && u.password_hash;
	if ((e = dctx_begin_write(c)) < 0)
		return e;
	if (split) {
		/* Under the write lock now: what the verification took for
		 * granted is read again. A lock set meanwhile (by another
		 * request, maybe on another node) answers as it would have had
		 * this request come after it; a user changed meanwhile (another
		 * password, status or login) is judged on what it is now. */
		if ((e = login_throttled(c, acct_key, a_key, ret)) < 0)
			return e;
		struct user now;
		int rn = store_user_find_login(c->db, c->a, norm, &now);
		if (rn < 0 && rn != -ENOENT)
			return rn;
		bool same = rn == r && (rn != 0 || (strcmp(now.id, u.id) == 0 &&
		                                    same_text(now.password_hash, u.password_hash)));
		if (!same)
			ok = rn == 0 && now.password_hash &&
			     auth_password_verify(now.password_hash, password) == 0;
		if (rn == 0)
			u = now;
		r = rn;
		acct_key = account_key(c, rn == 0 ? &u : NULL, norm);
	}
	if (!ok) {
		e = throttle_fail(c, acct_key, FAIL_ACCOUNT_THRESHOLD);
		if (e >= 0)
			e = throttle_fail(c, a_key, FAIL_ADDR_THRESHOLD);
		if (e < 0)
			return e;
		return diag_fail(c->d, -EACCES, "wrong_login",
		                 "The login or the password is not correct.");
	}
	if (u.status != USER_ACTIVE)
		return diag_fail_p(c->d, -EPERM, "account_not_active",
		                   DP(DP_STR("status", user_status_name(u.status))),
		                   "This account is %s and cannot sign in.",
		                   user_status_name(u.status));
	if (u.two_factor_enabled)
		return second_factor_challenge(c, &u, ret);
	store_authfail_clear(c->db, acct_key);
	return session_open(c, &u, ret);
}

int session_logout(struct dctx *c, const char *token)
{
	return store_session_delete(c->db, auth_token_hash(c->a, token));
}

/* A group's rights; none for a text that does not parse. */
static uint64_t group_perms(const char *permissions)
{
	uint64_t m = 0;
	return perm_parse(permissions, &m, NULL) == 0 ? m : 0;
}

int user_effective_perms(struct dctx *c, const char *user_id, uint64_t *ret)
{
	struct group *gs;
	int n;
	int r = store_user_groups(c->db, c->a, user_id, &gs, &n);
	if (r < 0)
		return r;
	uint64_t mask = 0;
	for (int i = 0; i < n; i++)
		mask |= group_perms(gs[i].permissions);
	*ret = mask;
	return 0;
}

int session_resolve(struct dctx *c, const char *token, struct principal **ret)
{
	if (!token || strlen(token) > 128)
		return -ENOENT;
	char *hash = auth_token_hash(c->a, token);
	struct session_principal sp;
	int r = store_session_principal(c->db, c->a, hash, &sp);
	if (r < 0)
		return r;
	const struct session *s = &sp.s;
	if (s->expires_at <= c->now || s->created_at + SESSION_MAX_MS <= c->now)
		return -ENOENT;
	if (!sp.user_found || sp.status != USER_ACTIVE)
		return -EACCES;
	if (!sp.org_path)
		return -ENOENT;
	if (sp.org_suspended) /* its sessions ended with the suspension */
		return -EACCES;
	struct principal *p = arena_alloc(c->a, sizeof(*p));
	p->user_id = s->user_id;
	p->org_id = sp.org_id;
	p->org_path = sp.org_path;
	p->email = sp.email;
	p->language = sp.language;
	p->session_hash = hash;
	p->must_change_password = sp.must_change_password;
	p->two_factor_pending = sp.two_factor_required && !sp.two_factor_enabled;
	p->perms = 0;
	for (int i = 0; i < sp.n_groups; i++)
		p->perms |= group_perms(sp.group_permissions[i]);
	/* Slide the expiry at most once a minute; a failed touch (a busy
	 * database during a read) costs nothing but a shorter session. Not
	 * while writes fail for lack of space: a read would fail with it. */
	if (c->now - s->last_seen_at > 60 * 1000 && !db_storage_full())
		store_session_touch(c->db, hash, c->now, c->now + SESSION_IDLE_MS);
	*ret = p;
	return 0;
}

int password_store(struct dctx *c, const struct user *u, const char *pw, bool must_change)
{
	char *hash;
	int r = auth_password_hash(c->a, pw, &hash);
	if (r < 0)
		return r;
	if ((r = store_user_set_password(c->db, u->id, hash, must_change, c->now)) < 0 ||
	    (r = store_pwhist_add(c->db, u->id, hash, c->now)) < 0)
		return r;
	/* Whoever holds a link (or a sign-in challenge) made before the new
	 * password gains nothing by it now. */
	return user_links_revoke(c, u->id);
}

static struct password_subject subject_of(const struct user *u)
{
	return (struct password_subject){.email = u->email,
	                                 .login_name = u->login_name,
	                                 .first_name = u->contact.first_name,
	                                 .last_name = u->contact.last_name,
	                                 .user_id = u->id};
}

int password_change(struct dctx *c, const char *current, const char *next)
{
	if (!c->actor)
		return -EACCES;
	struct user u;
	int r = store_user_get_any(c->db, c->a, c->actor->user_id, &u);
	if (r < 0)
		return r;
	if (!current || auth_password_verify(u.password_hash, current) < 0)
		return diag_error(c->d, "current_password", "wrong_password",
		                  "The current password is not correct.");
	if (!next || !*next)
		return diag_error(c->d, "new_password", "required", "new_password is required.");
	struct org o;
	if ((r = store_org_get(c->db, c->a, u.org_id, &o)) < 0)
		return r;
	struct password_subject who = subject_of(&u);
	if ((r = password_check(c, &o, "new_password", next, &who)) < 0)
		return r;
	if ((r = password_store(c, &u, next, false)) < 0)
		return r;
	if ((r = store_session_delete_user(c->db, u.id, c->actor->session_hash)) < 0)
		return r;
	return audit_record(c, u.org_id, "user", u.id, "password_change", NULL);
}

/* The user a link token names, with its row (and the hash to use it up by);
 * the user must still be active or invited. Else a field error on token. */
static int link_find(struct dctx *c, const char *token, struct token *ret, char **ret_hash,
                     struct user *ret_user)
{
	if (!token || !*token || strlen(token) > 128)
		return diag_error(c->d, "token", "invalid", "The link is not valid.");
	/* Only a link's token: a sign-in challenge is no link. */
	int r = token_find(c, token, 1u << TOKEN_INVITE | 1u << TOKEN_RESET, ret, ret_hash);
	if (r == -ENOENT)
		return diag_error(c->d, "token", "invalid_or_expired",
		                  "The link is not valid any more: ask for a new one.");
	if (r < 0)
		return r;
	if ((r = store_user_get_any(c->db, c->a, ret->user_id, ret_user)) < 0)
		return r;
	if (ret_user->status != USER_ACTIVE && ret_user->status != USER_INVITED)
		return diag_error(c->d, "token", "invalid_or_expired",
		                  "The link is not valid any more: ask for a new one.");
	return 0;
}

int link_check(struct dctx *c, const char *token, const char **ret_purpose)
{
	struct token t;
	struct user u;
	char *hash;
	int r = link_find(c, token, &t, &hash, &u);
	if (r < 0)
		return r;
	*ret_purpose = t.purpose;
	return 0;
}

int password_set_with_token(struct dctx *c, const char *token, const char *pw)
{
	/* A bad link is said before a missing password, as before. */
	if (!token || !*token || strlen(token) > 128)
		return diag_error(c->d, "token", "invalid", "The link is not valid.");
	if (!pw || !*pw)
		return diag_error(c->d, "password", "required", "password is required.");
	struct token t;
	struct user u;
	char *hash;
	int r = link_find(c, token, &t, &hash, &u);
	if (r < 0)
		return r;
	struct org o;
	if ((r = store_org_get(c->db, c->a, u.org_id, &o)) < 0)
		return r;
	struct password_subject who = subject_of(&u);
	if ((r = password_check(c, &o, "password", pw, &who)) < 0)
		return r;
	/* The password retires every other link of the user, and every
	 * session. */
	if ((r = store_token_use(c->db, hash, c->now)) < 0 ||
	    (r = password_store(c, &u, pw, false)) < 0 ||
	    (r = store_session_delete_user(c->db, u.id, NULL)) < 0)
		return r;
	return audit_record(
	    c, u.org_id, "user", u.id,
	    strcmp(t.purpose, "invite") == 0 ? "invitation_accept" : "password_reset", NULL);
}

int invitation_send(struct dctx *c, const struct org *org, const struct user *u)
{
	/* The old link ends now; the new one is made when the mail goes out. */
	int r = store_token_revoke_user(c->db, u->id, token_purpose_name(TOKEN_INVITE), c->now);
	if (r < 0 || (r = mail_queue(c->db, c->now, MAIL_INVITE, u->email, u->id)) < 0)
		return r;
	return audit_record(c, org->id, "user", u->id, "invite",
	                    json_pack("{s:s}", "email", u->email));
}

int password_reset_request(struct dctx *c, const char *field, const char *login)
{
	const char *s = login ? str_trim(c->a, login) : NULL;
	if (!s || !*s)
		return diag_error(c->d, field, "required", "%s is required.", field);
	if (strchr(s, '@') && !email_valid(s))
		return diag_error(c->d, field, "invalid_email", "%s is not a valid address.",
		                  field);
	if (!strchr(s, '@') && !login_name_valid(s))
		return diag_error(c->d, field, "invalid_login",
		                  "%s is neither an email address nor a login name.", field);
	/* The same work whether or not it is a user's: one row in the outbox,
	 * resolved by the mailer (mail_link_prepare), which sends it to the
	 * user's address. Looking the user up here would tell by the time
	 * taken whether it exists. */
	return mail_queue(c->db, c->now, MAIL_RESET, email_norm(c->a, s), NULL);
}

/* Makes a link token of purpose for u, valid for hours; its text in *ret. */
static int link_new(struct dctx *c, const struct user *u, enum token_purpose purpose, int hours,
                    char **ret)
{
	struct token t = {.user_id = u->id,
	                  .purpose = (char *)token_purpose_name(purpose),
	                  .created_at = c->now,
	                  .expires_at = c->now + (int64_t)hours * 3600 * 1000};
	auth_token_new(c->a, ret, &t.token_hash);
	int r = store_token_revoke_user(c->db, u->id, t.purpose, c->now);
	return r < 0 ? r : store_token_insert(c->db, &t);
}

int password_reset_link(struct dctx *c, const struct user *u, const char *base, char **ret)
{
	if (u->status != USER_ACTIVE && u->status != USER_INVITED)
		return diag_fail(c->d, -EPERM, "account_not_active",
		                 "This account cannot sign in (it is suspended or deleted).");
	char *token;
	int r = link_new(c, u, TOKEN_RESET, RESET_VALID_HOURS, &token);
	if (r < 0 || (r = audit_record(c, u->org_id, "user", u->id, "password_reset_link",
	                               json_pack("{s:s}", "by", "command line"))) < 0)
		return r;
	*ret = arena_printf(c->a, "%s/set-password?token=%s", base, token);
	return 0;
}

int mail_link_prepare(struct dctx *c, const struct outbox_msg *m, struct mail_vars *ret)
{
	int kind = mail_kind_parse(m->kind);
	struct user u;
	int r;
	if (kind == MAIL_VOICEMAIL)
		return vm_mail_prepare(c, m, ret);
	if (kind == MAIL_INVITE && m->user_id)
		r = store_user_get_any(c->db, c->a, m->user_id, &u);
	else if (kind == MAIL_RESET && strchr(m->to_addr, '@'))
		r = store_user_find_email(c->db, c->a, m->to_addr, &u);
	else if (kind == MAIL_RESET)
		r = store_user_find_login(c->db, c->a, m->to_addr, &u);
	else
		return -EINVAL;
	if (r < 0)
		return r;
	/* Sent only while it still makes sense: to the user's address as it
	 * is now, an invitation while the user is invited, a reset while it
	 * may sign in and has not set a password since asking. */
	bool live = u.status == USER_INVITED || (kind == MAIL_RESET && u.status == USER_ACTIVE);
	bool by_name = !strchr(m->to_addr, '@');
	if (!live || !u.email || !*u.email || (!by_name && strcasecmp(u.email, m->to_addr) != 0) ||
	    (kind == MAIL_RESET && u.password_changed_at > m->created_at))
		return -ENOENT;
	struct org o;
	if ((r = store_org_get(c->db, c->a, u.org_id, &o)) < 0)
		return r;
	int hours = kind == MAIL_INVITE ? INVITE_VALID_HOURS : RESET_VALID_HOURS;
	char *token;
	if ((r = link_new(c, &u, kind == MAIL_INVITE ? TOKEN_INVITE : TOKEN_RESET, hours, &token)) <
	    0)
		return r;
	if (kind == MAIL_RESET &&
	    (r = audit_record(c, u.org_id, "user", u.id, "password_reset_request", NULL)) < 0)
		return r;
	const char *base =
	    c->cfg && c->cfg->public_url ? c->cfg->public_url : "http://127.0.0.1:8080";
	*ret =
	    (struct mail_vars){.to = u.email,
	                       .language = u.language,
	                       .first_name = u.contact.first_name,
	                       .org_name = o.name,
	                       .link = arena_printf(c->a, "%s/set-password?token=%s", base, token),
	                       .valid_hours = hours};
	return 0;
}

int mail_link_prepare_cb(void *cls, struct db *db, struct arena *a, const struct outbox_msg *m,
                         struct mail_vars *ret)
{
	struct diag d;
	diag_init(&d, a);
	struct dctx c = {.db = db, .a = a, .d = &d, .cfg = cls, .now = time_now_ms()};
	return mail_link_prepare(&c, m, ret);
}

/* ---- two-factor sign-in -------------------------------------------------- */

/* Wrong codes count on the account's key (what a sign-in by its email or
 * login name counts on) and on the client's address. */
int session_factor_throttled(struct dctx *c, const struct user *u, int64_t *ret_retry_s)
{
	int64_t retry = 0;
	int r1 = throttle_check(c, user_key(c, u), &retry);
	int r2 = throttle_check(c, addr_key(c), &retry);
	if (r1 == -EAGAIN || r2 == -EAGAIN) {
		*ret_retry_s = retry;
		return diag_fail_p(c->d, -EAGAIN, "too_many_attempts",
		                   DP(DP_INT("seconds", (long long)retry)),
		                   "Too many wrong codes or passwords. Try again in %lld seconds.",
		                   (long long)retry);
	}
	return r1 < 0 ? r1 : r2;
}

int session_factor_failed(struct dctx *c, const struct user *u)
{
	int r = throttle_fail(c, user_key(c, u), FAIL_ACCOUNT_THRESHOLD);
	return r < 0 ? r : throttle_fail(c, addr_key(c), FAIL_ADDR_THRESHOLD);
}

#define CHALLENGE_GONE "This sign-in is not valid any more (it expired or was used): sign in again."

int session_login_second(struct dctx *c, const char *challenge, const char *code,
                         struct login_result *ret)
{
	ret->recovery_codes_left = -1;
	/* No password here: the step writes (the challenge, the counters)
	 * from the start. */
	int r = dctx_end_read(c);
	if (r < 0 || (r = dctx_begin_write(c)) < 0)
		return r;
	if (!challenge || !*challenge)
		diag_error(c->d, "challenge", "required", "challenge is required.");
	if (!code || !*str_trim(c->a, code))
		diag_error(c->d, "code", "required", "code is required.");
	if (c->d->n_errors)
		return -EINVAL;
	int64_t retry = 0;
	r = throttle_check(c, addr_key(c), &retry);
	if (r == -EAGAIN) {
		ret->retry_after_s = retry;
		return diag_fail_p(
		    c->d, -EAGAIN, "too_many_attempts", DP(DP_INT("seconds", (long long)retry)),
		    "Too many failed sign-ins. Try again in %lld seconds.", (long long)retry);
	}
	if (r < 0)
		return r;
	/* Only a sign-in challenge: an invitation or reset link is none. */
	struct token t;
	char *hash;
	r = token_find(c, challenge, 1u << TOKEN_2FA_CHALLENGE, &t, &hash);
	if (r == -ENOENT)
		return diag_fail(c->d, -EACCES, "challenge_gone", CHALLENGE_GONE);
	if (r < 0)
		return r;
	struct user u;
	if ((r = store_user_get_any(c->db, c->a, t.user_id, &u)) < 0)
		return r == -ENOENT ? diag_fail(c->d, -EACCES, "challenge_gone", CHALLENGE_GONE)
		                    : r;
	if (u.status != USER_ACTIVE || !u.two_factor_enabled)
		return diag_fail(c->d, -EACCES, "challenge_gone", CHALLENGE_GONE);
	if ((r = session_factor_throttled(c, &u, &ret->retry_after_s)) < 0)
		return r;
	bool recovery;
	r = two_factor_verify(c, &u, str_trim(c->a, code), &recovery);
	if (r == -EACCES || r == -EALREADY) {
		int e = session_factor_failed(c, &u);
		if (e < 0)
			return e;
		return diag_fail(c->d, -EACCES, r == -EALREADY ? "code_used" : "code_wrong",
		                 r == -EALREADY
		                     ? "This code has been used already: wait for the next one."
		                     : "The code is not correct.");
	}
	if (r < 0)
		return r;
	/* Used up here, so a second request with the same challenge (even on
	 * another node) finds it used. */
	if ((r = store_token_use(c->db, hash, c->now)) < 0)
		return r == -ENOENT ? diag_fail(c->d, -EACCES, "challenge_gone", CHALLENGE_GONE)
		                    : r;
	store_authfail_clear(c->db, user_key(c, &u));
	if (recovery) {
		if ((r = store_recovery_count_unused(c->db, u.id, &ret->recovery_codes_left)) < 0)
			return r;
		/* Recorded as the user's own act (nobody is signed in yet). */
		struct principal self = {.user_id = u.id, .org_id = u.org_id, .email = u.email};
		const struct principal *was = c->actor;
		c->actor = &self;
		r = audit_record(c, u.org_id, "user", u.id, "2fa_recovery_code_used",
		                 json_pack("{s:I}", "recovery_codes_left",
		                           (json_int_t)ret->recovery_codes_left));
		c->actor = was;
		if (r < 0)
			return r;
	}
	return session_open(c, &u, ret);
}
