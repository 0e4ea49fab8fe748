/* hold.h: hold music where rtpengine plays it from (issue 14, section 5).
 * rtpengine's "play media" reads a file on its own host, so the server
 * keeps, in the directory `serve --hold-music-dir` names, each hold music
 * item of the media library a call needs as ID.wav (16 kHz, 16-bit mono
 * PCM) and its own default tune as default.wav. Kamailio names the file
 * the route answer gives when a party is put on hold. */
#pragma once
#include <stddef.h>

/* The default hold music's file in the directory. */
#define HOLD_DEFAULT_NAME "default.wav"

/* The default hold music: a calm I-vi-IV-V progression in C, played as
 * music-box arpeggios over soft chords (19.2 s, looped), as a 16 kHz 16-bit mono WAV file
 * (malloc) into *ret, *ret_n. 0 or -ENOMEM. */
int hold_tune(unsigned char **ret, size_t *ret_n);

/* dir/default.wav written from hold_tune unless it is there. 0 or -errno. */
int hold_default_keep(const char *dir);
/* Whether dir/name is there to be played. */
int hold_file_ready(const char *dir, const char *name);
/* dir/name made the n bytes at data: written to a temporary file beside it
 * and renamed over it, so that rtpengine never reads half of one. 0 or
 * -errno. */
int hold_file_put(const char *dir, const char *name, const void *data, size_t n);
