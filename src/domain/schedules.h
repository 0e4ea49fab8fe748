/* schedules.h: an organization's schedules (issue 14, section 3): a name, an
 * IANA time zone, weekly opening periods, exceptions (a date or a range,
 * optionally every year, closed or open with other hours) and the Dutch
 * public holidays it keeps. A number's destination can choose by one
 * (open, closed, holiday), and so can a user's forwarding; routing asks
 * schedule_now at the moment of the call. */
#pragma once
#include "domain/calendar.h"
#include "domain/domain.h"

int schedule_create(struct dctx *c, const struct org *org, json_t *in, struct schedule *ret);
int schedule_get(struct dctx *c, const struct org *org, const char *id, struct schedule *ret);
/* A page of at most limit schedules in name order after the cursor after
 * (cursor_schedules, NULL for the first page); *ret_next the next page's
 * cursor, or NULL. */
struct cursor;
int schedule_list(struct dctx *c, const struct org *org, const struct cursor *after, int limit,
                  struct schedule **ret, int *ret_n, char **ret_next);
int schedule_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                    struct schedule *ret);
/* 409 in_use while a number's destination or a user's forwarding names it. */
int schedule_delete(struct dctx *c, const struct org *org, const char *id);

/* The schedule as the API shows it (a new reference). */
json_t *schedule_json(const struct schedule *s);

/* What schedule id of org is at the moment at (ms since the epoch). */
struct schedule_now {
	const char *id, *name;
	enum cal_state state;
	int64_t until;   /* ms since the epoch; -1: not within the next 400 days */
	const char *why; /* an exception's name or a holiday's code, or NULL */
};
/* -ENOENT when org has no schedule id. */
int schedule_now(struct dctx *c, const struct org *org, const char *id, int64_t at,
                 struct schedule_now *ret);

/* The stored schedule s as the calendar reads it, in a. */
int schedule_compile(struct arena *a, const struct schedule *s, struct cal_schedule *ret);
