/* test_media.c: the sound converter (media/convert.c) on what libsndfile
 * writes here: FLAC, Ogg Vorbis, Ogg Opus and MP3 become 16-bit mono WAV at
 * 8 and 16 kHz of the same length; silence, a sound too long and bytes
 * that are no sound are refused with their reason. The default hold tune
 * (media/hold.c) is a sound the converter takes, and the files rtpengine
 * plays are written whole or not at all. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "media/convert.h"
#include "media/hold.h"

#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

struct buf {
	unsigned char *p;
	sf_count_t len, pos, cap;
};

static sf_count_t b_len(void *u)
{
	return ((struct buf *)u)->len;
}
static sf_count_t b_tell(void *u)
{
	return ((struct buf *)u)->pos;
}
static sf_count_t b_seek(sf_count_t off, int whence, void *u)
{
	struct buf *b = u;
	b->pos = whence == SEEK_SET ? off : whence == SEEK_CUR ? b->pos + off : b->len + off;
	return b->pos;
}
static sf_count_t b_read(void *ptr, sf_count_t n, void *u)
{
	struct buf *b = u;
	if (n > b->len - b->pos)
		n = b->len - b->pos;
	memcpy(ptr, b->p + b->pos, (size_t)n);
	b->pos += n;
	return n;
}
static sf_count_t b_write(const void *ptr, sf_count_t n, void *u)
{
	struct buf *b = u;
	if (b->pos + n > b->cap) {
		b->cap = (b->pos + n) * 2;
		b->p = realloc(b->p, (size_t)b->cap);
		assert_non_null(b->p);
	}
	memcpy(b->p + b->pos, ptr, (size_t)n);
	b->pos += n;
	if (b->pos > b->len)
		b->len = b->pos;
	return n;
}
static SF_VIRTUAL_IO io = {b_len, b_seek, b_read, b_write, b_tell};

/* seconds of a 440 Hz tone (amplitude 0: silence) at rate, stereo, in format. */
static struct buf sound(int format, int rate, double seconds, float amplitude)
{
	struct buf b = {0};
	SF_INFO info = {.samplerate = rate, .channels = 2, .format = format};
	SNDFILE *sf = sf_open_virtual(&io, SFM_WRITE, &info, &b);
	if (!sf)
		fail_msg("libsndfile cannot write format %x: %s", format, sf_strerror(NULL));
	sf_count_t frames = (sf_count_t)(seconds * rate);
	float *pcm = malloc(sizeof(float) * 2 * (size_t)frames);
	for (sf_count_t i = 0; i < frames; i++)
		pcm[2 * i] = pcm[2 * i + 1] =
		    amplitude * sinf(2.0f * 3.14159265f * 440.0f * (float)i / (float)rate);
	assert_int_equal(sf_writef_float(sf, pcm, frames), frames);
	free(pcm);
	sf_close(sf);
	return b;
}

/* A canonical WAV header's sample rate, channels and bits. */
static void wav_is(const unsigned char *w, size_t n, int rate)
{
	assert_true(n > 44);
	assert_memory_equal(w, "RIFF", 4);
	assert_memory_equal(w + 8, "WAVE", 4);
	assert_int_equal(w[22] | w[23] << 8, 1);                                          /* mono */
	assert_int_equal(w[24] | w[25] << 8 | w[26] << 16 | (unsigned)w[27] << 24, rate); /* rate */
	assert_int_equal(w[34] | w[35] << 8, 16);                                         /* bits */
}

static void converts(int format, const char *name, int64_t slack_ms)
{
	struct buf b = sound(format, 48000, 1.0, 0.5f);
	struct media_sound s;
	assert_int_equal(media_convert(b.p, (size_t)b.len, 120, &s), MEDIA_OK);
	if (llabs(s.duration_ms - 1000) > slack_ms)
		fail_msg("%s: %lld ms", name, (long long)s.duration_ms);
	assert_non_null(strstr(s.format, name));
	wav_is(s.wav8, s.n8, 8000);
	wav_is(s.wav16, s.n16, 16000);
	/* 2 bytes a sample, one channel: the data is the duration */
	assert_true(llabs((long long)(s.n16 - 44) / 32 - s.duration_ms) <= 2);
	media_sound_free(&s);
	free(b.p);
}

static void formats(void **state)
{
	(void)state;
	converts(SF_FORMAT_WAV | SF_FORMAT_PCM_16, "WAV", 0);
	converts(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, "FLAC", 0);
	converts(SF_FORMAT_OGG | SF_FORMAT_VORBIS, "OGG", 50);
	converts(SF_FORMAT_OGG | SF_FORMAT_OPUS, "Opus", 50);
	converts(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, "MPEG", 100);
}

static void refused(void **state)
{
	(void)state;
	struct media_sound s;
	struct buf quiet = sound(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1.0, 0.0f);
	assert_int_equal(media_convert(quiet.p, (size_t)quiet.len, 120, &s), MEDIA_SILENT);
	free(quiet.p);
	struct buf lng = sound(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 8000, 3.0, 0.5f);
	assert_int_equal(media_convert(lng.p, (size_t)lng.len, 2, &s), MEDIA_TOO_LONG);
	assert_int_equal(media_convert(lng.p, (size_t)lng.len, 3, &s), MEDIA_OK);
	media_sound_free(&s);
	/* a header that lies about its length is cut off by what is decoded */
	assert_int_equal(media_convert(lng.p, (size_t)lng.len / 2, 120, &s), MEDIA_OK);
	assert_true(s.duration_ms < 3000);
	media_sound_free(&s);
	free(lng.p);
	const char junk[] = "RIFF\x10\0\0\0WAVEjunkjunkjunk";
	assert_int_equal(media_convert(junk, sizeof(junk), 120, &s), MEDIA_NOT_AUDIO);
	assert_int_equal(media_convert("", 0, 120, &s), MEDIA_NOT_AUDIO);
	assert_string_equal(media_fail_code(MEDIA_TOO_LONG), "too_long");
	assert_int_equal(media_fail_find("silent"), MEDIA_SILENT);
}

static void hold_music(void **state)
{
	(void)state;
	unsigned char *wav;
	size_t n;
	assert_int_equal(hold_tune(&wav, &n), 0);
	wav_is(wav, n, 16000);
	/* music, as an upload would be taken: 19.2 s, not silent, no clipping */
	struct media_sound s;
	assert_int_equal(media_convert(wav, n, 900, &s), MEDIA_OK);
	assert_true(llabs(s.duration_ms - 19200) <= 2);
	int16_t peak = 0;
	for (size_t i = 44; i + 1 < n; i += 2) {
		int16_t v = (int16_t)(wav[i] | wav[i + 1] << 8);
		peak = abs(v) > peak ? (int16_t)abs(v) : peak;
	}
	assert_in_range(peak, 16000, 16500); /* -6 dBFS */
	media_sound_free(&s);

	char dir[] = "/tmp/sb-hold-XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_false(hold_file_ready(dir, HOLD_DEFAULT_NAME));
	assert_int_equal(hold_file_put(dir, HOLD_DEFAULT_NAME, wav, n), 0);
	assert_true(hold_file_ready(dir, HOLD_DEFAULT_NAME));
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, HOLD_DEFAULT_NAME);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((long)st.st_size, (long)n);
	assert_int_equal(st.st_mode & 0777, 0644); /* rtpengine's user reads it */
	/* written again over itself, and no temporary file left beside it */
	assert_int_equal(hold_file_put(dir, HOLD_DEFAULT_NAME, wav, n / 2), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((long)st.st_size, (long)(n / 2));
	DIR *d = opendir(dir);
	int entries = 0;
	for (struct dirent *e; (e = readdir(d));)
		entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	assert_int_equal(entries, 1);
	unlink(path);
	/* a directory that is not there: an error, and nothing ready */
	char gone[300];
	snprintf(gone, sizeof(gone), "%s/gone", dir);
	assert_true(hold_file_put(gone, "x.wav", wav, n) < 0);
	assert_false(hold_file_ready(gone, "x.wav"));
	rmdir(dir);
	free(wav);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(formats),
	    cmocka_unit_test(refused),
	    cmocka_unit_test(hold_music),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
