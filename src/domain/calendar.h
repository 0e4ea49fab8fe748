/* calendar.h: when an organization is open (issue 14, section 3).
 *
 * A schedule is weekly opening periods in a time zone, with exceptions (a
 * date or a range, optionally every year, closed or open with other
 * hours) and the Dutch public holidays it keeps. At any moment it is open,
 * closed (outside its hours) or holiday (a holiday it keeps, or an
 * exception's day outside the exception's hours), and it says until when
 * that holds. Everything here is computed, nothing read from a clock: the
 * moment is always given. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* The Dutch public holidays, in the order of the year. */
enum holiday {
	H_NEW_YEAR,       /* Nieuwjaarsdag, 1 January */
	H_GOOD_FRIDAY,    /* Goede Vrijdag, two days before Easter */
	H_EASTER_SUNDAY,  /* Eerste Paasdag */
	H_EASTER_MONDAY,  /* Tweede Paasdag */
	H_KINGS_DAY,      /* Koningsdag: 27 April, the 26th when that is a Sunday */
	H_LIBERATION_DAY, /* Bevrijdingsdag, 5 May */
	H_ASCENSION_DAY,  /* Hemelvaartsdag, 39 days after Easter */
	H_WHIT_SUNDAY,    /* Eerste Pinksterdag, 49 days after Easter */
	H_WHIT_MONDAY,    /* Tweede Pinksterdag */
	H_CHRISTMAS_DAY,  /* Eerste Kerstdag, 25 December */
	H_BOXING_DAY,     /* Tweede Kerstdag, 26 December */
	N_HOLIDAYS
};
#define HOLIDAY_ALL ((1u << N_HOLIDAYS) - 1)

/* The years holidays are computed for: the Gregorian calendar's. */
#define CAL_YEAR_MIN 1583
#define CAL_YEAR_MAX 9999

/* A holiday's code in the API ("kings_day"), and the holiday of a code
 * (-1 for none). */
const char *holiday_code(enum holiday h);
int holiday_find(const char *code);
/* The date of h in year (CAL_YEAR_MIN..CAL_YEAR_MAX) into *month, *day. */
void holiday_date(enum holiday h, int year, int *month, int *day);
/* The holiday of holidays (a set of 1 << enum holiday) on a date, or -1. */
int holiday_on(unsigned holidays, int year, int month, int day);

/* The day of the week of a date: 0 Monday .. 6 Sunday. */
int cal_weekday(int year, int month, int day);
/* Days since 1970-01-01 of a date (proleptic Gregorian). */
int64_t cal_days(int year, int month, int day);

/* Opening hours: from..to in minutes of the day (0..1440, from < to) on
 * the days of the week in days (1 << 0 Monday .. 1 << 6 Sunday). */
struct cal_period {
	unsigned days;
	int from, to;
};

/* An exception: the dates from..to (as year * 10000 + month * 100 + day;
 * with every_year only the month and day count, and a range may run over
 * New Year), open in its periods (days unused) and holiday outside them;
 * no periods: closed all day. */
struct cal_exception {
	const char *name;
	int from, to;
	bool every_year;
	const struct cal_period *hours;
	int n_hours;
};

struct cal_schedule {
	const char *zone; /* an IANA zone of the tzdata */
	const struct cal_period *hours;
	int n_hours;
	const struct cal_exception *exceptions;
	int n_exceptions;
	unsigned holidays; /* 1 << enum holiday it keeps */
};

enum cal_state { CAL_OPEN, CAL_CLOSED, CAL_HOLIDAY };
const char *cal_state_name(enum cal_state s);

/* What the schedule is at the moment t (seconds since the epoch).
 * *ret_until: the first moment after t it is something else (-1 when it
 * stays so for the next 400 days and more); *ret_why: what made the day
 * special: an exception's name or a holiday's code, else NULL. -ENOENT
 * when the zone is not one of the tzdata. */
int cal_state_at(const struct cal_schedule *s, int64_t t, enum cal_state *ret, int64_t *ret_until,
                 const char **ret_why);
