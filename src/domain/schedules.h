/* schedules.h: office hours and holidays (issue 14): a schedule has a
 * name, an IANA time zone, weekly opening periods and exceptions (a date or
 * a range, optionally every year, closed or open with other hours), and
 * optionally the Dutch public holidays as a preset. Call routing asks what
 * a schedule says at a given instant; the instant is always given (the
 * route's at=), never read from a clock here. */
#pragma once
#include "domain/domain.h"

#include <stdint.h>

enum schedule_state { SCHEDULE_OPEN, SCHEDULE_CLOSED, SCHEDULE_HOLIDAY };

/* What a schedule says at one instant. */
struct schedule_now {
	enum schedule_state state;
	/* the instant (Unix seconds) this state ends; 0: it does not end
	 * within the year ahead */
	int64_t until;
	const char *name; /* the schedule's name (in c->a) */
	/* why: the holiday's or exception's name; NULL for the weekly hours */
	const char *why;
};

/* "open", "closed", "holiday". */
const char *schedule_state_name(enum schedule_state s);

/* What schedule id of org says at the instant at (Unix seconds). No rights
 * are checked: the caller (routing) has its own. -ENOENT when org has no
 * such schedule. */
int schedule_at(struct dctx *c, const struct org *org, const char *id, int64_t at,
                struct schedule_now *ret);
