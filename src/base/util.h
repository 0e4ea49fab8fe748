/* util.h: small helpers shared by every layer: ids, time, text. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define ID_LEN 36 /* a UUID in text form, without the NUL */

/* Writes a new UUIDv7 (time-ordered, 74 random bits) into out[ID_LEN + 1]. */
void id_new(char out[static ID_LEN + 1]);
/* True when s looks like an id we made (36 chars, hex and dashes). */
bool id_valid(const char *s);

/* Milliseconds since the epoch (wall clock) and a monotonic clock in ns. */
int64_t time_now_ms(void);
int64_t time_mono_ns(void);
/* RFC 3339 UTC text with milliseconds, into out[25]. */
void time_format(int64_t ms, char out[static 25]);
/* Parses RFC 3339 date-time text (2026-12-31T23:59:59Z, with optional
 * fractions of a second and a numeric offset such as +01:00) into ms since
 * the epoch. -EINVAL for anything else, a date that does not exist included. */
int time_parse(const char *s, int64_t *ret);

/* Trimmed copy of s (ASCII and Unicode-agnostic whitespace: space, tab, CR,
 * LF, VT, FF), in a. NULL stays NULL. */
char *str_trim(struct arena *a, const char *s);
/* ASCII lower-case copy in a. */
char *str_lower(struct arena *a, const char *s);
/* ASCII upper case, in a. */
char *str_upper(struct arena *a, const char *s);
/* s lower-cased (ASCII, Latin-1 and Latin Extended-A letters; other bytes
 * as they are), trimmed, with every run of white space made one space: the
 * form both sides of a search take (store/search.c). NULL for NULL. */
char *str_search_fold(struct arena *a, const char *s);
bool str_empty(const char *s);
bool str_eq(const char *a, const char *b); /* NULL-safe */
/* Valid UTF-8 without NUL or control characters other than \t\n\r. */
bool str_valid_text(const char *s, size_t len);
/* The same for one line of text: no control character at all (tab, CR and
 * LF included), nor U+0080-U+009F, U+2028 or U+2029. */
bool str_valid_line(const char *s, size_t len);
/* Base64url without padding of n bytes, in a. */
char *b64url(struct arena *a, const unsigned char *data, size_t n);
/* Hex of n bytes into out (2n+1). */
void hex_encode(const unsigned char *data, size_t n, char *out);
