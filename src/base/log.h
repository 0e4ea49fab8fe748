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
