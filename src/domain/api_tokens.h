/* api_tokens.h: API tokens, machines as principals (issue 13).
 *
 * A token belongs to an organization and acts in it and below it, as a
 * user of that organization would, with its own rights: names from the
 * catalogue, never more than its creator held. The token text is
 * API_TOKEN_PREFIX and 256 random bits, shown once when it is made; only its
 * BLAKE2b hash is stored. Sent as "Authorization: Bearer sbt.<token>", it passes
 * the dispatcher's checks as a session does (the prefix says which table to
 * look in). Deleting a token revokes it; an expired one is refused as a
 * revoked one. A token is its own actor in the audit trail ("token 'NAME'"),
 * and is no user: /me and sign-out are not for it. */
#pragma once
#include "domain/domain.h"

/* The '.' is no base64url character, so no session token starts with it. */
#define API_TOKEN_PREFIX "sbt."
/* Tokens an organization may hold. */
#define API_TOKENS_MAX 100
/* last_used_at is written at most this often per token. */
#define API_TOKEN_TOUCH_MS (60 * 1000)

/* Whether token is an API token's text (by its prefix), not a session's. */
bool api_token_is(const char *token);
/* Makes a token in org from in ({name, permissions, expires_at}); the
 * token text, shown this once, in *ret_token (in c->a). The rights must be
 * the actor's (403 grant_beyond otherwise), and the actor a person or the
 * system: a token makes no tokens (403 user_required), so none outlives or
 * outranks the one that made it. At most API_TOKENS_MAX per organization.
 * Recorded in the audit trail. */
int api_token_create(struct dctx *c, const struct org *org, json_t *in, struct api_token *ret,
                     char **ret_token);
int api_token_get(struct dctx *c, const struct org *org, const char *id, struct api_token *ret);
/* A page of at most limit tokens after the cursor after (cursor_api_tokens,
 * NULL for the first page); *ret_next the next page's cursor or NULL. */
struct cursor;
int api_token_list(struct dctx *c, const struct org *org, const struct cursor *after, int limit,
                   struct api_token **ret, int *ret_n, const char **ret_next);
/* Revokes a token for good. Recorded in the audit trail. */
int api_token_delete(struct dctx *c, const struct org *org, const char *id);
/* The principal of an API token's text: -ENOENT for an unknown, revoked or
 * expired token. Notes the use (last_used_at) at most once a minute. */
int api_token_resolve(struct dctx *c, const char *token, struct principal **ret);
