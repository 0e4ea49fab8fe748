/* diag.h: what went wrong (or deserves a warning) with a request, field by
 * field. The domain fills it; the API renders it as RFC 9457 problem+json.
 *
 * Functions return a negative errno; when they do, the diag says why:
 *   -EINVAL  one or more field errors (422)
 *   -EEXIST  a uniqueness conflict, naming the field (409)
 *   -EACCES  a right the caller lacks, named in detail (403)
 *   -ENOENT  no such object, or not visible to the caller (404)
 * Strings are static or owned by the arena given to diag_init. */
#pragma once
#include <stddef.h>

struct arena;

#define DIAG_MAX 32

struct diag_item {
	const char *field, *code, *message;
};

struct diag {
	struct arena *a;
	const char *detail;
	size_t n_errors, n_warnings;
	struct diag_item errors[DIAG_MAX];
	struct diag_item warnings[8];
};

void diag_init(struct diag *d, struct arena *a);
/* Adds a field error; returns -EINVAL so a check can `return diag_error(...)`. */
int diag_error(struct diag *d, const char *field, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_warning(struct diag *d, const char *field, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Sets the one-line detail and returns err. */
int diag_fail(struct diag *d, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* True when field already has an error. */
int diag_has(const struct diag *d, const char *field);
