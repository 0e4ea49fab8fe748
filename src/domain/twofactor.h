/* twofactor.h: two-factor sign-in with TOTP: a user enrols (a secret, shown
 * once as an otpauth:// URI and a QR code), confirms with a first code and
 * gets ten single-use recovery codes, and from then on signs in with a code
 * after the password (session.h: the challenge). The policy comes from the
 * organization and the user's groups (two_factor_required): a user it
 * applies to cannot turn 2FA off, and until enrolled may do nothing but
 * enrol. An administrator can reset a user's 2FA (lost phone).
 *
 * The secret is kept sealed with the key file (auth/seal.h) and never leaves
 * the server again after the enrolment answer; nor does it reach the audit
 * trail. */
#pragma once
#include "domain/domain.h"

#define TWO_FACTOR_CHALLENGE_MS (5LL * 60 * 1000)

struct totp_enrolment {
	char *secret; /* base32, for typing into an app by hand */
	char *uri;    /* otpauth://totp/... */
	char *qr_svg; /* the URI as a QR code */
	char *issuer, *account;
};

struct two_factor_state {
	bool enabled;  /* confirmed: sign-in asks for a code */
	bool pending;  /* an enrolment waits for its first code */
	bool required; /* by the organization or one of the user's groups */
	int64_t enabled_at;
	int64_t recovery_codes_left;
};

/* The two-factor state of u (as read by the store). */
int two_factor_state(struct dctx *c, const struct user *u, struct two_factor_state *ret);
/* Starts (or restarts) the actor's TOTP enrolment with a new secret.
 * -EEXIST while 2FA is on. */
int two_factor_enrol(struct dctx *c, struct totp_enrolment *ret);
/* Confirms the actor's pending enrolment with a code of the new secret;
 * turns 2FA on, ends the actor's other sessions (they were made without a
 * second factor) and gives RECOVERY_CODES new recovery codes (in c->a;
 * shown once, stored hashed). -ENOTEMPTY without a pending enrolment,
 * -EINVAL (field code) for a wrong code. */
int two_factor_confirm(struct dctx *c, const char *code, char ***ret_codes);
/* Turns the actor's 2FA off, given the current password or a code (TOTP or
 * recovery). A pending enrolment is simply dropped. -EACCES while the policy
 * requires 2FA; -EINVAL (field password or code) when wrong, counted like a
 * failed sign-in; -EAGAIN (*ret_retry_s) while that is locked. */
/* New recovery codes for the signed-in user, proven as two_factor_disable
 * asks (its password or a code): RECOVERY_CODES of them in *ret_codes (in
 * c->a), shown once; the earlier codes stop working. -ENOENT without 2FA. */
int two_factor_recovery_renew(struct dctx *c, const char *password, const char *code,
                              int64_t *ret_retry_s, char ***ret_codes);
int two_factor_disable(struct dctx *c, const char *password, const char *code,
                       int64_t *ret_retry_s);
/* An administrator turns a user's 2FA off (it must enrol again where the
 * policy requires it); ends the user's sessions and sign-in challenges. */
int two_factor_reset(struct dctx *c, const struct org *org, const char *user_id);
/* Checks a second factor of u: a TOTP code (6 digits; spaces allowed) or a
 * recovery code, which is used up. 0 (*ret_recovery says which), -EACCES
 * for a wrong code, -EALREADY for a TOTP code used already. */
int two_factor_verify(struct dctx *c, const struct user *u, const char *code, bool *ret_recovery);
