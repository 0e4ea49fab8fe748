/* totp.h: time-based one-time passwords (RFC 6238, through liboath) and the
 * single-use recovery codes that stand in for them.
 *
 * A TOTP secret is 160 random bits (RFC 4226's recommendation), handled as
 * base32 text (what authenticator apps take). Codes are 6 digits, 30-second
 * steps from the Unix epoch, HMAC-SHA1: the defaults every app understands.
 * A code is accepted one step either side of now, and only for a step later
 * than the last one accepted, so a code cannot be used twice.
 *
 * Recovery codes are 16 characters from a 31-letter alphabet without
 * look-alikes (~79 bits), shown as xxxx-xxxx-xxxx-xxxx. That is too much to
 * guess even against a fast hash, so they are stored as keyed BLAKE2b-256
 * (keyed with the user id, so equal codes of two users hash apart) rather
 * than argon2id, whose 19 MiB per try, times ten codes per sign-in attempt,
 * would be a denial of service waiting to happen. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;

#define TOTP_DIGITS 6
#define TOTP_STEP_S 30
#define TOTP_WINDOW 1 /* steps accepted either side of now */
#define TOTP_SECRET_BYTES 20
#define RECOVERY_CODES 10
#define RECOVERY_CODE_CHARS 16

enum totp_alg { TOTP_SHA1, TOTP_SHA256, TOTP_SHA512 };

/* A new random secret as base32 (32 characters, no padding), in a. */
char *totp_secret_new(struct arena *a);
/* The code of key (raw bytes) at time t with digits digits and alg, into
 * out (digits + 1 bytes). 0 or -EINVAL. For tests and the RFC vectors. */
int totp_generate(const unsigned char *key, size_t key_len, time_t t, unsigned digits,
                  enum totp_alg alg, char *out);
/* Whether code is a well-formed TOTP code (TOTP_DIGITS digits). */
bool totp_code_wellformed(const char *code);
/* Checks code against the base32 secret at time now, within the window,
 * for a step after last_step (-1: none yet). On success the code's time
 * step goes to *ret_step. -EACCES for a wrong code, -EALREADY for a right
 * one whose step is not after last_step (used already, or older than one
 * used), -EINVAL for a malformed secret. The decoded key is wiped. */
int totp_check(const char *secret_b32, time_t now, const char *code, int64_t last_step,
               int64_t *ret_step);
/* otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30,
 * with issuer and account percent-encoded, in a. */
char *totp_uri(struct arena *a, const char *issuer, const char *account, const char *secret_b32);

/* A new recovery code, xxxx-xxxx-xxxx-xxxx, in a. */
char *recovery_code_new(struct arena *a);
/* The stored form of a recovery code of user_id: the code normalized
 * (lower case, spaces and dashes dropped) and hashed with BLAKE2b-256 keyed
 * by the user id, as hex, in a; NULL when code cannot be a recovery code. */
char *recovery_code_hash(struct arena *a, const char *user_id, const char *code);

/* The QR code of text as a self-contained SVG document (black modules on
 * white, a quiet zone of four modules), in a; NULL when it does not fit. */
char *qr_svg(struct arena *a, const char *text);
