/* convert.c: decoding, mixing, resampling and writing sounds (see
 * convert.h), with libsndfile over memory (its virtual I/O) and
 * libsamplerate. */
#include "media/convert.h"

#include <errno.h>
#include <math.h>
#include <samplerate.h>
#include <sndfile.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_FRAMES 4096
#define CHANNELS_MAX 8

static const char *const fail_codes[] = {
    [MEDIA_OK] = "ok",         [MEDIA_NOT_AUDIO] = "not_audio", [MEDIA_TOO_LONG] = "too_long",
    [MEDIA_SILENT] = "silent", [MEDIA_NO_MEMORY] = "no_memory",
};

const char *media_fail_code(enum media_fail f)
{
	return f <= MEDIA_NO_MEMORY ? fail_codes[f] : "not_audio";
}

int media_fail_find(const char *code)
{
	for (int i = 0; code && i <= MEDIA_NO_MEMORY; i++)
		if (strcmp(fail_codes[i], code) == 0)
			return i;
	return -1;
}

/* ---- libsndfile's virtual I/O over a buffer ------------------------------ */

struct mem {
	unsigned char *p;
	sf_count_t len, pos, cap;
	bool grow; /* written to (cap grows); else read only */
};

static sf_count_t mem_len(void *u)
{
	return ((struct mem *)u)->len;
}

static sf_count_t mem_seek(sf_count_t off, int whence, void *u)
{
	struct mem *m = u;
	sf_count_t at = whence == SEEK_SET ? off : whence == SEEK_CUR ? m->pos + off : m->len + off;
	if (at < 0 || (!m->grow && at > m->len))
		return -1;
	m->pos = at;
	return at;
}

static sf_count_t mem_read(void *ptr, sf_count_t count, void *u)
{
	struct mem *m = u;
	sf_count_t n = m->len - m->pos;
	if (count < n)
		n = count;
	if (n <= 0)
		return 0;
	memcpy(ptr, m->p + m->pos, (size_t)n);
	m->pos += n;
	return n;
}

static sf_count_t mem_write(const void *ptr, sf_count_t count, void *u)
{
	struct mem *m = u;
	if (!m->grow || count < 0)
		return 0;
	if (m->pos + count > m->cap) {
		sf_count_t cap = m->cap ? m->cap : 65536;
		while (cap < m->pos + count)
			cap *= 2;
		unsigned char *p = realloc(m->p, (size_t)cap);
		if (!p)
			return 0;
		memset(p + m->cap, 0, (size_t)(cap - m->cap));
		m->p = p;
		m->cap = cap;
	}
	memcpy(m->p + m->pos, ptr, (size_t)count);
	m->pos += count;
	if (m->pos > m->len)
		m->len = m->pos;
	return count;
}

static sf_count_t mem_tell(void *u)
{
	return ((struct mem *)u)->pos;
}

static SF_VIRTUAL_IO vio = {mem_len, mem_seek, mem_read, mem_write, mem_tell};

/* ---- the steps ----------------------------------------------------------------- */

/* The format's name as libsndfile says it ("WAV (Microsoft)" is "WAV"). */
static void format_name(const SF_INFO *info, char *out, size_t n)
{
	SF_FORMAT_INFO major = {.format = info->format & SF_FORMAT_TYPEMASK};
	SF_FORMAT_INFO sub = {.format = info->format & SF_FORMAT_SUBMASK};
	const char *a =
	    sf_command(NULL, SFC_GET_FORMAT_INFO, &major, sizeof(major)) == 0 && major.name
	        ? major.name
	        : "audio";
	const char *b = sf_command(NULL, SFC_GET_FORMAT_INFO, &sub, sizeof(sub)) == 0 && sub.name
	                    ? sub.name
	                    : NULL;
	if ((info->format & SF_FORMAT_TYPEMASK) == SF_FORMAT_OGG && b)
		snprintf(out, n, "%s (%s)", a, b);
	else
		snprintf(out, n, "%s", a);
	char *paren = strstr(out, " (Microsoft)");
	if (paren)
		*paren = 0;
}

/* All of the sound, mixed to mono, as floats (malloc) into *ret, *ret_n
 * frames; at most max_frames (more: MEDIA_TOO_LONG). */
static enum media_fail decode(SNDFILE *sf, const SF_INFO *info, sf_count_t max_frames, float **ret,
                              sf_count_t *ret_n)
{
	int ch = info->channels;
	float *chunk = malloc(sizeof(float) * CHUNK_FRAMES * (size_t)ch);
	sf_count_t cap = CHUNK_FRAMES, n = 0, got;
	float *mono = malloc(sizeof(float) * (size_t)cap);
	enum media_fail r = chunk && mono ? MEDIA_OK : MEDIA_NO_MEMORY;
	while (r == MEDIA_OK && (got = sf_readf_float(sf, chunk, CHUNK_FRAMES)) > 0) {
		if (n + got > max_frames) {
			r = MEDIA_TOO_LONG;
			break;
		}
		if (n + got > cap) {
			while (cap < n + got)
				cap *= 2;
			float *more = realloc(mono, sizeof(float) * (size_t)cap);
			if (!more) {
				r = MEDIA_NO_MEMORY;
				break;
			}
			mono = more;
		}
		for (sf_count_t i = 0; i < got; i++) {
			float sum = 0;
			for (int c = 0; c < ch; c++)
				sum += chunk[i * ch + c];
			float v = sum / (float)ch;
			mono[n + i] = isfinite(v) ? v : 0.0f;
		}
		n += got;
	}
	free(chunk);
	if (r != MEDIA_OK) {
		free(mono);
		return r;
	}
	*ret = mono;
	*ret_n = n;
	return MEDIA_OK;
}

/* in (n frames at rate) at out_rate, as a 16-bit PCM WAV file (malloc). */
static enum media_fail write_wav(const float *in, sf_count_t n, int rate, int out_rate,
                                 unsigned char **ret, size_t *ret_n)
{
	double ratio = (double)out_rate / rate;
	sf_count_t out_n = (sf_count_t)ceil((double)n * ratio) + 16;
	float *out = malloc(sizeof(float) * (size_t)out_n);
	if (!out)
		return MEDIA_NO_MEMORY;
	SRC_DATA d = {.data_in = in,
	              .data_out = out,
	              .input_frames = (long)n,
	              .output_frames = (long)out_n,
	              .src_ratio = ratio};
	if (rate == out_rate) {
		memcpy(out, in, sizeof(float) * (size_t)n);
		d.output_frames_gen = (long)n;
	} else if (src_simple(&d, SRC_SINC_MEDIUM_QUALITY, 1) != 0) {
		free(out);
		return MEDIA_NO_MEMORY;
	}
	struct mem m = {.grow = true};
	SF_INFO info = {
	    .samplerate = out_rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
	SNDFILE *sf = sf_open_virtual(&vio, SFM_WRITE, &info, &m);
	enum media_fail r = sf ? MEDIA_OK : MEDIA_NO_MEMORY;
	if (sf) {
		sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
		if (sf_writef_float(sf, out, d.output_frames_gen) != d.output_frames_gen)
			r = MEDIA_NO_MEMORY;
		sf_close(sf);
	}
	free(out);
	if (r != MEDIA_OK) {
		free(m.p);
		return r;
	}
	*ret = m.p;
	*ret_n = (size_t)m.len;
	return MEDIA_OK;
}

enum media_fail media_convert(const void *in, size_t n, int max_seconds, struct media_sound *ret)
{
	memset(ret, 0, sizeof(*ret));
	struct mem src = {.p = (unsigned char *)in, .len = (sf_count_t)n};
	SF_INFO info = {0};
	SNDFILE *sf = n ? sf_open_virtual(&vio, SFM_READ, &info, &src) : NULL;
	if (!sf)
		return MEDIA_NOT_AUDIO;
	enum media_fail r = MEDIA_OK;
	float *mono = NULL;
	sf_count_t frames = 0;
	if (info.samplerate < 1000 || info.samplerate > 384000 || info.channels < 1 ||
	    info.channels > CHANNELS_MAX)
		r = MEDIA_NOT_AUDIO;
	/* what the header says, before decoding it all, and what decoding finds */
	else if (info.frames > 0 && info.frames != SF_COUNT_MAX &&
	         info.frames / info.samplerate > max_seconds)
		r = MEDIA_TOO_LONG;
	else
		r = decode(sf, &info,
		           (sf_count_t)max_seconds * info.samplerate + info.samplerate / 10, &mono,
		           &frames);
	format_name(&info, ret->format, sizeof(ret->format));
	sf_close(sf);
	if (r == MEDIA_OK && frames == 0)
		r = MEDIA_NOT_AUDIO;
	float peak = 0;
	for (sf_count_t i = 0; r == MEDIA_OK && i < frames; i++)
		peak = fabsf(mono[i]) > peak ? fabsf(mono[i]) : peak;
	if (r == MEDIA_OK && peak < MEDIA_SILENCE_PEAK)
		r = MEDIA_SILENT;
	if (r == MEDIA_OK)
		r = write_wav(mono, frames, info.samplerate, MEDIA_RATE_NARROW, &ret->wav8,
		              &ret->n8);
	if (r == MEDIA_OK)
		r = write_wav(mono, frames, info.samplerate, MEDIA_RATE_WIDE, &ret->wav16,
		              &ret->n16);
	free(mono);
	if (r != MEDIA_OK) {
		media_sound_free(ret);
		return r;
	}
	ret->duration_ms = frames * 1000 / info.samplerate;
	ret->rate = info.samplerate;
	ret->channels = info.channels;
	return MEDIA_OK;
}

int media_wav_write(const float *in, size_t n, int rate, unsigned char **ret, size_t *ret_n)
{
	return write_wav(in, (sf_count_t)n, rate, rate, ret, ret_n) == MEDIA_OK ? 0 : -ENOMEM;
}

void media_sound_free(struct media_sound *s)
{
	free(s->wav8);
	free(s->wav16);
	s->wav8 = s->wav16 = NULL;
	s->n8 = s->n16 = 0;
}
