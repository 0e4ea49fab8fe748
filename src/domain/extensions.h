/* extensions.h: internal numbers. An extension belongs to one owner in its
 * organization: a user (who may have several, seed 004), a SIP alias or a
 * hunt group. It follows the organization's rule (default: four digits
 * starting with 7) and is unique within the organization, which the database
 * enforces so it holds across server nodes. */
#pragma once
#include "domain/domain.h"

/* Whether number follows org's rule. */
bool ext_valid(const struct org *org, const char *number);
/* Reports on field when number breaks the rule (-EINVAL) or is taken in the
 * organization (-EEXIST); 0 when it may be given. */
int ext_check(struct dctx *c, const struct org *org, const char *field, const char *number);
/* The lowest free extension under org's rule, from <prefix>0..01 upwards
 * (7001, 7002, ...), in c->a; -ERANGE when every one is taken (-ENOSPC is a
 * full disk). */
int ext_next_free(struct dctx *c, const struct org *org, char **ret);
/* Gives number ("auto": the next free one) to an owner ("user", "alias" or
 * "hunt_group"), which the caller has checked exists in org. Problems are
 * reported on field. Needs telephony.write; audited. */
int ext_assign(struct dctx *c, const struct org *org, const char *field, const char *number,
               enum owner_type owner_type, const char *owner_id, struct extension *ret);
/* POST /extensions: {"extension": "7005" or "auto", "user_id": ...}. */
int ext_create(struct dctx *c, const struct org *org, json_t *in, struct extension *ret);
int ext_delete(struct dctx *c, const struct org *org, const char *id);
int ext_get(struct dctx *c, const struct org *org, const char *id, struct extension *ret);
/* A page of at most limit extensions of org (of owner_id only, when given:
 * an id the caller checked) in number order after the cursor after
 * (cursor_extensions, NULL for the first page); *ret_next the next page's
 * cursor, or NULL. */
struct cursor;
int ext_list(struct dctx *c, const struct org *org, const char *owner_id,
             const struct cursor *after, int limit, struct extension **ret, int *ret_n,
             const char **ret_next);
