/* auth.c: password hashing, tokens and CSRF tokens with libsodium. */
#include "auth/auth.h"
#include "base/arena.h"
#include "base/util.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

/* At most one argon2id computation per core at a time: each takes
 * AUTH_PW_MEMLIMIT (19 MiB) while it runs, and more of them than cores
 * would only share the cores, so this bounds the memory of concurrent
 * sign-ins without slowing them down. */
static pthread_mutex_t pw_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pw_cond = PTHREAD_COND_INITIALIZER;
static long pw_running, pw_max;

static void pw_enter(void)
{
	pthread_mutex_lock(&pw_lock);
	if (pw_max == 0) {
		pw_max = sysconf(_SC_NPROCESSORS_ONLN);
		if (pw_max < 1)
			pw_max = 1;
	}
	while (pw_running >= pw_max)
		pthread_cond_wait(&pw_cond, &pw_lock);
	pw_running++;
	pthread_mutex_unlock(&pw_lock);
}

static void pw_leave(void)
{
	pthread_mutex_lock(&pw_lock);
	pw_running--;
	pthread_cond_signal(&pw_cond);
	pthread_mutex_unlock(&pw_lock);
}

int auth_password_hash(struct arena *a, const char *pw, char **ret)
{
	char out[crypto_pwhash_STRBYTES];
	pw_enter();
	int rc = crypto_pwhash_str_alg(out, pw, strlen(pw), AUTH_PW_OPSLIMIT, AUTH_PW_MEMLIMIT,
	                               crypto_pwhash_ALG_ARGON2ID13);
	pw_leave();
	if (rc != 0)
		return -ENOMEM;
	*ret = arena_strdup(a, out);
	return 0;
}

int auth_password_verify(const char *hash, const char *pw)
{
	if (!hash || !pw)
		return -EACCES;
	pw_enter();
	int rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
	pw_leave();
	return rc == 0 ? 0 : -EACCES;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	unsigned char r[24];
	char pw[64];
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(pw, sizeof(pw), r, sizeof(r));
	if (crypto_pwhash_str_alg(dummy_hash, pw, strlen(pw), AUTH_PW_OPSLIMIT, AUTH_PW_MEMLIMIT,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		dummy_hash[0] = 0; /* then verification simply fails, as it should */
	sodium_memzero(pw, sizeof(pw));
}

const char *auth_password_dummy_hash(void)
{
	pthread_once(&dummy_once, dummy_init);
	return dummy_hash;
}

void auth_token_new(struct arena *a, char **ret_token, char **ret_hash)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	*ret_token = b64url(a, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	*ret_hash = auth_token_hash(a, *ret_token);
}

char *auth_token_hash(struct arena *a, const char *token)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	char *out = arena_alloc(a, 65);
	hex_encode(h, sizeof(h), out);
	return out;
}

char *auth_csrf_token(struct arena *a, const char *session_token)
{
	unsigned char key[32], h[24];
	/* Key the hash with the session token's own hash so the CSRF token
	 * reveals nothing about the session token. */
	crypto_generichash(key, sizeof(key), (const unsigned char *)session_token,
	                   strlen(session_token), NULL, 0);
	crypto_generichash(h, sizeof(h), (const unsigned char *)"switchboard-csrf", 16, key,
	                   sizeof(key));
	sodium_memzero(key, sizeof(key));
	return b64url(a, h, sizeof(h));
}

bool auth_str_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}

char *auth_password_generate(struct arena *a)
{
	/* 16 characters from an alphabet without look-alikes, then one of
	 * each required class in random places: ~90 bits. */
	static const char alpha[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char *pw = arena_alloc(a, 20);
	for (int i = 0; i < 16; i++)
		pw[i] = alpha[randombytes_uniform(sizeof(alpha) - 1)];
	pw[randombytes_uniform(16)] = (char)('a' + randombytes_uniform(26));
	pw[16] = (char)('A' + randombytes_uniform(26));
	pw[17] = (char)('2' + randombytes_uniform(8));
	pw[18] = "-_.!"[randombytes_uniform(4)];
	return pw;
}
