/* buf.h: a growable byte buffer on the heap (for bodies, SQL-free text). */
#pragma once
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p; /* always NUL-terminated when non-NULL */
	size_t len, cap;
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		0                                                                                  \
	}

void buf_release(struct buf *b);
/* Return 0 or -ENOMEM. */
int buf_append(struct buf *b, const void *data, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the bytes to the caller (free() them); leaves b empty. */
char *buf_steal(struct buf *b);
