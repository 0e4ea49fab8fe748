/* voicemail.h: voicemail messages (issue 14, section 2). The media server
 * records a message for a user's box and posts it (vm_deposit, right
 * sip.proxy); it is converted like the media library's sounds, kept for
 * the organization's voicemail_retention_days, and the user lists, hears,
 * marks and deletes its own. The media server checks a caller's PIN with
 * vm_pin_check, throttled like sign-in. */
#pragma once
#include "domain/domain.h"

struct vm_deposit {
	const char *org_id, *box;
	const char *caller, *caller_name, *call_id;
	const char *received_at; /* RFC 3339; NULL: now */
	const void *data;        /* the recording */
	size_t n;
	bool too_large;
};

/* The longest message kept (longer recordings are refused, too_long). */
#define VM_MAX_SECONDS 300

/* Needs c->split (R_SPLIT), as media_create. */
int vm_deposit(struct dctx *c, const struct vm_deposit *in, struct vm_message *ret);

/* The messages of user_id of org, the user's own only; newest first. */
struct cursor;
int vm_list(struct dctx *c, const struct org *org, const char *user_id, const struct cursor *after,
            int limit, struct vm_message **ret, int *ret_n, char **ret_next, int64_t *ret_new);
int vm_get(struct dctx *c, const struct org *org, const char *user_id, const char *id,
           struct vm_message *ret);
/* The message's WAV (8 kHz) into *ret (in c->a), *ret_n. */
int vm_sound(struct dctx *c, const struct org *org, const char *user_id, const char *id,
             unsigned char **ret, size_t *ret_n, struct vm_message *ret_m);
int vm_update(struct dctx *c, const struct org *org, const char *user_id, const char *id,
              json_t *in, struct vm_message *ret);
int vm_delete(struct dctx *c, const struct org *org, const char *user_id, const char *id);
/* 0 when pin opens box of org_id; -EACCES (403 pin_wrong) when not;
 * -EAGAIN with *ret_retry_s while the box is locked after failures; -ENOENT
 * for no such box. Needs c->split: no lock is held while hashing. */
int vm_pin_check(struct dctx *c, const char *org_id, const char *box, const char *pin,
                 int64_t *ret_retry_s);
/* One batch of messages past their organization's retention (janitor). */
int vm_purge_expired(struct dctx *c, int limit, int *ret_n);

json_t *vm_json(const struct vm_message *m);

/* The variables of the mail about message m->ref_id, at delivery: -ENOENT
 * when it is gone or its box has no notification address any more. */
struct outbox_msg;
struct mail_vars;
int vm_mail_prepare(struct dctx *c, const struct outbox_msg *m, struct mail_vars *ret);
