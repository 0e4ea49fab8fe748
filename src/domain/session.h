/* session.h: signing in and out, sessions, password changes, invitation and
 * reset links.
 *
 * Sessions live in the database (so every server node sees them); the client
 * holds a random token, we hold its hash. A session lasts 12 hours from its
 * last use, at most 7 days. Failed sign-ins are counted per account and per
 * client address: from the 5th failure in 15 minutes (20th for an address)
 * the key is locked for a doubling time (2 s, 4 s, ... up to 15 minutes) and
 * sign-ins answer 429 with Retry-After until then. */
#pragma once
#include "domain/domain.h"
#include "mail/mail.h"

#define SESSION_COOKIE "sb_session"
#define SESSION_IDLE_MS (12LL * 3600 * 1000)
#define SESSION_MAX_MS (7LL * 24 * 3600 * 1000)
#define INVITE_VALID_HOURS 72
#define RESET_VALID_HOURS 2

/* What a one-time token is for. An endpoint takes only its own kind: a
 * sign-in challenge sets no password, a reset link completes no sign-in. */
enum token_purpose { TOKEN_INVITE, TOKEN_RESET, TOKEN_2FA_CHALLENGE, TOKEN__COUNT };
/* "invite", "reset", "2fa_challenge": the tokens table's purpose column. */
const char *token_purpose_name(enum token_purpose p);

/* Throttling by key (an account, a client address, a phone's address):
 * -EAGAIN with the wait in *retry_s (raised, never lowered) while key is
 * locked; throttle_fail counts a failure and from the threshold-th in 15
 * minutes locks key for a doubling time (2 s, 4 s, ... up to 15 minutes). */
int throttle_check(struct dctx *c, const char *key, int64_t *retry_s);
int throttle_fail(struct dctx *c, const char *key, int threshold);

struct login_result {
	char *token, *csrf_token;
	struct user user;
	bool password_change_required;
	int64_t retry_after_s; /* set with -EAGAIN */
	/* With 2FA on, the password gives no session (token NULL) but a
	 * challenge, answered with a code by session_login_second. */
	bool second_factor_required;
	char *challenge;
	bool two_factor_enrolment_required; /* the policy wants 2FA the user lacks */
	int64_t recovery_codes_left;        /* after signing in with one; else -1 */
	char *notice; /* why the last sessions ended ("rights_changed"), or NULL */
};

/* Checks login (email or login name) and password; on success creates a
 * session, or for a user with 2FA on a challenge (second_factor_required).
 * -EACCES for a wrong combination (the same answer whether or not the login
 * exists), -EAGAIN while throttled. */
int session_login(struct dctx *c, const char *login, const char *password,
                  struct login_result *ret);
/* Ends the session of token. */
int session_logout(struct dctx *c, const char *token);
/* The principal for token: the user, its organization and effective rights.
 * -ENOENT for an unknown or expired session, -EACCES for a user who may not
 * sign in (suspended, deleted, invited). */
int session_resolve(struct dctx *c, const char *token, struct principal **ret);
/* The union of the rights of a user's groups. */
int user_effective_perms(struct dctx *c, const char *user_id, uint64_t *ret);

/* The signed-in user changes its password: the current one is checked, the
 * new one must meet the policy; other sessions end. */
int password_change(struct dctx *c, const char *current, const char *next);
/* Sets the password from an invitation or reset link; the token is used up,
 * and every session of the user ends. */
int password_set_with_token(struct dctx *c, const char *token, const char *pw);
/* Whether token is a live invitation or reset link: 0 with *ret_purpose
 * "invite" or "reset" (in c->a), or -EINVAL with the field error on token
 * (invalid, invalid_or_expired) as password_set_with_token gives it. */
int link_check(struct dctx *c, const char *token, const char **ret_purpose);
/* Queues a reset mail for login (an email address or a login name, named
 * field in an error), sent to the user's address if it belongs to a user who
 * may sign in; does the same work either way and says nothing. */
int password_reset_request(struct dctx *c, const char *field, const char *login);
/* A reset link for u (active or invited) made now, for the operator at the
 * command line: base/set-password?token=..., valid RESET_VALID_HOURS,
 * retiring u's earlier reset links; audited. The link signs nobody in but
 * sets the password: hand it to the user only. */
int password_reset_link(struct dctx *c, const struct user *u, const char *base, char **ret);
/* Retires u's invitation link and queues a new invitation mail. */
int invitation_send(struct dctx *c, const struct org *org, const struct user *u);
/* The mailer's prepare (mail.h) for mails with a link, run at delivery in
 * c's write transaction: makes the single-use link and fills ret (in c->a),
 * or -ENOENT when the mail is not to be sent any more (an unknown address,
 * a user suspended, deleted, with another email, or with a password set
 * since a reset was asked). */
int mail_link_prepare(struct dctx *c, const struct outbox_msg *m, struct mail_vars *ret);
/* The same as a mail_prepare_fn; cls is the const struct settings *. */
int mail_link_prepare_cb(void *cls, struct db *db, struct arena *a, const struct outbox_msg *m,
                         struct mail_vars *ret);
/* Retires every outstanding link and sign-in challenge of a user: after a
 * password or email change, a suspension or a deletion. */
int user_links_revoke(struct dctx *c, const char *user_id);
/* Sets a new password for u (admin-set or chosen), records it in the
 * history, and with must_change the user must change it at next sign-in. */
int password_store(struct dctx *c, const struct user *u, const char *pw, bool must_change);

/* ---- two-factor sign-in -------------------------------------------------- */

/* The second step of a sign-in with 2FA: the challenge from session_login
 * and a TOTP or recovery code. On success the challenge is used up and a
 * session made, as session_login's. -EACCES for an unknown, used or expired
 * challenge or a wrong code (a wrong code counts as a failed sign-in of the
 * account and the address), -EAGAIN while throttled. */
int session_login_second(struct dctx *c, const char *challenge, const char *code,
                         struct login_result *ret);
/* For a second factor asked of a signed-in user (turning 2FA off): -EAGAIN
 * (wait in *ret_retry_s) while u's account or the client's address is
 * locked, and counting a failure, as sign-in does. */
int session_factor_throttled(struct dctx *c, const struct user *u, int64_t *ret_retry_s);
int session_factor_failed(struct dctx *c, const struct user *u);
