/* fuzz_media.c: libFuzzer harness for the sound converter (media/convert.c:
 * libsndfile's decoders of WAV, FLAC, Ogg Vorbis and Opus, MP3 and more,
 * then libsamplerate), which every upload to the media library goes
 * through (the server runs it in a limited child; here it runs in
 * process, under ASan and UBSan).
 *
 * Input: the bytes of a file. Checks besides the sanitizers: a sound
 * accepted is at most the limit long, and comes out as two WAV files, the
 * 16 kHz one twice the 8 kHz one's data. */
#include "media/convert.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SECONDS 5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256 * 1024)
		return 0;
	struct media_sound s;
	if (media_convert(data, size, MAX_SECONDS, &s) != MEDIA_OK)
		return 0;
	if (s.duration_ms > MAX_SECONDS * 1000 + 100 || s.n8 < 44 || s.n16 < 44 ||
	    memcmp(s.wav8, "RIFF", 4) != 0 || memcmp(s.wav16, "RIFF", 4) != 0)
		abort();
	size_t d8 = s.n8 - 44, d16 = s.n16 - 44;
	if (d16 + 8 < 2 * d8 || d16 > 2 * d8 + 8)
		abort();
	media_sound_free(&s);
	return 0;
}
