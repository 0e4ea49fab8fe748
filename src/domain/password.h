/* password.h: the password policy of an organization.
 *
 * Class rules (length, digit, lower, upper, symbol), no personal data (email,
 * names), not one of the last N passwords, and a strength estimate with
 * zxcvbn (entropy in bits, with Dutch and product words added to its
 * dictionary) so "Welkom2024" fails although it passes the class rules. */
#pragma once
#include "domain/domain.h"

struct password_subject {
	const char *email, *login_name, *first_name, *last_name;
	const char *user_id; /* for the history check; NULL for a new user */
};

/* Checks pw against org's policy. Every failed rule is added to d under
 * field (e.g. "password" or "new_password") with its own code:
 * too_short, needs_digit, needs_lower, needs_upper, needs_symbol,
 * contains_personal, reused, too_weak. Returns 0 or -EINVAL. */
int password_check(struct dctx *c, const struct org *policy, const char *field, const char *pw,
                   const struct password_subject *who);
/* The policy as JSON for clients (so a form can explain it). */
json_t *password_policy_json(const struct org *policy);
