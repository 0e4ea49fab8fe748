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

#define SESSION_COOKIE "sb_session"
#define SESSION_IDLE_MS (12LL * 3600 * 1000)
#define SESSION_MAX_MS (7LL * 24 * 3600 * 1000)
#define INVITE_VALID_HOURS 72
#define RESET_VALID_HOURS 2

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
/* Queues a reset mail when email belongs to a user who may sign in; says
 * nothing either way. */
int password_reset_request(struct dctx *c, const char *email);
/* Creates a single-use invitation link for user and queues the mail. */
int invitation_send(struct dctx *c, const struct org *org, const struct user *u);
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
