/* model.h: the domain's model: the records of organizations, the address
 * book, users, permission groups, numbers, extensions, hunt groups, SIP
 * accounts and a user's telephony, as the domain reads and changes them.
 * The store implements their persistence (store/store.h includes this
 * file, not the reverse); api/ and cli/ see them through the domain. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct org {
	char *id, *parent_id, *path, *kind, *name, *country, *language, *timezone, *sip_domain;
	int pw_min_length;
	bool pw_require_digit, pw_require_lower, pw_require_upper, pw_require_symbol;
	bool pw_forbid_personal;
	int pw_history, pw_min_entropy;
	bool two_factor_required;
	/* telephony: the extension rule (length digits starting with prefix),
	 * the trunk's default caller ID (a number id, and its E.164 when read),
	 * "user" or "device" numbers on outbound calls, days a deleted user is
	 * kept before it is purged */
	int ext_length;
	char *ext_prefix, *trunk_number_id, *trunk_number, *caller_id_mode;
	int retention_days;
	int64_t created_at, updated_at;
};

struct company {
	char *id, *org_id, *name, *website, *phone, *email;
	int64_t created_at, updated_at;
};

struct contact {
	char *id, *org_id;
	char *salutation, *first_name, *infix, *last_name;
	char *email, *phone, *mobile;
	char *company_id, *job_title, *work_phone, *work_email, *web;
	char *street, *postal_code, *city, *country, *notes;
	char *company_name; /* read only: joined */
	char *sort_name;    /* read only: the list order, as the store keeps it */
	char *user_id;      /* read only: the login tied to it, if any */
	int64_t created_at, updated_at;
};

/* A user's life (seed 001, and deletion with a retention period). */
enum user_status { USER_INVITED, USER_ACTIVE, USER_SUSPENDED, USER_DELETED, USER__STATUS_COUNT };

/* "invited", "active", "suspended", "deleted": the users table's status
 * column and the API's; user_status_parse answers -1 for another text. */
static inline const char *user_status_name(enum user_status s)
{
	static const char *const names[] = {"invited", "active", "suspended", "deleted"};
	return (unsigned)s < USER__STATUS_COUNT ? names[s] : "unknown";
}

static inline int user_status_parse(const char *s)
{
	for (int i = 0; s && i < USER__STATUS_COUNT; i++)
		if (__builtin_strcmp(s, user_status_name((enum user_status)i)) == 0)
			return i;
	return -1;
}

struct user {
	char *id, *org_id, *contact_id;
	char *email, *login_name, *password_hash, *language, *timezone;
	enum user_status status;
	bool must_change_password;
	int64_t created_at, updated_at, password_changed_at, last_login_at;
	int64_t deleted_at, purge_after; /* 0 unless status is "deleted" */
	struct contact contact;          /* filled by get/list */
	/* Read only, filled by get/list: TOTP confirmed; two-factor required by
	 * the organization or one of the user's groups. */
	bool two_factor_enabled, two_factor_required;
};

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
	int64_t created_at, updated_at;
};

struct extension {
	char *id, *org_id, *number, *owner_type, *owner_id;
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
	char *extension; /* filled by get/list: its extension, or NULL */
	struct hunt_member *members;
	int n_members;
	int64_t created_at, updated_at;
};

struct sip_account {
	char *id, *org_id, *user_id, *kind, *label;
	char *username, *realm;
	char *ha1;           /* hex md5(username:realm:secret), for digest authentication */
	char *secret_sealed; /* the secret sealed with the key file (auth/seal.h) */
	char *extension;     /* read only: an alias's extension number, set by the domain */
	bool enabled;
	int64_t created_at, updated_at;
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
	bool fallback_enabled;
	char *fallback_mobile;
	char *ctd_account_id; /* NULL: the same as availability */
	bool ctd_auto_answer;
	char *caller_number_id, *caller_number; /* NULL: the trunk's default */
	bool vm_enabled;
	char *vm_box, *vm_pin_hash, *vm_email;
	char *music_on_hold;
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
	char *status; /* queued, running, done, failed */
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
	char *token_hash;
	char *permissions;                   /* space separated names from the catalogue */
	char *created_by, *created_by_label; /* the actor that made it (NULL: the system) */
	int64_t created_at;
	int64_t expires_at;   /* 0: never */
	int64_t last_used_at; /* 0: never used */
	char *org_path;       /* read only: filled by store_api_token_find */
};
