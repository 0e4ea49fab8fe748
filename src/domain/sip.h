/* sip.h: SIP accounts, a user's desk phones ("VoIP accounts", kind desk) and
 * softphone apps ("app accounts", kind app), and the credentials every SIP
 * identity gets (SIP aliases make theirs with the same functions).
 *
 * Credentials: a generated username, unique on the whole platform (a
 * database constraint); a generated secret, given to the client once (in the
 * create and reset answers) and then kept only as HA1 = md5(username:realm:
 * secret) for digest authentication and sealed with the key file
 * (auth/seal.h) for device provisioning and for recomputing the HA1 when the
 * realm changes. The secret is never logged and never in the audit trail.
 *
 * The realm is the organization's SIP domain (org.sip_domain); an
 * organization without one uses its nearest ancestor's (a partner or the
 * platform that gives its customers one domain), and when none is set
 * anywhere up the tree, "<org id>.sip.invalid": stable, unique, and plainly
 * not configured. Changing a SIP domain recomputes the HA1 of every account
 * whose realm it changes (sip_realm_changed). */
#pragma once
#include "domain/domain.h"

#define SIP_USERNAME_LEN 10 /* a letter, then 9 letters or digits */
#define SIP_SECRET_LEN 24   /* about 139 bits */
#define SIP_ACCOUNTS_PER_USER 20
#define SIP_USERNAME_ATTEMPTS 8 /* fresh draws when a username is taken */

/* Credentials of a SIP identity, in the dctx's arena. secret is the clear
 * text: give it to the client, then wipe it (sip_cred_wipe). */
struct sip_cred {
	char *username, *realm, *secret, *ha1, *secret_sealed;
};

/* A new username: a lower-case letter, then letters and digits without the
 * look-alikes (0 o 1 l i), e.g. "k7qm2xw9bd". Never read as a phone number
 * or an extension by a dial plan; a valid SIP user part and DNS label. */
char *sip_username_new(struct arena *a);
/* A new secret of SIP_SECRET_LEN letters and digits without look-alikes,
 * from libsodium's randombytes (uniform). */
char *sip_secret_new(struct arena *a);
/* Whether s could be a username we made (the lookup refuses anything else). */
bool sip_username_valid(const char *s);
/* The same rule as a POSIX extended regular expression, anchored at both
 * ends, for a SIP proxy that checks names before it asks (static). */
const char *sip_username_regex(void);

/* The realm of org, as described above, in c->a. */
int sip_realm(struct dctx *c, const struct org *org, char **ret);

/* Credentials for realm: the given username (a new secret for an existing
 * identity) or, when username is NULL, a new one; a new secret, its HA1 and
 * its sealed form. -EIO when no key file is loaded. */
int sip_cred_make(struct dctx *c, const char *username, const char *realm, struct sip_cred *ret);

/* Stores what a new identity needs; returns -EEXIST, having written nothing,
 * when the username is taken (store_sip_insert does that). */
typedef int (*sip_claim_fn)(struct dctx *c, const struct sip_cred *cred, void *arg);
/* Makes credentials for realm and hands them to claim until it accepts the
 * username (a fresh one each time, at most SIP_USERNAME_ATTEMPTS). */
int sip_cred_issue(struct dctx *c, const char *realm, sip_claim_fn claim, void *arg,
                   struct sip_cred *ret);
/* The HA1 for another realm, from the sealed secret; in c->a. -EIO (with
 * the diag saying so) when the secret cannot be unsealed with this key. */
int sip_cred_rekey(struct dctx *c, const char *username, const char *secret_sealed,
                   const char *realm, char **ret_ha1);
/* The clear secret of sealed, in c->a; -EIO as above. */
int sip_cred_unseal(struct dctx *c, const char *username, const char *secret_sealed,
                    char **ret_secret);
/* Overwrites the clear secret (NULL-safe). */
void sip_cred_wipe(char *secret);

/* ---- SIP accounts of a user (user_id must be a live user of org) -------- */

/* in: kind (desk|app), label, enabled. *ret_secret is the new secret. */
int sip_account_create(struct dctx *c, const struct org *org, const char *user_id, json_t *in,
                       struct sip_account *ret, char **ret_secret);
int sip_account_get(struct dctx *c, const struct org *org, const char *user_id, const char *id,
                    struct sip_account *ret);
int sip_account_list(struct dctx *c, const struct org *org, const char *user_id, const char *after,
                     int limit, struct sip_account **ret, int *ret_n);
/* in: label, enabled (kind only unchanged). A disabled account keeps its
 * data and credentials but does not authenticate. */
int sip_account_update(struct dctx *c, const struct org *org, const char *user_id, const char *id,
                       json_t *in, struct sip_account *ret);
int sip_account_delete(struct dctx *c, const struct org *org, const char *user_id, const char *id);
/* A new secret (and HA1); the old one stops working at once. */
int sip_account_reset_secret(struct dctx *c, const struct org *org, const char *user_id,
                             const char *id, struct sip_account *ret, char **ret_secret);
/* The clear secret, for provisioning a device; audited (not the value). */
int sip_account_provisioning(struct dctx *c, const struct org *org, const char *user_id,
                             const char *id, struct sip_account *ret, char **ret_secret);

/* ---- SIP aliases (seed 004): a user's sub-identities ("John Support"),
 * each with its own display name, SIP address and credentials and an
 * optional extension; they can sit on another line of the user's phone and
 * join hunt groups and queues. A SIP account of kind alias. */

/* in: display_name, extension ("auto", digits or absent), enabled. */
int sip_alias_create(struct dctx *c, const struct org *org, const char *user_id, json_t *in,
                     struct sip_account *ret, char **ret_secret);
int sip_alias_list(struct dctx *c, const struct org *org, const char *user_id,
                   struct sip_account **ret, int *ret_n);
int sip_alias_get(struct dctx *c, const struct org *org, const char *user_id, const char *id,
                  struct sip_account *ret);
/* Its extension is freed and it leaves its hunt groups. */
int sip_alias_delete(struct dctx *c, const struct org *org, const char *user_id, const char *id);

/* What a SIP proxy needs to check a digest: the account of username, when
 * it may authenticate now (enabled, its user active or invited: not suspended
 * or deleted) and its organization is one on which the actor holds
 * sip.proxy (the only right that reads an HA1); -ENOENT otherwise. */
int sip_credentials_lookup(struct dctx *c, const char *username, struct sip_account *ret);

/* ---- invalidations: what Kamailio must forget ------------------------------
 *
 * A change that must end a SIP identity's registrations or drop what
 * Kamailio cached of its credentials (an account disabled, enabled, deleted
 * or given a new secret; its user suspended, resumed, deleted, restored or
 * purged; its organization suspended or resumed; a new realm) queues an invalidation per Kamailio
 * JSON-RPC URL of the settings, in the change's own transaction, and sets c->sip_queued; the worker
 * (sip/rpc.h) pushes it once that transaction is committed. Without URLs nothing is queued. cause
 * is a word for the log ("user_suspended"). */
int sip_invalidate(struct dctx *c, const char *username, const char *cause);
/* The same for every SIP identity of user_id. */
int sip_invalidate_user(struct dctx *c, const char *user_id, const char *cause);
/* The same for every SIP identity of an organization. */
int sip_invalidate_org(struct dctx *c, const char *org_id, const char *cause);

/* org's SIP domain changed (org is the stored new state): recomputes the
 * HA1 of every account at or below org whose realm is now another,
 * recording each in the audit trail. */
int sip_realm_changed(struct dctx *c, const struct org *org);
