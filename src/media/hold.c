/* hold.c: the default hold tune, and the files rtpengine plays (see
 * hold.h). */
#include "media/hold.h"

#include "media/convert.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TUNE_RATE MEDIA_RATE_WIDE
#define NOTE_SECONDS 0.3
#define NOTES_PER_CHORD 8
#define RING_SECONDS 1.5 /* how long a plucked note sounds */

/* C, Am, F, G: each chord's notes from low to high, in Hz */
static const double chords[][4] = {
    {261.63, 329.63, 392.00, 523.25},
    {220.00, 261.63, 329.63, 440.00},
    {174.61, 220.00, 261.63, 349.23},
    {196.00, 246.94, 293.66, 392.00},
};
/* the arpeggio: which note of the chord each eighth plays */
static const int pattern[NOTES_PER_CHORD] = {0, 1, 2, 3, 2, 1, 2, 1};

/* A plucked note at f from sample at, for RING_SECONDS: a fast attack and
 * an exponential decay, with a little of its octave for warmth. Its tail
 * wraps around to the beginning, so the tune loops without a seam. */
static void pluck(float *out, size_t n, size_t at, double f, double gain)
{
	size_t len = (size_t)(RING_SECONDS * TUNE_RATE);
	for (size_t i = 0; i < len; i++) {
		double t = (double)i / TUNE_RATE;
		double env = fmin(1.0, t / 0.008) * exp(-3.2 * t);
		double w = sin(2 * M_PI * f * t) + 0.25 * sin(4 * M_PI * f * t);
		out[(at + i) % n] += (float)(gain * env * w);
	}
}

/* The chord's three lowest notes an octave down, swelling in and out over
 * its whole length. */
static void pad(float *out, size_t at, size_t len, const double *notes)
{
	for (size_t i = 0; i < len; i++) {
		double t = (double)i / TUNE_RATE;
		double env = sin(M_PI * (double)i / (double)len);
		double w = 0;
		for (int k = 0; k < 3; k++)
			w += sin(M_PI * notes[k] * t);
		out[at + i] += (float)(0.05 * env * env * w);
	}
}

int hold_tune(unsigned char **ret, size_t *ret_n)
{
	size_t note = (size_t)(NOTE_SECONDS * TUNE_RATE), chord = note * NOTES_PER_CHORD;
	size_t n_chords = sizeof(chords) / sizeof(chords[0]);
	size_t n = 2 * n_chords * chord; /* the progression twice, the second softer */
	float *s = calloc(n, sizeof(float));
	if (!s)
		return -ENOMEM;
	for (size_t c = 0; c < 2 * n_chords; c++) {
		const double *notes = chords[c % n_chords];
		double gain = c < n_chords ? 0.30 : 0.24;
		pad(s, c * chord, chord, notes);
		for (int k = 0; k < NOTES_PER_CHORD; k++)
			pluck(s, n, c * chord + (size_t)k * note, notes[pattern[k]], gain);
	}
	float peak = 0;
	for (size_t i = 0; i < n; i++)
		peak = fmaxf(peak, fabsf(s[i]));
	for (size_t i = 0; i < n; i++)
		s[i] *= 0.5f / peak; /* -6 dBFS: no clipping in a codec */
	int r = media_wav_write(s, n, TUNE_RATE, ret, ret_n);
	free(s);
	return r;
}

int hold_file_ready(const char *dir, const char *name)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return 0;
	return access(path, R_OK) == 0;
}

int hold_default_keep(const char *dir)
{
	if (hold_file_ready(dir, HOLD_DEFAULT_NAME))
		return 0;
	unsigned char *wav;
	size_t n;
	int r = hold_tune(&wav, &n);
	if (r == 0) {
		r = hold_file_put(dir, HOLD_DEFAULT_NAME, wav, n);
		free(wav);
	}
	return r;
}

int hold_file_put(const char *dir, const char *name, const void *data, size_t n)
{
	char path[4096], tmp[4096];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	int fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	int r = 0;
	const unsigned char *p = data;
	while (r == 0 && n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno != EINTR)
			r = -errno;
		else if (w > 0) {
			p += w;
			n -= (size_t)w;
		}
	}
	/* rtpengine may run as a user of its own */
	if (r == 0 && fchmod(fd, 0644) != 0)
		r = -errno;
	if (close(fd) != 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) != 0)
		r = -errno;
	if (r != 0)
		unlink(tmp);
	return r;
}
