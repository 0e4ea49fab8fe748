/* zone.h: civil time in an IANA time zone, from the system's tzdata, by
 * cctz (through a small C++ shim, zone.cc, as phone.cc for numbers). ICU's
 * copy of the tz data in Debian 12 is from 2022; the tzdata package is
 * updated with the rules. Names are checked by base/tz.h first. */
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A moment as the clocks of a zone show it. */
struct civil {
	int year, month, day;     /* 1..12, 1..31 */
	int hour, minute, second; /* 0..23, 0..59, 0..59 */
	int weekday;              /* 0 Monday .. 6 Sunday */
	int offset;               /* seconds east of UTC at that moment */
};

/* The civil time in zone of the moment t (seconds since the epoch) into
 * *ret. -ENOENT when zone is not a zone of the tzdata. */
int zone_civil(const char *zone, int64_t t, struct civil *ret);

/* The moment (seconds since the epoch) the clocks of zone first show
 * year-month-day hour:minute into *ret. Fields out of range carry over
 * (hour 24 is the next day's 00:00). A time the clocks skip (02:30 on the
 * Sunday summer time begins) is the moment they jump; a time they show
 * twice (02:30 on the Sunday it ends) is its first showing. -ENOENT when
 * zone is not a zone of the tzdata. */
int zone_moment(const char *zone, int year, int month, int day, int hour, int minute, int64_t *ret);

#ifdef __cplusplus
}
#endif
