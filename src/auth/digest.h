/* digest.h: HTTP/SIP digest authentication (RFC 2617, RFC 3261 section 22).
 *
 * A SIP server that checks a digest response needs HA1 = MD5(username ":"
 * realm ":" secret) and nothing else, so HA1 is what is stored for it. MD5 is
 * what every SIP phone speaks; libsodium has none, so this takes it from
 * OpenSSL's libcrypto (EVP). HA1 stands in for the secret within its realm:
 * keep it as secret as the secret itself. */
#pragma once

#define DIGEST_HA1_LEN 32 /* lower-case hex, without the NUL */

/* Writes the lower-case hex HA1 of username, realm and secret into out.
 * 0, or -EIO when libcrypto fails (MD5 unavailable, e.g. a FIPS-only
 * configuration). */
int digest_ha1(const char *username, const char *realm, const char *secret,
               char out[static DIGEST_HA1_LEN + 1]);
