/* pwhash.c: the raw argon2id rate on this machine, the ceiling for sign-in.
 *
 * Hashes with crypto_pwhash_str_alg at exactly the server's parameters
 * (AUTH_PW_OPSLIMIT, AUTH_PW_MEMLIMIT from auth/auth.h) in THREADS threads
 * for SECONDS seconds and prints "hashes_per_s N". A sign-in verifies one
 * such hash (crypto_pwhash_str_verify recomputes it at the same cost). */
#include "auth/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds;
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
	long *count = arg;
	char out[crypto_pwhash_STRBYTES];
	const char *pw = "Bench-Password-1";
	double end = now() + seconds;
	while (now() < end) {
		if (crypto_pwhash_str_alg(out, pw, strlen(pw), AUTH_PW_OPSLIMIT, AUTH_PW_MEMLIMIT,
		                          crypto_pwhash_ALG_ARGON2ID13) != 0)
			return NULL;
		(*count)++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 1;
	seconds = argc > 2 ? atof(argv[2]) : 5;
	if (threads < 1 || threads > 256 || seconds <= 0 || sodium_init() < 0) {
		fprintf(stderr, "usage: pwhash THREADS SECONDS\n");
		return 2;
	}
	pthread_t *t = calloc((size_t)threads, sizeof(*t));
	long *counts = calloc((size_t)threads, sizeof(*counts));
	double t0 = now();
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, worker, &counts[i]);
	long total = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		total += counts[i];
	}
	double el = now() - t0;
	printf("hashes_per_s %.1f\nopslimit %d\nmemlimit %zu\nthreads %d\n", (double)total / el,
	       AUTH_PW_OPSLIMIT, AUTH_PW_MEMLIMIT, threads);
	free(t);
	free(counts);
	return 0;
}
