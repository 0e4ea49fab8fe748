/* twofactor.c (api): the signed-in user's two-factor sign-in (/me/2fa) and
 * an administrator's reset of a user's. The enrolment and confirmation
 * answers carry secrets (the TOTP seed, the recovery codes): they are given
 * once and never stored in the clear (routes.c marks them R_SECRET). */
#include "api/handlers.h"
#include "auth/totp.h"
#include "base/arena.h"
#include "domain/twofactor.h"
#include "domain/users.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

static const struct field_spec code_fields[] = {
    {"code", F_STRING, F_REQUIRED, 64},
};
static const struct field_spec disable_fields[] = {
    {"password", F_STRING, F_NO_TRIM, 256},
    {"code", F_STRING, 0, 64},
};

int me_2fa_get(struct ctx *c)
{
	struct user_view v;
	struct two_factor_state s;
	int r = user_self(&c->dc, &v);
	if (r < 0 || (r = two_factor_state(&c->dc, &v.u, &s)) < 0)
		return r;
	json_t *j =
	    json_pack("{s:b, s:b, s:b, s:o, s:[]}", "enabled", s.enabled, "required", s.required,
	              "pending", s.pending, "enabled_at", jtime(s.enabled_at), "methods");
	if (s.enabled) {
		json_array_append_new(json_object_get(j, "methods"), json_string("totp"));
		json_object_set_new(j, "recovery_codes_left",
		                    json_integer((json_int_t)s.recovery_codes_left));
	}
	return reply_json(c, 200, j);
}

int me_totp_enrol(struct ctx *c)
{
	int r = fields_check(&c->d, body(c), NULL, 0, false);
	if (r < 0)
		return r;
	struct totp_enrolment e;
	if ((r = two_factor_enrol(&c->dc, &e)) < 0)
		return r;
	json_t *j =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i}", "otpauth_uri", e.uri, "secret",
	              e.secret, "qr_svg", e.qr_svg, "issuer", e.issuer, "account", e.account,
	              "algorithm", "SHA1", "digits", TOTP_DIGITS, "period", TOTP_STEP_S);
	/* The arena is freed, not wiped, when the request ends. */
	sodium_memzero(e.secret, strlen(e.secret));
	sodium_memzero(e.uri, strlen(e.uri));
	return reply_json(c, 200, j);
}

/* The RECOVERY_CODES new codes as a JSON array, wiped from the arena. */
static json_t *codes_json(char **codes)
{
	json_t *arr = json_array();
	for (int i = 0; i < RECOVERY_CODES; i++) {
		json_array_append_new(arr, json_string(codes[i]));
		sodium_memzero(codes[i], strlen(codes[i]));
	}
	return arr;
}

int me_totp_confirm(struct ctx *c)
{
	int r = fields_check(&c->d, body(c), code_fields, 1, true);
	if (r < 0)
		return r;
	char **codes;
	if ((r = two_factor_confirm(&c->dc, json_string_value(json_object_get(body(c), "code")),
	                            &codes)) < 0)
		return r;
	json_t *arr = codes_json(codes);
	return reply_json(c, 200,
	                  json_pack("{s:b, s:o, s:s}", "enabled", 1, "recovery_codes", arr,
	                            "detail",
	                            "Two-factor sign-in is on. Keep the recovery codes somewhere "
	                            "safe: each works once, instead of a code from the app."));
}

int me_totp_delete(struct ctx *c)
{
	int r = fields_check(&c->d, body(c), disable_fields, 2, false);
	if (r < 0)
		return r;
	int64_t retry = 0;
	r = two_factor_disable(&c->dc, json_string_value(json_object_get(body(c), "password")),
	                       json_string_value(json_object_get(body(c), "code")), &retry);
	if (r == -EAGAIN)
		reply_header(c, "Retry-After", arena_printf(c->a, "%lld", (long long)retry));
	if (r < 0)
		return r;
	return reply_empty(c, 204);
}

int me_recovery_codes(struct ctx *c)
{
	int r = fields_check(&c->d, body(c), disable_fields, 2, false);
	if (r < 0)
		return r;
	int64_t retry = 0;
	char **codes;
	r = two_factor_recovery_renew(
	    &c->dc, json_string_value(json_object_get(body(c), "password")),
	    json_string_value(json_object_get(body(c), "code")), &retry, &codes);
	if (r == -EAGAIN)
		reply_header(c, "Retry-After", arena_printf(c->a, "%lld", (long long)retry));
	if (r < 0)
		return r;
	json_t *arr = codes_json(codes);
	return reply_json(c, 200,
	                  json_pack("{s:o, s:s}", "recovery_codes", arr, "detail",
	                            "New recovery codes: the earlier ones no longer work. Keep "
	                            "these somewhere safe: each works once."));
}

int users_reset_2fa(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = two_factor_reset(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}
