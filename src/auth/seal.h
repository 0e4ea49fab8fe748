/* seal.h: secrets the platform must be able to read back (SIP secrets for
 * device provisioning, TOTP seeds), encrypted at rest with a key that lives in
 * a file outside the database, so a copy of the database alone reveals none of
 * them. libsodium secretbox: XSalsa20-Poly1305, a fresh random nonce per value.
 *
 * Several nodes sharing one PostgreSQL must be given the same key file. */
#pragma once
#include <sodium.h>
#include <stdbool.h>

struct arena;

struct seal_key {
	unsigned char k[crypto_secretbox_KEYBYTES];
};

/* Reads the 32-byte key from path; when the file does not exist and create is
 * true, makes a new random one (mode 0600). -errno on failure, -EINVAL when
 * the file is not a key (wrong size) or is readable by others. */
int seal_key_load(const char *path, bool create, struct seal_key *ret);
/* Wipes the key. */
void seal_key_release(struct seal_key *k);
/* plain sealed as "s1.<base64url(nonce || box)>", in a. */
char *seal_encrypt(struct arena *a, const struct seal_key *k, const char *plain);
/* The plaintext of a value made by seal_encrypt, in a; -EBADMSG when it was
 * sealed with another key or altered. */
int seal_decrypt(struct arena *a, const struct seal_key *k, const char *sealed, char **ret);
