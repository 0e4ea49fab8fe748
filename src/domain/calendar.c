/* calendar.c: the Dutch public holidays and what a schedule is at a moment
 * (see calendar.h). */
#include "domain/calendar.h"
#include "time/zone.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* How far ahead a schedule's next change is looked for. */
#define UNTIL_DAYS 400
/* Periods of one day: the domain keeps a schedule's lists shorter. */
#define DAY_PERIODS_MAX 64

static const char *const holiday_codes[N_HOLIDAYS] = {
    [H_NEW_YEAR] = "new_year",           [H_GOOD_FRIDAY] = "good_friday",
    [H_EASTER_SUNDAY] = "easter_sunday", [H_EASTER_MONDAY] = "easter_monday",
    [H_KINGS_DAY] = "kings_day",         [H_LIBERATION_DAY] = "liberation_day",
    [H_ASCENSION_DAY] = "ascension_day", [H_WHIT_SUNDAY] = "whit_sunday",
    [H_WHIT_MONDAY] = "whit_monday",     [H_CHRISTMAS_DAY] = "christmas_day",
    [H_BOXING_DAY] = "boxing_day",
};

const char *holiday_code(enum holiday h)
{
	return h < N_HOLIDAYS ? holiday_codes[h] : NULL;
}

int holiday_find(const char *code)
{
	for (int h = 0; code && h < N_HOLIDAYS; h++)
		if (strcmp(holiday_codes[h], code) == 0)
			return h;
	return -1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard
 * Hinnant's algorithms). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400) + (*m <= 2);
}

int64_t cal_days(int year, int month, int day)
{
	return days_from_civil(year, month, day);
}

int cal_weekday(int year, int month, int day)
{
	int64_t w = (days_from_civil(year, month, day) + 3) % 7; /* 1970-01-01: a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

/* Easter Sunday of year (the anonymous Gregorian computus, as Meeus gives
 * it), as days since the epoch. */
static int64_t easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
	return days_from_civil(y, month, day);
}

/* The monarch's birthday: Koningsdag since 2014 (27 April, the 26th on a
 * Sunday); Koninginnedag before it (30 April from 1949, the 29th on a
 * Sunday from 1980, before that 1 May; 31 August, else 1 September,
 * before 1949). */
static void kings_day(int y, int *m, int *d)
{
	bool sunday;
	if (y >= 2014) {
		sunday = cal_weekday(y, 4, 27) == 6;
		*m = 4, *d = sunday ? 26 : 27;
	} else if (y >= 1949) {
		sunday = cal_weekday(y, 4, 30) == 6;
		*m = sunday && y < 1980 ? 5 : 4;
		*d = !sunday ? 30 : y < 1980 ? 1 : 29;
	} else {
		sunday = cal_weekday(y, 8, 31) == 6;
		*m = sunday ? 9 : 8, *d = sunday ? 1 : 31;
	}
}

void holiday_date(enum holiday h, int year, int *month, int *day)
{
	static const int easter_offset[N_HOLIDAYS] = {
	    [H_GOOD_FRIDAY] = -2, [H_EASTER_MONDAY] = 1, [H_ASCENSION_DAY] = 39,
	    [H_WHIT_SUNDAY] = 49, [H_WHIT_MONDAY] = 50,
	};
	switch (h) {
	case H_NEW_YEAR:
		*month = 1, *day = 1;
		return;
	case H_KINGS_DAY:
		kings_day(year, month, day);
		return;
	case H_LIBERATION_DAY:
		*month = 5, *day = 5;
		return;
	case H_CHRISTMAS_DAY:
		*month = 12, *day = 25;
		return;
	case H_BOXING_DAY:
		*month = 12, *day = 26;
		return;
	default:
		break;
	}
	int y;
	civil_from_days(easter(year) + easter_offset[h], &y, month, day);
}

int holiday_on(unsigned holidays, int year, int month, int day)
{
	for (int h = 0; h < N_HOLIDAYS; h++) {
		int m, d;
		if (!(holidays & (1u << h)))
			continue;
		holiday_date((enum holiday)h, year, &m, &d);
		if (m == month && d == day)
			return h;
	}
	return -1;
}

const char *cal_state_name(enum cal_state s)
{
	return s == CAL_OPEN ? "open" : s == CAL_CLOSED ? "closed" : "holiday";
}

/* ---- a schedule's day ------------------------------------------------- */

struct day {
	int n;
	struct {
		int from, to;
	} open[DAY_PERIODS_MAX];
	enum cal_state off; /* outside the periods */
	const char *why;
};

static bool exception_covers(const struct cal_exception *e, int y, int m, int d)
{
	if (!e->every_year) {
		int ymd = y * 10000 + m * 100 + d;
		return ymd >= e->from && ymd <= e->to;
	}
	int md = m * 100 + d, f = e->from % 10000, t = e->to % 10000;
	return f <= t ? md >= f && md <= t : md >= f || md <= t;
}

static void add_period(struct day *day, const struct cal_period *p)
{
	if (day->n < DAY_PERIODS_MAX) {
		day->open[day->n].from = p->from;
		day->open[day->n].to = p->to;
		day->n++;
	}
}

/* What the schedule is on a date: its periods and what it is outside
 * them. An exception before a holiday before the week. */
static void day_of(const struct cal_schedule *s, int y, int m, int d, struct day *ret)
{
	ret->n = 0;
	ret->off = CAL_HOLIDAY;
	for (int i = 0; i < s->n_exceptions; i++) {
		const struct cal_exception *e = &s->exceptions[i];
		if (exception_covers(e, y, m, d)) {
			for (int k = 0; k < e->n_hours; k++)
				add_period(ret, &e->hours[k]);
			ret->why = e->name;
			return;
		}
	}
	int h = holiday_on(s->holidays, y, m, d);
	if (h >= 0) {
		ret->why = holiday_codes[h];
		return;
	}
	ret->off = CAL_CLOSED;
	ret->why = NULL;
	unsigned bit = 1u << cal_weekday(y, m, d);
	for (int i = 0; i < s->n_hours; i++)
		if (s->hours[i].days & bit)
			add_period(ret, &s->hours[i]);
}

static enum cal_state day_state(const struct day *day, int minute)
{
	for (int i = 0; i < day->n; i++)
		if (minute >= day->open[i].from && minute < day->open[i].to)
			return CAL_OPEN;
	return day->off;
}

static int state_at(const struct cal_schedule *s, int64_t t, enum cal_state *ret,
                    const char **ret_why)
{
	struct civil cv;
	struct day day;
	if (zone_civil(s->zone, t, &cv) < 0)
		return -ENOENT;
	day_of(s, cv.year, cv.month, cv.day, &day);
	*ret = day_state(&day, cv.hour * 60 + cv.minute);
	if (ret_why)
		*ret_why = day.why;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int cal_state_at(const struct cal_schedule *s, int64_t t, enum cal_state *ret, int64_t *ret_until,
                 const char **ret_why)
{
	struct civil cv;
	enum cal_state now;
	if (state_at(s, t, &now, ret_why) < 0 || zone_civil(s->zone, t, &cv) < 0)
		return -ENOENT;
	*ret = now;
	*ret_until = -1;
	/* The state changes only where a day begins or a period begins or
	 * ends: the first such moment after t where it differs is the end. */
	int64_t today = days_from_civil(cv.year, cv.month, cv.day);
	for (int k = 0; k < UNTIL_DAYS; k++) {
		int y, m, d, edges[2 * DAY_PERIODS_MAX + 1], n = 0;
		struct day day;
		civil_from_days(today + k, &y, &m, &d);
		day_of(s, y, m, d, &day);
		for (int i = 0; i < day.n; i++) {
			edges[n++] = day.open[i].from;
			edges[n++] = day.open[i].to;
		}
		edges[n++] = 24 * 60; /* the next day */
		qsort(edges, (size_t)n, sizeof(edges[0]), cmp_int);
		for (int i = 0; i < n; i++) {
			int64_t at;
			enum cal_state then;
			if (zone_moment(s->zone, y, m, d, 0, edges[i], &at) < 0)
				return -ENOENT;
			if (at <= t || state_at(s, at, &then, NULL) < 0)
				continue;
			if (then != now) {
				*ret_until = at;
				return 0;
			}
		}
	}
	return 0;
}
