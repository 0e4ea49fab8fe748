/* test_seal.c: secrets sealed with the key file: round trip, another key or
 * an altered value refused, and the key file made private, reused, and
 * refused when it is the wrong size or readable by others. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/seal.h"
#include "base/arena.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sb-seal-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char p[128];
	snprintf(p, sizeof(p), "%s/key", dir);
	unlink(p);
	return rmdir(dir);
}

static void round_trip(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct seal_key k, other;
	crypto_secretbox_keygen(k.k);
	crypto_secretbox_keygen(other.k);
	const char *secret = "Xy7!q0v9W2mR4tL8pZ1s";
	char *s1 = seal_encrypt(a, &k, secret), *s2 = seal_encrypt(a, &k, secret), *out = NULL;
	assert_non_null(strstr(s1, "s1."));
	assert_null(strstr(s1, secret));
	assert_string_not_equal(s1, s2); /* a fresh nonce every time */
	assert_int_equal(seal_decrypt(a, &k, s1, &out), 0);
	assert_string_equal(out, secret);
	assert_int_equal(seal_decrypt(a, &other, s1, &out), -EBADMSG);
	char *bent = arena_strdup(a, s1);
	size_t n = strlen(bent);
	bent[n - 2] = bent[n - 2] == 'A' ? 'B' : 'A';
	assert_int_equal(seal_decrypt(a, &k, bent, &out), -EBADMSG);
	assert_int_equal(seal_decrypt(a, &k, "plain", &out), -EBADMSG);
	assert_int_equal(seal_decrypt(a, &k, "s1.", &out), -EBADMSG);
	assert_int_equal(seal_decrypt(a, &k, "", &out), -EBADMSG);
	assert_int_equal(seal_decrypt(a, &k, "s1.!!!", &out), -EBADMSG);
	/* the empty secret round-trips too */
	assert_int_equal(seal_decrypt(a, &k, seal_encrypt(a, &k, ""), &out), 0);
	assert_string_equal(out, "");
	arena_free(a);
}

static void key_file(void **state)
{
	(void)state;
	char p[128];
	snprintf(p, sizeof(p), "%s/key", dir);
	struct seal_key k1, k2;
	assert_int_equal(seal_key_load(p, false, &k1), -ENOENT);
	assert_int_equal(seal_key_load(p, true, &k1), 0);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	assert_int_equal(seal_key_load(p, true, &k2), 0);
	assert_memory_equal(k1.k, k2.k, sizeof(k1.k)); /* made once, then reused */
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(seal_key_load(p, false, &k2), -EINVAL);
	assert_int_equal(chmod(p, 0600), 0);
	assert_int_equal(truncate(p, 31), 0);
	assert_int_equal(seal_key_load(p, false, &k2), -EINVAL);
	seal_key_release(&k1);
	seal_key_release(&k2);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(round_trip),
	    cmocka_unit_test_setup_teardown(key_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
