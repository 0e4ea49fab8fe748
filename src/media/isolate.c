/* isolate.c: the decoder's and espeak-ng's child processes (see
 * isolate.h). */
#include "media/isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* How long a child may take in all, and of the CPU. */
#define WALL_MS 30000
#define CPU_SECONDS 20
/* The decoder's address space: a 15-minute 384 kHz upload fits. Not under
 * AddressSanitizer, whose shadow memory needs terabytes of it. */
#define AS_BYTES (1536ull * 1024 * 1024)
/* What a child may answer. */
#define OUT_MAX (64u * 1024 * 1024)

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs argv (a path, or a name looked up in PATH with search) with in on
 * its stdin; its stdout into *ret (malloc), *ret_n. 0 when it exited 0;
 * -ETIMEDOUT, -E2BIG (it said too much), -ECHILD (it failed or was
 * killed), or -errno of starting it. */
static int run(const char *const argv[], bool search, const void *in, size_t n, unsigned char **ret,
               size_t *ret_n)
{
	int to[2], from[2];
	if (pipe2(to, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(from, O_CLOEXEC) < 0) {
		int e = errno;
		close(to[0]);
		close(to[1]);
		return -e;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, to[0], 0);
	posix_spawn_file_actions_adddup2(&fa, from[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	pid_t pid;
	int r = (search ? posix_spawnp : posix_spawn)(&pid, argv[0], &fa, NULL, (char *const *)argv,
	                                              environ);
	posix_spawn_file_actions_destroy(&fa);
	close(to[0]);
	close(from[1]);
	if (r != 0) {
		close(to[1]);
		close(from[0]);
		return -r;
	}
	fcntl(to[1], F_SETFL, O_NONBLOCK);
	size_t sent = 0, got = 0, cap = 65536;
	unsigned char *out = malloc(cap);
	int64_t deadline = now_ms() + WALL_MS;
	int wfd = to[1];
	r = out ? 0 : -ENOMEM;
	if (n == 0) {
		close(wfd);
		wfd = -1;
	}
	while (r == 0) {
		struct pollfd p[2] = {{from[0], POLLIN, 0}, {wfd, POLLOUT, 0}};
		int64_t left = deadline - now_ms();
		if (left <= 0) {
			r = -ETIMEDOUT;
			break;
		}
		if (poll(p, wfd >= 0 ? 2 : 1, (int)left) < 0) {
			if (errno != EINTR)
				r = -errno;
			continue;
		}
		if (wfd >= 0 && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = write(wfd, (const char *)in + sent, n - sent);
			if (w > 0)
				sent += (size_t)w;
			if (w < 0 && errno != EAGAIN && errno != EINTR)
				sent = n; /* it stopped reading: its answer says why */
			if (sent == n) {
				close(wfd);
				wfd = -1;
			}
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (got == cap) {
				if (cap >= OUT_MAX) {
					r = -E2BIG;
					break;
				}
				unsigned char *more = realloc(out, cap * 2);
				if (!more) {
					r = -ENOMEM;
					break;
				}
				out = more;
				cap *= 2;
			}
			ssize_t k = read(from[0], out + got, cap - got);
			if (k == 0)
				break; /* it closed its stdout: done */
			if (k > 0)
				got += (size_t)k;
			else if (errno != EINTR && errno != EAGAIN)
				r = -errno;
		}
	}
	if (wfd >= 0)
		close(wfd);
	close(from[0]);
	if (r < 0)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (r == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		r = -ECHILD;
	if (r < 0) {
		free(out);
		return r;
	}
	*ret = out;
	*ret_n = got;
	return 0;
}

int media_convert_isolated(const void *in, size_t n, int max_seconds, struct media_sound *ret,
                           enum media_fail *ret_fail)
{
	char self[4096], secs[16];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0)
		return -errno;
	self[len] = 0;
	snprintf(secs, sizeof(secs), "%d", max_seconds);
	const char *argv[] = {self, "media-convert", "--max-seconds", secs, NULL};
	unsigned char *out;
	size_t got;
	memset(ret, 0, sizeof(*ret));
	int r = run(argv, false, in, n, &out, &got);
	if (r == -ETIMEDOUT || r == -ECHILD || r == -E2BIG) {
		*ret_fail = MEDIA_NOT_AUDIO; /* the decoder gave up on it */
		return 0;
	}
	if (r < 0)
		return r;
	/* "OK ms n8 n16 rate channels format\n" and the two files, or
	 * "FAIL code\n" */
	unsigned char *nl = memchr(out, '\n', got < 256 ? got : 256);
	char head[257] = "";
	if (nl)
		memcpy(head, out, (size_t)(nl - out));
	long long ms;
	size_t n8, n16;
	int rate, ch, used = 0;
	char code[32];
	*ret_fail = MEDIA_NOT_AUDIO;
	if (nl &&
	    sscanf(head, "OK %lld %zu %zu %d %d %n", &ms, &n8, &n16, &rate, &ch, &used) == 5 &&
	    used > 0 && (size_t)(nl + 1 - out) + n8 + n16 == got &&
	    (ret->wav8 = malloc(n8 ? n8 : 1)) && (ret->wav16 = malloc(n16 ? n16 : 1))) {
		memcpy(ret->wav8, nl + 1, n8);
		memcpy(ret->wav16, nl + 1 + n8, n16);
		ret->n8 = n8;
		ret->n16 = n16;
		ret->duration_ms = ms;
		ret->rate = rate;
		ret->channels = ch;
		snprintf(ret->format, sizeof(ret->format), "%s", head + used);
		*ret_fail = MEDIA_OK;
	} else if (nl && sscanf(head, "FAIL %31s", code) == 1 && media_fail_find(code) > 0) {
		*ret_fail = (enum media_fail)media_fail_find(code);
		media_sound_free(ret);
	} else {
		media_sound_free(ret);
	}
	free(out);
	return 0;
}

int media_speak(const char *text, const char *lang, unsigned char **ret, size_t *ret_n)
{
	const char *argv[] = {"espeak-ng", "-v", lang, "--stdout", NULL};
	int r = run(argv, true, text, strlen(text), ret, ret_n);
	if (r == 0 && *ret_n < 44) {
		free(*ret);
		r = -ECHILD;
	}
	return r;
}

/* ---- the child ----------------------------------------------------------------- */

static void limit(int what, rlim_t v)
{
	struct rlimit l = {v, v};
	setrlimit(what, &l);
}

static int write_all(int fd, const void *p, size_t n)
{
	for (size_t done = 0; done < n;) {
		ssize_t w = write(fd, (const char *)p + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

int cmd_media_convert(int argc, char **argv)
{
	int max_seconds = argc == 2 && strcmp(argv[0], "--max-seconds") == 0 ? atoi(argv[1]) : 0;
	if (max_seconds <= 0 || max_seconds > 3600) {
		fputs("usage: switchboard media-convert --max-seconds N (the server runs it)\n",
		      stderr);
		return 2;
	}
	/* before a byte of the upload is looked at */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	limit(RLIMIT_CPU, CPU_SECONDS);
	limit(RLIMIT_FSIZE, 0);
	limit(RLIMIT_NOFILE, 16);
	limit(RLIMIT_CORE, 0);
#ifndef UNDER_ASAN
	limit(RLIMIT_AS, AS_BYTES);
#endif
	size_t cap = MEDIA_UPLOAD_MAX + 1, n = 0;
	unsigned char *in = malloc(cap);
	if (!in)
		return 1;
	ssize_t k;
	while (n < cap && ((k = read(0, in + n, cap - n)) > 0 || (k < 0 && errno == EINTR)))
		n += k > 0 ? (size_t)k : 0;
	struct media_sound s;
	enum media_fail f =
	    n > MEDIA_UPLOAD_MAX ? MEDIA_NOT_AUDIO : media_convert(in, n, max_seconds, &s);
	free(in);
	char head[160];
	int r;
	if (f == MEDIA_OK) {
		int len =
		    snprintf(head, sizeof(head), "OK %lld %zu %zu %d %d %s\n",
		             (long long)s.duration_ms, s.n8, s.n16, s.rate, s.channels, s.format);
		r = write_all(1, head, (size_t)len) || write_all(1, s.wav8, s.n8) ||
		    write_all(1, s.wav16, s.n16);
		media_sound_free(&s);
	} else {
		int len = snprintf(head, sizeof(head), "FAIL %s\n", media_fail_code(f));
		r = write_all(1, head, (size_t)len);
	}
	return r ? 1 : 0;
}
