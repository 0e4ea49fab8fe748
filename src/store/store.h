/* store.h: all persistent state, behind one interface.
 *
 * Nothing above this layer writes SQL or knows which database is in use.
 * Functions take the connection of the current request (`struct db *`, in a
 * transaction the caller opened) and, for tenant data, the organization id.
 * Records handed out are allocated in the given arena.
 * Return values: 0, DB_ROW-free; -ENOENT when nothing matched; -EEXIST with
 * db_conflict() naming the column; -EBUSY/-EIO from the database. */
#pragma once
#include "domain/model.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* A search (?q=) as the domain has read it (domain/search.c): whole is the
 * folded query (str_search_fold), terms its words (or the one phone number it
 * is, as digits); every term must occur in a row's search document.
 * prefix_only when no term has 3 characters: then whole is matched as the
 * start of the sort name (the trigram indexes need 3), unranked. */
#define SEARCH_TERMS_MAX 8
struct search_query {
	const char *whole;
	const char *terms[SEARCH_TERMS_MAX];
	int n;
	bool prefix_only;
};

struct arena;

/* ---- connections and schema ------------------------------------------ */

struct store {
	char *url; /* SQLite path or postgres:// URL */
	bool postgres;
	char migrate_error[512]; /* why store_migrate failed: the file and the database's words */
};

/* Prepares the store for url (does not connect). */
int store_init(struct store *s, const char *url);
void store_release(struct store *s);
/* This thread's connection, opened on first use. Returns NULL when the
 * database cannot be reached. */
struct db *store_conn(struct store *s);
/* Closes this thread's connection (call before a worker thread exits). */
void store_conn_close(void);
/* Whether one connection can write while another holds a write
 * transaction open: true on PostgreSQL; SQLite has one writer at a time. */
bool store_writes_concurrently(const struct store *s);
/* Applies pending migrations; returns how many were applied or < 0. */
int store_migrate(struct store *s, struct db *db);
int store_schema_version(struct db *db);
/* A one-row write that leaves everything as it was, committed in a write
 * transaction of its own: 0 when the database takes writes, -ENOSPC while
 * its storage is full (readiness, see db_storage_full). */
int store_write_probe(struct db *db);

/* ---- organizations ---------------------------------------------------- */

int store_org_insert(struct db *db, const struct org *o);
int store_org_update(struct db *db, const struct org *o);
int store_org_delete(struct db *db, const char *id);
int store_org_get(struct db *db, struct arena *a, const char *id, struct org *ret);
/* Suspends the organization id since suspended_at, or (0) makes it active
 * again; -ENOENT when there is none. */
int store_org_set_suspended(struct db *db, const char *id, int64_t suspended_at, int64_t now);
/* Organizations whose path starts with path_prefix (a subtree), in tree
 * order; after is the path of the last one of the previous page. */
int store_org_list(struct db *db, struct arena *a, const char *path_prefix, const char *after,
                   int limit, struct org **ret, int *ret_n);
/* The same matching q (NULL: all, in tree order): ranked as users
 * (store_user_list) by the name, then by path; after is the path of the
 * previous page's last row, whose place the store reads again. A short q
 * matches the start of the name, in tree order. */
int store_org_search(struct db *db, struct arena *a, const char *path_prefix,
                     const struct search_query *q, const char *after, int limit, struct org **ret,
                     int *ret_n);
int store_org_count_children(struct db *db, const char *id, int64_t *ret);
int store_org_count_users(struct db *db, const char *id, int64_t *ret);

/* ---- companies -------------------------------------------------------- */

int store_company_insert(struct db *db, const struct company *c);
int store_company_update(struct db *db, const struct company *c);
int store_company_delete(struct db *db, const char *org_id, const char *id);
int store_company_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                      struct company *ret);
int store_company_find_name(struct db *db, struct arena *a, const char *org_id, const char *name,
                            struct company *ret);
/* The companies of org_id matching q (NULL: all), by name and id with after
 * "name\x1fid"; ranked as store_contact_list, after "Nname\x1fid". */
int store_company_list(struct db *db, struct arena *a, const char *org_id,
                       const struct search_query *q, const char *after, int limit,
                       struct company **ret, int **ret_ranks, int *ret_n);
int store_company_count_contacts(struct db *db, const char *id, int64_t *ret);

/* ---- contacts (the address book) -------------------------------------- */

int store_contact_insert(struct db *db, const struct contact *c);
int store_contact_update(struct db *db, const struct contact *c);
int store_contact_delete(struct db *db, const char *org_id, const char *id);
int store_contact_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                      struct contact *ret);
/* The people of org_id (of company_id, when not NULL) matching q (NULL:
 * all; struct search_query), as store_user_list: by sort name and id, with
 * after "last_name first_name\x1fid" (lower-cased here); ranked, with
 * *ret_ranks (NULL for an unranked list) and after "Nsort_name\x1fid". */
int store_contact_list(struct db *db, struct arena *a, const char *org_id,
                       const struct search_query *q, const char *company_id, const char *after,
                       int limit, struct contact **ret, int **ret_ranks, int *ret_n);
/* The first person (by sort name) of org_id with number (E.164) as phone,
 * mobile or work phone. */
int store_contact_find_phone(struct db *db, struct arena *a, const char *org_id, const char *number,
                             struct contact *ret);

/* ---- users ------------------------------------------------------------ */

int store_user_insert(struct db *db, const struct user *u);
int store_user_update(struct db *db, const struct user *u);
int store_user_set_password(struct db *db, const char *id, const char *hash, bool must_change,
                            int64_t now);
int store_user_touch_login(struct db *db, const char *id, int64_t now);
/* Why a user's sessions ended, for its next sign-in: set for one user, or
 * for every member of a group. Read with the user (sign_in_notice) and
 * cleared by store_user_touch_login. */
int store_user_notice_set(struct db *db, const char *id, const char *notice);
int store_group_notice_set(struct db *db, const char *group_id, const char *notice);
int store_user_delete(struct db *db, const char *org_id, const char *id);
int store_user_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                   struct user *ret);
/* By id alone (sign-in paths); org_id is in the record. */
int store_user_get_any(struct db *db, struct arena *a, const char *id, struct user *ret);
/* By email or login name, compared trimmed and case-insensitively. */
int store_user_find_login(struct db *db, struct arena *a, const char *login, struct user *ret);
int store_user_find_email(struct db *db, struct arena *a, const char *email, struct user *ret);
/* The user of org_id with this externalId (SCIM), compared exactly. */
int store_user_find_external(struct db *db, struct arena *a, const char *org_id,
                             const char *external_id, struct user *ret);

/* The users of org_id with status (NULL: every one but the deleted),
 * matching q (NULL: all), ordered by sort name and id; after is
 * "sort_name\x1fid" of the previous page's last row. With a ranked q
 * (q && !q->prefix_only) they come by rank, sort name and id, *ret_ranks
 * (when not NULL) gets each row's rank, and after is "Nsort_name\x1fid"
 * with N the rank's digit. */
int store_user_list(struct db *db, struct arena *a, const char *org_id, const char *status,
                    const struct search_query *q, const char *after, int limit, struct user **ret,
                    int *ret_n);
/* The search document of a user written anew (store/search.c); every store
 * write that changes a field of it calls one of these. An id that names no
 * user (a contact without login, an alias) changes nothing. */
int store_user_search_refresh(struct db *db, const char *user_id);
int store_contact_search_refresh(struct db *db, const char *contact_id);
int store_number_search_refresh(struct db *db, const char *number_id);
/* The documents of a new contact and of a new user (its contact written
 * already, no extensions or numbers yet), in a, for their INSERT; NULL when
 * the database fails (the insert then writes none, and the next refresh
 * does). */
char *store_contact_search_doc(struct arena *a, struct db *db, const struct contact *c);
char *store_user_search_doc(struct arena *a, struct db *db, const struct user *u);
/* An organization's search document: its name, folded (in a). */
char *store_org_search_doc(struct arena *a, const char *name);
/* The contact's own document alone (a new contact has no login yet). */
int store_contact_search_write(struct db *db, const char *contact_id);
/* A company's document and its people's (its name is in them). */
int store_company_search_refresh(struct db *db, const char *company_id);
/* The FTS5 query that user_search(?) takes for q in org_id (in a): q's
 * terms of 3 characters or more as phrases, longest first, then the
 * organization's token (store/search.c); without it for org_id NULL. */
char *store_search_fts_query(struct arena *a, const char *org_id, const struct search_query *q);
/* For a long write transaction of many rows (an import): the search
 * indexes are brought up to date once, by store_search_flush before the
 * commit, instead of at every row's savepoint (SQLite's FTS5 writes a
 * segment at each). A rollback undoes both. No-ops on PostgreSQL. */
int store_search_defer(struct db *db);
int store_search_flush(struct db *db);
/* Writes the documents still empty (after migration 022). */
int store_search_backfill(struct db *db);
/* Removes a user for good with everything that hangs off it (sessions,
 * links, groups, history, extensions, phone accounts); the person in the
 * address book and the audit trail stay. */
int store_user_purge(struct db *db, const char *org_id, const char *id);
/* Up to limit deleted users whose purge_after has passed, oldest first:
 * ids and their organizations, in a. */
int store_user_purge_due(struct db *db, struct arena *a, int64_t now, int limit, char ***ret_ids,
                         char ***ret_orgs, int *ret_n);
int store_user_count(struct db *db, int64_t *ret);
/* Password history, newest first, at most n. */
int store_pwhist_add(struct db *db, const char *user_id, const char *hash, int64_t now);
int store_pwhist_list(struct db *db, struct arena *a, const char *user_id, int n, char ***ret,
                      int *ret_n);

/* ---- permission groups ------------------------------------------------ */

int store_group_insert(struct db *db, const struct group *g);
int store_group_update(struct db *db, const struct group *g);
int store_group_delete(struct db *db, const char *org_id, const char *id);
int store_group_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                    struct group *ret);
int store_group_list(struct db *db, struct arena *a, const char *org_id, struct group **ret,
                     int *ret_n);
/* store_group_get without member_count (-1), for lookups on hot paths. */
int store_group_get_nocount(struct db *db, struct arena *a, const char *org_id, const char *id,
                            struct group *ret);
/* Neither find_builtin nor user_groups counts members (member_count -1). */
int store_group_find_builtin(struct db *db, struct arena *a, const char *org_id,
                             const char *builtin, struct group *ret);
/* The groups of a user, and replacing them. */
int store_user_groups(struct db *db, struct arena *a, const char *user_id, struct group **ret,
                      int *ret_n);
int store_user_groups_set(struct db *db, const char *user_id, const char *const *group_ids, int n);
/* The groups of each of the n users of a page (a list answer) in one query
 * per STORE_PAGE_IDS users: ret[i] (ret_n[i] of them) are user_ids[i]'s, in
 * store_user_groups' order; the caller gives ret and ret_n room for n.
 * Like store_user_groups, member_count is not filled in. */
#define STORE_PAGE_IDS 50
int store_users_groups(struct db *db, struct arena *a, const char *const *user_ids, int n,
                       struct group **ret, int *ret_n);

/* ---- sessions and one-time tokens (hashes only) ------------------------ */

struct session {
	char *token_hash, *user_id, *client_addr;
	int64_t created_at, expires_at, last_seen_at;
};

int store_session_insert(struct db *db, const struct session *s);
int store_session_get(struct db *db, struct arena *a, const char *token_hash, struct session *ret);
/* What authenticating a request needs of a session, read with one
 * statement: the session, its user, the user's organization and groups. */
struct session_principal {
	struct session s;
	bool user_found;         /* false: the session's user is gone */
	char *org_id, *org_path; /* org_path NULL when the organization is gone */
	char *email, *language;
	enum user_status status;
	bool must_change_password;
	bool two_factor_enabled, two_factor_required; /* as struct user's */
	bool org_suspended;                           /* the user's organization is */
	char **group_permissions;                     /* each group's permissions text */
	int n_groups;
};
int store_session_principal(struct db *db, struct arena *a, const char *token_hash,
                            struct session_principal *ret);
int store_session_touch(struct db *db, const char *token_hash, int64_t now, int64_t expires);
int store_session_delete(struct db *db, const char *token_hash);
/* Ends every session of a user except keep_hash (may be NULL). */
int store_session_delete_user(struct db *db, const char *user_id, const char *keep_hash);
/* Ends every session of every member of a permission group. */
int store_session_delete_group(struct db *db, const char *group_id);
/* Ends every session of every user of an organization. */
int store_session_delete_org(struct db *db, const char *org_id);

struct token {
	char *token_hash, *user_id, *purpose;
	int64_t created_at, expires_at, used_at;
};

int store_token_insert(struct db *db, const struct token *t);
int store_token_get(struct db *db, struct arena *a, const char *token_hash, struct token *ret);
int store_token_use(struct db *db, const char *token_hash, int64_t now);
/* Retires every unused token of a user for a purpose. */
int store_token_revoke_user(struct db *db, const char *user_id, const char *purpose, int64_t now);
/* Retires every unused token of a user, whatever its purpose. */
int store_token_revoke_all(struct db *db, const char *user_id, int64_t now);

/* ---- sign-in throttling ------------------------------------------------ */

struct auth_failure {
	int64_t failures, window_start, locked_until;
};

int store_authfail_get(struct db *db, const char *key, struct auth_failure *ret);
int store_authfail_put(struct db *db, const char *key, const struct auth_failure *f);
int store_authfail_clear(struct db *db, const char *key);

/* ---- audit trail ------------------------------------------------------- */

int store_audit_insert(struct db *db, const struct audit_event *e);
/* Newest first; object_id and actor_id may be NULL. */
int store_audit_list(struct db *db, struct arena *a, const char *org_id, const char *object_id,
                     const char *actor_id, const char *before, int limit, struct audit_event **ret,
                     int *ret_n);

/* ---- phone numbers (DIDs) ----------------------------------------------- */

int store_number_insert(struct db *db, const struct number *n);
int store_number_update(struct db *db, const struct number *n);
int store_number_delete(struct db *db, const char *org_id, const char *id);
int store_number_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                     struct number *ret);
/* One of the organization's numbers by its E.164 form. */
/* The number (E.164) in whichever organization has it: numbers are
 * unique on the platform. */
int store_number_find_any(struct db *db, struct arena *a, const char *number, struct number *ret);
int store_number_find(struct db *db, struct arena *a, const char *org_id, const char *number,
                      struct number *ret);
/* By number order; after is the E.164 number of the previous page's last. */
int store_number_list(struct db *db, struct arena *a, const char *org_id, const char *after,
                      int limit, struct number **ret, int *ret_n);

/* ---- extensions (internal numbers) ---------------------------------------- */

/* -EEXIST when the organization has the number already. */
int store_ext_insert(struct db *db, const struct extension *e);
int store_ext_delete(struct db *db, const char *org_id, const char *id);
int store_ext_delete_owner(struct db *db, const char *org_id, const char *owner_id);
int store_ext_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                  struct extension *ret);
int store_ext_find(struct db *db, struct arena *a, const char *org_id, const char *number,
                   struct extension *ret);
/* In number order after the number after (NULL: from the start); owner_id
 * NULL for every owner. */
/* The extension numbers of each of the n owners in org_id, in order, at
 * most limit each: ret[i] (ret_n[i] of them) are owner_ids[i]'s; one query
 * per STORE_PAGE_IDS owners, the caller gives ret and ret_n room for n. */
int store_ext_numbers(struct db *db, struct arena *a, const char *org_id,
                      const char *const *owner_ids, int n, int limit, char ***ret, int *ret_n);
int store_ext_list(struct db *db, struct arena *a, const char *org_id, const char *owner_id,
                   const char *after, int limit, struct extension **ret, int *ret_n);
/* The taken numbers of exactly len digits starting with prefix, ascending. */
int store_ext_taken(struct db *db, struct arena *a, const char *org_id, const char *prefix, int len,
                    char ***ret, int *ret_n);

/* ---- hunt groups and queues ------------------------------------------- */

/* -EEXIST when the organization has a group of that name (any case). */
int store_hunt_insert(struct db *db, const struct hunt_group *g);
int store_hunt_update(struct db *db, const struct hunt_group *g);
int store_hunt_delete(struct db *db, const char *org_id, const char *id);
/* Replaces the members with g->members, in order. */
int store_hunt_members_set(struct db *db, const struct hunt_group *g);
/* With its members and extension. */
/* Moves a round-robin group on by one member of n_members; *ret_start is
 * the member this call starts at. */
int store_hunt_rotate(struct db *db, const char *org_id, const char *id, int n_members,
                      int *ret_start);
int store_hunt_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                   struct hunt_group *ret);
/* By name order, without members; after is the name_norm of the previous
 * page's last, then its id ("name\x1fid"). */
int store_hunt_list(struct db *db, struct arena *a, const char *org_id, const char *after,
                    int limit, struct hunt_group **ret, int *ret_n);
/* Takes a member out of every group (when it is purged). */
int store_hunt_member_remove(struct db *db, const char *member_id);
/* ---- schedules ----------------------------------------------------------- */

/* -EEXIST when the organization has a schedule of that name (any case). */
int store_schedule_insert(struct db *db, const struct schedule *s);
int store_schedule_update(struct db *db, const struct schedule *s);
int store_schedule_delete(struct db *db, const char *org_id, const char *id);
int store_schedule_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                       struct schedule *ret);
/* By name order after the name_norm after ("" for the first page). */
int store_schedule_list(struct db *db, struct arena *a, const char *org_id, const char *after,
                        int limit, struct schedule **ret, int *ret_n);

/* ---- the media library -------------------------------------------------------- */

/* With its sound at both rates (WAV files as base64 text). -EEXIST when
 * the organization has an item of that name (any case). */
int store_media_insert(struct db *db, const struct media *m, const char *wav8_b64,
                       const char *wav16_b64);
int store_media_update(struct db *db, const struct media *m); /* name, kind */
int store_media_delete(struct db *db, const char *org_id, const char *id);
int store_media_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                    struct media *ret);
/* By name order after the name_norm after ("" first); only user_id's own
 * items when it is given. */
int store_media_list(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                     const char *after, int limit, struct media **ret, int *ret_n);
/* The sound of an item at rate (8000, 16000) as base64 text, in a. */
int store_media_audio(struct db *db, struct arena *a, const char *org_id, const char *id, int rate,
                      char **ret);
/* The users whose voicemail greeting (as "greeting") or hold music (as
 * "hold_music") is item id (type "user", id, number: the user's name), and
 * the organization when its hold music is (type "org"). */
struct store_ref;
int store_media_refs(struct db *db, struct arena *a, const char *org_id, const char *id,
                     struct store_ref **ret, int *ret_n);
/* The organization an item is of (any organization's), in a. */
int store_media_org(struct db *db, struct arena *a, const char *id, const char **ret);
/* What the organization's items take together, in bytes. */
int store_media_usage(struct db *db, const char *org_id, int64_t *ret);

/* ---- voicemail messages ---------------------------------------------------- */

int store_vm_insert(struct db *db, const struct vm_message *m, const char *wav_b64);
int store_vm_get(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                 const char *id, struct vm_message *ret);
/* A user's messages, newest first, after the cursor (received_at, id) of
 * the previous page's last (after_at 0: the first page). */
int store_vm_list(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                  int64_t after_at, const char *after_id, int limit, struct vm_message **ret,
                  int *ret_n);
int store_vm_count_new(struct db *db, const char *org_id, const char *user_id, int64_t *ret);
/* A message by its id alone (the mail worker's), in a. */
int store_vm_get_any(struct db *db, struct arena *a, const char *id, struct vm_message *ret);
/* heard_at 0: new again. */
int store_vm_set_heard(struct db *db, const char *org_id, const char *id, int64_t heard_at);
int store_vm_delete(struct db *db, const char *org_id, const char *id);
int store_vm_sound(struct db *db, struct arena *a, const char *org_id, const char *id, char **ret);
/* A batch of the messages past their organization's retention. */
int store_vm_purge(struct db *db, int64_t now, int limit, int64_t *ret_n);
/* The user of org whose voicemail box is box (-ENOENT for none), with its
 * telephony's box email (NULL) and PIN hash (NULL). */
int store_vm_box_user(struct db *db, struct arena *a, const char *org_id, const char *box,
                      char **ret_user_id, char **ret_pin_hash);

/* ---- SIP accounts (desk phones, softphone apps) ------------------------- */

/* -EEXIST when the username is taken; nothing is written and the
 * transaction stays usable, so the caller may try another username. */
int store_sip_insert(struct db *db, const struct sip_account *s);
/* Writes label, enabled, realm, ha1, secret_sealed and updated_at. */
int store_sip_update(struct db *db, const struct sip_account *s);
int store_sip_delete(struct db *db, const char *org_id, const char *id);
int store_sip_get(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                  const char *id, struct sip_account *ret);
/* A user's accounts in id (creation) order; after is the previous page's last id. */
int store_sip_list(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                   const char *after, int limit, struct sip_account **ret, int *ret_n);
int store_sip_count_user(struct db *db, const char *user_id, int64_t *ret);
/* A user's SIP aliases (kind alias, the label is the display name). */
int store_sip_list_aliases(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                           struct sip_account **ret, int *ret_n);
/* An alias of any user of org_id. */
int store_sip_get_alias(struct db *db, struct arena *a, const char *org_id, const char *id,
                        struct sip_account *ret);
/* By username alone, on the whole platform (the SIP proxy's lookup), with
 * the status of the user it belongs to. */
int store_sip_find_username(struct db *db, struct arena *a, const char *username,
                            struct sip_account *ret, char **ret_user_status);
/* The ids of the organizations at or below path_prefix that have SIP accounts. */
int store_sip_orgs_under(struct db *db, struct arena *a, const char *path_prefix, char ***ret,
                         int *ret_n);
/* Up to limit accounts of org_id whose HA1 was made for another realm than realm. */
int store_sip_list_stale(struct db *db, struct arena *a, const char *org_id, const char *realm,
                         int limit, struct sip_account **ret, int *ret_n);

/* ---- devices (desk phones by MAC) and provisioning keys ----------------- */

#define STORE_DEVICE_LINES_MAX 16
/* -EEXIST, having written nothing, when the MAC or the provisioning
 * username is taken. */
int store_device_insert(struct db *db, const struct device *d);
/* Writes vendor, model, label, the provisioning credential and updated_at. */
int store_device_update(struct db *db, const struct device *d);
int store_device_delete(struct db *db, const char *org_id, const char *id);
/* Replaces the device's lines by d->lines, in order (positions from 1). */
int store_device_lines_set(struct db *db, const struct device *d);
int store_device_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                     struct device *ret);
/* By MAC or by provisioning username, on the whole platform. */
int store_device_find_mac(struct db *db, struct arena *a, const char *mac, struct device *ret);
int store_device_find_username(struct db *db, struct arena *a, const char *username,
                               struct device *ret);
/* A page of org_id's devices in MAC order after after_mac (NULL: the first). */
int store_device_list(struct db *db, struct arena *a, const char *org_id, const char *after_mac,
                      int limit, struct device **ret, int *ret_n);
/* A SIP account or alias of org_id (of a user not deleted) as a line. */
int store_device_account(struct db *db, struct arena *a, const char *org_id, const char *id,
                         struct device_line *ret);
/* The device a SIP account is a line of: -ENOENT when none. */
int store_device_line_owner(struct db *db, struct arena *a, const char *sip_account_id,
                            char **ret_device_id, char **ret_mac);
/* The devices that carry user_id's SIP accounts and aliases. */
int store_device_user_lines(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                            struct device_of_account **ret, int *ret_n);
/* Replaces org_id's provisioning URL key by the one of key_hash (NULL:
 * none). */
int store_prov_key_set(struct db *db, const char *org_id, const char *key_hash, int64_t now);
int store_prov_key_find(struct db *db, struct arena *a, const char *key_hash, char **ret_org_id);
int store_prov_key_get(struct db *db, const char *org_id, int64_t *ret_created_at);
/* Replaces the softphone link of a SIP account by the one of token_hash. */
int store_softphone_link_set(struct db *db, const char *org_id, const char *sip_account_id,
                             const char *token_hash, int64_t now, int64_t expires_at);
int store_softphone_link_find(struct db *db, struct arena *a, const char *token_hash,
                              char **ret_org_id, char **ret_sip_account_id, int64_t *ret_expires);

/* ---- a user's telephony (seed 001) -------------------------------------- */

/* -ENOENT when the user has never saved settings. */
int store_tel_get(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                  struct user_telephony *ret);
/* Inserts or replaces. */
int store_tel_put(struct db *db, const struct user_telephony *t);
int store_fwd_list(struct db *db, struct arena *a, const char *user_id, struct forward_target **ret,
                   int *ret_n);
/* Replaces the user's forward targets with items, in order. */
int store_fwd_replace(struct db *db, const char *user_id, const struct forward_target *items,
                      int n);
/* A user's forwarding rules (JSON text, in a; *ret NULL: none saved). */
int store_fwd_rules_get(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                        char **ret);
/* Saves them; NULL removes them. */
int store_fwd_rules_put(struct db *db, const char *org_id, const char *user_id, const char *rules);
/* What names id in org_id's number destinations and users' forwarding
 * rules (a deleted user's rules do not count): type "number" (id, number:
 * its E.164) or "user" (id), at most limit of them. */
struct store_ref {
	char *type, *id, *number;
	char *as; /* what it is used as, where the caller asks */
};
int store_refs_to(struct db *db, struct arena *a, const char *org_id, const char *id, int limit,
                  struct store_ref **ret, int *ret_n);
/* The numbers of org_id that ring user_id, in number order. */
int store_number_user_list(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                           struct number **ret, int *ret_n);
/* user_id NULL: the number rings nobody. */
int store_number_set_user(struct db *db, const char *org_id, const char *number_id,
                          const char *user_id);
int store_number_clear_user(struct db *db, const char *user_id);
/* The caller IDs set on a user's SIP accounts (for "device" mode). */
int store_sip_caller_list(struct db *db, struct arena *a, const char *user_id,
                          struct sip_caller **ret, int *ret_n);
/* number_id NULL clears it. */
int store_sip_caller_set(struct db *db, const char *sip_account_id, const char *number_id);

/* ---- idempotent creates ------------------------------------------------ */

struct idem_record {
	char *method, *path, *body_hash, *location, *etag, *response;
	int status;
	int64_t created_at;
};

int store_idem_get(struct db *db, struct arena *a, const char *user_id, const char *key,
                   struct idem_record *ret);
int store_idem_put(struct db *db, const char *user_id, const char *key,
                   const struct idem_record *rec);
/* Forgets answers older than before. */
int store_idem_expire(struct db *db, int64_t before);

/* ---- mail outbox -------------------------------------------------------- */

/* A queued mail: its kind, address and user; message is empty until
 * delivery builds it (rows of older versions may hold one). */
struct outbox_msg {
	char *id, *to_addr, *message, *kind, *status, *last_error, *user_id;
	char *ref_id; /* what the mail is about (a voicemail message), or NULL */
	int64_t attempts, next_attempt_at, created_at, sent_at;
};

int store_outbox_insert(struct db *db, const struct outbox_msg *m);
/* The oldest pending messages due at now. */
int store_outbox_due(struct db *db, struct arena *a, int64_t now, int limit,
                     struct outbox_msg **ret, int *ret_n);
int store_outbox_mark(struct db *db, const char *id, const char *status, int64_t attempts,
                      int64_t next_attempt_at, const char *last_error, int64_t sent_at);

/* ---- SIP invalidations (what Kamailio must forget) ---------------------- */

/* One pending invalidation of username at a Kamailio JSON-RPC URL. gen
 * changes when the row is queued again before it was done with; delivered:
 * it was delivered once and waits to be delivered again. */
struct sip_inval {
	char *url, *username, *cause, *last_error;
	int64_t gen, attempts, next_attempt_at, created_at, queued_at;
	bool delivered;
};

/* Queues the invalidation of username at url, due now; one already pending
 * is made due now with the newer cause. */
int store_sip_inval_queue(struct db *db, const char *url, const char *username, const char *cause,
                          int64_t now);
/* The same for every SIP identity (accounts, aliases) of user_id. */
int store_sip_inval_queue_user(struct db *db, const char *url, const char *user_id,
                               const char *cause, int64_t now);
/* The same for every SIP identity of org_id. */
int store_sip_inval_queue_org(struct db *db, const char *url, const char *org_id, const char *cause,
                              int64_t now);
/* The rows of url due at now, the most overdue first. */
int store_sip_inval_due(struct db *db, struct arena *a, const char *url, int64_t now, int limit,
                        struct sip_inval **ret, int *ret_n);
/* Moves the next attempt of v to until while it is still due at now and
 * unchanged; -ENOENT when another worker took it or it was queued again. */
int store_sip_inval_lease(struct db *db, const struct sip_inval *v, int64_t now, int64_t until);
/* Deletes v, delivered, unless it was queued again meanwhile (then it stays
 * due). */
int store_sip_inval_done(struct db *db, const struct sip_inval *v);
/* Marks v delivered once, due again at again_at (unless it was queued
 * again meanwhile: then it stays due as it is). */
int store_sip_inval_delivered(struct db *db, const struct sip_inval *v, int64_t again_at);
/* Records a failed attempt of v (unless it was queued again meanwhile). */
int store_sip_inval_retry(struct db *db, const struct sip_inval *v, int64_t attempts, int64_t next,
                          const char *error);
/* The rows of url not delivered yet, and how many rows have failed at
 * least once. */
int store_sip_inval_count(struct db *db, const char *url, int64_t *ret_pending,
                          int64_t *ret_failing);
/* Deletes the rows of url last queued before before; *ret_n of them. */
int store_sip_inval_expire(struct db *db, const char *url, int64_t before, int64_t *ret_n);

/* ---- two-factor sign-in (TOTP) ------------------------------------------- */

struct totp_record {
	char *user_id;
	char *secret;         /* sealed (auth/seal.h) */
	int64_t confirmed_at; /* 0 while the enrolment waits for its first code */
	int64_t last_step;    /* the last time step accepted; -1 for none */
	int64_t created_at, updated_at;
};

int store_totp_get(struct db *db, struct arena *a, const char *user_id, struct totp_record *ret);
/* Starts (or restarts) an enrolment; -ENOENT when the user's TOTP is
 * confirmed already (the row is left alone). */
int store_totp_put_pending(struct db *db, const struct totp_record *t);
/* Confirms a pending enrolment with the step of its first code. -ENOENT when
 * there is none (or it was confirmed meanwhile). */
int store_totp_confirm(struct db *db, const char *user_id, int64_t step, int64_t now);
/* Accepts a code of time step step: moves last_step forward, which only
 * succeeds for a step after it. -ENOENT when the step was not after the last
 * one accepted (a reused code), or TOTP is not confirmed: the database is the
 * judge, so concurrent requests (or nodes) cannot both accept one code. */
int store_totp_use_step(struct db *db, const char *user_id, int64_t step, int64_t now);
int store_totp_delete(struct db *db, const char *user_id);
/* Replaces every recovery code of a user with n new hashes. */
int store_recovery_set(struct db *db, const char *user_id, char *const *hashes, int n, int64_t now);
/* Uses up one recovery code; -ENOENT when it is unknown or used already. */
int store_recovery_use(struct db *db, const char *user_id, const char *hash, int64_t now);
int store_recovery_count_unused(struct db *db, const char *user_id, int64_t *ret);
int store_recovery_delete(struct db *db, const char *user_id);
/* Users of an organization as store_user_list, filtered by two-factor state:
 * two_factor NULL (all), "enabled", "disabled", or "missing" (required by
 * the organization or a group, and not enabled). */
int store_user_list_2fa(struct db *db, struct arena *a, const char *org_id, const char *status,
                        const struct search_query *q, const char *two_factor, const char *after,
                        int limit, struct user **ret, int **ret_ranks, int *ret_n);

/* ---- bulk imports (jobs of POST .../imports) ------------------------------ */

int store_import_insert(struct db *db, const struct import_rec *r);
/* Writes status, the counts, written, errors, detail, reason, heartbeat_at,
 * updated_at and finished_at of r->id while the job is queued or running;
 * -ENOENT once it has ended (done, or failed: also by another node, which
 * found it interrupted). An ended job never changes again. */
int store_import_update(struct db *db, const struct import_rec *r);
int store_import_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                     struct import_rec *ret);
/* The node running r->id still does: writes r's heartbeat_at and counts
 * (total to failed) while the job is running; -ENOENT otherwise. */
int store_import_beat(struct db *db, const struct import_rec *r);
/* The ids of queued or running jobs (of every organization) whose heartbeat
 * is older than before, oldest first, at most limit, in a. */
int store_import_list_stale(struct db *db, struct arena *a, int64_t before, int limit,
                            char ***ret_ids, int *ret_n);
/* Marks job id failed with reason and detail at now, if it is still queued
 * or running with a heartbeat older than before; -ENOENT otherwise. */
int store_import_fail_stale(struct db *db, const char *id, int64_t before, int64_t now,
                            const char *reason, const char *detail);
/* Marks every queued or running job of node_id failed with reason and
 * detail at now; how many in *ret_n. */
int store_import_fail_node(struct db *db, const char *node_id, int64_t now, const char *reason,
                           const char *detail, int64_t *ret_n);

/* ---- API tokens (machine principals; hashes only) ---------------------------- */

/* -EEXIST (column name_norm) when the organization has a token of that name. */
int store_api_token_insert(struct db *db, const struct api_token *t);
int store_api_token_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                        struct api_token *ret);
/* By the hash of the token, with the path of its organization (org_path). */
int store_api_token_find(struct db *db, struct arena *a, const char *token_hash,
                         struct api_token *ret);
/* In id (creation) order; after is the previous page's last id. */
int store_api_token_list(struct db *db, struct arena *a, const char *org_id, const char *after,
                         int limit, struct api_token **ret, int *ret_n);
int store_api_token_count(struct db *db, const char *org_id, int64_t *ret);
int store_api_token_delete(struct db *db, const char *org_id, const char *id);
int store_api_token_touch(struct db *db, const char *id, int64_t now);

/* ---- call records (issue 13) ------------------------------------------------ */

/* 0, or 1 when a record with c's call_id and from_tag exists (nothing is
 * written, and the transaction stays usable). */
int store_call_insert(struct db *db, const struct call *c);
int store_call_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                   struct call *ret);

/* What store_call_list keeps. */
struct call_filter {
	const char *org_id;   /* the organization's calls, */
	const char *org_path; /* or with subtree, those at or below this path */
	bool subtree;
	int64_t from, to;               /* start_time in [from, to); to 0: no end */
	const char *direction, *status; /* their texts; NULL: any */
	const char *user_id;            /* the caller, callee or answerer; NULL: anyone */
	const char *q;                  /* a part of the caller's, callee's or dialled number */
	/* the last row of the previous page; after_id NULL: the first page */
	int64_t after_start;
	const char *after_id;
};
/* At most limit records, newest first (start_time, then id, descending). */
int store_call_list(struct db *db, struct arena *a, const struct call_filter *f, int limit,
                    struct call **ret, int *ret_n);
/* Deletes at most limit records older than their organization's
 * call_retention_days at now; how many in *ret_n. */
int store_call_purge(struct db *db, int64_t now, int limit, int64_t *ret_n);

/* ---- SCIM 2.0 lists (issue 16; store/scim.c) -------------------------------- */

struct scim_sql;
/* The ids of at most limit users of org_id (not deleted) matching where (a
 * compiled filter over the aliases u, c and co; NULL: every one), ordered by
 * order (an SQL expression of the caller's constant table, ending in the
 * id), from the 0-based offset on; and *ret_total, how many match in all. */
int store_scim_users(struct db *db, struct arena *a, const char *org_id,
                     const struct scim_sql *where, const char *order, int offset, int limit,
                     char ***ret_ids, int *ret_n, int64_t *ret_total);
/* The same for the permission groups of org_id (alias g), oldest first. */
int store_scim_groups(struct db *db, struct arena *a, const char *org_id,
                      const struct scim_sql *where, int offset, int limit, char ***ret_ids,
                      int *ret_n, int64_t *ret_total);
/* A member of a group as SCIM shows it: the user's id and its name. */
struct scim_member {
	char *id, *display;
};
/* At most limit live users of group_id (of org_id), by name. */
int store_scim_group_members(struct db *db, struct arena *a, const char *org_id,
                             const char *group_id, int limit, struct scim_member **ret, int *ret_n);
