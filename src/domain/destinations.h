/* destinations.h: where a call goes (issue 14, seed 002's number settings).
 *
 * A number's destination: a user, a hunt group, a user's voicemail box, or
 * a schedule's choice of those (open, closed, holiday).
 * A user's forwarding rules: always, when busy, on no answer after N
 * seconds, when unreachable, and by schedule; each sends the call to an
 * outside number, the user's voicemail, a colleague or a hunt group.
 *
 * Both are JSON documents the domain checks and keeps in its normal form
 * (ids, E.164 numbers); routing (route.c) reads them at the moment of the
 * call. */
#pragma once
#include "domain/domain.h"

/* A number's destination as the API sends it (null: the user the number
 * belongs to): 0 with the normal form to keep in *ret (a new reference,
 * NULL for null), -EINVAL with the errors in c->d under field, or the
 * store's error. */
int destination_check(struct dctx *c, const struct org *org, const char *field, json_t *in,
                      json_t **ret);

/* The forwarding rules with nothing on (a new reference). */
json_t *forwarding_default(void);
/* The rules kept as text (NULL: none yet) as the API shows them: every
 * rule, the ones they lack off (a new reference). */
json_t *forwarding_json(const char *text);
/* Checks rules (the telephony document's "forwarding") for user_id; self:
 * the user changes its own, within the organization's user_forwarding.
 * Returns the normal form (a new reference), or NULL with *ret_err:
 * -EINVAL with the errors in c->d, -EACCES when the organization does not
 * allow it, or the store's error. */
json_t *forwarding_check(struct dctx *c, const struct org *org, json_t *in, bool self,
                         int *ret_err);

/* 409 in_use when a number's destination or a user's forwarding rules
 * name id (what: the words for the object, "hunt group"); 0 when nothing
 * does. */
int destination_refs_check(struct dctx *c, const struct org *org, const char *id, const char *what);
