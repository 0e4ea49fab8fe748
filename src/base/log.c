/* log.c: structured logging as JSON lines on stderr. */
#include "base/log.h"
#include "base/util.h"

#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static enum log_level min_level = LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_level(enum log_level l)
{
	min_level = l;
}

void log_json_line(const char *json)
{
	pthread_mutex_lock(&log_lock);
	fputs(json, stderr);
	fputc('\n', stderr);
	fflush(stderr);
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
