/* orgs.h: organizations and their permission groups. */
#pragma once
#include "domain/domain.h"

/* Creates an organization below parent_id (in `in`), with the four default
 * permission groups. The system (no actor) may create the platform root by
 * giving no parent. */
int org_create(struct dctx *c, json_t *in, struct org *ret);
int org_update(struct dctx *c, const struct org *cur, json_t *in, struct org *ret);
/* Refuses (-ENOTEMPTY) while users or organizations are below it. */
int org_delete(struct dctx *c, const struct org *o);
/* Suspends a customer organization (not the caller's own): nobody of it
 * signs in (its sessions end now), its API tokens are refused and its
 * phones neither register nor call, while its partner goes on managing it.
 * org_resume undoes it; its users sign in again. *ret is the organization
 * as it now is; either of them on an organization already so is a no-op. */
int org_suspend(struct dctx *c, const struct org *o, struct org *ret);
int org_resume(struct dctx *c, const struct org *o, struct org *ret);
/* The organization id, when the actor sees it (-ENOENT otherwise). */
int org_get(struct dctx *c, const char *id, struct org *ret);
/* Organizations the actor sees, in tree order; q (may be NULL) finds them
 * by any part of the name, closest first (store_org_search); after is a
 * path cursor. */
int org_list(struct dctx *c, const char *q, const char *after, int limit, struct org **ret,
             int *ret_n);

/* Permission groups. `permissions` in the input is a list of catalogue
 * names; nobody can add a right it does not hold itself (-EACCES naming
 * it). An organization has at most GROUPS_MAX (-ENOTEMPTY past it), and a
 * user is in at most as many. */
#define GROUPS_MAX 100
int group_create(struct dctx *c, const struct org *org, json_t *in, struct group *ret);
int group_get(struct dctx *c, const struct org *org, const char *id, struct group *ret);
/* Every group of org, with its member count. */
int group_list(struct dctx *c, const struct org *org, struct group **ret, int *ret_n);
/* One of the four default groups by its key (admin, account_management,
 * call_details, end_user); member_count is not filled in. */
int group_find_builtin(struct dctx *c, const struct org *org, const char *key, struct group *ret);
int group_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                 struct group *ret);
int group_delete(struct dctx *c, const struct org *org, const char *id);
/* Creates the four default groups of seed 001 in a new organization; in
 * the platform organization its Admin group holds the platform rights. */
int groups_seed(struct dctx *c, const char *org_id, bool platform);
/* A JSON list of permission names as a mask; a name that is none is a
 * field error (unknown_permission) on field, and -EINVAL. */
int perm_list_parse(struct dctx *c, const char *field, json_t *list, uint64_t *ret);
/* The rights the actor lacks of mask, formatted, or NULL when it has all. */
const char *perms_beyond_actor(struct dctx *c, uint64_t mask);
/* A user whose rights go beyond the actor's cannot be changed by it, nor
 * anything of it: its login, its person in the address book, its
 * telephony, SIP accounts, aliases and links. -EACCES naming the rights the
 * actor lacks; 0 for the actor itself and for the system. */
int user_guard(struct dctx *c, const char *user_id);
