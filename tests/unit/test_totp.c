/* test_totp.c: TOTP through liboath against the RFC 6238 appendix B vectors
 * (SHA1, SHA256, SHA512), the window of one step either side, the reuse rule
 * (in code, and as the database enforces it), recovery codes and the QR code
 * as SVG. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/totp.h"
#include "base/arena.h"
#include "store/store.h"
#include "testdb.h"

#include <errno.h>
#include <liboath/oath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* RFC 6238 appendix B: the seeds are ASCII "1234567890" repeated to the
 * hash's size; 8-digit codes, 30-second steps from the epoch. */
static const char seed_sha1[] = "12345678901234567890";
static const char seed_sha256[] = "12345678901234567890123456789012";
static const char seed_sha512[] =
    "1234567890123456789012345678901234567890123456789012345678901234";

static const struct {
	time_t t;
	const char *sha1, *sha256, *sha512;
} vectors[] = {
    {59, "94287082", "46119246", "90693936"},
    {1111111109, "07081804", "68084774", "25091201"},
    {1111111111, "14050471", "67062674", "99943326"},
    {1234567890, "89005924", "91819424", "93441116"},
    {2000000000, "69279037", "90698825", "38618901"},
    {20000000000, "65353130", "77737706", "47863826"},
};

static void rfc6238_vectors(void **state)
{
	(void)state;
	char out[9];
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		assert_int_equal(totp_generate((const unsigned char *)seed_sha1, 20, vectors[i].t,
		                               8, TOTP_SHA1, out),
		                 0);
		assert_string_equal(out, vectors[i].sha1);
		assert_int_equal(totp_generate((const unsigned char *)seed_sha256, 32, vectors[i].t,
		                               8, TOTP_SHA256, out),
		                 0);
		assert_string_equal(out, vectors[i].sha256);
		assert_int_equal(totp_generate((const unsigned char *)seed_sha512, 64, vectors[i].t,
		                               8, TOTP_SHA512, out),
		                 0);
		assert_string_equal(out, vectors[i].sha512);
	}
}

/* The base32 form of the SHA1 seed, as a user's secret is kept. */
static char *seed_b32(struct arena *a)
{
	char *b32 = NULL;
	size_t n = 0;
	oath_init();
	assert_int_equal(oath_base32_encode(seed_sha1, 20, &b32, &n), OATH_OK);
	char *out = arena_strndup(a, b32, n);
	free(b32);
	return out;
}

static void code_at(time_t t, char out[7])
{
	assert_int_equal(
	    totp_generate((const unsigned char *)seed_sha1, 20, t, TOTP_DIGITS, TOTP_SHA1, out), 0);
}

static void window_is_one_step_either_side(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *secret = seed_b32(a);
	const time_t now = 1234567890; /* step 41152263, 0 s into it */
	const int64_t step = now / TOTP_STEP_S;
	char code[7];
	int64_t got = 0;
	for (int off = -1; off <= 1; off++) {
		code_at(now + off * TOTP_STEP_S, code);
		assert_int_equal(totp_check(secret, now, code, -1, &got), 0);
		assert_int_equal(got, step + off);
	}
	for (int off = -3; off <= 3; off += 1) {
		if (off >= -1 && off <= 1)
			continue;
		code_at(now + off * TOTP_STEP_S, code);
		assert_int_equal(totp_check(secret, now, code, -1, &got), -EACCES);
	}
	/* the RFC's own 8-digit code is not one of ours; nor is junk */
	assert_int_equal(totp_check(secret, 59, "94287082", -1, &got), -EACCES);
	assert_int_equal(totp_check(secret, now, "12345", -1, &got), -EACCES);
	assert_int_equal(totp_check(secret, now, "12a456", -1, &got), -EACCES);
	assert_int_equal(totp_check(secret, now, "", -1, &got), -EACCES);
	code_at(now, code);
	assert_int_equal(totp_check("not base32!", now, code, -1, &got), -EINVAL);
	arena_free(a);
}

static void a_code_is_not_accepted_twice(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *secret = seed_b32(a);
	const time_t now = 2000000000;
	const int64_t step = now / TOTP_STEP_S;
	char code[7];
	int64_t got = 0;
	code_at(now, code);
	assert_int_equal(totp_check(secret, now, code, -1, &got), 0);
	/* used: the same step again is refused, within its window too */
	assert_int_equal(totp_check(secret, now, code, got, &got), -EALREADY);
	assert_int_equal(totp_check(secret, now + TOTP_STEP_S, code, step, &got), -EALREADY);
	/* an older code (the previous step) after a newer one: refused */
	code_at(now - TOTP_STEP_S, code);
	assert_int_equal(totp_check(secret, now, code, step, &got), -EALREADY);
	/* the next step is fine */
	code_at(now + TOTP_STEP_S, code);
	assert_int_equal(totp_check(secret, now, code, step, &got), 0);
	assert_int_equal(got, step + 1);
	arena_free(a);
}

static void secrets_and_uri(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *s1 = totp_secret_new(a), *s2 = totp_secret_new(a);
	assert_int_equal(strlen(s1), 32);
	assert_string_not_equal(s1, s2);
	assert_int_equal(strspn(s1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 32);
	char *uri = totp_uri(a, "Acme & Co", "jan+x@example.com", "ABC");
	assert_string_equal(uri, "otpauth://totp/Acme%20%26%20Co:jan%2Bx%40example.com?secret=ABC"
	                         "&issuer=Acme%20%26%20Co&algorithm=SHA1&digits=6&period=30");
	arena_free(a);
}

static void recovery_codes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *codes[RECOVERY_CODES];
	for (int i = 0; i < RECOVERY_CODES; i++) {
		codes[i] = recovery_code_new(a);
		assert_int_equal(strlen(codes[i]), 19);
		assert_true(codes[i][4] == '-' && codes[i][9] == '-' && codes[i][14] == '-');
		for (int j = 0; j < i; j++)
			assert_string_not_equal(codes[i], codes[j]);
	}
	char *h = recovery_code_hash(a, "user-1", codes[0]);
	assert_non_null(h);
	assert_int_equal(strlen(h), 64);
	assert_null(strstr(h, codes[0]));
	/* typed in upper case, with spaces instead of dashes: the same code */
	char *typed = arena_strdup(a, codes[0]);
	for (char *p = typed; *p; p++)
		*p = *p == '-' ? ' ' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	assert_string_equal(recovery_code_hash(a, "user-1", typed), h);
	/* another user's hash of the same code differs */
	assert_string_not_equal(recovery_code_hash(a, "user-2", codes[0]), h);
	/* not recovery codes at all */
	assert_null(recovery_code_hash(a, "user-1", "123456"));
	assert_null(recovery_code_hash(a, "user-1", "abcd-efgh-jkmn-pqrs-t"));
	assert_null(recovery_code_hash(a, "user-1", "abcd-efgh-jkmn-pqr0"));
	assert_null(recovery_code_hash(a, "user-1", ""));
	arena_free(a);
}

static void qr_as_svg(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *svg = qr_svg(a, "otpauth://totp/Switchboard:jan%40example.com?secret="
	                      "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Switchboard");
	assert_non_null(svg);
	int size = 0;
	assert_int_equal(
	    sscanf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d", &size), 1);
	/* a QR code is 21 + 4k modules wide, plus a quiet zone of 4 a side */
	assert_int_equal((size - 8 - 21) % 4, 0);
	assert_non_null(strstr(svg, "<path fill=\"#000\" d=\"M4 4h7v1h-7z"));
	assert_non_null(strstr(svg, "</svg>"));
	arena_free(a);
}

/* ---- the reuse rule as the database enforces it --------------------------- */

struct fixture {
	struct testdb t;
	struct arena *a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	if (testdb_open(&f->t, "totp", 0) < 0)
		return -1;
	f->a = arena_new();
	const char *rows =
	    "INSERT INTO orgs (id, path, kind, name, country, language, timezone, created_at, "
	    "updated_at) VALUES ('o', '/o/', 'customer', 'Acme', 'NL', 'nl', 'UTC', 1, 1);"
	    "INSERT INTO contacts (id, org_id, first_name, last_name, sort_name, created_at, "
	    "updated_at) VALUES ('c', 'o', 'A', 'B', 'b a', 1, 1);"
	    "INSERT INTO users (id, org_id, contact_id, email, email_norm, status, language, "
	    "created_at, updated_at) VALUES ('u', 'o', 'c', 'a@x.nl', 'a@x.nl', 'active', 'nl', 1, "
	    "1)";
	if (db_exec(f->t.db, rows) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int r = testdb_close(&f->t);
	arena_free(f->a);
	free(f);
	return r;
}

static void store_refuses_a_step_twice(void **state)
{
	struct fixture *f = *state;
	struct totp_record t = {
	    .user_id = "u", .secret = "s1.sealed", .created_at = 1, .updated_at = 1};
	assert_int_equal(store_totp_put_pending(f->t.db, &t), 0);
	/* not confirmed: no step counts yet */
	assert_int_equal(store_totp_use_step(f->t.db, "u", 100, 2), -ENOENT);
	assert_int_equal(store_totp_confirm(f->t.db, "u", 100, 2), 0);
	assert_int_equal(store_totp_confirm(f->t.db, "u", 101, 2), -ENOENT);
	/* confirmed: a new enrolment does not overwrite it */
	assert_int_equal(store_totp_put_pending(f->t.db, &t), -ENOENT);
	struct totp_record got;
	assert_int_equal(store_totp_get(f->t.db, f->a, "u", &got), 0);
	assert_int_equal(got.last_step, 100);
	assert_true(got.confirmed_at == 2);
	assert_int_equal(store_totp_use_step(f->t.db, "u", 100, 3), -ENOENT); /* the confirm's */
	assert_int_equal(store_totp_use_step(f->t.db, "u", 99, 3), -ENOENT);  /* older */
	assert_int_equal(store_totp_use_step(f->t.db, "u", 101, 3), 0);
	assert_int_equal(store_totp_use_step(f->t.db, "u", 101, 3), -ENOENT); /* reused */
	assert_int_equal(store_totp_use_step(f->t.db, "u", 102, 4), 0);
	assert_int_equal(store_totp_delete(f->t.db, "u"), 0);
	assert_int_equal(store_totp_get(f->t.db, f->a, "u", &got), -ENOENT);
}

static void store_recovery_codes_once(void **state)
{
	struct fixture *f = *state;
	char *hashes[] = {"h1", "h2", "h3"};
	assert_int_equal(store_recovery_set(f->t.db, "u", hashes, 3, 1), 0);
	int64_t left = 0;
	assert_int_equal(store_recovery_count_unused(f->t.db, "u", &left), 0);
	assert_int_equal(left, 3);
	assert_int_equal(store_recovery_use(f->t.db, "u", "h2", 2), 0);
	assert_int_equal(store_recovery_use(f->t.db, "u", "h2", 3), -ENOENT);
	assert_int_equal(store_recovery_use(f->t.db, "u", "nope", 3), -ENOENT);
	assert_int_equal(store_recovery_count_unused(f->t.db, "u", &left), 0);
	assert_int_equal(left, 2);
	/* new codes replace the old ones, used or not */
	char *fresh[] = {"h9"};
	assert_int_equal(store_recovery_set(f->t.db, "u", fresh, 1, 4), 0);
	assert_int_equal(store_recovery_use(f->t.db, "u", "h1", 5), -ENOENT);
	assert_int_equal(store_recovery_count_unused(f->t.db, "u", &left), 0);
	assert_int_equal(left, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rfc6238_vectors),
	    cmocka_unit_test(window_is_one_step_either_side),
	    cmocka_unit_test(a_code_is_not_accepted_twice),
	    cmocka_unit_test(secrets_and_uri),
	    cmocka_unit_test(recovery_codes),
	    cmocka_unit_test(qr_as_svg),
	    cmocka_unit_test_setup_teardown(store_refuses_a_step_twice, setup, teardown),
	    cmocka_unit_test_setup_teardown(store_recovery_codes_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
