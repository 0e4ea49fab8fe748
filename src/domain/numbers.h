/* numbers.h: the phone numbers (DIDs) an organization owns: caller IDs and
 * inbound routes. Given in any common format, parsed by the organization's
 * country, kept in E.164, unique on the whole platform. */
#pragma once
#include "domain/domain.h"

int number_create(struct dctx *c, const struct org *org, json_t *in, struct number *ret);
int number_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                  struct number *ret);
int number_delete(struct dctx *c, const struct org *org, const char *id);
