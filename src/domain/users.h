/* users.h: users: a login tied to exactly one contact of the address book.
 *
 * Creating a user from the user screen (user_create) and from an existing
 * person in the address book (user_create_for_contact) run the same code
 * and give the same result (seed 000). */
#pragma once
#include "domain/domain.h"

/* ---- reads ------------------------------------------------------------- */

#define USER_EXT_MAX 50 /* extension numbers shown with a user */

/* A user with what its JSON shows beside it: its groups and extension
 * numbers. Everything in the arena of the dctx that loaded it. */
struct user_view {
	struct user u;
	struct group *groups;
	int n_groups;
	char **extensions;
	int n_extensions;
};

/* What a list of users is filtered by; each may be NULL. two_factor:
 * missing, enabled, disabled; after: the cursor a page answered. */
/* What the API checked (status and two_factor one of their values, q one
 * line): the store binds them as they are. after is the decoded cursor of
 * cursor_users (base/cursor.h), NULL for the first page. */
struct user_filter {
	const char *status, *q, *two_factor;
	const struct cursor *after;
};

/* The user id of org as it is (deleted users too: they are shown, with
 * their purge date, until purged). */
int user_get(struct dctx *c, const struct org *org, const char *id, struct user_view *ret);
/* The view of u, already read (after a change). */
int user_view_load(struct dctx *c, const struct user *u, struct user_view *ret);
/* A page of at most limit users of org; *ret_next the cursor of the next
 * page, or NULL. Groups and extensions are loaded for the page at once.
 * -EINVAL naming the query parameter for a bad filter or cursor. */
int user_list(struct dctx *c, const struct org *org, const struct user_filter *f, int limit,
              struct user_view **ret, int *ret_n, char **ret_next);
/* The signed-in user (the actor). */
int user_self(struct dctx *c, struct user_view *ret);
/* The actor changes its own language and time zone (the rest of a user is
 * an administrator's). */
int user_update_self(struct dctx *c, json_t *in, struct user_view *ret);
/* A live user's effective rights, and its groups with theirs. */
struct user_rights {
	const char *user_id;
	uint64_t perms;
	struct group *groups;
	int n_groups;
};
int user_rights(struct dctx *c, const struct org *org, const char *id, struct user_rights *ret);
/* A user by id, email or login name, on the whole platform (the CLI). */
int user_find(struct dctx *c, const char *key, struct user_view *ret);

/* ---- changes ----------------------------------------------------------- */

/* The system only (switchboard init): the password u was created with was
 * chosen by the person at the keyboard, so no change is forced at the first
 * sign-in. */
int user_password_keep(struct dctx *c, const struct user *u);

int user_create(struct dctx *c, const struct org *org, json_t *in, struct user *ret);
/* The checks a create or update (of user self_id, or NULL) makes of email,
 * before it is saved: its errors (invalid_email, taken) and warnings
 * (role_address) in c->d, as user_create would give them. Writes nothing. */
int user_email_check(struct dctx *c, const struct org *org, const char *email, const char *self_id);
int user_create_for_contact(struct dctx *c, const struct org *org, const char *contact_id,
                            json_t *in, struct user *ret);
int user_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                struct user *ret);
/* For bulk import (domain/import.c): user_create, except that an invited
 * user gets no mail when send_invite is false (POST .../invite sends one
 * later, and ret may be NULL when the caller needs no copy); and user_update, except that a change
 * that changes nothing writes nothing, *ret_changed saying which it was. Same rules, same messages.
 */
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
/* A login name is 2 to 64 letters, digits, '.', '_' or '-'. */
bool login_name_valid(const char *s);
