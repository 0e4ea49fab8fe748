/* totp.c: TOTP codes through liboath, recovery codes, and the otpauth URI. */
#include "auth/totp.h"
#include "base/arena.h"
#include "base/util.h"

#include <ctype.h>
#include <errno.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void oath_setup(void)
{
	oath_init(); /* liboath wants it first; it cannot fail in a way we could mend */
}

char *totp_secret_new(struct arena *a)
{
	pthread_once(&oath_once, oath_setup);
	unsigned char raw[TOTP_SECRET_BYTES];
	randombytes_buf(raw, sizeof(raw));
	char *b32 = NULL;
	size_t n = 0;
	int r = oath_base32_encode((const char *)raw, sizeof(raw), &b32, &n);
	sodium_memzero(raw, sizeof(raw));
	if (r != OATH_OK || !b32)
		abort(); /* out of memory: like arena_alloc */
	char *out = arena_strndup(a, b32, n);
	sodium_memzero(b32, n);
	free(b32);
	/* 20 bytes are 32 base32 characters exactly: no padding to strip. */
	return out;
}

static int oath_flags(enum totp_alg alg)
{
	return alg == TOTP_SHA256   ? OATH_TOTP_HMAC_SHA256
	       : alg == TOTP_SHA512 ? OATH_TOTP_HMAC_SHA512
	                            : 0;
}

int totp_generate(const unsigned char *key, size_t key_len, time_t t, unsigned digits,
                  enum totp_alg alg, char *out)
{
	pthread_once(&oath_once, oath_setup);
	int r = oath_totp_generate2((const char *)key, key_len, t, TOTP_STEP_S,
	                            OATH_TOTP_DEFAULT_START_TIME, digits, oath_flags(alg), out);
	return r == OATH_OK ? 0 : -EINVAL;
}

bool totp_code_wellformed(const char *code)
{
	if (!code || strlen(code) != TOTP_DIGITS)
		return false;
	for (const char *p = code; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

int totp_check(const char *secret_b32, time_t now, const char *code, int64_t last_step,
               int64_t *ret_step)
{
	pthread_once(&oath_once, oath_setup);
	if (!totp_code_wellformed(code))
		return -EACCES;
	char *key = NULL;
	size_t key_len = 0;
	if (!secret_b32 ||
	    oath_base32_decode(secret_b32, strlen(secret_b32), &key, &key_len) != OATH_OK)
		return -EINVAL;
	int pos = 0;
	uint64_t step = 0;
	int r = oath_totp_validate3(key, key_len, now, TOTP_STEP_S, OATH_TOTP_DEFAULT_START_TIME,
	                            TOTP_WINDOW, &pos, &step, code);
	sodium_memzero(key, key_len);
	free(key);
	if (r < 0)
		return -EACCES;
	/* liboath searches now first, then one step ahead and behind; the
	 * step it reports is the one that matched. */
	if ((int64_t)step <= last_step)
		return -EALREADY;
	*ret_step = (int64_t)step;
	return 0;
}

/* Percent-encodes everything but unreserved characters (RFC 3986). */
static char *pct(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, 3 * strlen(s) + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || strchr("-._~", *p)) {
			*o++ = (char)*p;
		} else {
			static const char hex[] = "0123456789ABCDEF";
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = 0;
	return out;
}

char *totp_uri(struct arena *a, const char *issuer, const char *account, const char *secret_b32)
{
	const char *i = pct(a, issuer);
	return arena_printf(a,
	                    "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d"
	                    "&period=%d",
	                    i, pct(a, account), secret_b32, i, TOTP_DIGITS, TOTP_STEP_S);
}

/* No 0/o, 1/l/i: read off a screen or paper without doubt. 31 letters. */
static const char recovery_alpha[] = "abcdefghjkmnpqrstuvwxyz23456789";

char *recovery_code_new(struct arena *a)
{
	char *out = arena_alloc(a, RECOVERY_CODE_CHARS + RECOVERY_CODE_CHARS / 4);
	char *o = out;
	for (int i = 0; i < RECOVERY_CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			*o++ = '-';
		*o++ = recovery_alpha[randombytes_uniform(sizeof(recovery_alpha) - 1)];
	}
	*o = 0;
	return out;
}

char *recovery_code_hash(struct arena *a, const char *user_id, const char *code)
{
	char norm[RECOVERY_CODE_CHARS + 1];
	size_t n = 0;
	for (const char *p = code ? code : ""; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		char ch = (char)tolower((unsigned char)*p);
		if (n == RECOVERY_CODE_CHARS || !strchr(recovery_alpha, ch) || !ch)
			return NULL;
		norm[n++] = ch;
	}
	if (n != RECOVERY_CODE_CHARS)
		return NULL;
	unsigned char key[crypto_generichash_KEYBYTES], h[32];
	crypto_generichash(key, sizeof(key), (const unsigned char *)user_id, strlen(user_id), NULL,
	                   0);
	crypto_generichash(h, sizeof(h), (const unsigned char *)norm, n, key, sizeof(key));
	sodium_memzero(norm, sizeof(norm));
	char *out = arena_alloc(a, 2 * sizeof(h) + 1);
	hex_encode(h, sizeof(h), out);
	return out;
}
