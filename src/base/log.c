/* log.c: structured logging as JSON lines on stderr. */
#include "base/log.h"
#include "base/util.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_level(enum log_level l)
{
	min_level = l;
}

/* The writer (log_async_start): lines gather in buf under log_lock, and one
 * thread writes whatever has gathered with one write(2). A busy server's
 * requests share system calls; an idle one's line is written at once. */
#define ASYNC_CAP (1u << 20) /* past it, a line waits for the writer */
/* After a write the writer gathers for this long before the next one, not
 * woken by each line: a busy server's requests wake it at most 500 times a
 * second, not once each (a futex wake and two context switches a line). */
#define GATHER_NS 2000000L
static struct {
	pthread_cond_t more, room;
	char *buf;
	size_t len, cap;
	bool on, stop, idle;
	pthread_t thread;
} w = {.more = PTHREAD_COND_INITIALIZER, .room = PTHREAD_COND_INITIALIZER};

static void write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(STDERR_FILENO, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return; /* nowhere to log to */
		p += k;
		n -= (size_t)k;
	}
}

static void *writer(void *arg)
{
	(void)arg;
	char *mine = NULL;
	size_t mine_cap = 0;
	pthread_mutex_lock(&log_lock);
	for (;;) {
		while (w.len == 0 && !w.stop) {
			w.idle = true;
			pthread_cond_wait(&w.more, &log_lock);
			w.idle = false;
		}
		if (w.len == 0)
			break;
		/* take the lines, leave an empty buffer */
		char *b = w.buf;
		size_t n = w.len, c = w.cap;
		w.buf = mine;
		w.cap = mine_cap;
		w.len = 0;
		pthread_cond_broadcast(&w.room);
		pthread_mutex_unlock(&log_lock);
		write_all(b, n);
		mine = b;
		mine_cap = c;
		pthread_mutex_lock(&log_lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += GATHER_NS;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!w.stop && w.len < ASYNC_CAP / 2 &&
		       pthread_cond_timedwait(&w.more, &log_lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&log_lock);
	free(mine);
	return NULL;
}

int log_async_start(void)
{
	pthread_mutex_lock(&log_lock);
	w.stop = false;
	w.on = pthread_create(&w.thread, NULL, writer, NULL) == 0;
	bool on = w.on;
	pthread_mutex_unlock(&log_lock);
	return on ? 0 : -EAGAIN;
}

void log_async_stop(void)
{
	pthread_mutex_lock(&log_lock);
	if (!w.on) {
		pthread_mutex_unlock(&log_lock);
		return;
	}
	w.stop = true;
	pthread_cond_signal(&w.more);
	pthread_mutex_unlock(&log_lock);
	pthread_join(w.thread, NULL);
	pthread_mutex_lock(&log_lock);
	w.on = false;
	free(w.buf);
	w.buf = NULL;
	w.len = w.cap = 0;
	pthread_mutex_unlock(&log_lock);
}

/* Appends json and a newline to the writer's buffer (log_lock held); false
 * when it cannot grow (the line is then written here). */
static bool async_add(const char *json)
{
	size_t n = strlen(json) + 1;
	while (w.len > 0 && w.len + n > ASYNC_CAP) {
		pthread_cond_signal(&w.more); /* the writer may be gathering */
		pthread_cond_wait(&w.room, &log_lock);
	}
	if (w.len + n > w.cap) {
		size_t cap = w.cap ? w.cap : 16384;
		while (cap < w.len + n)
			cap *= 2;
		char *b = realloc(w.buf, cap);
		if (!b)
			return false;
		w.buf = b;
		w.cap = cap;
	}
	memcpy(w.buf + w.len, json, n - 1);
	w.buf[w.len + n - 1] = '\n';
	w.len += n;
	if (w.idle)
		pthread_cond_signal(&w.more);
	return true;
}

void log_json_line(const char *json)
{
	pthread_mutex_lock(&log_lock);
	if (!w.on || !async_add(json)) {
		fputs(json, stderr);
		fputc('\n', stderr);
		fflush(stderr);
	}
	pthread_mutex_unlock(&log_lock);
}

void log_msg(enum log_level l, const char *msg, ...)
{
	static const char *names[] = {"debug", "info", "warn", "error"};
	if (l < min_level)
		return;
	char ts[25];
	time_format(time_now_ms(), ts);
	json_t *o = json_pack("{s:s, s:s, s:s}", "time", ts, "level", names[l], "msg", msg);
	va_list ap;
	va_start(ap, msg);
	for (const char *k; (k = va_arg(ap, const char *));) {
		const char *v = va_arg(ap, const char *);
		json_object_set_new(o, k, v ? json_string(v) : json_null());
	}
	va_end(ap);
	char *s = json_dumps(o, JSON_COMPACT);
	if (s)
		log_json_line(s);
	free(s);
	json_decref(o);
}
