/* test_base.c: the base layer: arena, buf, ids, time, text checks, base64url
 * and the diag that collects field errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/cursor.h"
#include "base/diag.h"
#include "base/log.h"
#include "base/util.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- arena ---------------------------------------------------------------- */

static void arena_many_small_allocations(void **state)
{
	struct arena *a = arena_new();
	assert_non_null(a);
	enum { N = 5000 };
	unsigned char **p = calloc(N, sizeof(*p));
	size_t *len = calloc(N, sizeof(*len));
	for (size_t i = 0; i < N; i++) {
		len[i] = 1 + (i * 7919) % 300;
		p[i] = arena_alloc(a, len[i]);
		assert_int_equal((uintptr_t)p[i] % 16, 0); /* aligned for any type */
		for (size_t j = 0; j < len[i]; j++)
			assert_int_equal(p[i][j], 0); /* zeroed */
		memset(p[i], (int)(i & 0xff), len[i]);
	}
	/* No allocation overlapped another: each still holds its own pattern. */
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < len[i]; j++)
			assert_int_equal(p[i][j], i & 0xff);
	assert_true(arena_used(a) >= N);
	free(p);
	free(len);
	arena_free(a);
}

static void arena_big_allocations(void **state)
{
	struct arena *a = arena_new();
	char *small1 = arena_alloc(a, 10);
	strcpy(small1, "before");
	size_t used = arena_used(a);
	/* Bigger than a chunk: gets a block of its own. */
	unsigned char *big = arena_alloc(a, 1 << 20);
	assert_non_null(big);
	assert_int_equal(big[0], 0);
	assert_int_equal(big[(1 << 20) - 1], 0);
	memset(big, 0xab, 1 << 20);
	assert_true(arena_used(a) >= used + (1 << 20));
	/* Small allocations keep working around it. */
	char *small2 = arena_alloc(a, 10);
	strcpy(small2, "after");
	unsigned char *big2 = arena_alloc(a, 3 << 20);
	memset(big2, 0xcd, 3 << 20);
	assert_string_equal(small1, "before");
	assert_string_equal(small2, "after");
	assert_int_equal(big[12345], 0xab);
	assert_int_equal(big2[(3 << 20) - 1], 0xcd);
	/* Exactly the chunk size and zero bytes are fine too. */
	assert_non_null(arena_alloc(a, 8192));
	assert_non_null(arena_alloc(a, 0));
	arena_free(a);
	arena_free(NULL); /* destructors accept NULL */
}

static void arena_strings(void **state)
{
	struct arena *a = arena_new();
	assert_null(arena_strdup(a, NULL));
	char *s = arena_strdup(a, "hallo");
	assert_string_equal(s, "hallo");
	assert_string_equal(arena_strdup(a, ""), "");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(arena_strndup(a, "ab\0cd", 4), "ab");
	assert_string_equal(arena_printf(a, "%s-%d-%05.1f", "x", 42, 3.14159), "x-42-003.1");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	/* Longer than a chunk. */
	char *big = arena_printf(a, "%20000d|", 7);
	assert_int_equal(strlen(big), 20001);
	assert_int_equal(big[19999], '7');
	assert_int_equal(big[20000], '|');
	arena_free(a);
}

/* ---- buf ------------------------------------------------------------------ */

static void buf_grows_and_is_terminated(void **state)
{
	struct buf b = BUF_INIT;
	buf_release(&b); /* releasing an empty buf is fine */
	assert_int_equal(buf_append(&b, "", 0), 0);
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_append(&b, "defgh", 2), 0);
	assert_string_equal(b.p, "abcde");
	assert_int_equal(b.len, 5);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%04d", i), 0);
	assert_int_equal(b.len, 5 + 4000);
	assert_int_equal(strlen(b.p), b.len);
	assert_true(b.cap > b.len);
	assert_memory_equal(b.p + 5, "00000001", 8);
	assert_string_equal(b.p + b.len - 4, "0999");
	/* Binary data with a NUL inside is kept whole. */
	assert_int_equal(buf_append(&b, "x\0y", 3), 0);
	assert_int_equal(b.len, 4008);
	assert_int_equal(b.p[4006], 0);
	assert_int_equal(b.p[4007], 'y');
	char *s = buf_steal(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_memory_equal(s, "abcde0000", 9);
	free(s);
	buf_release(&b);
}

/* ---- ids ------------------------------------------------------------------ */

static void id_format(void **state)
{
	char id[ID_LEN + 1];
	id_new(id);
	assert_int_equal(strlen(id), ID_LEN);
	for (int i = 0; i < ID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(id[i], '-');
		else
			assert_non_null(strchr("0123456789abcdef", id[i]));
	}
	assert_int_equal(id[14], '7');           /* version nibble */
	assert_non_null(strchr("89ab", id[19])); /* RFC 9562 variant */
	assert_true(id_valid(id));
	char other[ID_LEN + 1];
	id_new(other);
	assert_string_not_equal(id, other);
}

static void id_ordered_by_time(void **state)
{
	char a[ID_LEN + 1], b[ID_LEN + 1];
	id_new(a);
	struct timespec ts = {0, 2 * 1000 * 1000};
	nanosleep(&ts, NULL);
	id_new(b);
	assert_true(strcmp(a, b) < 0);
	/* The first 48 bits are the time in milliseconds. */
	char hex[13];
	memcpy(hex, a, 8);
	memcpy(hex + 8, a + 9, 4);
	hex[12] = 0;
	long long ms = strtoll(hex, NULL, 16);
	long long now = time_now_ms();
	assert_true(ms <= now && ms > now - 10000);
}

static void id_valid_both_sides(void **state)
{
	assert_true(id_valid("0190f5a2-7c3e-7abc-8def-0123456789ab"));
	assert_false(id_valid(NULL));
	assert_false(id_valid(""));
	assert_false(id_valid("0190f5a2-7c3e-7abc-8def-0123456789a"));   /* 35 */
	assert_false(id_valid("0190f5a2-7c3e-7abc-8def-0123456789abc")); /* 37 */
	assert_false(id_valid("0190F5A2-7C3E-7ABC-8DEF-0123456789AB"));  /* upper case */
	assert_false(id_valid("0190f5a2-7c3e-7abc-8def-0123456789ag"));
	assert_false(id_valid("0190f5a2x7c3e-7abc-8def-0123456789ab"));
	assert_false(id_valid("0190f5a27-c3e-7abc-8def-0123456789ab"));
	assert_false(id_valid("0190f5a2-7c3e-7abc-8def-0123456789a-"));
	assert_false(id_valid("../../etc/passwd-xxxxxxxxxxxxxxxxxxx"));
}

/* ---- text ----------------------------------------------------------------- */

static void trim_and_friends(void **state)
{
	struct arena *a = arena_new();
	assert_null(str_trim(a, NULL));
	assert_string_equal(str_trim(a, ""), "");
	assert_string_equal(str_trim(a, " \t\r\n\v\f"), "");
	assert_string_equal(str_trim(a, "  a b \t\n"), "a b");
	assert_string_equal(str_trim(a, "x"), "x");
	assert_string_equal(str_trim(a, "\tx y"), "x y");
	assert_string_equal(str_trim(a, "x y "), "x y");
	assert_string_equal(str_trim(a, " é "), "é");
	assert_string_equal(str_lower(a, "AbC-Ü@X.NL"), "abc-Ü@x.nl");
	assert_null(str_lower(a, NULL));
	assert_true(str_empty(NULL));
	assert_true(str_empty(""));
	assert_false(str_empty(" "));
	assert_true(str_eq(NULL, NULL));
	assert_false(str_eq("a", NULL));
	assert_false(str_eq(NULL, "a"));
	assert_true(str_eq("a", "a"));
	assert_false(str_eq("a", "A"));
	arena_free(a);
}

static bool valid(const char *s)
{
	return str_valid_text(s, strlen(s));
}

static void valid_text(void **state)
{
	assert_true(valid(""));
	assert_true(valid("hallo wereld"));
	assert_true(valid("tab\there\r\nnew line"));
	assert_true(valid("Jan de Vrïes, Øresund, €5, 日本"));
	assert_true(valid("\xf0\x9f\x98\x80")); /* U+1F600, four bytes */
	assert_true(valid("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the last code point */
	assert_true(valid("\xed\x9f\xbf"));     /* U+D7FF, just below the surrogates */
	assert_true(valid("\xee\x80\x80"));     /* U+E000, just above them */
	assert_true(valid("\xc2\x80"));         /* U+0080, shortest two-byte form */
	assert_true(valid("\xe0\xa0\x80"));     /* U+0800, shortest three-byte form */
	assert_true(valid("\xf0\x90\x80\x80")); /* U+10000, shortest four-byte form */

	/* invalid UTF-8 */
	assert_false(valid("\xff"));
	assert_false(valid("\xfe"));
	assert_false(valid("\x80"));                 /* a lone continuation byte */
	assert_false(valid("abc\xc3"));              /* cut short at the end */
	assert_false(valid("\xe2\x82"));             /* cut short */
	assert_false(valid("\xc3x"));                /* no continuation byte */
	assert_false(valid("\xf8\x88\x80\x80\x80")); /* five bytes */
	/* overlong encodings */
	assert_false(valid("\xc0\xaf")); /* '/' in two bytes */
	assert_false(valid("\xc1\xbf"));
	assert_false(valid("\xe0\x80\xaf"));     /* '/' in three bytes */
	assert_false(valid("\xe0\x9f\xbf"));     /* U+07FF in three bytes */
	assert_false(valid("\xf0\x80\x80\xaf")); /* '/' in four bytes */
	assert_false(valid("\xf0\x8f\xbf\xbf")); /* U+FFFF in four bytes */
	/* surrogates and beyond Unicode */
	assert_false(valid("\xed\xa0\x80"));     /* U+D800 */
	assert_false(valid("\xed\xbf\xbf"));     /* U+DFFF */
	assert_false(valid("\xf4\x90\x80\x80")); /* U+110000 */
	/* control characters */
	assert_false(valid("a\x01"));
	assert_false(valid("\x1b[31m"));
	assert_false(valid("\x7f"));
	assert_false(valid("\x0b"));
	assert_false(str_valid_text("a\0b", 3)); /* NUL inside */
	/* the length given is what counts */
	assert_true(str_valid_text("ok\xff", 2));
}

static void base64url_and_hex(void **state)
{
	struct arena *a = arena_new();
	assert_string_equal(b64url(a, (const unsigned char *)"", 0), "");
	assert_string_equal(b64url(a, (const unsigned char *)"f", 1), "Zg");
	assert_string_equal(b64url(a, (const unsigned char *)"fo", 2), "Zm8");
	assert_string_equal(b64url(a, (const unsigned char *)"foo", 3), "Zm9v");
	assert_string_equal(b64url(a, (const unsigned char *)"foobar", 6), "Zm9vYmFy");
	/* The URL-safe alphabet: - and _ instead of + and /, no padding. */
	static const unsigned char raw[] = {0xfb, 0xff, 0xbf};
	assert_string_equal(b64url(a, raw, 3), "-_-_");
	assert_string_equal(b64url(a, raw, 2), "-_8");
	unsigned char r32[32];
	randombytes_buf(r32, sizeof(r32));
	assert_int_equal(strlen(b64url(a, r32, 32)), 43);
	char hex[9];
	static const unsigned char h[] = {0x00, 0x1f, 0xa0, 0xff};
	hex_encode(h, 4, hex);
	assert_string_equal(hex, "001fa0ff");
	arena_free(a);
}

static void time_text(void **state)
{
	char out[25];
	time_format(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00.000Z");
	time_format(1700000000123, out);
	assert_string_equal(out, "2023-11-14T22:13:20.123Z");
	time_format(951782400999, out);
	assert_string_equal(out, "2000-02-29T00:00:00.999Z");
	time_format(time_now_ms(), out);
	assert_int_equal(strlen(out), 24);
	assert_int_equal(out[23], 'Z');
	int64_t t0 = time_mono_ns(), t1 = time_mono_ns();
	assert_true(t1 >= t0);
}

/* ---- diag ----------------------------------------------------------------- */

static void time_parse_rfc3339(void **state)
{
	(void)state;
	int64_t t = -1;
	assert_int_equal(time_parse("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(time_parse("2023-11-14T22:13:20.123Z", &t), 0);
	assert_int_equal(t, 1700000000123);
	assert_int_equal(time_parse("2000-02-29T00:00:00.9991z", &t), 0);
	assert_int_equal(t, 951782400999);
	assert_int_equal(time_parse("2023-11-14T23:13:20.1+01:00", &t), 0);
	assert_int_equal(t, 1700000000100);
	assert_int_equal(time_parse("2023-11-14t17:43:20-04:30", &t), 0);
	assert_int_equal(t, 1700000000000);
	/* Round trip with time_format. */
	char out[25];
	time_format(1796172809660, out);
	assert_int_equal(time_parse(out, &t), 0);
	assert_int_equal(t, 1796172809660);
	const char *bad[] = {"",
	                     "tomorrow",
	                     "2023-11-14",
	                     "2023-11-14T22:13:20",
	                     "2023-11-14 22:13:20Z",
	                     "2023-13-01T00:00:00Z",
	                     "2023-02-29T00:00:00Z",
	                     "1900-02-29T00:00:00Z",
	                     "2023-04-31T00:00:00Z",
	                     "2023-11-14T24:00:00Z",
	                     "2023-11-14T22:60:00Z",
	                     "2023-11-14T22:13:20.Z",
	                     "2023-11-14T22:13:20+01",
	                     "2023-11-14T22:13:20+0100",
	                     "2023-11-14T22:13:20+24:00",
	                     "2023-11-14T22:13:20Zjunk",
	                     "+023-11-14T22:13:20Z",
	                     NULL};
	for (int i = 0; bad[i]; i++) {
		t = 42;
		assert_int_equal(time_parse(bad[i], &t), -EINVAL);
		assert_int_equal(t, 42);
	}
	assert_int_equal(time_parse(NULL, &t), -EINVAL);
}

static void diag_collects_errors(void **state)
{
	struct arena *a = arena_new();
	struct diag d;
	diag_init(&d, a);
	assert_int_equal(d.n_errors, 0);
	assert_false(diag_has(&d, "email"));
	assert_int_equal(diag_error(&d, "email", "required", "%s is required.", "email"), -EINVAL);
	assert_int_equal(diag_error(&d, "name", "too_long", "At most %d characters.", 200),
	                 -EINVAL);
	assert_int_equal(d.n_errors, 2);
	assert_string_equal(d.errors[0].field, "email");
	assert_string_equal(d.errors[0].code, "required");
	assert_string_equal(d.errors[0].message, "email is required.");
	assert_string_equal(d.errors[1].message, "At most 200 characters.");
	assert_true(diag_has(&d, "email"));
	assert_true(diag_has(&d, "name"));
	assert_false(diag_has(&d, "phone"));
	diag_warning(&d, "email", "role_address", "Use a personal address.");
	assert_int_equal(d.n_warnings, 1);
	assert_false(diag_has(&d, "phone"));
	assert_int_equal(
	    diag_fail(&d, -EACCES, "right_required", "Missing right %s.", "users.write"), -EACCES);
	assert_string_equal(d.detail, "Missing right users.write.");
	assert_string_equal(d.code, "right_required");
	assert_int_equal(d.params.n, 0);
	/* params go with the error or failure added last */
	assert_int_equal(diag_param_str(&d, "right", "users.write"), -EACCES);
	assert_int_equal(d.params.n, 1);
	assert_string_equal(d.params.v[0].name, "right");
	assert_string_equal(d.params.v[0].text, "users.write");
	assert_int_equal(diag_error_p(&d, "password", "too_short", DP(DP_INT("min", 12)),
	                              "At least %d characters.", 12),
	                 -EINVAL);
	assert_int_equal(diag_param_int(&d, "max", 256), -EINVAL);
	const struct diag_item *e = &d.errors[d.n_errors - 1];
	assert_int_equal(e->params.n, 2);
	assert_string_equal(e->params.v[0].name, "min");
	assert_null(e->params.v[0].text);
	assert_int_equal(e->params.v[0].num, 12);
	assert_int_equal(e->params.v[1].num, 256);
	assert_int_equal(diag_fail_p(&d, -EAGAIN, "too_many_attempts", DP(DP_INT("seconds", 4)),
	                             "Try again in %d seconds.", 4),
	                 -EAGAIN);
	assert_string_equal(d.code, "too_many_attempts");
	assert_int_equal(d.params.v[0].num, 4);
	/* a param's text outlives the arena it came from (a batch's) */
	struct arena *batch = arena_new();
	char *name = arena_strdup(batch, "sip-account-7");
	diag_fail_p(&d, -EIO, "secret_unreadable", DP(DP_STR("account", name)), "x");
	diag_error(&d, "username", "taken", "taken");
	diag_param_str(&d, "username", name);
	arena_free(batch);
	assert_string_equal(d.params.v[0].text, "sip-account-7");
	assert_string_equal(d.errors[d.n_errors - 1].params.v[0].text, "sip-account-7");
	arena_free(a);
}

static void diag_limits(void **state)
{
	struct arena *a = arena_new();
	struct diag d;
	diag_init(&d, a);
	for (int i = 0; i < DIAG_MAX + 10; i++)
		assert_int_equal(diag_error(&d, "f", "bad", "error %d", i), -EINVAL);
	assert_int_equal(d.n_errors, DIAG_MAX);
	assert_string_equal(d.errors[DIAG_MAX - 1].message, "error 31");
	size_t nw = sizeof(d.warnings) / sizeof(d.warnings[0]);
	for (size_t i = 0; i < nw + 5; i++)
		diag_warning(&d, "f", "w", "warning %zu", i);
	assert_int_equal(d.n_warnings, nw);
	/* diag_init starts over. */
	diag_init(&d, a);
	assert_int_equal(d.n_errors, 0);
	assert_int_equal(d.n_warnings, 0);
	assert_null(d.detail);
	arena_free(a);
}

/* ---- cursor --------------------------------------------------------------- */

static void cursor_round_trip(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *id = "01900000-0000-7000-8000-000000000000";
	char *t = cursor_encode(a, &cursor_users, (const char *[]){"bakker jan", id});
	struct cursor c;
	assert_int_equal(cursor_decode(a, &cursor_users, t, &c), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.part[0], "bakker jan");
	assert_string_equal(c.part[1], id);
	assert_string_equal(c.key, "bakker jan\x1f"
	                           "01900000-0000-7000-8000-000000000000");
	/* an empty sort name is a part too */
	t = cursor_encode(a, &cursor_users, (const char *[]){"", id});
	assert_int_equal(cursor_decode(a, &cursor_users, t, &c), 0);
	assert_string_equal(c.part[0], "");
	t = cursor_encode(a, &cursor_orgs,
	                  (const char *[]){"/01900000-0000-7000-8000-000000000000/"});
	assert_int_equal(cursor_decode(a, &cursor_orgs, t, &c), 0);
	t = cursor_encode(a, &cursor_numbers, (const char *[]){"+31201234567"});
	assert_int_equal(cursor_decode(a, &cursor_numbers, t, &c), 0);
	assert_string_equal(c.part[0], "+31201234567");
	arena_free(a);
}

static void cursor_refuses_what_it_did_not_make(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *id = "01900000-0000-7000-8000-000000000000";
	struct cursor c = {.n = 7};
	/* another list's cursor, of the very same shape */
	char *t = cursor_encode(a, &cursor_contacts, (const char *[]){"bakker jan", id});
	assert_int_equal(cursor_decode(a, &cursor_users, t, &c), -EINVAL);
	assert_int_equal(c.n, 7); /* untouched */
	/* not base64url, empty, too long */
	assert_int_equal(cursor_decode(a, &cursor_users, "%%%", &c), -EINVAL);
	assert_int_equal(cursor_decode(a, &cursor_users, "", &c), -EINVAL);
	char *big = arena_alloc(a, CURSOR_MAX + 2);
	memset(big, 'A', CURSOR_MAX + 1);
	big[CURSOR_MAX + 1] = 0;
	assert_int_equal(cursor_decode(a, &cursor_users, big, &c), -EINVAL);
	/* too few or too many parts, a bad part */
	const char *raw[] = {"users\x1fjan",
	                     "users\x1fjan\x1f"
	                     "01900000-0000-7000-8000-000000000000\x1fx",
	                     "users\x1fjan\x1fnot-an-id",
	                     "users\x1f"
	                     "a\nb\x1f"
	                     "01900000-0000-7000-8000-000000000000",
	                     "users",
	                     "numbers\x1f"
	                     "0201234567",
	                     "numbers\x1f+"};
	const struct cursor_spec *spec[] = {&cursor_users,  &cursor_users, &cursor_users,
	                                    &cursor_users,  &cursor_users, &cursor_numbers,
	                                    &cursor_numbers};
	for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
		t = b64url(a, (const unsigned char *)raw[i], strlen(raw[i]));
		assert_int_equal(cursor_decode(a, spec[i], t, &c), -EINVAL);
	}
	/* a NUL inside */
	t = b64url(a,
	           (const unsigned char *)"hunt-groups\x1f"
	                                  "a\0b",
	           15);
	assert_int_equal(cursor_decode(a, &cursor_hunt, t, &c), -EINVAL);
	t = cursor_encode(a, &cursor_orgs, (const char *[]){"/x/"});
	assert_int_equal(cursor_decode(a, &cursor_orgs, t, &c), -EINVAL);
	arena_free(a);
}

/* The log's writer thread: a line is handed over, not written by the
 * thread that logs it. With stderr a pipe nobody reads yet, 4 threads log
 * 2,000 lines (more than the pipe holds): they finish all the same, and once
 * read every line is there, whole, each thread's in its order. Written at
 * once, the first thread to fill the pipe would wait (the alarm ends it). */
#define LOG_THREADS 4
#define LOG_LINES 500
static void *log_lines(void *arg)
{
	int t = (int)(intptr_t)arg;
	for (int i = 0; i < LOG_LINES; i++) {
		char line[160];
		snprintf(line, sizeof(line), "{\"t\":%d,\"n\":%d,\"pad\":\"%080d\"}", t, i, 0);
		log_json_line(line);
	}
	return NULL;
}

struct pipe_read {
	int fd;
	char *buf;
	size_t len;
};

static void *read_all(void *arg)
{
	struct pipe_read *r = arg;
	size_t cap = 1 << 20;
	r->buf = malloc(cap);
	ssize_t k;
	while (r->buf && (k = read(r->fd, r->buf + r->len, cap - 1 - r->len)) > 0)
		r->len += (size_t)k;
	if (r->buf)
		r->buf[r->len] = 0;
	return NULL;
}

static void log_writer_thread(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	int saved = dup(STDERR_FILENO);
	assert_true(dup2(p[1], STDERR_FILENO) >= 0);
	close(p[1]);
	assert_int_equal(log_async_start(), 0);
	alarm(20);
	pthread_t th[LOG_THREADS];
	for (int t = 0; t < LOG_THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, log_lines, (void *)(intptr_t)t), 0);
	for (int t = 0; t < LOG_THREADS; t++)
		pthread_join(th[t], NULL);
	alarm(0);
	struct pipe_read r = {.fd = p[0]};
	pthread_t reader;
	assert_int_equal(pthread_create(&reader, NULL, read_all, &r), 0);
	log_async_stop();
	dup2(saved, STDERR_FILENO); /* the pipe's last writer: the reader sees its end */
	close(saved);
	pthread_join(reader, NULL);
	close(p[0]);
	assert_non_null(r.buf);
	int next[LOG_THREADS] = {0}, lines = 0;
	for (char *save = NULL, *l = strtok_r(r.buf, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		int t, n, used = 0;
		assert_int_equal(sscanf(l, "{\"t\":%d,\"n\":%d,%n", &t, &n, &used), 2);
		assert_true(t >= 0 && t < LOG_THREADS);
		assert_int_equal(n, next[t]);
		next[t]++;
		assert_int_equal(strlen(l), (size_t)used + 89); /* whole: the pad and the end */
		lines++;
	}
	assert_int_equal(lines, LOG_THREADS * LOG_LINES);
	free(r.buf);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(arena_many_small_allocations),
	    cmocka_unit_test(arena_big_allocations),
	    cmocka_unit_test(arena_strings),
	    cmocka_unit_test(buf_grows_and_is_terminated),
	    cmocka_unit_test(id_format),
	    cmocka_unit_test(id_ordered_by_time),
	    cmocka_unit_test(id_valid_both_sides),
	    cmocka_unit_test(trim_and_friends),
	    cmocka_unit_test(valid_text),
	    cmocka_unit_test(base64url_and_hex),
	    cmocka_unit_test(time_text),
	    cmocka_unit_test(time_parse_rfc3339),
	    cmocka_unit_test(diag_collects_errors),
	    cmocka_unit_test(diag_limits),
	    cmocka_unit_test(cursor_round_trip),
	    cmocka_unit_test(cursor_refuses_what_it_did_not_make),
	    cmocka_unit_test(log_writer_thread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
