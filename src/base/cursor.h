/* cursor.h: the one codec of list cursors (?after=).
 *
 * A cursor is the sort key of the last row of a page: a few parts (a text,
 * an id, a number), tagged with the list it belongs to, joined by 0x1f and
 * base64url encoded. Decoding checks all of it (the encoding, the list's
 * tag, the number of parts, each part's kind), so a list answers 422 to a
 * cursor it did not make, including one of another list. Every list's
 * format is declared here, in one place. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct arena;

#define CURSOR_PARTS_MAX 3
#define CURSOR_MAX 1024 /* bytes of an encoded cursor */

enum cursor_part {
	CP_TEXT,   /* one line of UTF-8 text (a sort name), at most 512 bytes */
	CP_ID,     /* an id (id_valid) */
	CP_E164,   /* a phone number: + and 1 to 15 digits */
	CP_DIGITS, /* an extension: 1 to 16 digits */
	CP_PATH,   /* an organization's tree path: /id/id/ */
};

struct cursor_spec {
	const char *tag; /* the list's name, the token's first part */
	int n;
	enum cursor_part parts[CURSOR_PARTS_MAX];
};

/* A decoded cursor: its parts, and key, the parts joined by 0x1f (what the
 * store takes as its "after"). All in the arena it was decoded with. */
struct cursor {
	int n;
	const char *part[CURSOR_PARTS_MAX];
	const char *key;
};

extern const struct cursor_spec cursor_users, cursor_contacts, cursor_companies, cursor_hunt,
    cursor_numbers, cursor_extensions, cursor_audit, cursor_orgs, cursor_sip, cursor_api_tokens,
    cursor_calls, cursor_devices, cursor_schedules, cursor_media, cursor_voicemail;

/* The token for the row whose sort key is parts (spec->n of them), in a. */
char *cursor_encode(struct arena *a, const struct cursor_spec *spec, const char *const *parts);
/* Decodes token into *ret; -EINVAL when it is not a cursor of spec's list
 * (*ret then untouched). */
int cursor_decode(struct arena *a, const struct cursor_spec *spec, const char *token,
                  struct cursor *ret);
