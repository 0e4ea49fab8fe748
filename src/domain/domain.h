/* domain.h: what every domain function takes, and the permission catalogue.
 *
 * The domain holds the rules: validation, policies, permissions. It knows no
 * SQL (it calls store/) and no HTTP (api/ and cli/ call it). Input arrives as
 * jansson objects, checked field by field against a field table; output is
 * the store's records. Errors are a negative errno with the diag filled in. */
#pragma once
#include "base/diag.h"
#include "domain/model.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;

/* ---- permission catalogue ---------------------------------------------- */

enum perm {
	PERM_ORGS_READ,
	PERM_ORGS_WRITE,
	PERM_MODULES_WRITE,
	PERM_MODULES_ENABLE,
	PERM_USERS_READ,
	PERM_USERS_WRITE,
	PERM_CONTACTS_READ,
	PERM_CONTACTS_WRITE,
	PERM_GROUPS_READ,
	PERM_GROUPS_WRITE,
	PERM_AUDIT_READ,
	PERM_INVOICES_READ,
	PERM_TELEPHONY_READ,
	PERM_TELEPHONY_WRITE,
	PERM_CALLS_READ_ALL,
	PERM_CALLS_READ_OWN,
	PERM_DESTINATION_OWN,
	PERM_MEDIA_OWN,
	PERM_API_TOKENS_READ,
	PERM_API_TOKENS_WRITE,
	PERM_SIP_PROXY,
	PERM_SCIM,
	PERM__COUNT
};

#define PERM_BIT(p) ((uint64_t)1 << (p))
#define PERM_NONE 0
/* Rights of the platform itself: only the platform organization's Admin
 * group starts with them, and (as every right) only someone who holds one
 * can grant it. sip.proxy reads every HA1 its holder's organizations have. */
#define PERMS_PLATFORM PERM_BIT(PERM_SIP_PROXY)

struct perm_info {
	const char *name, *description_en, *description_nl;
};

extern const struct perm_info perm_catalogue[PERM__COUNT];

/* Parses a space separated list of names; unknown names are an error
 * (-EINVAL, the offending name in *ret_bad). */
int perm_parse(const char *names, uint64_t *ret, const char **ret_bad);
/* Space separated names of the bits in mask, in catalogue order, in a. */
char *perm_format(struct arena *a, uint64_t mask);
json_t *perm_to_json(uint64_t mask);

/* The four groups every organization starts with (seed 001). */
struct builtin_group {
	const char *key, *name_en, *name_nl, *description_en;
	uint64_t perms;
};
extern const struct builtin_group builtin_groups[4];
const struct builtin_group *builtin_group_find(const char *key);
/* A built-in group's rights in a new organization: the platform's Admin
 * group holds the platform rights (PERMS_PLATFORM) too. */
uint64_t builtin_group_perms(const struct builtin_group *b, bool platform);

/* ---- who is acting ------------------------------------------------------ */

/* A user signed in, or an API token (token_name set). A token is its own
 * actor: user_id is then the token's id, email and language are NULL, and
 * neither a password change nor 2FA enrolment is ever pending. */
struct principal {
	char *user_id, *org_id, *org_path, *email, *language;
	char *session_hash; /* NULL for API tokens */
	char *token_name;   /* an API token's name; NULL for a user */
	uint64_t perms;
	bool must_change_password;
	bool two_factor_pending; /* 2FA is required and not set up: only enrolment answers */
};

struct seal_key;

struct settings {
	const char *public_url; /* for links in mails */
	const char *data_dir;
	const struct seal_key *key; /* for secrets stored encrypted (auth/seal.h) */
	const char *node_id;        /* this server among those on one database (serve) */
	/* The Kamailio JSON-RPC URLs (serve --sip-rpc): a change that must end
	 * a SIP identity's registrations queues one invalidation per URL in its
	 * transaction (sip_invalidate). None: nothing is queued. */
	const char *const *sip_rpc_urls;
	int n_sip_rpc_urls;
	/* What provisioning files name (serve --provisioning-sip-server and
	 * --provisioning-ntp-server): the SIP server as HOST or HOST:PORT (NULL:
	 * the organization's SIP domain, port 5060) and the NTP server (NULL:
	 * pool.ntp.org). */
	const char *prov_sip_server, *prov_ntp_server;
	/* What an organization's media may take, in bytes (serve --media-quota;
	 * 0: MEDIA_QUOTA_DEFAULT, domain/media.h). */
	int64_t media_quota;
	/* Where rtpengine's hold music is kept (serve --hold-music-dir,
	 * media/hold.h); NULL: the route answer names no file. */
	const char *hold_music_dir;
};

/* The two steps of a split transaction, done by whoever opened it (the
 * dispatcher, which so knows what state its transaction is in). Each
 * returns 0 or a negative errno; -EINVAL when called out of order. */
struct tx_split {
	int (*end_read)(void *cls);    /* commits the read transaction */
	int (*begin_write)(void *cls); /* begins the write transaction */
	void *cls;
};

struct dctx {
	struct db *db;
	struct arena *a;
	struct diag *d;
	const struct principal *actor; /* NULL: the system itself (CLI, init) */
	const char *request_id, *client_addr;
	/* The request's If-Match (a list of ETags, or *), NULL without one:
	 * a change checks it against the version it reads (version_check). */
	const char *if_match;
	const struct settings *cfg;
	int64_t now;
	/* Set by the dispatcher for sign-in (NULL otherwise): a read
	 * transaction is open, and the domain ends it before the argon2id
	 * verification and opens the write transaction after it, through
	 * these, so no lock is held while hashing. */
	const struct tx_split *split;
	/* Set when the change queued a SIP invalidation: whoever commits it
	 * wakes the delivery worker then (sip/rpc.h). */
	bool sip_queued;
};

/* With c->split (a route with R_SPLIT), the read transaction the
 * dispatcher opened is committed, and then a write one begun; without a
 * split both do nothing (the caller's transaction already writes). */
int dctx_end_read(struct dctx *c);
int dctx_begin_write(struct dctx *c);

/* True when the actor may act on an organization at org_path with perm:
 * the organization is its own or a descendant, and it holds the right.
 * The system (no actor) may do everything. */
bool dctx_can(const struct dctx *c, const char *org_path, enum perm p);
/* dctx_can, or -EACCES with the diag right_required naming the right (403).
 * SCIM's routes ask for scim alone: domain/scim.c asks for the rest so. */
int dctx_need(struct dctx *c, const char *org_path, enum perm p);
/* Whether org_path is the actor's organization or below it. */
bool dctx_sees(const struct dctx *c, const char *org_path);
/* Objects carry their version (updated_at) as a strong ETag "<version>".
 * A change with If-Match must name the version it finds, read in its own
 * transaction: 0, or -ESTALE (412) saying so. */
int version_check(struct dctx *c, int64_t version);

/* ---- input checking ------------------------------------------------------ */

/* enum field_type, enum field_flags and struct field_spec: domain/fields.h,
 * which model.h includes. */

/* The one rule for a string of input (a body member, a query parameter):
 * valid UTF-8 with no control character (tabs and line breaks allowed when
 * multiline), at most max bytes. Otherwise a field error (invalid_text,
 * too_long with {"max"}) and -EINVAL. */
int text_check(struct diag *d, const char *field, const char *s, size_t len, size_t max,
               bool multiline);
/* Checks every member of in against specs: unknown members, wrong types,
 * over-long or invalid text, and (when creating) missing required fields.
 * Every problem goes into d; returns 0 or -EINVAL. */
int fields_check(struct diag *d, json_t *in, const struct field_spec *specs, size_t n,
                 bool creating);
/* The trimmed string value of key in a, NULL when absent or null; an empty
 * string after trimming is also NULL. */
char *field_str(struct arena *a, json_t *in, const char *key);
bool field_has(json_t *in, const char *key);
/* Every member of the object o is one of keys (NULL-ended); an unknown
 * one is an error named field.key (unknown_field). */
bool members_only(struct dctx *c, json_t *o, const char *field, const char *const *keys);
/* Bytes as base64 text (sounds are stored so), and back, in c->a; the
 * decoding is -EIO for text that is not base64. */
char *b64_text(struct arena *a, const unsigned char *p, size_t n);
int b64_bytes(struct arena *a, const char *text, unsigned char **ret, size_t *ret_n);
bool field_bool(json_t *in, const char *key, bool dflt);

/* ---- declared fields (domain/fields.h) ----------------------------------- */

/* Copies the declared fields that in has (and that passed fields_check: no
 * error on them in c->d) into rec, but the read-only ones: text trimmed,
 * empty or null as NULL (or left alone when the field is not F_NULLABLE), a
 * F_PHONE field as E.164 for country (a field error when it is not a
 * number). Returns the field errors' -EINVAL or 0. */
int fields_apply(struct dctx *c, json_t *in, const struct field *f, size_t n, void *rec,
                 const char *country);
/* Sets every declared field of rec on j. */
void fields_json(json_t *j, const struct field *f, size_t n, const void *rec);
/* Sets on ch the fields of b that differ from a (every set one when a is
 * NULL): the audit trail's change list. */
void fields_diff(json_t *ch, const struct field *f, size_t n, const void *a, const void *b);
/* Copies every declared text field of src into a (dst holds src's other
 * members as they were). */
void fields_copy(struct arena *a, const struct field *f, size_t n, void *dst, const void *src);
/* The specs of the declared fields with every flag of mask, in a. */
struct field_spec *fields_specs(struct arena *a, const struct field *f, size_t n, unsigned mask,
                                size_t *ret_n);

/* The phone number v as dialled in country, in E.164 form ("020 123 4567"
 * in NL is "+31201234567"), in c->a; NULL with an invalid_phone error on
 * field when it is not a valid number (libphonenumber decides). */
char *phone_normalize(struct dctx *c, const char *field, const char *v, const char *country);
/* The search q (?q=) read for the store (struct search_query, store.h),
 * in c's arena: folded, split on spaces into terms (the first
 * SEARCH_TERMS_MAX), or, when it looks like a phone number ("020 123
 * 4567", "+31 20 1234567", an extension, a run of digits), the one term of
 * its E.164 digits as dialled in country, or else its digits. NULL when q
 * is NULL or blank. */
const struct search_query *search_query_read(struct dctx *c, const char *q, const char *country);
/* An IANA time zone name such as Europe/Amsterdam (or UTC). */
bool timezone_valid(const char *s);
/* Email syntax as we accept it (one @, a dot in the domain, no spaces). */
bool email_valid(const char *s);
/* Trimmed, lower-cased email for uniqueness. */
char *email_norm(struct arena *a, const char *s);
/* Personal data of role addresses (info@, sales@ ...): seed 003's tip. */
bool email_is_role(const char *s);

/* ---- audit --------------------------------------------------------------- */

/* How the audit trail names the actor: its email, "token 'NAME'" for an
 * API token, "system" for none (in c->a or static). */
const char *audit_actor_label(struct dctx *c);
/* Keeps what the changed field name was (old, stolen) beside the changes
 * ch, for the audit trail's before → after: under the key AUDIT_BEFORE, which
 * the trail's reader splits off as "before". */
#define AUDIT_BEFORE "_before"
void audit_before(json_t *ch, const char *name, json_t *old);
/* Records a change. changes is stolen (may be NULL). Secrets must not be in
 * it: callers pass only the fields that changed, never password material. */
int audit_record(struct dctx *c, const char *org_id, const char *object_type, const char *object_id,
                 const char *action, json_t *changes);
/* A page of at most limit events of org, newest first, of one object and
 * one actor when given (ids the caller checked), after the cursor after
 * (cursor_audit, NULL for the first page); *ret_next the next page's
 * cursor, or NULL. */
struct cursor;
int audit_events_list(struct dctx *c, const struct org *org, const char *object, const char *actor,
                      const struct cursor *after, int limit, struct audit_event **ret, int *ret_n,
                      const char **ret_next);
