/* devices.c: desk phones by MAC, their lines, their provisioning
 * credential, the organizations' URL keys, and who may fetch which
 * provisioning file. The files themselves: domain/provisioning.c. */
#include "domain/devices.h"
#include "auth/auth.h"
#include "auth/digest.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/util.h"
#include "domain/provisioning.h"
#include "domain/session.h"
#include "domain/sip.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The models the server knows, and how many lines each takes. Grandstream
 * files carry four accounts at most (the P-values of accounts 1 to 4 are
 * the same on every model; later ones are not). */
const struct device_model device_models[] = {
    {"yealink", "T31P", 2, false},
    {"yealink", "T33G", 4, false},
    {"yealink", "T46U", 16, false},
    {"yealink", "T54W", 16, false},
    {"yealink", "W70B", 10, true},
    {"snom", "D315", 4, false},
    {"snom", "D735", 12, false},
    {"snom", "D785", 12, false},
    {"snom", "M500", 8, true},
    {"grandstream", "GRP2612", 2, false},
    {"grandstream", "GXP2170", 4, false},
    {"grandstream", "DP752", 4, true},
};
const size_t device_models_n = sizeof(device_models) / sizeof(device_models[0]);

static const struct device_model *model_find(const char *name)
{
	for (size_t i = 0; name && i < device_models_n; i++)
		if (strcasecmp(name, device_models[i].model) == 0)
			return &device_models[i];
	return NULL;
}

static const struct field_spec device_fields[] = {
    {"mac", F_STRING, F_REQUIRED, 32},
    {"model", F_STRING, F_REQUIRED, 32},
    {"vendor", F_STRING, 0, 32},
    {"label", F_STRING, F_NULLABLE, 100},
    {"lines", F_ARRAY, 0, 0},
    {"id", F_ANY, F_READONLY, 0},
    {"org_id", F_ANY, F_READONLY, 0},
    {"provisioning_username", F_ANY, F_READONLY, 0},
    {"max_lines", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},
    {"updated_at", F_ANY, F_READONLY, 0},
};
#define N_DEVICE_FIELDS (sizeof(device_fields) / sizeof(device_fields[0]))

static int hexval(int ch)
{
	return isdigit(ch) ? ch - '0' : isxdigit(ch) ? tolower(ch) - 'a' + 10 : -1;
}

bool device_mac_normalize(const char *in, char out[13])
{
	if (!in)
		return false;
	size_t len = strlen(in);
	/* the separator and the digits between two of them, by notation */
	char sep = len == 17 ? in[2] : len == 14 ? '.' : 0;
	int group = len == 17 ? 2 : len == 14 ? 4 : 12;
	if ((len != 17 && len != 14 && len != 12) || (len == 17 && sep != ':' && sep != '-'))
		return false;
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		bool at_sep = sep && (i + 1) % (size_t)(group + 1) == 0;
		if (at_sep) {
			if (in[i] != sep)
				return false;
			continue;
		}
		if (hexval((unsigned char)in[i]) < 0 || n >= 12)
			return false;
		out[n++] = (char)tolower((unsigned char)in[i]);
	}
	out[n] = 0;
	return n == 12 && strcmp(out, "000000000000") != 0;
}

/* A new provisioning credential for d: username (unless kept) and HA1. */
static int cred_new(struct dctx *c, struct device *d, bool new_username, char **ret_secret)
{
	if (new_username)
		d->prov_username = sip_username_new(c->a);
	char *secret = sip_secret_new(c->a);
	d->prov_ha1 = arena_alloc(c->a, DIGEST_HA1_LEN + 1);
	int r = digest_ha1(d->prov_username, PROV_REALM, secret, d->prov_ha1);
	if (r < 0) {
		sip_cred_wipe(secret);
		return diag_fail(c->d, r, "md5_unavailable",
		                 "MD5 is not available from libcrypto.");
	}
	*ret_secret = secret;
	return 0;
}

/* lines: [{"sip_account_id": id}, ...] into d, checked against model m. */
static void parse_lines(struct dctx *c, const struct org *org, json_t *list,
                        const struct device_model *m, struct device *d)
{
	size_t n = json_array_size(list), i;
	int max = m ? m->max_lines : STORE_DEVICE_LINES_MAX;
	if ((int)n > max) {
		diag_error_p(c->d, "lines", "too_many_lines", DP(DP_INT("max", max)),
		             "This model takes at most %d lines.", max);
		return;
	}
	d->lines = arena_alloc(c->a, sizeof(*d->lines) * (n ? n : 1));
	d->n_lines = 0;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *field = arena_printf(c->a, "lines[%zu]", i);
		const char *id = json_string_value(json_object_get(v, "sip_account_id"));
		if (!json_is_object(v) || !id || json_object_size(v) != 1) {
			diag_error(
			    c->d, field, "invalid",
			    "A line is {\"sip_account_id\": the id of a SIP account or alias}.");
			continue;
		}
		struct device_line l = {0};
		if (!id_valid(id) || store_device_account(c->db, c->a, org->id, id, &l) < 0) {
			diag_error(c->d, field, "not_found",
			           "No such SIP account or alias in this organization.");
			continue;
		}
		bool dup = false;
		for (int k = 0; k < d->n_lines; k++)
			dup |= strcmp(d->lines[k].sip_account_id, id) == 0;
		if (dup) {
			diag_error(c->d, field, "duplicate", "This account is on the list twice.");
			continue;
		}
		char *owner, *mac;
		if (store_device_line_owner(c->db, c->a, id, &owner, &mac) == 0 &&
		    !str_eq(owner, d->id)) {
			diag_error_p(c->d, field, "line_taken", DP(DP_STR("mac", mac)),
			             "This account is a line of device %s already.", mac);
			continue;
		}
		d->lines[d->n_lines++] = l;
	}
}

static json_t *lines_json(const struct device *d)
{
	json_t *a = json_array();
	for (int i = 0; i < d->n_lines; i++)
		json_array_append_new(a, json_string(d->lines[i].sip_account_id));
	return a;
}

static bool lines_equal(const struct device *a, const struct device *b)
{
	if (a->n_lines != b->n_lines)
		return false;
	for (int i = 0; i < a->n_lines; i++)
		if (strcmp(a->lines[i].sip_account_id, b->lines[i].sip_account_id) != 0)
			return false;
	return true;
}

/* The model (and vendor, when given) of in for d; problems collected. */
static const struct device_model *apply_model(struct dctx *c, json_t *in, struct device *d)
{
	const struct device_model *m = model_find(d->model);
	if (field_has(in, "model") && !diag_has(c->d, "model")) {
		const char *name = field_str(c->a, in, "model");
		if (!(m = model_find(name))) {
			diag_error(c->d, "model", "unknown_model",
			           "Not a model this server knows (GET /api/v1/device-models).");
			return NULL;
		}
		d->vendor = (char *)m->vendor;
		d->model = (char *)m->model;
	}
	const char *vendor = field_str(c->a, in, "vendor");
	if (m && vendor && !diag_has(c->d, "vendor") && strcasecmp(vendor, m->vendor) != 0)
		diag_error_p(c->d, "vendor", "vendor_mismatch", DP(DP_STR("vendor", m->vendor)),
		             "%s is a model of %s.", m->model, m->vendor);
	return m;
}

int device_create(struct dctx *c, const struct org *org, json_t *in, struct device *ret,
                  char **ret_secret)
{
	int r = dctx_need(c, org->path, PERM_TELEPHONY_WRITE);
	if (r < 0)
		return r;
	fields_check(c->d, in, device_fields, N_DEVICE_FIELDS, true);
	char id[ID_LEN + 1];
	id_new(id);
	struct device d = {.id = arena_strdup(c->a, id),
	                   .org_id = org->id,
	                   .label = field_str(c->a, in, "label"),
	                   .created_at = c->now,
	                   .updated_at = c->now};
	char mac[13];
	const char *mac_in = field_str(c->a, in, "mac");
	if (mac_in && !diag_has(c->d, "mac")) {
		if (!device_mac_normalize(mac_in, mac))
			diag_error(c->d, "mac", "invalid_mac",
			           "A MAC address is 12 hex digits, as 00:15:65:aa:bb:cc, "
			           "00-15-65-AA-BB-CC, 0015.65aa.bbcc or 001565aabbcc.");
		else
			d.mac = arena_strdup(c->a, mac);
	}
	const struct device_model *m = apply_model(c, in, &d);
	json_t *lines = json_object_get(in, "lines");
	if (json_is_array(lines) && !diag_has(c->d, "lines") && !diag_has(c->d, "model"))
		parse_lines(c, org, lines, m, &d);
	if (c->d->n_errors)
		return -EINVAL;
	struct device other;
	/* 409 alike whichever organization has it: the answer names none. */
	if ((r = store_device_find_mac(c->db, c->a, d.mac, &other)) == 0)
		return diag_fail(c->d, -EEXIST, "mac_taken",
		                 "A device with this MAC address is on the platform already.");
	if (r != -ENOENT)
		return r;
	char *secret = NULL;
	for (int i = 0; i < SIP_USERNAME_ATTEMPTS; i++) {
		sip_cred_wipe(secret);
		if ((r = cred_new(c, &d, true, &secret)) < 0)
			return r;
		if ((r = store_device_insert(c->db, &d)) != -EEXIST)
			break;
	}
	if (r == 0)
		r = store_device_lines_set(c->db, &d);
	if (r == 0)
		r = audit_record(c, org->id, "device", d.id, "create",
		                 json_pack("{s:s, s:s, s:s, s:s?, s:o, s:s}", "mac", d.mac,
		                           "vendor", d.vendor, "model", d.model, "label", d.label,
		                           "lines", lines_json(&d), "provisioning_username",
		                           d.prov_username));
	if (r < 0) {
		sip_cred_wipe(secret);
		return r == -EEXIST ? diag_fail(c->d, r, "mac_taken",
		                                "A device with this MAC address is on the platform "
		                                "already.")
		                    : r;
	}
	if ((r = store_device_get(c->db, c->a, org->id, d.id, ret)) < 0) {
		sip_cred_wipe(secret);
		return r;
	}
	*ret_secret = secret;
	return 0;
}

int device_get(struct dctx *c, const struct org *org, const char *id, struct device *ret)
{
	int r = dctx_need(c, org->path, PERM_TELEPHONY_READ);
	if (r < 0)
		return r;
	r = id_valid(id) ? store_device_get(c->db, c->a, org->id, id, ret) : -ENOENT;
	if (r == -ENOENT)
		return diag_fail(c->d, r, "no_such_device", "No such device.");
	return r;
}

int device_list(struct dctx *c, const struct org *org, const struct cursor *after, int limit,
                struct device **ret, int *ret_n, char **ret_next)
{
	int n, r = dctx_need(c, org->path, PERM_TELEPHONY_READ);
	if (r < 0 || (r = store_device_list(c->db, c->a, org->id, after ? after->part[0] : NULL,
	                                    limit + 1, ret, &n)) < 0)
		return r;
	*ret_next = NULL;
	if (n > limit) {
		*ret_next =
		    cursor_encode(c->a, &cursor_devices, (const char *[]){(*ret)[limit - 1].mac});
		n = limit;
	}
	*ret_n = n;
	return 0;
}

int device_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                  struct device *ret)
{
	struct device cur, d;
	int r = dctx_need(c, org->path, PERM_TELEPHONY_WRITE);
	if (r < 0 || (r = device_get(c, org, id, &cur)) < 0 ||
	    (r = version_check(c, cur.updated_at)) < 0)
		return r;
	fields_check(c->d, in, device_fields, N_DEVICE_FIELDS, false);
	d = cur;
	char mac[13];
	const char *mac_in = field_str(c->a, in, "mac");
	if (field_has(in, "mac") && !diag_has(c->d, "mac") &&
	    (!device_mac_normalize(mac_in, mac) || strcmp(mac, cur.mac) != 0))
		diag_error(c->d, "mac", "read_only",
		           "The MAC address of a device cannot change; add the new phone as a new "
		           "device.");
	if (field_has(in, "model") && !field_str(c->a, in, "model") && !diag_has(c->d, "model"))
		diag_error(c->d, "model", "required", "model may not be empty.");
	const struct device_model *m = apply_model(c, in, &d);
	if (field_has(in, "label") && !diag_has(c->d, "label"))
		d.label = field_str(c->a, in, "label");
	json_t *lines = json_object_get(in, "lines");
	if (json_is_array(lines) && !diag_has(c->d, "lines") && !diag_has(c->d, "model"))
		parse_lines(c, org, lines, m, &d);
	else if (m && d.n_lines > m->max_lines && !diag_has(c->d, "model"))
		diag_error_p(c->d, "lines", "too_many_lines", DP(DP_INT("max", m->max_lines)),
		             "This model takes at most %d lines.", m->max_lines);
	if (c->d->n_errors)
		return -EINVAL;
	json_t *ch = json_object();
	if (strcmp(d.model, cur.model) != 0) {
		json_object_set_new(ch, "vendor", json_string(d.vendor));
		json_object_set_new(ch, "model", json_string(d.model));
	}
	if (!str_eq(d.label, cur.label))
		json_object_set_new(ch, "label", d.label ? json_string(d.label) : json_null());
	bool lines_changed = !lines_equal(&d, &cur);
	if (lines_changed)
		json_object_set_new(ch, "lines", lines_json(&d));
	if (json_object_size(ch) == 0) {
		json_decref(ch);
		*ret = cur;
		return 0;
	}
	d.updated_at = c->now;
	if ((r = store_device_update(c->db, &d)) < 0 ||
	    (lines_changed && (r = store_device_lines_set(c->db, &d)) < 0)) {
		json_decref(ch);
		return r;
	}
	if ((r = audit_record(c, org->id, "device", d.id, "update", ch)) < 0)
		return r;
	return store_device_get(c->db, c->a, org->id, d.id, ret);
}

int device_delete(struct dctx *c, const struct org *org, const char *id)
{
	struct device d;
	int r = dctx_need(c, org->path, PERM_TELEPHONY_WRITE);
	if (r < 0 || (r = device_get(c, org, id, &d)) < 0 ||
	    (r = version_check(c, d.updated_at)) < 0 ||
	    (r = store_device_delete(c->db, org->id, id)) < 0)
		return r;
	return audit_record(c, org->id, "device", id, "delete",
	                    json_pack("{s:s, s:s}", "mac", d.mac, "model", d.model));
}

int device_reset_credential(struct dctx *c, const struct org *org, const char *id,
                            struct device *ret, char **ret_secret)
{
	struct device d;
	char *secret = NULL;
	int r = dctx_need(c, org->path, PERM_TELEPHONY_WRITE);
	if (r < 0 || (r = device_get(c, org, id, &d)) < 0 ||
	    (r = cred_new(c, &d, false, &secret)) < 0)
		return r;
	d.updated_at = c->now;
	if ((r = store_device_update(c->db, &d)) < 0 ||
	    (r = audit_record(c, org->id, "device", d.id, "reset_credential", NULL)) < 0) {
		sip_cred_wipe(secret);
		return r;
	}
	*ret = d;
	*ret_secret = secret;
	return 0;
}

int device_user_lines(struct dctx *c, const struct org *org, const char *user_id,
                      struct device_of_account **ret, int *ret_n)
{
	int r = dctx_need(c, org->path, PERM_TELEPHONY_READ);
	if (r < 0)
		return r;
	return store_device_user_lines(c->db, c->a, org->id, user_id, ret, ret_n);
}

/* ---- URL keys -------------------------------------------------------------- */

int prov_key_create(struct dctx *c, const struct org *org, char **ret_key, int64_t *ret_created)
{
	int r = dctx_need(c, org->path, PERM_TELEPHONY_WRITE);
	if (r < 0)
		return r;
	char *key, *hash;
	auth_token_new(c->a, &key, &hash);
	if ((r = store_prov_key_set(c->db, org->id, hash, c->now)) < 0 ||
	    (r = audit_record(c, org->id, "provisioning_key", org->id, "create", NULL)) < 0) {
		sodium_memzero(key, strlen(key));
		return r;
	}
	*ret_key = key;
	*ret_created = c->now;
	return 0;
}

int prov_key_show(struct dctx *c, const struct org *org, int64_t *ret_created)
{
	int r = dctx_need(c, org->path, PERM_TELEPHONY_READ);
	if (r < 0)
		return r;
	*ret_created = 0;
	r = store_prov_key_get(c->db, org->id, ret_created);
	return r == -ENOENT ? 0 : r;
}

int prov_key_delete(struct dctx *c, const struct org *org)
{
	int64_t created;
	int r = dctx_need(c, org->path, PERM_TELEPHONY_WRITE);
	if (r < 0)
		return r;
	if ((r = store_prov_key_get(c->db, org->id, &created)) == -ENOENT)
		return diag_fail(c->d, r, "no_provisioning_key",
		                 "This organization has no provisioning URL key.");
	if (r < 0 || (r = store_prov_key_set(c->db, org->id, NULL, c->now)) < 0)
		return r;
	return audit_record(c, org->id, "provisioning_key", org->id, "delete", NULL);
}

/* ---- fetching ---------------------------------------------------------------- */

int prov_file_parse(const char *name, enum prov_file *ret_kind, char mac[13])
{
	size_t n = name ? strlen(name) : 0;
	char hex[13] = "";
	enum prov_file kind;
	if (strcmp(name ? name : "", "y000000000000.cfg") == 0) {
		*ret_kind = PROV_YEALINK_COMMON;
		mac[0] = 0;
		return 0;
	}
	if (n == 16 && strcmp(name + 12, ".cfg") == 0) {
		kind = PROV_YEALINK_MAC;
		memcpy(hex, name, 12);
	} else if (n == 19 && strncmp(name, "cfg", 3) == 0 && strcmp(name + 15, ".xml") == 0) {
		kind = PROV_GRANDSTREAM;
		memcpy(hex, name + 3, 12);
	} else if (n == 16 && strcmp(name + 12, ".xml") == 0) {
		kind = PROV_SNOM;
		memcpy(hex, name, 12);
	} else {
		return -ENOENT;
	}
	/* phones ask in lower case; upper case is the same phone */
	if (!device_mac_normalize(hex, mac))
		return -ENOENT;
	*ret_kind = kind;
	return 0;
}

static const char *addr_key(struct dctx *c)
{
	return arena_printf(c->a, "prov-addr:%s", c->client_addr ? c->client_addr : "");
}

int prov_throttled(struct dctx *c, int64_t *ret_retry_s)
{
	*ret_retry_s = 0;
	return throttle_check(c, addr_key(c), ret_retry_s);
}

int prov_failed(struct dctx *c)
{
	return throttle_fail(c, addr_key(c), PROV_FAIL_THRESHOLD);
}

static int hex16(const char *hex, unsigned char out[16])
{
	size_t n = 0;
	if (!hex || strlen(hex) != 32 || sodium_hex2bin(out, 16, hex, 32, NULL, &n, NULL) != 0 ||
	    n != 16)
		return -EINVAL;
	return 0;
}

int prov_lookup_username(struct dctx *c, const char *username, struct device *ret,
                         unsigned char ret_ha1[16])
{
	struct device d = {0};
	int r = sip_username_valid(username) ? store_device_find_username(c->db, c->a, username, &d)
	                                     : -ENOENT;
	if (r < 0 && r != -ENOENT)
		return r;
	if (r == 0 && hex16(d.prov_ha1, ret_ha1) == 0) {
		*ret = d;
		return 0;
	}
	/* Nobody's: the HA1 of a secret nobody knows, checked all the same. */
	char *secret = sip_secret_new(c->a);
	char hex[DIGEST_HA1_LEN + 1];
	r = digest_ha1(username ? username : "", PROV_REALM, secret, hex);
	sip_cred_wipe(secret);
	if (r < 0 || hex16(hex, ret_ha1) < 0)
		randombytes_buf(ret_ha1, 16);
	*ret = (struct device){0};
	return 0;
}

int prov_lookup_key(struct dctx *c, const char *key, const char *mac, struct device *ret)
{
	char *org_id;
	struct device d;
	int r = store_prov_key_find(c->db, c->a, auth_token_hash(c->a, key ? key : ""), &org_id);
	/* the device looked up either way: the same work for a wrong key */
	int r2 = store_device_find_mac(c->db, c->a, mac, &d);
	if (r < 0 || r2 < 0)
		return r < 0 && r != -ENOENT ? r : r2 < 0 && r2 != -ENOENT ? r2 : -ENOENT;
	if (strcmp(d.org_id, org_id) != 0)
		return -ENOENT;
	*ret = d;
	return 0;
}

static const char *vendor_of(enum prov_file kind)
{
	return kind == PROV_SNOM ? "snom" : kind == PROV_GRANDSTREAM ? "grandstream" : "yealink";
}

static const char *template_of(enum prov_file kind)
{
	switch (kind) {
	case PROV_YEALINK_COMMON:
		return "yealink-common.cfg";
	case PROV_YEALINK_MAC:
		return "yealink-mac.cfg";
	case PROV_SNOM:
		return "snom.xml";
	case PROV_GRANDSTREAM:
		break;
	}
	return "grandstream.xml";
}

/* host and port of the registrar for realm: the server's setting, or the
 * realm on 5060. */
static void registrar(struct dctx *c, const char *realm, const char **ret_host, int *ret_port)
{
	const char *s = c->cfg && c->cfg->prov_sip_server ? c->cfg->prov_sip_server : NULL;
	*ret_host = s ? s : realm;
	*ret_port = 5060;
	const char *colon = s ? strrchr(s, ':') : NULL;
	if (colon && s[0] != '[') {
		*ret_host = arena_strndup(c->a, s, (size_t)(colon - s));
		*ret_port = atoi(colon + 1);
	}
}

/* The values of d's files: its org's settings and its usable lines with
 * their secrets (wipe them: prov_vars_wipe). */
static int vars_make(struct dctx *c, const struct device *d, struct prov_vars *v)
{
	struct org org;
	char *realm;
	int r = store_org_get(c->db, c->a, d->org_id, &org);
	if (r < 0 || (r = sip_realm(c, &org, &realm)) < 0)
		return r;
	*v = (struct prov_vars){.mac = d->mac,
	                        .model = d->model,
	                        .label = d->label,
	                        .ntp = c->cfg && c->cfg->prov_ntp_server ? c->cfg->prov_ntp_server
	                                                                 : "pool.ntp.org",
	                        .timezone = org.timezone,
	                        .language = org.language};
	registrar(c, realm, &v->server_host, &v->server_port);
	struct prov_line *lines = arena_alloc(c->a, sizeof(*lines) * (size_t)(d->n_lines + 1));
	int n = 0;
	for (int i = 0; i < d->n_lines; i++) {
		const struct device_line *l = &d->lines[i];
		/* a line that cannot register is left out, not written disabled */
		if (!l->enabled ||
		    (!str_eq(l->user_status, "active") && !str_eq(l->user_status, "invited")))
			continue;
		char *secret;
		if ((r = sip_cred_unseal(c, l->username, l->secret_sealed, &secret)) < 0) {
			for (int k = 0; k < n; k++)
				sip_cred_wipe((char *)lines[k].password);
			return r;
		}
		const char *name = str_eq(l->kind, "alias") && l->label ? l->label : l->user_name;
		lines[n] = (struct prov_line){.n = n + 1,
		                              .user = l->username,
		                              .auth = l->username,
		                              .password = secret,
		                              .display = name ? name : l->username,
		                              .domain = l->realm,
		                              .label = l->label ? l->label
		                                       : name   ? name
		                                                : ""};
		n++;
	}
	v->lines = lines;
	v->n_lines = n;
	return 0;
}

static void vars_wipe(struct prov_vars *v)
{
	for (int i = 0; i < v->n_lines; i++)
		sip_cred_wipe((char *)v->lines[i].password);
}

int prov_render(struct dctx *c, const struct device *d, enum prov_file kind, const char *mac,
                const char *how, char **ret_text, const char **ret_type)
{
	if (!d->id || strcmp(d->vendor, vendor_of(kind)) != 0 ||
	    (kind != PROV_YEALINK_COMMON && strcmp(d->mac, mac) != 0))
		return -ENOENT;
	struct prov_vars v;
	int r = vars_make(c, d, &v);
	if (r < 0)
		return r;
	if (kind == PROV_YEALINK_COMMON)
		v.n_lines = 0; /* shared by every phone: no account in it */
	char *text = prov_template_render(c->a, template_of(kind), &v);
	int secrets = v.n_lines;
	vars_wipe(&v);
	if (!text)
		return diag_fail(c->d, -EIO, "template_broken",
		                 "The provisioning template of this file is broken.");
	if (secrets && (r = audit_record(c, d->org_id, "device", d->id, "provisioning_fetch",
	                                 json_pack("{s:s, s:s, s:i}", "file", template_of(kind),
	                                           "how", how, "lines", secrets))) < 0) {
		sodium_memzero(text, strlen(text));
		return r;
	}
	*ret_text = text;
	*ret_type = kind == PROV_YEALINK_COMMON || kind == PROV_YEALINK_MAC
	                ? "text/plain; charset=utf-8"
	                : "application/xml; charset=utf-8";
	return 0;
}

/* ---- softphones ------------------------------------------------------------------ */

int softphone_settings(struct dctx *c, const struct org *org, const char *user_id, const char *id,
                       struct softphone *ret)
{
	struct sip_account s;
	int r = sip_account_get(c, org, user_id, id, &s);
	if (r < 0)
		return r;
	*ret = (struct softphone){
	    .username = s.username, .auth_name = s.username, .domain = s.realm, .transport = "udp"};
	registrar(c, s.realm, &ret->proxy_host, &ret->proxy_port);
	return 0;
}

int softphone_link_create(struct dctx *c, const struct org *org, const char *user_id,
                          const char *id, char **ret_token, int64_t *ret_expires)
{
	struct sip_account s;
	int r = dctx_need(c, org->path, PERM_TELEPHONY_WRITE);
	if (r < 0 || (r = sip_account_get(c, org, user_id, id, &s)) < 0)
		return r;
	char *token, *hash;
	auth_token_new(c->a, &token, &hash);
	int64_t expires = c->now + (int64_t)SOFTPHONE_LINK_HOURS * 3600 * 1000;
	if ((r = store_softphone_link_set(c->db, org->id, s.id, hash, c->now, expires)) < 0 ||
	    (r = audit_record(c, org->id, "sip_account", s.id, "softphone_link", NULL)) < 0) {
		sodium_memzero(token, strlen(token));
		return r;
	}
	*ret_token = token;
	*ret_expires = expires;
	return 0;
}

int softphone_link_fetch(struct dctx *c, const char *token, char **ret_text)
{
	char *org_id, *sip_id;
	int64_t expires;
	struct device_line l = {0};
	int r = store_softphone_link_find(c->db, c->a, auth_token_hash(c->a, token ? token : ""),
	                                  &org_id, &sip_id, &expires);
	if (r < 0 || (r = store_device_account(c->db, c->a, org_id, sip_id, &l)) < 0)
		return r;
	if (expires <= c->now || !l.enabled ||
	    (!str_eq(l.user_status, "active") && !str_eq(l.user_status, "invited")))
		return -ENOENT;
	/* the account as the one line of a device of its organization */
	struct device d = {.org_id = org_id, .model = "Linphone", .lines = &l, .n_lines = 1};
	struct prov_vars v;
	if ((r = vars_make(c, &d, &v)) < 0)
		return r;
	char *text = v.n_lines ? prov_template_render(c->a, "linphone.xml", &v) : NULL;
	vars_wipe(&v);
	if (!text)
		return diag_fail(c->d, -EIO, "template_broken",
		                 "The provisioning template of this file is broken.");
	if ((r = audit_record(c, org_id, "sip_account", sip_id, "provisioning_fetch",
	                      json_pack("{s:s, s:s}", "file", "linphone.xml", "how", "link"))) <
	    0) {
		sodium_memzero(text, strlen(text));
		return r;
	}
	*ret_text = text;
	return 0;
}
