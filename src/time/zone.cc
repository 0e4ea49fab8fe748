// zone.cc: the extern "C" shim over cctz (see zone.h). Nothing C++ crosses
// this file's interface; cctz keeps the zones it loaded, so a zone's file
// is read once per process.
#include "time/zone.h"

#include <cerrno>
#include <chrono>
#include <string>

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

namespace {

using seconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

bool load(const char *zone, cctz::time_zone *tz)
{
	// cctz also takes "Fixed/UTC+01:00" and the like; callers check names
	// against the tzdata first (base/tz.h).
	return zone && *zone && cctz::load_time_zone(zone, tz);
}

int weekday_index(cctz::weekday w)
{
	switch (w) {
	case cctz::weekday::monday: return 0;
	case cctz::weekday::tuesday: return 1;
	case cctz::weekday::wednesday: return 2;
	case cctz::weekday::thursday: return 3;
	case cctz::weekday::friday: return 4;
	case cctz::weekday::saturday: return 5;
	case cctz::weekday::sunday: return 6;
	}
	return 0;
}

} // namespace

int zone_civil(const char *zone, int64_t t, struct civil *ret)
{
	cctz::time_zone tz;
	if (!load(zone, &tz))
		return -ENOENT;
	const auto al = tz.lookup(seconds(std::chrono::seconds(t)));
	const cctz::civil_second cs = al.cs;
	ret->year = static_cast<int>(cs.year());
	ret->month = cs.month();
	ret->day = cs.day();
	ret->hour = cs.hour();
	ret->minute = cs.minute();
	ret->second = cs.second();
	ret->weekday = weekday_index(cctz::get_weekday(cctz::civil_day(cs)));
	ret->offset = al.offset;
	return 0;
}

int zone_moment(const char *zone, int year, int month, int day, int hour, int minute,
                int64_t *ret)
{
	cctz::time_zone tz;
	if (!load(zone, &tz))
		return -ENOENT;
	const cctz::civil_second cs(year, month, day, hour, minute, 0);
	const auto cl = tz.lookup(cs);
	const seconds t = cl.kind == cctz::time_zone::civil_lookup::SKIPPED ? cl.trans : cl.pre;
	*ret = static_cast<int64_t>(t.time_since_epoch().count());
	return 0;
}
