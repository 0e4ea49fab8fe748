/* diag.h: what went wrong (or deserves a warning) with a request, field by
 * field. The domain fills it; the API renders it as RFC 9457 problem+json.
 *
 * Functions return a negative errno; when they do, the diag says why:
 *   -EINVAL  one or more field errors (422)
 *   -EEXIST  a uniqueness conflict, naming the field (409)
 *   -EACCES  a right the caller lacks, named in detail (403)
 *   -ENOENT  no such object, or not visible to the caller (404)
 * Strings are static or owned by the arena given to diag_init (param texts
 * are copied into it). */
#pragma once
#include <stddef.h>

struct arena;

#define DIAG_MAX 32
#define DIAG_PARAMS_MAX 4

/* A structured value of an error, for the words the portal puts around it
 * ({"min": 8}): a number, or a text when text is set. */
struct diag_param {
	const char *name, *text;
	long long num;
};

struct diag_params {
	int n;
	struct diag_param v[DIAG_PARAMS_MAX];
};

/* Every error carries a code (stable, for the portal's dictionaries) and
 * its params; the message is the English of both, for logs and scripts. */
struct diag_item {
	const char *field, *code, *message;
	struct diag_params params;
};

struct diag {
	struct arena *a;
	const char *detail;        /* the one-line detail of a failure (diag_fail) */
	const char *code;          /* and its code */
	struct diag_params params; /* and its params */
	size_t n_errors, n_warnings;
	struct diag_item errors[DIAG_MAX];
	struct diag_item warnings[8];
	struct diag_params *last; /* where diag_param_* add: the last item or failure */
	int last_err;             /* what diag_param_* return */
};

void diag_init(struct diag *d, struct arena *a);
/* Adds a field error; returns -EINVAL so a check can `return diag_error(...)`. */
int diag_error(struct diag *d, const char *field, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_warning(struct diag *d, const char *field, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Sets the one-line detail of a failure and its code; returns err. */
int diag_fail(struct diag *d, int err, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with the failure's params: DP(DP_INT("count", n), ...). */
int diag_fail_p(struct diag *d, int err, const char *code, struct diag_params p, const char *fmt,
                ...) __attribute__((format(printf, 5, 6)));
/* The same for a field error. */
int diag_error_p(struct diag *d, const char *field, const char *code, struct diag_params p,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define DP_INT(k, x)                                                                               \
	{                                                                                          \
		.name = (k), .num = (long long)(x)                                                 \
	}
#define DP_STR(k, x)                                                                               \
	{                                                                                          \
		.name = (k), .text = (x)                                                           \
	}
#define DP(...)                                                                                    \
	((struct diag_params){                                                                     \
	    .n = (int)(sizeof((struct diag_param[]){__VA_ARGS__}) / sizeof(struct diag_param)),    \
	    .v = {__VA_ARGS__}})

/* Adds a param to the error, warning or failure added last, and returns
 * what that returned (-EINVAL for an error), so a check reads
 *   diag_error(d, "name", "too_long", "name is longer than %d.", max);
 *   return diag_param_int(d, "max", max);  */
int diag_param_int(struct diag *d, const char *name, long long v);
int diag_param_str(struct diag *d, const char *name, const char *v);
/* True when field already has an error. */
int diag_has(const struct diag *d, const char *field);
