/* hunt_groups.h: hunt groups and ACD queues (seed 004): a name, an optional
 * extension, how it rings (all at once, round robin, or in order), and its
 * members in order: users and SIP aliases of the organization. */
#pragma once
#include "domain/domain.h"

int hunt_create(struct dctx *c, const struct org *org, json_t *in, struct hunt_group *ret);
int hunt_get(struct dctx *c, const struct org *org, const char *id, struct hunt_group *ret);
/* A page of at most limit groups in name order after the cursor after
 * (cursor_hunt, NULL for the first page); *ret_next the next page's
 * cursor, or NULL. */
struct cursor;
int hunt_list(struct dctx *c, const struct org *org, const struct cursor *after, int limit,
              struct hunt_group **ret, int *ret_n, char **ret_next);
int hunt_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                struct hunt_group *ret);
int hunt_delete(struct dctx *c, const struct org *org, const char *id);
