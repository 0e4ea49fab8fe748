/* scim.h: SCIM 2.0 provisioning (RFC 7643, 7644; issue 16): an identity
 * provider's view of one organization's users and permission groups.
 *
 * A SCIM resource is a JSON document; these functions turn one into the
 * user (or group) model and back, and make every change through the same
 * domain functions as the API: user_create_ex (the organization's
 * scim_invite decides whether the invitation is mailed), user_update,
 * user_suspend and user_resume (active), user_delete or user_suspend (DELETE,
 * by the organization's scim_deprovision), ext_assign and sip_account_create
 * (the Switchboard extension schema), group_create, group_update and
 * user_update's groups (a group's members, under the rule that nobody grants
 * rights it lacks). A PATCH applies its operations to the resource as it is
 * and then replaces it with the result, so PUT and PATCH share one path.
 *
 * Failures are the domain's errno with c->d filled; a failure of SCIM's own
 * has for its code the scimType (invalidFilter, invalidPath, invalidSyntax,
 * noTarget, invalidValue, mutability, uniqueness), which api/scim.c
 * answers. Documents returned are new references in the SCIM shape, with
 * meta.location under c->cfg->public_url and meta.version W/"<version>". */
#pragma once
#include "domain/domain.h"

#define SCIM_USER_URN "urn:ietf:params:scim:schemas:core:2.0:User"
#define SCIM_GROUP_URN "urn:ietf:params:scim:schemas:core:2.0:Group"
#define SCIM_ENTERPRISE_URN "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
#define SCIM_SB_URN "urn:ietf:params:scim:schemas:extension:switchboard:2.0:User"
#define SCIM_PATCH_URN "urn:ietf:params:scim:api:messages:2.0:PatchOp"
#define SCIM_LIST_URN "urn:ietf:params:scim:api:messages:2.0:ListResponse"
#define SCIM_ERROR_URN "urn:ietf:params:scim:api:messages:2.0:Error"

#define SCIM_MAX_RESULTS 200    /* a list page's largest count (filter.maxResults) */
#define SCIM_MAX_OPERATIONS 100 /* operations in one PATCH */
#define SCIM_GROUP_MEMBERS_MAX 10000

/* A list request as the query gave it: filter and sortBy may be NULL;
 * start_index is 1-based, count at most SCIM_MAX_RESULTS. */
struct scim_query {
	const char *filter, *sort_by;
	bool descending;
	int start_index, count;
	bool members; /* groups: render their members (excludedAttributes=members: false) */
};

/* A page of resources (*ret an array, new reference) and how many match. */
int scim_user_list(struct dctx *c, const struct org *org, const struct scim_query *q, json_t **ret,
                   int64_t *ret_total);
int scim_user_get(struct dctx *c, const struct org *org, const char *id, json_t **ret);
int scim_user_create(struct dctx *c, const struct org *org, json_t *in, json_t **ret);
int scim_user_replace(struct dctx *c, const struct org *org, const char *id, json_t *in,
                      json_t **ret);
int scim_user_patch(struct dctx *c, const struct org *org, const char *id, json_t *in,
                    json_t **ret);
/* Suspends or deletes (restorable) the user, as org->scim_deprovision says. */
int scim_user_delete(struct dctx *c, const struct org *org, const char *id);

int scim_group_list(struct dctx *c, const struct org *org, const struct scim_query *q, json_t **ret,
                    int64_t *ret_total);
int scim_group_get(struct dctx *c, const struct org *org, const char *id, bool members,
                   json_t **ret);
/* A new group without rights (its rights are set in the portal or API). */
int scim_group_create(struct dctx *c, const struct org *org, json_t *in, json_t **ret);
int scim_group_replace(struct dctx *c, const struct org *org, const char *id, json_t *in,
                       json_t **ret);
int scim_group_patch(struct dctx *c, const struct org *org, const char *id, json_t *in,
                     json_t **ret);
int scim_group_delete(struct dctx *c, const struct org *org, const char *id);
