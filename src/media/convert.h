/* convert.h: an uploaded sound made into what telephony plays (issue 14,
 * section 1): decoded by libsndfile (WAV, FLAC, Ogg Vorbis and Opus, MP3),
 * mixed to mono, resampled by libsamplerate, and written as 16-bit PCM WAV
 * at 8 kHz (narrowband) and 16 kHz (wideband).
 *
 * The decoder is attack surface: the server runs this in a child process
 * with resource limits (media/isolate.h); the fuzz harness runs it in
 * process. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define MEDIA_RATE_NARROW 8000
#define MEDIA_RATE_WIDE 16000
/* Quieter than this (-60 dBFS) all the way through is silence. */
#define MEDIA_SILENCE_PEAK 0.001f

/* Why a sound was refused: its API reason code. */
enum media_fail {
	MEDIA_OK,
	MEDIA_NOT_AUDIO, /* "not_audio": nothing libsndfile decodes, or no sound in it */
	MEDIA_TOO_LONG,  /* "too_long": longer than the kind allows */
	MEDIA_SILENT,    /* "silent": nothing above MEDIA_SILENCE_PEAK */
	MEDIA_NO_MEMORY, /* the decoder ran out of memory */
};
const char *media_fail_code(enum media_fail f);
/* The reason for a code, or -1. */
int media_fail_find(const char *code);

struct media_sound {
	unsigned char *wav8, *wav16; /* WAV files (malloc), n8 and n16 bytes */
	size_t n8, n16;
	int64_t duration_ms;
	char format[48];    /* what it was: "FLAC", "OGG (Opus)", ... */
	int rate, channels; /* of the source */
};

/* Decodes the n bytes at in, at most max_seconds long, into *ret (free
 * with media_sound_free); MEDIA_OK or why not. */
enum media_fail media_convert(const void *in, size_t n, int max_seconds, struct media_sound *ret);
void media_sound_free(struct media_sound *s);
/* The n samples at in (mono, at rate, in -1..1) as a 16-bit PCM WAV file
 * (malloc) into *ret, *ret_n; 0 or -ENOMEM. */
int media_wav_write(const float *in, size_t n, int rate, unsigned char **ret, size_t *ret_n);
