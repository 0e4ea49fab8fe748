/* routes.c: every endpoint of the server in one table: method, path,
 * handler, the right it needs, flags, body limit and the query parameters
 * it takes. The dispatcher enforces all of it before a handler runs.
 * Literal segments come before captures that would also match them. */
#include "api/api.h"
#include "api/handlers.h"
#include "domain/calendar.h"

#define KB 1024
#define MB (1024 * KB)

/* ---- query parameters ------------------------------------------------------ */

#define LIMIT(dflt, max)                                                                           \
	{                                                                                          \
		"limit", Q_INT, 1, (max), (dflt), NULL, NULL                                       \
	}
#define AFTER(spec)                                                                                \
	{                                                                                          \
		"after", Q_CURSOR, 0, 0, 0, NULL, &(spec)                                          \
	}
#define ID(name)                                                                                   \
	{                                                                                          \
		(name), Q_ID, 0, 0, 0, NULL, NULL                                                  \
	}
#define LINE(name, max)                                                                            \
	{                                                                                          \
		(name), Q_LINE, 0, (max), 0, NULL, NULL                                            \
	}
#define ENUM(name, values)                                                                         \
	{                                                                                          \
		(name), Q_ENUM, 0, 0, 0, (values), NULL                                            \
	}
#define BOOL(name)                                                                                 \
	{                                                                                          \
		(name), Q_BOOL, 0, 0, 0, NULL, NULL                                                \
	}
#define END                                                                                        \
	{                                                                                          \
		NULL, Q_INT, 0, 0, 0, NULL, NULL                                                   \
	}

static const char *const user_statuses[] = {"invited", "active", "suspended", "deleted", NULL};
static const char *const two_factor_states[] = {"missing", "enabled", "disabled", NULL};
static const char *const import_modes[] = {"create", "update", "upsert", NULL};
static const char *const call_directions[] = {"internal", "inbound", "outbound", NULL};
static const char *const call_statuses[] = {"answered",  "missed", "busy",
                                            "voicemail", "failed", NULL};
static const char *const list_formats[] = {"json", "csv", NULL};

static const struct qparam q_orgs[] = {LIMIT(100, 500), AFTER(cursor_orgs), LINE("q", 100), END};
static const struct qparam q_users[] = {LIMIT(50, 200),
                                        AFTER(cursor_users),
                                        LINE("q", 100),
                                        ENUM("status", user_statuses),
                                        ENUM("two_factor", two_factor_states),
                                        END};
static const char *const separators[] = {"comma", "semicolon", NULL};
static const char *const label_langs[] = {"en", "nl", NULL};
static const struct qparam q_export[] = {ENUM("separator", separators), ENUM("labels", label_langs),
                                         END};
static const struct qparam q_email_check[] = {LINE("email", 254), ID("user"), END};
static const struct qparam q_user_delete[] = {BOOL("purge"), LINE("confirm", 254), END};
static const struct qparam q_imports[] = {ENUM("mode", import_modes), BOOL("dry_run"),
                                          BOOL("skip_invalid"), END};
static const struct qparam q_contacts[] = {LIMIT(50, 200), AFTER(cursor_contacts), LINE("q", 100),
                                           ID("company_id"), END};
static const struct qparam q_companies[] = {LIMIT(50, 200), AFTER(cursor_companies), LINE("q", 100),
                                            END};
static const struct qparam q_numbers[] = {LIMIT(50, 200), AFTER(cursor_numbers), END};
static const struct qparam q_extensions[] = {LIMIT(100, 500), AFTER(cursor_extensions),
                                             ID("owner_id"), END};
static const struct qparam q_hunt[] = {LIMIT(50, 200), AFTER(cursor_hunt), END};
static const struct qparam q_schedules[] = {LIMIT(50, 200), AFTER(cursor_schedules), END};
static const struct qparam q_holidays[] = {
    {"year", Q_INT, CAL_YEAR_MIN, CAL_YEAR_MAX, 0, NULL, NULL}, END};
static const char *const media_kinds[] = {"greeting", "hold_music", "announcement", NULL};
static const char *const media_rates[] = {"8000", "16000", NULL};
static const struct qparam q_media[] = {LIMIT(50, 200), AFTER(cursor_media), ID("user_id"), END};
static const struct qparam q_media_new[] = {LINE("name", 100), ENUM("kind", media_kinds),
                                            ID("user_id"), END};
static const struct qparam q_media_rate[] = {ENUM("rate", media_rates), END};
static const struct qparam q_vm[] = {LIMIT(50, 200), AFTER(cursor_voicemail), END};
static const struct qparam q_vm_new[] = {ID("org_id"),
                                         LINE("box", 20),
                                         LINE("caller", 64),
                                         LINE("caller_name", 100),
                                         LINE("call_id", 255),
                                         LINE("received_at", 40),
                                         END};
static const struct qparam q_sip[] = {LIMIT(50, 200), AFTER(cursor_sip), END};
static const struct qparam q_route[] = {LINE("number", 64), LINE("at", 40), END};
static const struct qparam q_sip_route[] = {LINE("caller", 64),    LINE("number", 64),
                                            LINE("trunk", 32),     LINE("call_id", 255),
                                            LINE("from_tag", 128), END};
static const struct qparam q_devices[] = {LIMIT(50, 200), AFTER(cursor_devices), END};
static const struct qparam q_api_tokens[] = {LIMIT(50, 200), AFTER(cursor_api_tokens), END};
static const struct qparam q_calls[] = {LIMIT(50, 200),
                                        AFTER(cursor_calls),
                                        LINE("from", 64),
                                        LINE("to", 64),
                                        ENUM("direction", call_directions),
                                        ENUM("status", call_statuses),
                                        ID("user"),
                                        LINE("q", 64),
                                        BOOL("include_children"),
                                        ENUM("format", list_formats),
                                        END};
static const struct qparam q_audit[] = {LIMIT(50, 500), AFTER(cursor_audit), ID("object"),
                                        ID("actor"), END};

/* ---- routes ------------------------------------------------------------------ */

const struct api_route api_routes[] = {
    {"GET", "/healthz", sys_healthz, PERM_ANY, R_PUBLIC | R_RAW, 0},
    {"GET", "/readyz", sys_readyz, PERM_ANY, R_PUBLIC | R_RAW, 0},
    {"GET", "/metrics", sys_metrics, PERM_ANY, R_PUBLIC | R_RAW, 0},
    {"GET", "/api/v1/openapi.json", sys_openapi, PERM_ANY, R_PUBLIC | R_RAW, 0},
    {"GET", "/api/v1/permissions", groups_catalogue, PERM_ANY, 0, 0},

    {"POST", "/api/v1/auth/login", auth_login, PERM_ANY, R_PUBLIC | R_KEEP | R_SPLIT, 16 * KB},
    {"POST", "/api/v1/auth/logout", auth_logout, PERM_ANY, R_PWCHANGE | R_ENROL | R_USER, 16 * KB},
    {"POST", "/api/v1/auth/password-reset", auth_reset, PERM_ANY, R_PUBLIC, 16 * KB},
    {"POST", "/api/v1/auth/link", auth_link, PERM_ANY, R_PUBLIC, 16 * KB},
    {"POST", "/api/v1/auth/set-password", auth_set_password, PERM_ANY, R_PUBLIC, 16 * KB},

    {"GET", "/api/v1/me", me_get, PERM_ANY, R_PWCHANGE | R_ENROL | R_USER, 0},
    {"GET", "/api/v1/timezones", sys_timezones, PERM_ANY, 0, 0},
    {"GET", "/api/v1/holidays", holidays_list, PERM_ANY, 0, 0, q_holidays},
    {"PATCH", "/api/v1/me", me_patch, PERM_ANY, R_USER, 16 * KB},
    {"POST", "/api/v1/me/password", me_password, PERM_ANY, R_PWCHANGE | R_ENROL | R_USER, 16 * KB},

    {"GET", "/api/v1/me/2fa", me_2fa_get, PERM_ANY, R_ENROL | R_USER, 0},
    {"POST", "/api/v1/me/2fa/totp", me_totp_enrol, PERM_ANY, R_ENROL | R_SECRET | R_USER, 16 * KB},
    {"DELETE", "/api/v1/me/2fa/totp", me_totp_delete, PERM_ANY, R_ENROL | R_KEEP | R_USER, 16 * KB},
    {"POST", "/api/v1/me/2fa/recovery-codes", me_recovery_codes, PERM_ANY,
     R_KEEP | R_SECRET | R_USER, 16 * KB},
    {"POST", "/api/v1/me/2fa/totp/confirm", me_totp_confirm, PERM_ANY, R_ENROL | R_SECRET | R_USER,
     16 * KB},

    {"GET", "/api/v1/orgs", orgs_list, PERM_ORGS_READ, 0, 0, q_orgs},
    {"POST", "/api/v1/orgs", orgs_create, PERM_ORGS_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}", orgs_get, PERM_ORGS_READ, 0, 0},
    {"PATCH", "/api/v1/orgs/{org}", orgs_patch, PERM_ORGS_WRITE, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}", orgs_delete, PERM_ORGS_WRITE, 0, 0},
    {"POST", "/api/v1/orgs/{org}/suspend", orgs_suspend, PERM_ORGS_WRITE, 0, 0},
    {"POST", "/api/v1/orgs/{org}/resume", orgs_resume, PERM_ORGS_WRITE, 0, 0},

    {"GET", "/api/v1/orgs/{org}/users", users_list, PERM_USERS_READ, 0, 0, q_users},
    {"POST", "/api/v1/orgs/{org}/users", users_create, PERM_USERS_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/email-check", users_email_check, PERM_USERS_WRITE, 0, 0,
     q_email_check},
    {"GET", "/api/v1/orgs/{org}/users/{id}", users_get, PERM_USERS_READ, 0, 0},
    {"PATCH", "/api/v1/orgs/{org}/users/{id}", users_patch, PERM_USERS_WRITE, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/users/{id}", users_delete, PERM_USERS_WRITE, 0, 0,
     q_user_delete},
    {"GET", "/api/v1/orgs/{org}/users/{id}/permissions", users_permissions, PERM_USERS_READ, 0, 0},
    {"POST", "/api/v1/orgs/{org}/users/{id}/invite", users_invite, PERM_USERS_WRITE, 0, 0},
    {"POST", "/api/v1/orgs/{org}/users/{id}/suspend", users_suspend, PERM_USERS_WRITE, 0, 0},
    {"POST", "/api/v1/orgs/{org}/users/{id}/resume", users_resume, PERM_USERS_WRITE, 0, 0},
    {"POST", "/api/v1/orgs/{org}/users/{id}/restore", users_restore, PERM_USERS_WRITE, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/users/{id}/sessions", users_end_sessions, PERM_USERS_WRITE, 0,
     0},
    {"DELETE", "/api/v1/orgs/{org}/users/{id}/2fa", users_reset_2fa, PERM_USERS_WRITE, 0, 0},
    {"POST", "/api/v1/orgs/{org}/imports", imports_create, PERM_USERS_WRITE, R_CSV, 32 * MB,
     q_imports},
    {"GET", "/api/v1/orgs/{org}/imports/{id}", imports_get, PERM_USERS_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/exports/users", exports_users, PERM_USERS_READ, 0, 0, q_export},

    {"GET", "/api/v1/orgs/{org}/contacts", contacts_list, PERM_CONTACTS_READ, 0, 0, q_contacts},
    {"POST", "/api/v1/orgs/{org}/contacts", contacts_create, PERM_CONTACTS_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/contacts/{id}", contacts_get, PERM_CONTACTS_READ, 0, 0},
    {"PATCH", "/api/v1/orgs/{org}/contacts/{id}", contacts_patch, PERM_CONTACTS_WRITE, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/contacts/{id}", contacts_delete, PERM_CONTACTS_WRITE, 0, 0},
    {"POST", "/api/v1/orgs/{org}/contacts/{id}/user", contacts_make_user, PERM_USERS_WRITE, 0, 0},

    {"GET", "/api/v1/orgs/{org}/companies", companies_list, PERM_CONTACTS_READ, 0, 0, q_companies},
    {"POST", "/api/v1/orgs/{org}/companies", companies_create, PERM_CONTACTS_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/companies/{id}", companies_get, PERM_CONTACTS_READ, 0, 0},
    {"PATCH", "/api/v1/orgs/{org}/companies/{id}", companies_patch, PERM_CONTACTS_WRITE, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/companies/{id}", companies_delete, PERM_CONTACTS_WRITE, 0, 0},

    {"GET", "/api/v1/orgs/{org}/groups", groups_list, PERM_GROUPS_READ, 0, 0},
    {"POST", "/api/v1/orgs/{org}/groups", groups_create, PERM_GROUPS_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/groups/{id}", groups_get, PERM_GROUPS_READ, 0, 0},
    {"PATCH", "/api/v1/orgs/{org}/groups/{id}", groups_patch, PERM_GROUPS_WRITE, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/groups/{id}", groups_delete, PERM_GROUPS_WRITE, 0, 0},

    {"GET", "/api/v1/orgs/{org}/numbers", numbers_list, PERM_TELEPHONY_READ, 0, 0, q_numbers},
    {"POST", "/api/v1/orgs/{org}/numbers", numbers_create, PERM_TELEPHONY_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/numbers/{id}", numbers_get, PERM_TELEPHONY_READ, 0, 0},
    {"PATCH", "/api/v1/orgs/{org}/numbers/{id}", numbers_patch, PERM_TELEPHONY_WRITE, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/numbers/{id}", numbers_delete, PERM_TELEPHONY_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/extensions", extensions_list, PERM_TELEPHONY_READ, 0, 0,
     q_extensions},
    {"POST", "/api/v1/orgs/{org}/extensions", extensions_create, PERM_TELEPHONY_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/extensions/next", extensions_next, PERM_TELEPHONY_READ, 0, 0},
    {"GET", "/api/v1/orgs/{org}/extensions/{id}", extensions_get, PERM_TELEPHONY_READ, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/extensions/{id}", extensions_delete, PERM_TELEPHONY_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/users/{id}/telephony", telephony_show, PERM_ANY, 0, 0},
    {"PUT", "/api/v1/orgs/{org}/users/{id}/telephony", telephony_replace, PERM_ANY, 0, 0},
    {"GET", "/api/v1/orgs/{org}/route", route_show, PERM_TELEPHONY_READ, 0, 0, q_route},
    {"GET", "/api/v1/orgs/{org}/hunt-groups", hunt_groups_list, PERM_TELEPHONY_READ, 0, 0, q_hunt},
    {"POST", "/api/v1/orgs/{org}/hunt-groups", hunt_groups_create, PERM_TELEPHONY_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/hunt-groups/{id}", hunt_groups_get, PERM_TELEPHONY_READ, 0, 0},
    {"PATCH", "/api/v1/orgs/{org}/hunt-groups/{id}", hunt_groups_patch, PERM_TELEPHONY_WRITE, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/hunt-groups/{id}", hunt_groups_delete, PERM_TELEPHONY_WRITE, 0,
     0},

    /* telephony.read, or destination.write_own in the organization: the domain checks */
    {"GET", "/api/v1/orgs/{org}/schedules", schedules_list, PERM_ANY, 0, 0, q_schedules},
    {"POST", "/api/v1/orgs/{org}/schedules", schedules_create, PERM_TELEPHONY_WRITE, 0, 0},
    {"GET", "/api/v1/orgs/{org}/schedules/{id}", schedules_get, PERM_ANY, 0, 0},
    {"PATCH", "/api/v1/orgs/{org}/schedules/{id}", schedules_patch, PERM_TELEPHONY_WRITE, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/schedules/{id}", schedules_delete, PERM_TELEPHONY_WRITE, 0, 0},

    /* telephony.*, or media.write_own for one's own greetings: the domain checks */
    {"GET", "/api/v1/orgs/{org}/media", media_list_h, PERM_ANY, 0, 0, q_media},
    {"POST", "/api/v1/orgs/{org}/media", media_create_h, PERM_ANY, R_MEDIA | R_SPLIT, 21 * MB,
     q_media_new},
    {"GET", "/api/v1/orgs/{org}/media/{id}", media_get_h, PERM_ANY, 0, 0},
    {"PATCH", "/api/v1/orgs/{org}/media/{id}", media_patch_h, PERM_ANY, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/media/{id}", media_delete_h, PERM_ANY, 0, 0},
    {"GET", "/api/v1/orgs/{org}/media/{id}/audio", media_audio_h, PERM_ANY, 0, 0, q_media_rate},

/* one's own mailbox: the domain checks */
#define VM "/api/v1/orgs/{org}/users/{id}/voicemail"
    {"GET", VM, voicemail_list_h, PERM_ANY, 0, 0, q_vm},
    {"GET", VM "/{mid}/audio", voicemail_audio_h, PERM_ANY, 0, 0},
    {"PATCH", VM "/{mid}", voicemail_patch_h, PERM_ANY, 0, 16 * KB},
    {"DELETE", VM "/{mid}", voicemail_delete_h, PERM_ANY, 0, 0},
#undef VM

#define SIP "/api/v1/orgs/{org}/users/{id}/sip-accounts"
    {"GET", SIP, sip_list, PERM_TELEPHONY_READ, 0, 0, q_sip},
    {"POST", SIP, sip_create, PERM_TELEPHONY_WRITE, R_SEALED, 0},
    {"GET", SIP "/{sid}", sip_get, PERM_TELEPHONY_READ, 0, 0},
    {"PATCH", SIP "/{sid}", sip_patch, PERM_TELEPHONY_WRITE, 0, 0},
    {"DELETE", SIP "/{sid}", sip_delete, PERM_TELEPHONY_WRITE, 0, 0},
    {"POST", SIP "/{sid}/reset-secret", sip_reset_secret, PERM_TELEPHONY_WRITE, R_SEALED, 0},
    {"GET", "/api/v1/orgs/{org}/users/{id}/aliases", aliases_list, PERM_TELEPHONY_READ, 0, 0},
    {"POST", "/api/v1/orgs/{org}/users/{id}/aliases", aliases_create, PERM_TELEPHONY_WRITE,
     R_SEALED, 0},
    {"GET", "/api/v1/orgs/{org}/users/{id}/aliases/{aid}", aliases_get, PERM_TELEPHONY_READ, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/users/{id}/aliases/{aid}", aliases_delete, PERM_TELEPHONY_WRITE,
     0, 0},
    {"GET", SIP "/{sid}/provisioning", sip_provisioning, PERM_TELEPHONY_WRITE, 0, 0},
    {"GET", SIP "/{sid}/softphone", sip_softphone, PERM_TELEPHONY_READ, 0, 0},
    {"POST", SIP "/{sid}/softphone-link", sip_softphone_link, PERM_TELEPHONY_WRITE, R_SECRET, 0},
    {"GET", "/api/v1/sip/credentials/{username}", sip_credentials, PERM_SIP_PROXY, 0, 0},
    {"GET", "/api/v1/sip/route", sip_route_show, PERM_SIP_PROXY, R_SPLIT, 0, q_sip_route},
    {"POST", "/api/v1/sip/cdrs", sip_cdrs, PERM_SIP_PROXY, 0, 1 * MB},
    {"GET", "/api/v1/sip/media/{id}", sip_media_h, PERM_SIP_PROXY, 0, 0, q_media_rate},
    {"POST", "/api/v1/sip/voicemail", sip_voicemail_h, PERM_SIP_PROXY, R_MEDIA | R_SPLIT, 21 * MB,
     q_vm_new},
    {"POST", "/api/v1/sip/voicemail/{box}/pin", sip_voicemail_pin_h, PERM_SIP_PROXY,
     R_SPLIT | R_KEEP, 16 * KB},
#undef SIP

    {"GET", "/api/v1/device-models", device_models_list, PERM_ANY, 0, 0},
    {"GET", "/api/v1/orgs/{org}/devices", devices_list, PERM_TELEPHONY_READ, 0, 0, q_devices},
    {"POST", "/api/v1/orgs/{org}/devices", devices_create, PERM_TELEPHONY_WRITE, R_SEALED, 0},
    {"GET", "/api/v1/orgs/{org}/devices/{id}", devices_get, PERM_TELEPHONY_READ, 0, 0},
    {"PATCH", "/api/v1/orgs/{org}/devices/{id}", devices_patch, PERM_TELEPHONY_WRITE, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/devices/{id}", devices_delete, PERM_TELEPHONY_WRITE, 0, 0},
    {"POST", "/api/v1/orgs/{org}/devices/{id}/reset-credential", devices_reset_credential,
     PERM_TELEPHONY_WRITE, R_SEALED, 0},
    {"GET", "/api/v1/orgs/{org}/users/{id}/devices", users_devices, PERM_TELEPHONY_READ, 0, 0},
    {"GET", "/api/v1/orgs/{org}/provisioning-key", prov_key_get, PERM_TELEPHONY_READ, 0, 0},
    {"POST", "/api/v1/orgs/{org}/provisioning-key", prov_key_post, PERM_TELEPHONY_WRITE, R_SECRET,
     0},
    {"DELETE", "/api/v1/orgs/{org}/provisioning-key", prov_key_remove, PERM_TELEPHONY_WRITE, 0, 0},
    /* phones: HTTP digest (a device's credential) or the URL key, checked by the handler */
    {"GET", "/api/v1/provisioning/k/{key}/{file}", prov_fetch, PERM_ANY,
     R_PUBLIC | R_KEEP | R_WRITE, 0},
    {"GET", "/api/v1/provisioning/linphone/{token}", prov_fetch_linphone, PERM_ANY,
     R_PUBLIC | R_KEEP | R_WRITE, 0},
    {"GET", "/api/v1/provisioning/{file}", prov_fetch, PERM_ANY, R_PUBLIC | R_KEEP | R_WRITE, 0},

    /* calls.read_all or calls.read_own: the domain says which calls */
    {"GET", "/api/v1/orgs/{org}/calls", calls_list, PERM_ANY, 0, 0, q_calls},
    {"GET", "/api/v1/orgs/{org}/calls/{id}", calls_get, PERM_ANY, 0, 0},

    {"GET", "/api/v1/orgs/{org}/api-tokens", api_tokens_list, PERM_API_TOKENS_READ, 0, 0,
     q_api_tokens},
    {"POST", "/api/v1/orgs/{org}/api-tokens", api_tokens_create, PERM_API_TOKENS_WRITE, R_SEALED,
     16 * KB},
    {"GET", "/api/v1/orgs/{org}/api-tokens/{id}", api_tokens_get, PERM_API_TOKENS_READ, 0, 0},
    {"DELETE", "/api/v1/orgs/{org}/api-tokens/{id}", api_tokens_delete, PERM_API_TOKENS_WRITE, 0,
     0},

    {"GET", "/api/v1/orgs/{org}/audit", audit_list, PERM_AUDIT_READ, 0, 0, q_audit},

/* SCIM 2.0 for the token's organization; the domain asks for the
 * rights of each change (users.write, groups.read ...) as the API does */
#define SCIM "/scim/v2"
    {"GET", SCIM "/ServiceProviderConfig", scim_service_provider_config, PERM_SCIM, 0, 0},
    {"GET", SCIM "/ResourceTypes", scim_resource_types, PERM_SCIM, 0, 0},
    {"GET", SCIM "/ResourceTypes/{id}", scim_resource_type_get, PERM_SCIM, 0, 0},
    {"GET", SCIM "/Schemas", scim_schemas, PERM_SCIM, 0, 0},
    {"GET", SCIM "/Schemas/{id}", scim_schema_get, PERM_SCIM, 0, 0},
    {"GET", SCIM "/Users", scim_users_list, PERM_SCIM, 0, 0},
    {"POST", SCIM "/Users", scim_users_create, PERM_SCIM, 0, 64 * KB},
    {"GET", SCIM "/Users/{id}", scim_users_get, PERM_SCIM, 0, 0},
    {"PUT", SCIM "/Users/{id}", scim_users_replace, PERM_SCIM, 0, 64 * KB},
    {"PATCH", SCIM "/Users/{id}", scim_users_patch, PERM_SCIM, 0, 64 * KB},
    {"DELETE", SCIM "/Users/{id}", scim_users_delete, PERM_SCIM, 0, 0},
    {"GET", SCIM "/Groups", scim_groups_list, PERM_SCIM, 0, 0},
    {"POST", SCIM "/Groups", scim_groups_create, PERM_SCIM, 0, 1 * MB},
    {"GET", SCIM "/Groups/{id}", scim_groups_get, PERM_SCIM, 0, 0},
    {"PUT", SCIM "/Groups/{id}", scim_groups_replace, PERM_SCIM, 0, 1 * MB},
    {"PATCH", SCIM "/Groups/{id}", scim_groups_patch, PERM_SCIM, 0, 1 * MB},
    {"DELETE", SCIM "/Groups/{id}", scim_groups_delete, PERM_SCIM, 0, 0},
#undef SCIM
};

const size_t api_routes_n = sizeof(api_routes) / sizeof(api_routes[0]);
