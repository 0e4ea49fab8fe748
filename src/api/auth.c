/* auth.c (api): sign-in and out, password links, and the signed-in user's
 * own account (/me). */
#include "api/handlers.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "domain/session.h"
#include "domain/twofactor.h"
#include "domain/users.h"

#include <errno.h>
#include <string.h>

static const char *json_text(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The bodies of sign-in, password links and password change: only these
 * members, each one string, checked by the one field validator
 * (fields_check). Passwords are kept as typed; their policy (length
 * included) is the domain's, so their bound here is only a sanity one. */
#define PW_SANE 4096
static const struct field_spec login_fields[] = {{"login", F_STRING, 0, 254},
                                                 {"password", F_STRING, F_NO_TRIM, PW_SANE},
                                                 {"challenge", F_STRING, 0, 200},
                                                 {"code", F_STRING, 0, 64}};
static const struct field_spec reset_fields[] = {{"login", F_STRING, 0, 254},
                                                 {"email", F_STRING, 0, 254}};
static const struct field_spec set_password_fields[] = {{"token", F_STRING, 0, 200},
                                                        {"password", F_STRING, F_NO_TRIM, PW_SANE}};
static const struct field_spec change_password_fields[] = {
    {"current_password", F_STRING, F_NO_TRIM, PW_SANE},
    {"new_password", F_STRING, F_NO_TRIM, PW_SANE}};
#define N(specs) (sizeof(specs) / sizeof(specs[0]))

static json_t *me_json(struct ctx *c, const struct user_view *v, uint64_t perms)
{
	json_t *j = render_user(c, v);
	json_object_set_new(j, "permissions", perm_to_json(perms));
	return j;
}

int auth_login(struct ctx *c)
{
	/* Either {login, password}, or the second step {challenge, code}. */
	int r = fields_check(&c->d, body(c), login_fields, N(login_fields), false);
	if (r < 0)
		return r;
	bool second = json_object_get(body(c), "challenge") || json_object_get(body(c), "code");
	if (second && (json_object_get(body(c), "login") || json_object_get(body(c), "password")))
		return diag_error(&c->d, "challenge", "conflict",
		                  "Send either login and password, or challenge and code.");
	struct login_result res = {0};
	if (second)
		r = session_login_second(&c->dc, json_text(body(c), "challenge"),
		                         json_text(body(c), "code"), &res);
	else
		r = session_login(&c->dc, json_text(body(c), "login"),
		                  json_text(body(c), "password"), &res);
	if (r == -EAGAIN) {
		reply_header(c, "Retry-After",
		             arena_printf(c->a, "%lld", (long long)res.retry_after_s));
		return r;
	}
	if (r == -EACCES) {
		reply_failure(c, 401, "Unauthorized");
		return 401;
	}
	if (r < 0)
		return r;
	if (res.second_factor_required)
		return reply_json(c, 200,
		                  json_pack("{s:b, s:s, s:I, s:[s,s]}", "second_factor_required", 1,
		                            "challenge", res.challenge, "expires_in",
		                            (json_int_t)(TWO_FACTOR_CHALLENGE_MS / 1000), "methods",
		                            "totp", "recovery_code"));
	uint64_t perms = 0;
	struct user_view v;
	if ((r = user_effective_perms(&c->dc, res.user.id, &perms)) < 0 ||
	    (r = user_view_load(&c->dc, &res.user, &v)) < 0)
		return r;
	/* No session fixation: the session a cookie sent along names (whoever
	 * set it) ends; the browser gets the new one only. */
	const char *old = http_req_cookie(c->req, SESSION_COOKIE);
	if (old && *old && (r = session_logout(&c->dc, old)) < 0)
		return r;
	reply_header(c, "Set-Cookie",
	             arena_printf(c->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
	                          SESSION_COOKIE, res.token, SESSION_MAX_MS / 1000,
	                          c->app->tls ? "; Secure" : ""));
	json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:b}", "token", res.token, "csrf_token",
	                      res.csrf_token, "token_type", "Bearer", "user", me_json(c, &v, perms),
	                      "password_change_required", res.password_change_required);
	json_object_set_new(j, "two_factor_enrolment_required",
	                    json_boolean(res.two_factor_enrolment_required));
	if (res.notice)
		json_object_set_new(j, "notice", json_string(res.notice));
	if (res.recovery_codes_left >= 0)
		json_object_set_new(j, "recovery_codes_left",
		                    json_integer((json_int_t)res.recovery_codes_left));
	return reply_json(c, 200, j);
}

int auth_logout(struct ctx *c)
{
	int r = session_logout(&c->dc, c->token);
	if (r < 0)
		return r;
	reply_header(c, "Set-Cookie",
	             arena_printf(c->a, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
	                          SESSION_COOKIE, c->app->tls ? "; Secure" : ""));
	return reply_empty(c, 204);
}

int auth_reset(struct ctx *c)
{
	int r = fields_check(&c->d, body(c), reset_fields, N(reset_fields), false);
	if (r < 0)
		return r;
	/* login (an address or a login name) or, as before, email. */
	const char *field = json_object_get(body(c), "login") ? "login" : "email";
	if ((r = password_reset_request(&c->dc, field, json_text(body(c), field))) < 0)
		return r;
	return reply_json(c, 202,
	                  json_pack("{s:s}", "detail",
	                            "If this address belongs to an account, a link to set a new "
	                            "password is on its way."));
}

int auth_set_password(struct ctx *c)
{
	int r = fields_check(&c->d, body(c), set_password_fields, N(set_password_fields), false);
	if (r < 0)
		return r;
	r = password_set_with_token(&c->dc, json_text(body(c), "token"),
	                            json_text(body(c), "password"));
	if (r < 0)
		return r;
	return reply_json(c, 200, json_pack("{s:s}", "detail", "The password is set; sign in."));
}

int auth_link(struct ctx *c)
{
	static const struct field_spec fields[] = {{"token", F_STRING, 0, 200}};
	int r = fields_check(&c->d, body(c), fields, N(fields), false);
	const char *purpose;
	if (r < 0 || (r = link_check(&c->dc, json_text(body(c), "token"), &purpose)) < 0)
		return r;
	return reply_json(c, 200, json_pack("{s:s}", "purpose", purpose));
}

int me_get(struct ctx *c)
{
	struct user_view v;
	int r = user_self(&c->dc, &v);
	if (r < 0)
		return r;
	return reply_json(c, 200, me_json(c, &v, c->me->perms));
}

int me_patch(struct ctx *c)
{
	struct user_view v;
	int r = user_update_self(&c->dc, body(c), &v);
	if (r < 0)
		return r;
	return reply_json(c, 200, me_json(c, &v, c->me->perms));
}

int me_password(struct ctx *c)
{
	int r =
	    fields_check(&c->d, body(c), change_password_fields, N(change_password_fields), false);
	if (r < 0)
		return r;
	r = password_change(&c->dc, json_text(body(c), "current_password"),
	                    json_text(body(c), "new_password"));
	if (r < 0)
		return r;
	return reply_json(c, 200, json_pack("{s:s}", "detail", "The password is changed."));
}
