/* devices.c (api): desk phones by MAC (seed 002), the organization's
 * provisioning URL key, and the provisioning files phones fetch. The
 * provisioning secret appears only in the create and reset-credential
 * answers, the URL key only in its create answer; their copies in the
 * request's memory are wiped once the answer is rendered. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/devices.h"
#include "domain/sip.h"
#include "auth/totp.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How long a nonce of a digest challenge is good for. */
#define PROV_NONCE_SECONDS 300

static const struct device_model *model_of(const char *name)
{
	for (size_t i = 0; i < device_models_n; i++)
		if (strcmp(device_models[i].model, name) == 0)
			return &device_models[i];
	return NULL;
}

static json_t *render_model(const struct device_model *m)
{
	return json_pack("{s:s, s:s, s:i, s:b}", "vendor", m->vendor, "model", m->model,
	                 "max_lines", m->max_lines, "dect", m->dect);
}

json_t *render_device(struct ctx *c, const struct device *d)
{
	(void)c;
	json_t *lines = json_array();
	for (int i = 0; i < d->n_lines; i++) {
		const struct device_line *l = &d->lines[i];
		json_array_append_new(lines,
		                      json_pack("{s:i, s:s, s:s, s:s, s:o, s:s, s:o}", "position",
		                                i + 1, "sip_account_id", l->sip_account_id, "kind",
		                                l->kind, "username", l->username, "label",
		                                jstr_or_null(l->label), "user_id", l->user_id,
		                                "user_name", jstr_or_null(l->user_name)));
	}
	const struct device_model *m = model_of(d->model);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:b, s:s, s:o, s:o, s:o}", "id",
	                 d->id, "org_id", d->org_id, "mac", d->mac, "vendor", d->vendor, "model",
	                 d->model, "label", jstr_or_null(d->label), "max_lines",
	                 m ? m->max_lines : 0, "dect", m && m->dect, "provisioning_username",
	                 d->prov_username, "lines", lines, "created_at", jtime(d->created_at),
	                 "updated_at", jtime(d->updated_at));
}

/* The device, with the provisioning secret when one is given (then wiped). */
static int reply_device(struct ctx *c, int status, const struct device *d, char *secret)
{
	json_t *j = render_device(c, d);
	if (secret) {
		json_object_set_new(j, "provisioning_secret", json_string(secret));
		sip_cred_wipe(secret);
	}
	set_etag(c, d->updated_at);
	if (status == 201)
		reply_header(c, "Location",
		             arena_printf(c->a, "/api/v1/orgs/%s/devices/%s", d->org_id, d->id));
	return reply_json(c, status, j);
}

int device_models_list(struct ctx *c)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < device_models_n; i++)
		json_array_append_new(arr, render_model(&device_models[i]));
	return reply_json(c, 200, render_list(arr, NULL));
}

int devices_list(struct ctx *c)
{
	struct device *items;
	int n, r;
	char *next;
	if ((r = device_list(&c->dc, &c->org, query_cursor(c, "after"), query_int(c, "limit"),
	                     &items, &n, &next)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, render_device(c, &items[i]));
	return reply_json(c, 200, render_list(arr, next));
}

int devices_create(struct ctx *c)
{
	struct device d;
	char *secret;
	int r = device_create(&c->dc, &c->org, body(c), &d, &secret);
	return r < 0 ? r : reply_device(c, 201, &d, secret);
}

int devices_get(struct ctx *c)
{
	const char *id;
	struct device d;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = device_get(&c->dc, &c->org, id, &d)) < 0)
		return r;
	return reply_device(c, 200, &d, NULL);
}

int devices_patch(struct ctx *c)
{
	const char *id;
	struct device d;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = device_update(&c->dc, &c->org, id, body(c), &d)) < 0)
		return r;
	return reply_device(c, 200, &d, NULL);
}

int devices_delete(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = device_delete(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}

int devices_reset_credential(struct ctx *c)
{
	const char *id;
	struct device d;
	char *secret;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = device_reset_credential(&c->dc, &c->org, id, &d, &secret)) < 0)
		return r;
	return reply_device(c, 200, &d, secret);
}

int users_devices(struct ctx *c)
{
	const char *id;
	struct device_of_account *items;
	int n, r = param_id(c, "id", &id);
	if (r < 0 || (r = device_user_lines(&c->dc, &c->org, id, &items, &n)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(
		    arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "sip_account_id",
		                   items[i].sip_account_id, "device_id", items[i].device_id, "mac",
		                   items[i].mac, "vendor", items[i].vendor, "model", items[i].model,
		                   "label", jstr_or_null(items[i].label)));
	return reply_json(c, 200, render_list(arr, NULL));
}

/* ---- the provisioning URL key ------------------------------------------------ */

static const char *prov_base(struct ctx *c)
{
	const char *u = c->app->settings.public_url;
	return arena_printf(c->a, "%s/api/v1/provisioning/", u ? u : "");
}

int prov_key_get(struct ctx *c)
{
	int64_t created;
	int r = prov_key_show(&c->dc, &c->org, &created);
	if (r < 0)
		return r;
	return reply_json(c, 200,
	                  json_pack("{s:b, s:o}", "exists", created != 0, "created_at",
	                            created ? jtime(created) : json_null()));
}

int prov_key_post(struct ctx *c)
{
	char *key;
	int64_t created;
	int r = prov_key_create(&c->dc, &c->org, &key, &created);
	if (r < 0)
		return r;
	json_t *j = json_pack("{s:b, s:o, s:s, s:s}", "exists", true, "created_at", jtime(created),
	                      "key", key, "url", arena_printf(c->a, "%sk/%s/", prov_base(c), key));
	sodium_memzero(key, strlen(key));
	return reply_json(c, 201, j);
}

int prov_key_remove(struct ctx *c)
{
	int r = prov_key_delete(&c->dc, &c->org);
	return r < 0 ? r : reply_empty(c, 204);
}

/* ---- the files phones fetch ---------------------------------------------------- */

/* 401 with a fresh digest challenge: the one answer for no credential, a
 * wrong one, an unknown MAC and another phone's file alike. */
static int challenge(struct ctx *c, bool stale)
{
	reply_header(c, "Cache-Control", "no-store");
	c->res->digest_realm = PROV_REALM;
	c->res->digest_stale = stale;
	return reply_problem(c, 401, "Unauthorized",
	                     "This needs the phone's provisioning credential (HTTP digest).");
}

static int not_found(struct ctx *c)
{
	reply_header(c, "Cache-Control", "no-store");
	return reply_problem(c, 404, "Not found", "There is no such provisioning file.");
}

/* Over HTTPS, or (serve --provisioning-behind-tls-proxy) from a proxy that
 * says its client came over HTTPS. */
static bool over_tls(struct ctx *c)
{
	if (c->app->tls)
		return true;
	const char *proto = http_req_header(c->req, "X-Forwarded-Proto");
	return c->app->prov_behind_tls_proxy && proto && strcasecmp(proto, "https") == 0;
}

/* HTTPS and the address not locked out: 0, or the status (or error) it
 * answered. */
static int prov_gate(struct ctx *c)
{
	if (!over_tls(c)) {
		diag_fail(&c->d, -EACCES, "provisioning_needs_tls",
		          "Provisioning files hold SIP secrets and are served over HTTPS only "
		          "(serve --tls-cert, or --provisioning-behind-tls-proxy behind a TLS "
		          "proxy).");
		return reply_failure(c, 403, "Forbidden");
	}
	int64_t retry;
	int r = prov_throttled(&c->dc, &retry);
	if (r == -EAGAIN) {
		reply_header(c, "Retry-After", arena_printf(c->a, "%lld", (long long)retry));
		return reply_problem(c, 429, "Too many requests",
		                     "Too many failed provisioning requests from this address.");
	}
	return r;
}

/* text (wiped) copied into the answer, never to be cached. */
static int reply_file(struct ctx *c, const char *type, char *text)
{
	char *copy = strdup(text);
	sodium_memzero(text, strlen(text));
	if (!copy)
		return -ENOMEM;
	reply_header(c, "Cache-Control", "no-store");
	return reply_text(c, 200, type, copy);
}

int prov_fetch(struct ctx *c)
{
	int r = prov_gate(c);
	if (r != 0)
		return r;
	const char *file = param(c, "file"), *key = param(c, "key");
	enum prov_file kind = PROV_YEALINK_COMMON;
	char mac[13] = "";
	bool named = prov_file_parse(file, &kind, mac) == 0;
	struct device d = {0};
	if (key) {
		r = named && kind != PROV_YEALINK_COMMON ? prov_lookup_key(&c->dc, key, mac, &d)
		                                         : -ENOENT;
		if (r == -ENOENT)
			return (r = prov_failed(&c->dc)) < 0 ? r : not_found(c);
		if (r < 0)
			return r;
	} else {
		const char *user = http_req_digest_username(c->req);
		if (!user)
			return challenge(c, false);
		unsigned char ha1[16];
		if ((r = prov_lookup_username(&c->dc, user, &d, ha1)) < 0)
			return r;
		int ok = http_req_digest_check(c->req, PROV_REALM, user, ha1, PROV_NONCE_SECONDS);
		sodium_memzero(ha1, sizeof(ha1));
		if (ok == -ESTALE)
			return challenge(c, true);
		if (ok != 1 || !d.id || !named)
			return (r = prov_failed(&c->dc)) < 0 ? r : challenge(c, false);
	}
	char *text;
	const char *type;
	r = prov_render(&c->dc, &d, kind, mac, key ? "url_key" : "digest", &text, &type);
	if (r == -ENOENT) /* another phone's file, or another vendor's */
		return (r = prov_failed(&c->dc)) < 0 ? r : key ? not_found(c) : challenge(c, false);
	return r < 0 ? r : reply_file(c, type, text);
}

int prov_fetch_linphone(struct ctx *c)
{
	int r = prov_gate(c);
	if (r != 0)
		return r;
	char *text;
	const char *token = param(c, "token");
	size_t n = token ? strlen(token) : 0;
	/* "<token>.xml": Linphone wants a name it can read as XML */
	r = n > 4 && strcmp(token + n - 4, ".xml") == 0
	        ? softphone_link_fetch(&c->dc, arena_strndup(c->a, token, n - 4), &text)
	        : -ENOENT;
	if (r == -ENOENT)
		return (r = prov_failed(&c->dc)) < 0 ? r : not_found(c);
	return r < 0 ? r : reply_file(c, "application/xml; charset=utf-8", text);
}

/* ---- softphones ------------------------------------------------------------------ */

int sip_softphone(struct ctx *c)
{
	const char *user_id, *id;
	struct softphone p;
	int r = param_id(c, "id", &user_id);
	if (r < 0 || (r = param_id(c, "sid", &id)) < 0 ||
	    (r = softphone_settings(&c->dc, &c->org, user_id, id, &p)) < 0)
		return r;
	return reply_json(c, 200,
	                  json_pack("{s:s, s:s, s:s, s:s, s:i, s:s}", "username", p.username,
	                            "auth_name", p.auth_name, "domain", p.domain, "proxy_host",
	                            p.proxy_host, "proxy_port", p.proxy_port, "transport",
	                            p.transport));
}

int sip_softphone_link(struct ctx *c)
{
	const char *user_id, *id;
	char *token;
	int64_t expires;
	int r = param_id(c, "id", &user_id);
	if (r < 0 || (r = param_id(c, "sid", &id)) < 0 ||
	    (r = softphone_link_create(&c->dc, &c->org, user_id, id, &token, &expires)) < 0)
		return r;
	const char *url = arena_printf(c->a, "%slinphone/%s.xml", prov_base(c), token);
	sodium_memzero(token, strlen(token));
	char *svg = qr_svg(c->a, url);
	if (!svg)
		return -ENOMEM;
	json_t *j =
	    json_pack("{s:s, s:s, s:o}", "url", url, "qr_svg", svg, "expires_at", jtime(expires));
	sodium_memzero((char *)url, strlen(url));
	return reply_json(c, 201, j);
}
