/* digest.c: HA1 for SIP digest authentication, MD5 from OpenSSL's libcrypto. */
#include "auth/digest.h"
#include "base/util.h"

#include <errno.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <string.h>

int digest_ha1(const char *username, const char *realm, const char *secret,
               char out[static DIGEST_HA1_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) &&
	         EVP_DigestUpdate(ctx, username, strlen(username)) &&
	         EVP_DigestUpdate(ctx, ":", 1) && EVP_DigestUpdate(ctx, realm, strlen(realm)) &&
	         EVP_DigestUpdate(ctx, ":", 1) && EVP_DigestUpdate(ctx, secret, strlen(secret)) &&
	         EVP_DigestFinal_ex(ctx, md, &n) && n == 16;
	/* The context held the secret. */
	EVP_MD_CTX_free(ctx);
	if (ok)
		hex_encode(md, 16, out);
	sodium_memzero(md, sizeof(md));
	return ok ? 0 : -EIO;
}
