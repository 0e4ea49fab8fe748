/* handlers.h: every handler named in routes.c, one file per resource. */
#pragma once
#include "api/api.h"

/* system.c */
int sys_healthz(struct ctx *c);
int sys_readyz(struct ctx *c);
int sys_metrics(struct ctx *c);
int sys_timezones(struct ctx *c);
int sys_openapi(struct ctx *c);

/* auth.c */
int auth_login(struct ctx *c);
int auth_logout(struct ctx *c);
int auth_reset(struct ctx *c);
int auth_set_password(struct ctx *c);
int auth_link(struct ctx *c);
int me_get(struct ctx *c);
int me_patch(struct ctx *c);
int me_password(struct ctx *c);

/* orgs.c */
int orgs_list(struct ctx *c);
int orgs_create(struct ctx *c);
int orgs_get(struct ctx *c);
int orgs_patch(struct ctx *c);
int orgs_delete(struct ctx *c);
int orgs_suspend(struct ctx *c);
int orgs_resume(struct ctx *c);

/* users.c */
int users_list(struct ctx *c);
int users_create(struct ctx *c);
int users_email_check(struct ctx *c);
int users_get(struct ctx *c);
int users_patch(struct ctx *c);
int users_delete(struct ctx *c);
int users_permissions(struct ctx *c);
int users_invite(struct ctx *c);
int users_end_sessions(struct ctx *c);
int users_suspend(struct ctx *c);
int users_resume(struct ctx *c);
int users_restore(struct ctx *c);

/* contacts.c */
int contacts_list(struct ctx *c);
int contacts_create(struct ctx *c);
int contacts_get(struct ctx *c);
int contacts_patch(struct ctx *c);
int contacts_delete(struct ctx *c);
int contacts_make_user(struct ctx *c);

/* companies.c */
int companies_list(struct ctx *c);
int companies_create(struct ctx *c);
int companies_get(struct ctx *c);
int companies_patch(struct ctx *c);
int companies_delete(struct ctx *c);

/* groups.c */
int groups_catalogue(struct ctx *c);
int groups_list(struct ctx *c);
int groups_create(struct ctx *c);
int groups_get(struct ctx *c);
int groups_patch(struct ctx *c);
int groups_delete(struct ctx *c);

/* extensions.c */
json_t *render_extension(struct ctx *c, const struct extension *e);
int extensions_list(struct ctx *c);
int extensions_next(struct ctx *c);
int extensions_create(struct ctx *c);
int extensions_get(struct ctx *c);
int extensions_delete(struct ctx *c);
/* media.c */
/* The sound and the fields names (NULL-ended) of an upload: a
 * multipart/form-data form (values[i] set from its fields, parts to free
 * with http_parts_free, *np of them) or a raw audio body. 0, or the
 * status of the answer it gave (400, 415, 422). */
struct http_part;
int upload_read(struct ctx *c, const char *const *names, const char **values, const void **data,
                size_t *n, struct http_part *parts, int *np);
int reply_wav(struct ctx *c, const char *tag, unsigned char *wav, size_t n);
int media_create_h(struct ctx *c);
int media_list_h(struct ctx *c);
int media_get_h(struct ctx *c);
int media_patch_h(struct ctx *c);
int media_delete_h(struct ctx *c);
int media_audio_h(struct ctx *c);
int sip_media_h(struct ctx *c);

/* voicemail.c */
int sip_voicemail_h(struct ctx *c);
int sip_voicemail_pin_h(struct ctx *c);
int voicemail_list_h(struct ctx *c);
int voicemail_audio_h(struct ctx *c);
int voicemail_patch_h(struct ctx *c);
int voicemail_delete_h(struct ctx *c);

/* schedules.c */
int schedules_list(struct ctx *c);
int schedules_create(struct ctx *c);
int schedules_get(struct ctx *c);
int schedules_patch(struct ctx *c);
int schedules_delete(struct ctx *c);
int holidays_list(struct ctx *c);

/* hunt_groups.c */
json_t *render_hunt_group(struct ctx *c, const struct hunt_group *g);
int hunt_groups_list(struct ctx *c);
int hunt_groups_create(struct ctx *c);
int hunt_groups_get(struct ctx *c);
int hunt_groups_patch(struct ctx *c);
int hunt_groups_delete(struct ctx *c);
/* sip.c: aliases */
json_t *render_sip_alias(struct ctx *c, const struct sip_account *s);
int aliases_list(struct ctx *c);
int aliases_create(struct ctx *c);
int aliases_get(struct ctx *c);
int aliases_delete(struct ctx *c);
/* telephony.c */
int telephony_show(struct ctx *c);
int telephony_replace(struct ctx *c);
int route_show(struct ctx *c);
int sip_route_show(struct ctx *c);
/* numbers.c */
int numbers_list(struct ctx *c);
int numbers_create(struct ctx *c);
int numbers_get(struct ctx *c);
int numbers_patch(struct ctx *c);
int numbers_delete(struct ctx *c);
json_t *render_number(struct ctx *c, const struct number *n);

/* sip.c */
int sip_list(struct ctx *c);
int sip_create(struct ctx *c);
int sip_get(struct ctx *c);
int sip_patch(struct ctx *c);
int sip_delete(struct ctx *c);
int sip_reset_secret(struct ctx *c);
int sip_provisioning(struct ctx *c);
int sip_credentials(struct ctx *c);
json_t *render_sip_account(struct ctx *c, const struct sip_account *s);

/* devices.c */
json_t *render_device(struct ctx *c, const struct device *d);
int device_models_list(struct ctx *c);
int devices_list(struct ctx *c);
int devices_create(struct ctx *c);
int devices_get(struct ctx *c);
int devices_patch(struct ctx *c);
int devices_delete(struct ctx *c);
int devices_reset_credential(struct ctx *c);
int users_devices(struct ctx *c);
int prov_key_get(struct ctx *c);
int prov_key_post(struct ctx *c);
int prov_key_remove(struct ctx *c);
int prov_fetch(struct ctx *c);
int prov_fetch_linphone(struct ctx *c);
int sip_softphone(struct ctx *c);
int sip_softphone_link(struct ctx *c);

/* audit.c */
int audit_list(struct ctx *c);

/* twofactor.c */
int me_2fa_get(struct ctx *c);
int me_totp_enrol(struct ctx *c);
int me_totp_confirm(struct ctx *c);
int me_totp_delete(struct ctx *c);
int users_reset_2fa(struct ctx *c);
int me_recovery_codes(struct ctx *c);

/* imports.c */
int imports_create(struct ctx *c);
int exports_users(struct ctx *c);
int imports_get(struct ctx *c);

/* api_tokens.c */
int api_tokens_list(struct ctx *c);
int api_tokens_create(struct ctx *c);
int api_tokens_get(struct ctx *c);
int api_tokens_delete(struct ctx *c);
json_t *render_api_token(struct ctx *c, const struct api_token *t);

/* calls.c */
int sip_cdrs(struct ctx *c);
int calls_list(struct ctx *c);
int calls_get(struct ctx *c);
json_t *render_call(struct ctx *c, const struct call *k);

/* scim.c: SCIM 2.0 under /scim/v2 (the token's organization) */
int scim_users_list(struct ctx *c);
int scim_users_get(struct ctx *c);
int scim_users_create(struct ctx *c);
int scim_users_replace(struct ctx *c);
int scim_users_patch(struct ctx *c);
int scim_users_delete(struct ctx *c);
int scim_groups_list(struct ctx *c);
int scim_groups_get(struct ctx *c);
int scim_groups_create(struct ctx *c);
int scim_groups_replace(struct ctx *c);
int scim_groups_patch(struct ctx *c);
int scim_groups_delete(struct ctx *c);
int scim_service_provider_config(struct ctx *c);
int scim_resource_types(struct ctx *c);
int scim_resource_type_get(struct ctx *c);
int scim_schemas(struct ctx *c);
int scim_schema_get(struct ctx *c);
