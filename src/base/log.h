/* log.h: one JSON object per line on stderr. Only programs log (the server
 * and the CLI); library layers return errors instead. */
#pragma once

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level l);
/* msg is a plain sentence; the optional key/value pairs are strings, ended
 * by NULL: log_msg(LOG_INFO, "listening", "url", url, NULL). */
void log_msg(enum log_level l, const char *msg, ...) __attribute__((sentinel));
/* Writes an already-formed JSON object (no newline) as one line. */
void log_json_line(const char *json);
/* From here on lines are written by a thread of the log's own, which takes
 * every line gathered since its last write(2) in one: a request does not
 * make a system call to log (the server's access log). Lines keep their
 * order. log_async_stop writes what is left and ends the thread; until a
 * start, and after a stop, each line is written at once. */
int log_async_start(void);
void log_async_stop(void);
