/* media.h: an organization's media library (issue 14, section 1):
 * greetings, hold music and announcements, uploaded (WAV, MP3, FLAC, Ogg
 * Vorbis or Opus) or spoken from text by espeak-ng, checked and converted
 * in a child process (media/isolate.h) to 16-bit mono WAV at 8 and 16 kHz,
 * within a quota per organization. A user holding media.write_own keeps
 * greetings of its own; the organization's media need telephony.write. */
#pragma once
#include "domain/domain.h"

/* What an upload says: a file (data, n; too_large when it was more than
 * MEDIA_UPLOAD_MAX), or text to speak in language. */
struct media_upload {
	const char *name, *kind;
	const char *user_id; /* a user's own greeting; NULL: the organization's */
	const void *data;
	size_t n;
	bool too_large;
	const char *text, *language;
};

/* The default quota of an organization's media, in bytes (serve
 * --media-quota changes it, struct settings.media_quota). */
#define MEDIA_QUOTA_DEFAULT (500ll * 1024 * 1024)

/* Needs c->split (R_SPLIT): the read transaction is ended while the sound
 * is converted, and a write one begun for the insert. */
int media_create(struct dctx *c, const struct org *org, const struct media_upload *in,
                 struct media *ret);
int media_get(struct dctx *c, const struct org *org, const char *id, struct media *ret);
/* A page in name order after the cursor after (cursor_media); user_id:
 * only that user's own (an End user sees only its own anyway). */
struct cursor;
int media_list(struct dctx *c, const struct org *org, const char *user_id,
               const struct cursor *after, int limit, struct media **ret, int *ret_n,
               char **ret_next);
int media_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                 struct media *ret);
int media_delete(struct dctx *c, const struct org *org, const char *id);
/* The WAV file of item id of org at rate (8000 or 16000) into *ret (in
 * c->a), *ret_n, and the item in *ret_m. org NULL: the media server's
 * fetch, of whichever organization has it, needing sip.proxy there. */
int media_sound(struct dctx *c, const struct org *org, const char *id, int rate,
                struct media *ret_m, unsigned char **ret, size_t *ret_n);

/* The item as the API shows it (used_by: what uses it, or NULL to leave
 * it out; stolen). */
json_t *media_json(const struct media *m, json_t *used_by);
/* What uses item id: users' voicemail greetings and hold music, as
 * [{"type": "user", "id", "name", "as": "greeting" | "hold_music"}] (a new
 * reference), or NULL on a store error (*ret_err). */
json_t *media_used_by(struct dctx *c, const struct org *org, const char *id, int *ret_err);
/* Checks that id names an item of kind in org that owner_user (NULL:
 * anyone of the organization) may use: the organization's, or that user's
 * own. 0, or -EINVAL with an error on field, or the store's error. */
int media_check_ref(struct dctx *c, const struct org *org, const char *field, const char *id,
                    const char *kind, const char *owner_user);
