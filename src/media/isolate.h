/* isolate.h: running the decoder, and espeak-ng, as child processes. An
 * upload is decoded by `switchboard media-convert` (this binary again,
 * through /proc/self/exe), which limits itself first (CPU time, memory,
 * files, no new privileges) and dies with the server; the server gives it
 * the bytes on stdin, reads the result from stdout, and kills it past a
 * wall-clock limit. A crash or a limit reached in the decoder is an upload
 * refused, never the server down. */
#pragma once
#include "media/convert.h"

#include <stdbool.h>

/* The largest upload (20 MiB), and the longest text to speak. */
#define MEDIA_UPLOAD_MAX (20u * 1024 * 1024)
#define MEDIA_TTS_TEXT_MAX 2000

/* Converts like media_convert, in a child: 0 with *ret filled or *ret_fail
 * saying why not (MEDIA_NOT_AUDIO also for a decoder that crashed or ran
 * out of time), or -errno when no child could be run. */
int media_convert_isolated(const void *in, size_t n, int max_seconds, struct media_sound *ret,
                           enum media_fail *ret_fail);

/* text spoken by espeak-ng in lang ("nl", "en") as a WAV file (malloc)
 * into *ret, *ret_n; -errno when espeak-ng could not be run or failed. */
int media_speak(const char *text, const char *lang, unsigned char **ret, size_t *ret_n);

/* The child: `switchboard media-convert --max-seconds N`. */
int cmd_media_convert(int argc, char **argv);
