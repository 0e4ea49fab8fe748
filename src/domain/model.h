/* model.h: the domain's model: the records of organizations, the address
 * book, users, permission groups, numbers, extensions, hunt groups, SIP
 * accounts and a user's telephony, as the domain reads and changes them.
 * The store implements their persistence (store/store.h includes this
 * file, not the reverse); api/ and cli/ see them through the domain. */
#pragma once
#include "domain/fields.h"

#include <stdbool.h>
#include <stdint.h>

/* An organization's settings (domain/fields.h), each a column of orgs. The
 * domain checks them with rules of their own (orgs.c), and the API shows
 * them under names and in groups of their own (password_policy). The
 * telephony ones: the extension rule (ext_length digits starting with
 * ext_prefix), the trunk's default caller ID (a number id), "user" or
 * "device" numbers on outbound calls, the days a deleted user is kept
 * before it is purged, and the days call records are kept. */
#define ORG_FIELDS(X)                                                                              \
	X(name, TEXT, F_REQUIRED, 200)                                                             \
	X(country, TEXT, 0, 2)                                                                     \
	X(language, TEXT, F_LANGUAGE, 2)                                                           \
	X(timezone, TEXT, F_TIMEZONE, 64)                                                          \
	X(sip_domain, TEXT, F_NULLABLE, 253)                                                       \
	X(pw_min_length, INT, 0, 0)                                                                \
	X(pw_require_digit, BOOL, 0, 0)                                                            \
	X(pw_require_lower, BOOL, 0, 0)                                                            \
	X(pw_require_upper, BOOL, 0, 0)                                                            \
	X(pw_require_symbol, BOOL, 0, 0)                                                           \
	X(pw_forbid_personal, BOOL, 0, 0)                                                          \
	X(pw_history, INT, 0, 0)                                                                   \
	X(pw_min_entropy, INT, 0, 0)                                                               \
	X(two_factor_required, BOOL, 0, 0)                                                         \
	X(ext_length, INT, 0, 0)                                                                   \
	X(ext_prefix, TEXT, 0, 8)                                                                  \
	X(trunk_number_id, TEXT, F_NULLABLE, 64)                                                   \
	X(caller_id_mode, TEXT, 0, 16)                                                             \
	X(retention_days, INT, 0, 0)                                                               \
	X(call_retention_days, INT, 0, 0)                                                          \
	X(scim_deprovision, TEXT, 0, 8)                                                            \
	X(scim_invite, BOOL, 0, 0)                                                                 \
	X(user_forwarding, TEXT, 0, 16)                                                            \
	X(voicemail_retention_days, INT, 0, 0)                                                     \
	X(music_on_hold, TEXT, 0, 64)

struct org {
	char *id, *parent_id, *path, *kind;
	ORG_FIELDS(FIELD_MEMBER)
	char *trunk_number;   /* read only: the trunk number's E.164 */
	int64_t suspended_at; /* 0: active; set by org_suspend, not by updates */
	int64_t created_at, updated_at;
};
extern const struct field org_fields[];
extern const size_t org_fields_n;

/* A company's fields (domain/fields.h); its name is unique in the
 * organization, which the domain checks. */
#define COMPANY_FIELDS(X)                                                                          \
	X(name, TEXT, F_REQUIRED, 120)                                                             \
	X(website, TEXT, F_NULLABLE, 500)                                                          \
	X(phone, TEXT, F_NULLABLE | F_PHONE, 64)                                                   \
	X(email, TEXT, F_NULLABLE | F_EMAIL, 254)

struct company {
	char *id, *org_id;
	COMPANY_FIELDS(FIELD_MEMBER)
	int64_t created_at, updated_at;
};
extern const struct field company_fields[];
extern const size_t company_fields_n;

/* A person's own fields (domain/fields.h). The employer (company_id, with
 * its name joined in) has rules of its own and is kept apart. */
#define CONTACT_FIELDS(X)                                                                          \
	X(salutation, TEXT, F_NULLABLE, 50)                                                        \
	X(first_name, TEXT, F_REQUIRED, 100)                                                       \
	X(infix, TEXT, F_NULLABLE, 30)                                                             \
	X(last_name, TEXT, F_REQUIRED, 100)                                                        \
	X(email, TEXT, F_NULLABLE | F_EMAIL, 254)                                                  \
	X(phone, TEXT, F_NULLABLE | F_PHONE, 64)                                                   \
	X(mobile, TEXT, F_NULLABLE | F_PHONE, 64)                                                  \
	X(job_title, TEXT, F_NULLABLE, 100)                                                        \
	X(work_phone, TEXT, F_NULLABLE | F_PHONE, 64)                                              \
	X(work_email, TEXT, F_NULLABLE | F_EMAIL, 254)                                             \
	X(web, TEXT, F_NULLABLE, 500)                                                              \
	X(street, TEXT, F_NULLABLE, 200)                                                           \
	X(postal_code, TEXT, F_NULLABLE, 20)                                                       \
	X(city, TEXT, F_NULLABLE, 100)                                                             \
	X(country, TEXT, F_NULLABLE, 100)                                                          \
	X(notes, TEXT, F_NULLABLE | F_MULTILINE, 4000)

struct contact {
	char *id, *org_id;
	CONTACT_FIELDS(FIELD_MEMBER)
	char *company_id;
	char *company_name; /* read only: joined */
	char *sort_name;    /* read only: the list order, as the store keeps it */
	char *user_id;      /* read only: the login tied to it, if any */
	int64_t created_at, updated_at;
};
extern const struct field contact_fields[];
extern const size_t contact_fields_n;

/* ---- enums: each with one table to and from its text --------------------
 * A list X(CONSTANT, "text") gives the enum (ENUM_MEMBERS), NAME_name (the
 * text, "unknown" for a value outside the list) and NAME_parse (the value,
 * -1 for another text): the column's text and the API's. */
#define ENUM_MEMBER(id, text) id,
#define ENUM_NAME(id, text) text,
#define ENUM_TEXT(type, LIST)                                                                      \
	static inline const char *type##_name(enum type v)                                         \
	{                                                                                          \
		static const char *const names[] = {LIST(ENUM_NAME)};                              \
		return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "unknown";      \
	}                                                                                          \
	static inline int type##_parse(const char *s)                                              \
	{                                                                                          \
		static const char *const names[] = {LIST(ENUM_NAME)};                              \
		for (unsigned i = 0; s && i < sizeof(names) / sizeof(names[0]); i++)               \
			if (__builtin_strcmp(s, names[i]) == 0)                                    \
				return (int)i;                                                     \
		return -1;                                                                         \
	}

/* A user's life (seed 001, and deletion with a retention period). */
#define USER_STATUSES(X)                                                                           \
	X(USER_INVITED, "invited")                                                                 \
	X(USER_ACTIVE, "active") X(USER_SUSPENDED, "suspended") X(USER_DELETED, "deleted")
enum user_status { USER_STATUSES(ENUM_MEMBER) USER__STATUS_COUNT };
ENUM_TEXT(user_status, USER_STATUSES)

/* A SIP account: a desk phone's VoIP account, an app account, or a SIP
 * alias of its user (seed 004). */
#define SIP_KINDS(X) X(SIP_DESK, "desk") X(SIP_APP, "app") X(SIP_ALIAS, "alias")
enum sip_kind { SIP_KINDS(ENUM_MEMBER) };
ENUM_TEXT(sip_kind, SIP_KINDS)

/* What an extension rings. */
#define OWNER_TYPES(X)                                                                             \
	X(OWNER_USER, "user") X(OWNER_ALIAS, "alias") X(OWNER_HUNT_GROUP, "hunt_group")
enum owner_type { OWNER_TYPES(ENUM_MEMBER) };
ENUM_TEXT(owner_type, OWNER_TYPES)

/* A background job's state (domain/jobs.h). */
#define JOB_STATUSES(X)                                                                            \
	X(JOB_QUEUED, "queued")                                                                    \
	X(JOB_RUNNING, "running") X(JOB_DONE, "done") X(JOB_FAILED, "failed")
enum job_status { JOB_STATUSES(ENUM_MEMBER) };
ENUM_TEXT(job_status, JOB_STATUSES)

/* A login's plain fields (domain/fields.h). The email and login name (unique
 * on the platform), the status, the password and the person have rules of
 * their own and are kept apart. */
#define USER_FIELDS(X)                                                                             \
	X(language, TEXT, F_LANGUAGE | F_SELF, 2)                                                  \
	X(timezone, TEXT, F_NULLABLE | F_TIMEZONE | F_SELF, 64)                                    \
	X(must_change_password, BOOL, F_READONLY, 0)                                               \
	X(external_id, TEXT, F_NULLABLE, 255)                                                      \
	X(employee_number, TEXT, F_NULLABLE, 64)                                                   \
	X(department, TEXT, F_NULLABLE, 100)                                                       \
	X(manager_id, TEXT, F_NULLABLE, 64)                                                        \
	X(require_two_factor, BOOL, 0, 0)

struct user {
	char *id, *org_id, *contact_id;
	char *email, *login_name, *password_hash;
	enum user_status status;
	USER_FIELDS(FIELD_MEMBER)
	int64_t created_at, updated_at, password_changed_at, last_login_at;
	int64_t deleted_at, purge_after; /* 0 unless status is "deleted" */
	struct contact contact;          /* filled by get/list */
	/* Read only, filled by get/list: TOTP confirmed; two-factor required by
	 * the user itself (require_two_factor), its organization or one of its
	 * groups. */
	bool two_factor_enabled, two_factor_required;
	/* Read only: why its sessions last ended ("rights_changed"), said at
	 * the next sign-in, which clears it; NULL for none. */
	char *sign_in_notice;
};
extern const struct field user_fields[];
extern const size_t user_fields_n;

struct group {
	char *id, *org_id, *builtin, *name, *description;
	char *permissions; /* space separated names from the catalogue */
	int64_t member_count;
	int64_t created_at, updated_at;
	bool two_factor_required; /* members must sign in with a second factor */
};

struct audit_event {
	char *id, *org_id, *actor_id, *actor_label, *object_type, *object_id, *action;
	char *changes; /* JSON object text: field -> new value (secrets left out) */
	char *request_id, *client_addr;
	int64_t created_at;
};

struct number {
	char *id, *org_id, *number, *label;
	char *user_id; /* the user it rings, or NULL (read by the telephony queries) */
	/* its destination (domain/destinations.c) as JSON text; NULL: the user
	 * it belongs to */
	char *destination;
	int64_t created_at, updated_at;
};

struct extension {
	char *id, *org_id, *number, *owner_id;
	enum owner_type owner_type;
	char *owner_name; /* filled by get/list: the user's, alias's or group's name */
	int64_t created_at;
};

struct hunt_member {
	char *type, *id; /* "user" or "alias" */
	char *name;      /* filled by get: the user's or alias's name */
	char *status;    /* filled by get: a user's status ("active" for aliases) */
};

struct hunt_group {
	char *id, *org_id, *name, *kind, *strategy;
	char *name_norm; /* filled by get/list: the name as the database folds it */
	int ring_seconds;
	int rr_next;     /* round robin: the member the next call starts at */
	char *extension; /* filled by get/list: its extension, or NULL */
	struct hunt_member *members;
	int n_members;
	int64_t created_at, updated_at;
};

/* A schedule: office hours and holidays (domain/schedules.c). hours,
 * exceptions and holidays are the JSON texts the domain checked. */
struct schedule {
	char *id, *org_id, *name, *timezone;
	char *name_norm; /* filled by get/list: the name as the database folds it */
	char *hours, *exceptions, *holidays;
	int64_t created_at, updated_at;
};

/* An item of the media library (domain/media.c): a greeting, hold music or
 * an announcement; user_id: a user's own greeting, else the
 * organization's. The sound is kept apart (store_media_audio). */
struct media {
	char *id, *org_id, *user_id, *name, *kind, *format, *origin;
	char *name_norm;        /* filled by get/list */
	char *uploaded_by;      /* the user who uploaded it, or NULL */
	char *uploaded_by_name; /* filled by get/list: that user's name, NULL once gone */
	int64_t duration_ms, bytes, created_at, updated_at;
};

/* A voicemail message (domain/voicemail.c): what the media server recorded
 * for a user's box. The sound is read apart (store_vm_sound). */
struct vm_message {
	char *id, *org_id, *user_id, *box, *caller, *caller_name, *call_id;
	int64_t received_at, duration_ms, heard_at; /* heard_at 0: new */
	int64_t created_at;
};

struct sip_account {
	char *id, *org_id, *user_id, *label;
	enum sip_kind kind;
	char *username, *realm;
	char *ha1;           /* hex md5(username:realm:secret), for digest authentication */
	char *secret_sealed; /* the secret sealed with the key file (auth/seal.h) */
	char *extension;     /* read only: an alias's extension number, set by the domain */
	bool enabled;
	int64_t created_at, updated_at;
};

/* A line of a device (seed 002: a DECT base is one device with several
 * lines): a SIP account or alias of the device's organization. What the
 * store joins in is read only. */
struct device_line {
	char *sip_account_id;
	char *kind, *username, *realm, *label, *user_id, *user_name, *user_status;
	char *secret_sealed; /* read only: for the provisioning file */
	bool enabled;
};

/* A desk phone by its MAC address (12 lower-case hex digits), of a vendor
 * and model of domain/devices.h, with its provisioning credential: a
 * username and the HA1 of its secret for the provisioning realm. */
struct device {
	char *id, *org_id, *mac, *vendor, *model, *label;
	char *prov_username, *prov_ha1;
	struct device_line *lines;
	int n_lines;
	int64_t created_at, updated_at;
};

/* Which device carries a SIP account (a user's page shows it). */
struct device_of_account {
	char *sip_account_id, *device_id, *mac, *vendor, *model, *label;
};

struct forward_target {
	char *id, *org_id, *user_id, *number, *label;
	int position;
	int64_t created_at;
};

struct user_telephony {
	char *user_id, *org_id;
	bool reachable;
	char *destination_id; /* a SIP account's or forward target's id */
	char *simultaneous;   /* more destination ids ringing with it, space separated */
	int ring_seconds;     /* how long they ring before the next step */
	bool fallback_enabled;
	char *fallback_mobile;
	char *ctd_account_id; /* NULL: the same as availability */
	bool ctd_auto_answer;
	char *caller_number_id, *caller_number; /* NULL: the trunk's default */
	bool vm_enabled;
	char *vm_box, *vm_pin_hash, *vm_email;
	char *vm_greeting;   /* the greeting its box plays: a media id, NULL the default */
	bool vm_record;      /* the box takes messages (else: its greeting only) */
	char *music_on_hold; /* default, silence, a stream's URL, or a media id */
	char *e911_street, *e911_house_number, *e911_postal_code, *e911_city, *e911_country;
	char *language;
	int64_t updated_at; /* 0: never saved */
};

struct sip_caller {
	char *sip_account_id, *number_id, *number;
};

/* An import job (POST .../imports): its state, counts and report. */
struct import_rec {
	char *id, *org_id, *actor_id, *mode;
	bool dry_run, skip_invalid, written;
	enum job_status status;
	int64_t total, processed, created, updated, unchanged, failed;
	char *errors;  /* JSON array text */
	char *detail;  /* why a failed job failed, in words */
	char *reason;  /* and as a code: interrupted, invalid_file, busy, error */
	char *node_id; /* the node that runs it */
	int64_t created_at, updated_at, finished_at;
	int64_t heartbeat_at; /* when that node last said it still runs it */
};

/* An API token: a machine principal of an organization (issue 13). The
 * token itself is shown once; only its hash is stored. */
struct api_token {
	char *id, *org_id, *name;
	char *token_hash;                    /* written, never read back */
	char *permissions;                   /* space separated names from the catalogue */
	char *created_by, *created_by_label; /* the actor that made it (NULL: the system) */
	int64_t created_at;
	int64_t expires_at;   /* 0: never */
	int64_t last_used_at; /* 0: never used */
	char *org_path;       /* read only: filled by store_api_token_find */
	bool org_suspended;   /* read only: filled by store_api_token_find */
};

/* ---- call records (issue 13) ----------------------------------------------
 * A finished call as the SIP proxy reported it (or as routing refused it),
 * with what the domain derived: the organization, the direction, the
 * status and the parties. */
#define CALL_DIRECTIONS(X)                                                                         \
	X(CALL_INTERNAL, "internal") X(CALL_INBOUND, "inbound") X(CALL_OUTBOUND, "outbound")
enum call_direction { CALL_DIRECTIONS(ENUM_MEMBER) };
ENUM_TEXT(call_direction, CALL_DIRECTIONS)

#define CALL_STATUSES(X)                                                                           \
	X(CALL_ANSWERED, "answered")                                                               \
	X(CALL_MISSED, "missed")                                                                   \
	X(CALL_BUSY, "busy") X(CALL_VOICEMAIL, "voicemail") X(CALL_FAILED, "failed")
enum call_status { CALL_STATUSES(ENUM_MEMBER) };
ENUM_TEXT(call_status, CALL_STATUSES)

/* A call record's plain fields (domain/fields.h): columns of calls and
 * members of its JSON (and CSV) in this order. The SIP dialog's key
 * (call_id, from_tag, to_tag); the seconds it rang and was talked; the
 * caller, the callee (a user, or the hunt group the number belongs to) and
 * the number as dialled; who answered (a user and one of its SIP accounts);
 * the proxy's reason phrase, or the routing's reason for a refused call.
 * Names and numbers are kept as they were at the time of the call. */
#define CALL_FIELDS(X)                                                                             \
	X(call_id, TEXT, 0, 255)                                                                   \
	X(from_tag, TEXT, 0, 128)                                                                  \
	X(to_tag, TEXT, F_NULLABLE, 128)                                                           \
	X(duration_seconds, INT, 0, 0)                                                             \
	X(ring_seconds, INT, 0, 0)                                                                 \
	X(caller_number, TEXT, 0, 64)                                                              \
	X(caller_name, TEXT, F_NULLABLE, 200)                                                      \
	X(caller_user_id, TEXT, F_NULLABLE, 36)                                                    \
	X(callee_number, TEXT, 0, 64)                                                              \
	X(callee_name, TEXT, F_NULLABLE, 200)                                                      \
	X(callee_user_id, TEXT, F_NULLABLE, 36)                                                    \
	X(hunt_group_id, TEXT, F_NULLABLE, 36)                                                     \
	X(dialled_number, TEXT, 0, 64)                                                             \
	X(answered_user_id, TEXT, F_NULLABLE, 36)                                                  \
	X(answered_sip_account_id, TEXT, F_NULLABLE, 36)                                           \
	X(answered_name, TEXT, F_NULLABLE, 200)                                                    \
	X(reason, TEXT, F_NULLABLE, 200)

struct call {
	char *id, *org_id;
	enum call_direction direction;
	enum call_status status;
	int64_t start_time, answer_time, end_time; /* ms; answer_time 0: not answered */
	CALL_FIELDS(FIELD_MEMBER)
	int sip_code; /* the final SIP response code; 0: none was given */
	int64_t created_at;
};
extern const struct field call_fields[];
extern const size_t call_fields_n;
