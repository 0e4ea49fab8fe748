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
/* Marks the user deleted: no sign-in, sessions and links end at once. */
int user_delete(struct dctx *c, const struct org *org, const char *id);
/* Ends every session of a user at once (an admin's "sign out everywhere"). */
int user_end_sessions(struct dctx *c, const struct org *org, const char *id);
/* Sends a new invitation link to a user who has not signed in yet. */
int user_reinvite(struct dctx *c, const struct org *org, const char *id);
