/* devices.h: desk phones by MAC address and what they fetch to configure
 * themselves (seed 002: "Device Provisioning ... by MAC"; a Yealink DECT
 * base is one device with several lines).
 *
 * A device has a MAC address (unique on the platform; any common notation
 * in, 12 lower-case hex digits kept), a vendor and model of the list below,
 * a label, and lines: SIP accounts or aliases of its organization, in
 * order, at most the model's number, each on at most one device.
 *
 * A phone proves who it is with its own provisioning credential, HTTP
 * digest in the realm PROV_REALM: a generated username and secret, the
 * secret shown once (create, reset-credential) and kept only as its HA1.
 * An organization may instead give its phones a secret URL key (one per
 * organization, shown once, kept hashed). Either way a fetch that hands out
 * SIP secrets is in the audit trail, failures are throttled per client
 * address, and an unknown MAC answers exactly as a wrong credential. */
#pragma once
#include "domain/domain.h"

#define PROV_REALM "Switchboard provisioning"
#define PROV_FAIL_THRESHOLD 20 /* failures of an address before it is locked */

struct device_model {
	const char *vendor, *model;
	int max_lines;
	bool dect; /* a DECT base: handsets share its lines */
};
extern const struct device_model device_models[];
extern const size_t device_models_n;

/* in MAC notations 00:15:65:AA:BB:CC, 00-15-65-aa-bb-cc, 0015.65aa.bbcc or
 * 001565aabbcc as 12 lower-case hex digits in out; false for anything
 * else (and for 000000000000, Yealink's name of its common file). */
bool device_mac_normalize(const char *in, char out[13]);

/* in: mac, model (vendor optional, must be the model's), label, lines
 * ([{"sip_account_id": id}, ...]). *ret_secret is the new provisioning
 * secret (wipe it once shown). 409 mac_taken whatever organization has it. */
int device_create(struct dctx *c, const struct org *org, json_t *in, struct device *ret,
                  char **ret_secret);
int device_get(struct dctx *c, const struct org *org, const char *id, struct device *ret);
struct cursor;
int device_list(struct dctx *c, const struct org *org, const struct cursor *after, int limit,
                struct device **ret, int *ret_n, char **ret_next);
/* in: model, label, lines (the MAC stays: a new phone is a new device). */
int device_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                  struct device *ret);
int device_delete(struct dctx *c, const struct org *org, const char *id);
/* A new provisioning secret; the old one stops working at once. */
int device_reset_credential(struct dctx *c, const struct org *org, const char *id,
                            struct device *ret, char **ret_secret);
/* The devices that carry user_id's SIP accounts (telephony.read). */
int device_user_lines(struct dctx *c, const struct org *org, const char *user_id,
                      struct device_of_account **ret, int *ret_n);

/* ---- the organization's provisioning URL key ------------------------------ */

/* A new key replacing any old one; *ret_key is shown once. */
int prov_key_create(struct dctx *c, const struct org *org, char **ret_key, int64_t *ret_created);
/* Whether org has a key (and since when: *ret_created, 0 without). */
int prov_key_show(struct dctx *c, const struct org *org, int64_t *ret_created);
int prov_key_delete(struct dctx *c, const struct org *org);

/* ---- fetching a provisioning file ---------------------------------------- */

enum prov_file { PROV_YEALINK_COMMON, PROV_YEALINK_MAC, PROV_SNOM, PROV_GRANDSTREAM };

/* The file a phone asks for by name: y000000000000.cfg, <mac>.cfg (Yealink),
 * <mac>.xml (Snom), cfg<mac>.xml (Grandstream); the MAC in mac (empty for
 * the common file). -ENOENT for another name. */
int prov_file_parse(const char *name, enum prov_file *ret_kind, char mac[13]);

/* -EAGAIN (with the wait) while the caller's address is locked out. */
int prov_throttled(struct dctx *c, int64_t *ret_retry_s);
/* Counts a failed fetch of the caller's address. */
int prov_failed(struct dctx *c);

/* The device of a provisioning username and its HA1 (16 bytes) to check
 * the phone's digest with. For an unknown username a device with no id and
 * the HA1 of a secret nobody knows, so the caller does the same work. */
int prov_lookup_username(struct dctx *c, const char *username, struct device *ret,
                         unsigned char ret_ha1[16]);
/* The device of org_id (found by a URL key) with MAC mac; -ENOENT. */
int prov_lookup_key(struct dctx *c, const char *key, const char *mac, struct device *ret);

/* The file kind of d (already authenticated; its MAC the file's for a MAC
 * file, and the file of its vendor) in c->a, with its content type.
 * -ENOENT when the file is not d's vendor's or the MAC is another's. A file
 * with SIP secrets is recorded in the audit trail (how: "digest" or
 * "url_key"; never the secret). */
int prov_render(struct dctx *c, const struct device *d, enum prov_file kind, const char *mac,
                const char *how, char **ret_text, const char **ret_type);

/* ---- softphones (seed 002's Bria, and Linphone) --------------------------- */

#define SOFTPHONE_LINK_HOURS 24

/* What to type into a softphone for a SIP account (desk or app) of user_id:
 * no secret (that is shown when made or reset). */
struct softphone {
	const char *username, *auth_name, *domain, *proxy_host, *transport;
	int proxy_port;
};
int softphone_settings(struct dctx *c, const struct org *org, const char *user_id, const char *id,
                       struct softphone *ret);
/* A new Linphone remote provisioning link for the account (the old one
 * stops working): *ret_token to put in its URL, shown once, good for
 * SOFTPHONE_LINK_HOURS; audited. */
int softphone_link_create(struct dctx *c, const struct org *org, const char *user_id,
                          const char *id, char **ret_token, int64_t *ret_expires);
/* The Linphone configuration (XML) of the link token, in c->a; audited as
 * a fetch that hands out a secret. -ENOENT for an unknown or expired token. */
int softphone_link_fetch(struct dctx *c, const char *token, char **ret_text);
