/* arena.h: per-request memory, freed in one go when the request ends.
 *
 * Allocations are carved from chunks; nothing is freed individually. Every
 * function that takes an arena returns memory owned by that arena. */
#pragma once
#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Returns a new arena, or NULL when out of memory. Free with arena_free(). */
struct arena *arena_new(void);
void arena_free(struct arena *a);

/* Zeroed memory of n bytes, aligned for any type. Aborts when out of memory:
 * a request cannot continue without it and the process is in trouble anyway. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Bytes handed out so far (for limits and tests). */
size_t arena_used(const struct arena *a);
