/* numbers.h: the phone numbers (DIDs) an organization owns: caller IDs and
 * inbound routes. Given in any common format, parsed by the organization's
 * country, kept in E.164, unique on the whole platform. */
#pragma once
#include "domain/domain.h"

int number_create(struct dctx *c, const struct org *org, json_t *in, struct number *ret);
int number_get(struct dctx *c, const struct org *org, const char *id, struct number *ret);
/* A page of at most limit numbers after the cursor after (cursor_numbers,
 * NULL for the first page); *ret_next the cursor of the next page or NULL. */
struct cursor;
int number_list(struct dctx *c, const struct org *org, const struct cursor *after, int limit,
                struct number **ret, int *ret_n, const char **ret_next);
int number_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                  struct number *ret);
int number_delete(struct dctx *c, const struct org *org, const char *id);
/* A number's destination text as JSON (a new reference; NULL for NULL). */
json_t *dest_json(const char *text);
