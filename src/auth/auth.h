/* auth.h: secrets: password hashing, random tokens and their hashes.
 *
 * Passwords and PINs are hashed with argon2id (libsodium). Tokens (sessions,
 * invitation and reset links) are 256-bit random values given to the client
 * once; only their BLAKE2b hash is stored. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct arena;

/* argon2id parameters: t=2 passes, m=19 MiB (OWASP's minimum for argon2id).
 * Tests and benchmarks report against a raw hash at the same cost. */
#define AUTH_PW_OPSLIMIT 2
#define AUTH_PW_MEMLIMIT ((size_t)19 * 1024 * 1024)

/* Hashes pw into a (the encoded argon2id string). -ENOMEM on failure. */
int auth_password_hash(struct arena *a, const char *pw, char **ret);
/* 0 when pw matches hash, -EACCES when it does not. */
int auth_password_verify(const char *hash, const char *pw);
/* A hash of a password nobody knows, so that a sign-in for an unknown login
 * costs as much as one for a known login. */
const char *auth_password_dummy_hash(void);

/* A new random token (base64url, 43 chars) and its stored hash, in a. */
void auth_token_new(struct arena *a, char **ret_token, char **ret_hash);
/* The stored form of a token: hex BLAKE2b-256. */
char *auth_token_hash(struct arena *a, const char *token);
/* The CSRF token bound to a session token (derived, not stored). */
char *auth_csrf_token(struct arena *a, const char *session_token);
/* Constant-time comparison of two NUL-terminated strings. */
bool auth_str_equal(const char *a, const char *b);
/* A random password that meets every default rule, for init and tests. */
char *auth_password_generate(struct arena *a);
