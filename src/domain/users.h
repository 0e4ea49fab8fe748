/* users.h: users: a login tied to exactly one contact of the address book.
 *
 * Creating a user from the user screen (user_create) and from an existing
 * person in the address book (user_create_for_contact) run the same code
 * and give the same result (seed 000). */
#pragma once
#include "domain/domain.h"

int user_create(struct dctx *c, const struct org *org, json_t *in, struct user *ret);
int user_create_for_contact(struct dctx *c, const struct org *org, const char *contact_id,
                            json_t *in, struct user *ret);
int user_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                struct user *ret);
/* For bulk import (domain/import.c): user_create, except that an invited
 * user gets no mail when send_invite is false (POST .../invite sends one
 * later, and ret may be NULL when the caller needs no copy); and user_update, except that a change that changes nothing writes
 * nothing, *ret_changed saying which it was. Same rules, same messages. */
int user_create_ex(struct dctx *c, const struct org *org, json_t *in, bool send_invite,
                   struct user *ret);
int user_update_ex(struct dctx *c, const struct org *org, const char *id, json_t *in,
                   struct user *ret, bool *ret_changed);
/* Suspends a user at once: no sign-in (sessions and links end), no SIP
 * authentication; resume undoes it. Both answer the user as it now is. */
int user_suspend(struct dctx *c, const struct org *org, const char *id, struct user *ret);
int user_resume(struct dctx *c, const struct org *org, const char *id, struct user *ret);
/* Marks the user deleted: sign-in and SIP stop at once; it stays restorable,
 * with its extensions held, for the organization's retention_days. */
int user_delete(struct dctx *c, const struct org *org, const char *id);
int user_restore(struct dctx *c, const struct org *org, const char *id, struct user *ret);
/* Removes a user (deleted or not) for good; confirm must be its email. */
int user_purge(struct dctx *c, const struct org *org, const char *id, const char *confirm);
/* Purges up to limit deleted users whose retention has passed; how many in
 * *ret_n. For the background task, acting as the system. */
int user_purge_expired(struct dctx *c, int limit, int *ret_n);
/* Ends every session of a user at once (an admin's "sign out everywhere"). */
int user_end_sessions(struct dctx *c, const struct org *org, const char *id);
/* Sends a new invitation link to a user who has not signed in yet. */
int user_reinvite(struct dctx *c, const struct org *org, const char *id);
