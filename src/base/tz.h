/* tz.h: the IANA time zones of the system's tzdata (Debian's tzdata, under
 * /usr/share/zoneinfo, or $TZDIR): whether a name is one, and the list of
 * zones a person picks from. The data is read from the system, so a zone
 * the tzdata package adds is known after its update, without a rebuild. */
#pragma once
#include <stdbool.h>

struct arena;

/* Whether name is a zone of the tzdata: "Europe/Amsterdam", "UTC"; not
 * "Mars/Olympus", not a directory, not the posix/ and right/ copies. */
bool tz_exists(const char *name);

/* The zones of zone.tab (one or more per country, as people pick
 * them), sorted, with "UTC" first: *ret (in a), *ret_n. -ENOENT without
 * the table. */
int tz_list(struct arena *a, const char ***ret, int *ret_n);
