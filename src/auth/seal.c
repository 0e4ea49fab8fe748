/* seal.c: secrets encrypted at rest with the key file (libsodium secretbox). */
#include "auth/seal.h"
#include "base/arena.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEAL_PREFIX "s1."

static int read_key(int fd, struct seal_key *ret)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_size != (off_t)sizeof(ret->k) || (st.st_mode & 0077))
		return -EINVAL;
	size_t got = 0;
	while (got < sizeof(ret->k)) {
		ssize_t n = read(fd, ret->k + got, sizeof(ret->k) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EINVAL;
		got += (size_t)n;
	}
	return 0;
}

static int create_key(const char *path, struct seal_key *ret)
{
	/* O_EXCL: two processes starting at once agree on the first one's key. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	struct seal_key k;
	crypto_secretbox_keygen(k.k);
	size_t put = 0;
	int r = 0;
	while (put < sizeof(k.k)) {
		ssize_t n = write(fd, k.k + put, sizeof(k.k) - put);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? -errno : -EIO;
			break;
		}
		put += (size_t)n;
	}
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	close(fd);
	if (r < 0) {
		unlink(path);
		sodium_memzero(&k, sizeof(k));
		return r;
	}
	*ret = k;
	sodium_memzero(&k, sizeof(k));
	return 0;
}

int seal_key_load(const char *path, bool create, struct seal_key *ret)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			struct seal_key k;
			int r = read_key(fd, &k);
			close(fd);
			if (r == 0)
				*ret = k;
			sodium_memzero(&k, sizeof(k));
			return r;
		}
		if (errno != ENOENT || !create)
			return -errno;
		int r = create_key(path, ret);
		if (r != -EEXIST)
			return r;
		/* Somebody else made it between our open and our create: read theirs. */
	}
	return -EEXIST;
}

void seal_key_release(struct seal_key *k)
{
	if (k)
		sodium_memzero(k, sizeof(*k));
}

char *seal_encrypt(struct arena *a, const struct seal_key *k, const char *plain)
{
	size_t pl = strlen(plain);
	size_t n = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + pl;
	unsigned char *raw = arena_alloc(a, n);
	randombytes_buf(raw, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(raw + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, pl,
	                      raw, k->k);
	return arena_printf(a, SEAL_PREFIX "%s", b64url(a, raw, n));
}

int seal_decrypt(struct arena *a, const struct seal_key *k, const char *sealed, char **ret)
{
	size_t pre = strlen(SEAL_PREFIX);
	if (!sealed || strncmp(sealed, SEAL_PREFIX, pre) != 0)
		return -EBADMSG;
	const char *b64 = sealed + pre;
	size_t cap = strlen(b64), n = 0;
	unsigned char *raw = arena_alloc(a, cap + 1);
	if (sodium_base642bin(raw, cap, b64, cap, NULL, &n, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return -EBADMSG;
	size_t pl = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *out = arena_alloc(a, pl + 1);
	if (crypto_secretbox_open_easy((unsigned char *)out, raw + crypto_secretbox_NONCEBYTES,
	                               n - crypto_secretbox_NONCEBYTES, raw, k->k) != 0)
		return -EBADMSG;
	out[pl] = 0;
	*ret = out;
	return 0;
}
