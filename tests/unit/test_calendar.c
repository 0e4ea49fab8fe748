/* test_calendar.c: the Dutch public holidays (Easter's computus,
 * Koningsdag's Sunday rule) and a schedule's state and next change through
 * cctz, daylight saving included. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/calendar.h"
#include "time/zone.h"

#include <errno.h>

static void date_is(enum holiday h, int year, int month, int day)
{
	int m, d;
	holiday_date(h, year, &m, &d);
	if (m != month || d != day)
		fail_msg("%s %d: %d-%02d, not %d-%02d", holiday_code(h), year, m, d, month, day);
}

static void easter_follows_the_computus(void **state)
{
	(void)state;
	date_is(H_EASTER_SUNDAY, 1818, 3, 22); /* the earliest it can be */
	date_is(H_EASTER_SUNDAY, 1943, 4, 25); /* the latest */
	date_is(H_EASTER_SUNDAY, 2000, 4, 23);
	date_is(H_EASTER_SUNDAY, 2027, 3, 28);
	date_is(H_EASTER_SUNDAY, 2285, 3, 22);
	date_is(H_GOOD_FRIDAY, 2027, 3, 26);
	date_is(H_EASTER_MONDAY, 2027, 3, 29);
	date_is(H_ASCENSION_DAY, 2027, 5, 6);
	date_is(H_WHIT_SUNDAY, 2027, 5, 16);
	date_is(H_WHIT_MONDAY, 2027, 5, 17);
	date_is(H_ASCENSION_DAY, 2038, 6, 3); /* over a month's end */
}

static void kings_day_moves_off_sunday(void **state)
{
	(void)state;
	const int sunday[] = {2025, 2031, 2036, 2042, 2053, 2059};
	for (size_t i = 0; i < sizeof(sunday) / sizeof(sunday[0]); i++)
		date_is(H_KINGS_DAY, sunday[i], 4, 26);
	date_is(H_KINGS_DAY, 2027, 4, 27);
	date_is(H_KINGS_DAY, 2033, 4, 27);
	/* Koninginnedag before 2014: the 29th on a Sunday from 1980, else 1 May */
	date_is(H_KINGS_DAY, 2013, 4, 30);
	date_is(H_KINGS_DAY, 1989, 4, 29);
	date_is(H_KINGS_DAY, 1978, 5, 1);
	date_is(H_KINGS_DAY, 1913, 9, 1);
	assert_int_equal(holiday_on(HOLIDAY_ALL, 2025, 4, 26), H_KINGS_DAY);
	assert_int_equal(holiday_on(HOLIDAY_ALL, 2025, 4, 27), -1);
	assert_int_equal(holiday_on(1u << H_NEW_YEAR, 2027, 12, 25), -1);
	assert_int_equal(holiday_find("kings_day"), H_KINGS_DAY);
	assert_int_equal(holiday_find("sinterklaas"), -1);
}

static void weekdays(void **state)
{
	(void)state;
	assert_int_equal(cal_weekday(1970, 1, 1), 3); /* a Thursday */
	assert_int_equal(cal_weekday(2027, 3, 1), 0);
	assert_int_equal(cal_weekday(2025, 4, 27), 6);
	assert_int_equal(cal_weekday(1600, 2, 29), 1);
}

/* 2027-03-28 01:00:00Z (the clocks of Amsterdam go 02:00 → 03:00) and
 * 2027-10-31 01:00:00Z (03:00 → 02:00). */
#define SPRING 1806195600
#define AUTUMN 1824944400

static void zone_civil_and_back(void **state)
{
	(void)state;
	struct civil cv;
	int64_t t;
	assert_int_equal(zone_civil("Europe/Amsterdam", SPRING - 1, &cv), 0);
	assert_int_equal(cv.hour * 100 + cv.minute, 159);
	assert_int_equal(cv.offset, 3600);
	assert_int_equal(zone_civil("Europe/Amsterdam", SPRING, &cv), 0);
	assert_int_equal(cv.hour, 3);
	assert_int_equal(cv.offset, 7200);
	assert_int_equal(cv.weekday, 6);
	/* 02:30 is skipped: the moment the clocks jump */
	assert_int_equal(zone_moment("Europe/Amsterdam", 2027, 3, 28, 2, 30, &t), 0);
	assert_int_equal(t, SPRING);
	/* 02:30 shows twice: the first time, in summer time */
	assert_int_equal(zone_moment("Europe/Amsterdam", 2027, 10, 31, 2, 30, &t), 0);
	assert_int_equal(t, AUTUMN - 1800);
	/* 24:00 is the next day's start */
	assert_int_equal(zone_moment("UTC", 2027, 12, 31, 24, 0, &t), 0);
	assert_int_equal(zone_civil("UTC", t, &cv), 0);
	assert_int_equal(cv.year * 10000 + cv.month * 100 + cv.day, 20280101);
	assert_int_equal(zone_civil("Mars/Olympus", 0, &cv), -ENOENT);
	assert_int_equal(zone_moment("Mars/Olympus", 2027, 1, 1, 0, 0, &t), -ENOENT);
}

static const struct cal_period office[] = {{0x1f, 8 * 60 + 30, 17 * 60 + 30}};

static void state_is(const struct cal_schedule *s, int64_t t, enum cal_state want,
                     int64_t want_until)
{
	enum cal_state st;
	int64_t until;
	const char *why;
	assert_int_equal(cal_state_at(s, t, &st, &until, &why), 0);
	if (st != want || until != want_until)
		fail_msg("at %lld: %s until %lld, not %s until %lld", (long long)t,
		         cal_state_name(st), (long long)until, cal_state_name(want),
		         (long long)want_until);
}

static void exceptions_before_holidays_before_the_week(void **state)
{
	(void)state;
	/* New Year's Eve to New Year's Day, every year, open 10:00-12:00 */
	const struct cal_period morning[] = {{0, 10 * 60, 12 * 60}};
	const struct cal_exception turn[] = {
	    {"Jaarwisseling", 20261231, 20270101, true, morning, 1}};
	struct cal_schedule s = {.zone = "UTC",
	                         .hours = office,
	                         .n_hours = 1,
	                         .exceptions = turn,
	                         .n_exceptions = 1,
	                         .holidays = HOLIDAY_ALL};
	/* 2029-01-01 10:30Z: the exception, not Nieuwjaarsdag: open till noon */
	const int64_t ny2029 = 1861920000;
	state_is(&s, ny2029 + 10 * 3600 + 1800, CAL_OPEN, ny2029 + 12 * 3600);
	/* its afternoon is holiday, until the next day's 08:30 */
	state_is(&s, ny2029 + 13 * 3600, CAL_HOLIDAY, ny2029 + 86400);
	/* Tuesday 2 January 2029 at midnight: closed till 08:30 */
	state_is(&s, ny2029 + 86400, CAL_CLOSED, ny2029 + 86400 + 8 * 3600 + 1800);
	/* no hours and no holidays: closed, with nothing ahead */
	struct cal_schedule none = {.zone = "UTC"};
	state_is(&none, ny2029, CAL_CLOSED, -1);
	/* no hours, one holiday kept: closed until it comes */
	struct cal_schedule xmas = {.zone = "UTC", .holidays = 1u << H_CHRISTMAS_DAY};
	state_is(&xmas, ny2029, CAL_CLOSED, 1861920000 + 358 * 86400LL);
}

static void daylight_saving(void **state)
{
	(void)state;
	const struct cal_period spring_night[] = {{1u << 6, 150, 210}}; /* Sun 02:30-03:30 */
	struct cal_schedule s = {.zone = "Europe/Amsterdam", .hours = spring_night, .n_hours = 1};
	state_is(&s, SPRING - 60, CAL_CLOSED, SPRING);
	state_is(&s, SPRING, CAL_OPEN, SPRING + 1800);
	const struct cal_period autumn_night[] = {{1u << 6, 120, 180}}; /* Sun 02:00-03:00 */
	struct cal_schedule a = {.zone = "Europe/Amsterdam", .hours = autumn_night, .n_hours = 1};
	state_is(&a, AUTUMN - 1800, CAL_OPEN, AUTUMN + 3600);
	state_is(&a, AUTUMN + 1800, CAL_OPEN, AUTUMN + 3600);
	struct cal_schedule mars = {.zone = "Mars/Olympus"};
	enum cal_state st;
	int64_t until;
	const char *why;
	assert_int_equal(cal_state_at(&mars, 0, &st, &until, &why), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(easter_follows_the_computus),
	    cmocka_unit_test(kings_day_moves_off_sunday),
	    cmocka_unit_test(weekdays),
	    cmocka_unit_test(zone_civil_and_back),
	    cmocka_unit_test(exceptions_before_holidays_before_the_week),
	    cmocka_unit_test(daylight_saving),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
