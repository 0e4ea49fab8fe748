/* schedules.c: schedules: checking what a client sends, keeping it in
 * normal form, and reading it for the calendar (see schedules.h). */
#include "domain/schedules.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/jsonval.h"
#include "base/util.h"
#include "domain/destinations.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOURS_MAX 50           /* weekly periods of a schedule */
#define EXCEPTIONS_MAX 200     /* exceptions of a schedule */
#define EXCEPTION_HOURS_MAX 10 /* periods of an exception's day */
#define EXCEPTION_DAYS_MAX 366 /* the longest range */

static const struct field_spec schedule_fields[] = {
    {"name", F_STRING, F_REQUIRED, 100},
    {"timezone", F_STRING, F_TIMEZONE, 64},
    {"hours", F_ARRAY, 0, 0},
    {"exceptions", F_ARRAY, 0, 0},
    {"holidays", F_ARRAY, 0, 0},
    {"id", F_ANY, F_READONLY, 0},
    {"org_id", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},
    {"updated_at", F_ANY, F_READONLY, 0},
};
#define N_SCHEDULE_FIELDS (sizeof(schedule_fields) / sizeof(schedule_fields[0]))

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/* ---- rights --------------------------------------------------------------- */

static int need_write(struct dctx *c, const struct org *org)
{
	return dctx_need(c, org->path, PERM_TELEPHONY_WRITE);
}

/* telephony.read, or a user of the organization who forwards its own
 * calls (it picks a schedule for them). */
static int need_read(struct dctx *c, const struct org *org)
{
	if (c->actor && strcmp(c->actor->org_id, org->id) == 0 &&
	    (c->actor->perms & PERM_BIT(PERM_DESTINATION_OWN)))
		return 0;
	return dctx_need(c, org->path, PERM_TELEPHONY_READ);
}

/* ---- times and dates -------------------------------------------------------- */

/* "HH:MM", 00:00 to 24:00, as minutes of the day; -1 when it is not. */
static int clock_parse(const char *s)
{
	int h, m;
	char end;
	if (!s || strlen(s) != 5 || s[2] != ':' || sscanf(s, "%2d:%2d%c", &h, &m, &end) != 2 ||
	    h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	return h * 60 + m;
}

static char *clock_text(struct arena *a, int minutes)
{
	return arena_printf(a, "%02d:%02d", minutes / 60, minutes % 60);
}

/* "YYYY-MM-DD", a real date of CAL_YEAR_MIN..CAL_YEAR_MAX, as
 * year * 10000 + month * 100 + day; -1 when it is not. */
static int date_parse(const char *s)
{
	int y, m, d;
	char end;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > month_days[m - 1] || (m == 2 && d == 29 && !leap))
		return -1;
	return y * 10000 + m * 100 + d;
}

static int64_t date_days(int ymd)
{
	return cal_days(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

/* ---- checking what a client sent ------------------------------------------ */

/* A period {"days"?, "from", "to"} at field: its normal form (a new
 * reference) or NULL with the errors in c->d. */
static json_t *period_check(struct dctx *c, const char *field, json_t *in, bool with_days)
{
	if (!json_is_object(in)) {
		diag_error(c->d, field, "type",
		           with_days
		               ? "A period is {\"days\": [\"mon\", ...], \"from\": \"08:30\", "
		                 "\"to\": \"17:30\"}."
		               : "A period is {\"from\": \"08:30\", \"to\": \"12:00\"}.");
		return NULL;
	}
	size_t errs = c->d->n_errors;
	members_only(c, in, field,
	             with_days ? (const char *const[]){"days", "from", "to", NULL}
	                       : (const char *const[]){"from", "to", NULL});
	int from = clock_parse(json_string_value(json_object_get(in, "from")));
	int to = clock_parse(json_string_value(json_object_get(in, "to")));
	if (from < 0)
		diag_error(c->d, arena_printf(c->a, "%s.from", field), "invalid_time",
		           "from is a time of day as HH:MM, such as 08:30.");
	if (to < 0)
		diag_error(c->d, arena_printf(c->a, "%s.to", field), "invalid_time",
		           "to is a time of day as HH:MM, such as 17:30 (24:00 for midnight).");
	else if (from >= 0 && to <= from)
		diag_error(c->d, arena_printf(c->a, "%s.to", field), "before_from",
		           "to must be later than from; a night is two periods: until 24:00 "
		           "and from 00:00.");
	unsigned days = 0;
	if (with_days) {
		const char *df = arena_printf(c->a, "%s.days", field);
		json_t *d = json_object_get(in, "days"), *v;
		size_t i;
		if (!json_is_array(d) || json_array_size(d) == 0)
			diag_error(c->d, df, "required",
			           "days lists one or more of mon, tue, wed, thu, fri, sat, sun.");
		json_array_foreach(d, i, v)
		{
			int k = 0;
			while (k < 7 && !str_eq(json_string_value(v), day_names[k]))
				k++;
			if (k == 7)
				diag_error(c->d, arena_printf(c->a, "%s[%zu]", df, i), "invalid",
				           "A day is mon, tue, wed, thu, fri, sat or sun.");
			else
				days |= 1u << k;
		}
	}
	if (c->d->n_errors > errs)
		return NULL;
	json_t *out = json_object();
	if (with_days) {
		json_t *d = json_array();
		for (int k = 0; k < 7; k++)
			if (days & (1u << k))
				json_array_append_new(d, json_string(day_names[k]));
		json_object_set_new(out, "days", d);
	}
	json_object_set_new(out, "from", json_string(clock_text(c->a, from)));
	json_object_set_new(out, "to", json_string(clock_text(c->a, to)));
	return out;
}

static json_t *periods_check(struct dctx *c, const char *field, json_t *in, bool with_days,
                             size_t max)
{
	if (!json_is_array(in)) {
		diag_error(c->d, field, "type", "%s is a list of periods.", field);
		return NULL;
	}
	if (json_array_size(in) > max) {
		diag_error_p(c->d, field, "too_many", DP(DP_INT("max", (int)max)),
		             "At most %zu periods.", max);
		return NULL;
	}
	json_t *out = json_array(), *v;
	size_t i;
	json_array_foreach(in, i, v)
	{
		json_t *p = period_check(c, arena_printf(c->a, "%s[%zu]", field, i), v, with_days);
		if (p)
			json_array_append_new(out, p);
	}
	return out;
}

static json_t *exception_check(struct dctx *c, const char *field, json_t *in)
{
	if (!json_is_object(in)) {
		diag_error(c->d, field, "type",
		           "An exception is {\"name\", \"from\": \"2026-12-24\", \"to\", "
		           "\"every_year\", \"hours\"}.");
		return NULL;
	}
	size_t errs = c->d->n_errors;
	members_only(c, in, field,
	             (const char *const[]){"name", "from", "to", "every_year", "hours", NULL});
	const char *nf = arena_printf(c->a, "%s.name", field);
	json_t *name = json_object_get(in, "name");
	const char *nv = json_string_value(name);
	if (name && !json_is_null(name) && !nv)
		diag_error(c->d, nf, "type", "name is text.");
	else if (nv)
		text_check(c->d, nf, nv, strlen(nv), 100, false);
	int from = date_parse(json_string_value(json_object_get(in, "from")));
	json_t *tj = json_object_get(in, "to");
	int to = tj && !json_is_null(tj) ? date_parse(json_string_value(tj)) : from;
	if (from < 0)
		diag_error(c->d, arena_printf(c->a, "%s.from", field), "invalid_date",
		           "from is a date as YYYY-MM-DD, such as 2026-12-24.");
	if (to < 0 && from >= 0)
		diag_error(c->d, arena_printf(c->a, "%s.to", field), "invalid_date",
		           "to is a date as YYYY-MM-DD, such as 2026-12-26.");
	json_t *ey = json_object_get(in, "every_year");
	if (ey && !json_is_boolean(ey))
		diag_error(c->d, arena_printf(c->a, "%s.every_year", field), "type",
		           "every_year is true or false.");
	bool every = json_is_true(ey);
	if (from >= 0 && to >= 0) {
		int64_t span = date_days(to) - date_days(from);
		if (span < 0)
			diag_error(c->d, arena_printf(c->a, "%s.to", field), "before_from",
			           "to must be from's date or later.");
		else if (span >= (every ? 365 : EXCEPTION_DAYS_MAX))
			diag_error_p(c->d, arena_printf(c->a, "%s.to", field), "out_of_range",
			             DP(DP_INT("max", every ? 364 : EXCEPTION_DAYS_MAX - 1)),
			             "An exception spans less than a year.");
	}
	json_t *h = json_object_get(in, "hours");
	json_t *hours = h && !json_is_null(h)
	                    ? periods_check(c, arena_printf(c->a, "%s.hours", field), h, false,
	                                    EXCEPTION_HOURS_MAX)
	                    : json_array();
	if (c->d->n_errors > errs) {
		json_decref(hours);
		return NULL;
	}
	return json_pack("{s:o, s:s, s:s, s:b, s:o}", "name", jstr_or_null(nv), "from",
	                 json_string_value(json_object_get(in, "from")), "to",
	                 arena_printf(c->a, "%04d-%02d-%02d", to / 10000, to / 100 % 100, to % 100),
	                 "every_year", every, "hours", hours);
}

static json_t *exceptions_check(struct dctx *c, json_t *in)
{
	if (!json_is_array(in)) {
		diag_error(c->d, "exceptions", "type", "exceptions is a list.");
		return NULL;
	}
	if (json_array_size(in) > EXCEPTIONS_MAX) {
		diag_error_p(c->d, "exceptions", "too_many", DP(DP_INT("max", EXCEPTIONS_MAX)),
		             "At most %d exceptions.", EXCEPTIONS_MAX);
		return NULL;
	}
	json_t *out = json_array(), *v;
	size_t i;
	json_array_foreach(in, i, v)
	{
		json_t *e = exception_check(c, arena_printf(c->a, "exceptions[%zu]", i), v);
		if (e)
			json_array_append_new(out, e);
	}
	return out;
}

static json_t *holidays_check(struct dctx *c, json_t *in)
{
	if (!json_is_array(in)) {
		diag_error(c->d, "holidays", "type", "holidays is a list of holiday codes.");
		return NULL;
	}
	unsigned set = 0;
	json_t *v;
	size_t i;
	json_array_foreach(in, i, v)
	{
		int h = holiday_find(json_string_value(v));
		if (h < 0)
			diag_error(c->d, arena_printf(c->a, "holidays[%zu]", i), "invalid",
			           "Not a holiday this platform knows; GET /api/v1/holidays lists "
			           "them.");
		else
			set |= 1u << h;
	}
	json_t *out = json_array();
	for (int h = 0; h < N_HOLIDAYS; h++)
		if (set & (1u << h))
			json_array_append_new(out, json_string(holiday_code((enum holiday)h)));
	return out;
}

/* One of hours, exceptions, holidays of in, checked: its normal form as
 * text into *dst (unchanged when in lacks it). */
static void doc_member(struct dctx *c, json_t *in, const char *key,
                       json_t *(*check)(struct dctx *, json_t *), char **dst)
{
	json_t *v = json_object_get(in, key);
	if (!v || diag_has(c->d, key))
		return;
	json_t *out = check(c, v);
	if (out) {
		char *text = json_dumps(out, JSON_COMPACT);
		*dst = arena_strdup(c->a, text);
		free(text);
		json_decref(out);
	}
}

static json_t *hours_check(struct dctx *c, json_t *in)
{
	return periods_check(c, "hours", in, true, HOURS_MAX);
}

static void apply(struct dctx *c, json_t *in, struct schedule *s)
{
	char *v;
	if ((v = field_str(c->a, in, "name")))
		s->name = v;
	if ((v = field_str(c->a, in, "timezone")) && !diag_has(c->d, "timezone"))
		s->timezone = v;
	doc_member(c, in, "hours", hours_check, &s->hours);
	doc_member(c, in, "exceptions", exceptions_check, &s->exceptions);
	doc_member(c, in, "holidays", holidays_check, &s->holidays);
}

static int name_taken(struct dctx *c, int r)
{
	if (r == -EEXIST)
		diag_error(c->d, "name", "taken",
		           "This organization has a schedule with this name.");
	return r;
}

static json_t *doc_value(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	return j ? j : json_array();
}

json_t *schedule_json(const struct schedule *s)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id", s->id, "org_id",
	                 s->org_id, "name", s->name, "timezone", s->timezone, "hours",
	                 doc_value(s->hours), "exceptions", doc_value(s->exceptions), "holidays",
	                 doc_value(s->holidays), "created_at", jtime(s->created_at), "updated_at",
	                 jtime(s->updated_at));
}

/* What the audit trail keeps of a schedule. */
static json_t *audit_doc(const struct schedule *s)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "name", s->name, "timezone", s->timezone,
	                 "hours", doc_value(s->hours), "exceptions", doc_value(s->exceptions),
	                 "holidays", doc_value(s->holidays));
}

int schedule_create(struct dctx *c, const struct org *org, json_t *in, struct schedule *ret)
{
	int r = need_write(c, org);
	if (r < 0)
		return r;
	fields_check(c->d, in, schedule_fields, N_SCHEDULE_FIELDS, true);
	struct schedule s = {
	    .timezone = org->timezone, .hours = "[]", .exceptions = "[]", .holidays = "[]"};
	apply(c, in, &s);
	if (c->d->n_errors)
		return c->d->n_errors == 1 && strcmp(c->d->errors[0].code, "taken") == 0 ? -EEXIST
		                                                                         : -EINVAL;
	char id[ID_LEN + 1];
	id_new(id);
	s.id = arena_strdup(c->a, id);
	s.org_id = org->id;
	s.created_at = s.updated_at = c->now;
	if ((r = store_schedule_insert(c->db, &s)) < 0)
		return name_taken(c, r);
	if ((r = audit_record(c, org->id, "schedule", s.id, "create", audit_doc(&s))) < 0)
		return r;
	return store_schedule_get(c->db, c->a, org->id, s.id, ret);
}

int schedule_get(struct dctx *c, const struct org *org, const char *id, struct schedule *ret)
{
	int r = need_read(c, org);
	if (r < 0)
		return r;
	return id_valid(id) ? store_schedule_get(c->db, c->a, org->id, id, ret) : -ENOENT;
}

int schedule_list(struct dctx *c, const struct org *org, const struct cursor *after, int limit,
                  struct schedule **ret, int *ret_n, char **ret_next)
{
	int n, r = need_read(c, org);
	if (r < 0 || (r = store_schedule_list(c->db, c->a, org->id, after ? after->part[0] : NULL,
	                                      limit + 1, ret, &n)) < 0)
		return r;
	*ret_next = NULL;
	if (n > limit) {
		*ret_next = cursor_encode(c->a, &cursor_schedules,
		                          (const char *[]){(*ret)[limit - 1].name_norm});
		n = limit;
	}
	*ret_n = n;
	return 0;
}

/* Sets on ch the member key of b when it differs from a's, with before. */
static void change(json_t *ch, const char *key, const char *a, const char *b, bool doc)
{
	if (str_eq(a, b))
		return;
	json_object_set_new(ch, key, doc ? doc_value(b) : json_string(b));
	audit_before(ch, key, doc ? doc_value(a) : json_string(a));
}

int schedule_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                    struct schedule *ret)
{
	int r = need_write(c, org);
	struct schedule cur, s;
	if (r < 0 || (r = schedule_get(c, org, id, &cur)) < 0 ||
	    (r = version_check(c, cur.updated_at)) < 0)
		return r;
	fields_check(c->d, in, schedule_fields, N_SCHEDULE_FIELDS, false);
	s = cur;
	apply(c, in, &s);
	if (field_has(in, "name") && !field_str(c->a, in, "name") && !diag_has(c->d, "name"))
		diag_error(c->d, "name", "required", "name may not be empty.");
	if (field_has(in, "timezone") && !field_str(c->a, in, "timezone") &&
	    !diag_has(c->d, "timezone"))
		diag_error(c->d, "timezone", "required", "A schedule keeps the time of a zone.");
	if (c->d->n_errors)
		return -EINVAL;
	json_t *ch = json_object();
	change(ch, "name", cur.name, s.name, false);
	change(ch, "timezone", cur.timezone, s.timezone, false);
	change(ch, "hours", cur.hours, s.hours, true);
	change(ch, "exceptions", cur.exceptions, s.exceptions, true);
	change(ch, "holidays", cur.holidays, s.holidays, true);
	if (json_object_size(ch) == 0) {
		json_decref(ch);
		*ret = cur;
		return 0;
	}
	s.updated_at = c->now;
	if ((r = store_schedule_update(c->db, &s)) < 0) {
		json_decref(ch);
		return name_taken(c, r);
	}
	if ((r = audit_record(c, org->id, "schedule", s.id, "update", ch)) < 0)
		return r;
	return store_schedule_get(c->db, c->a, org->id, s.id, ret);
}

int schedule_delete(struct dctx *c, const struct org *org, const char *id)
{
	int r = need_write(c, org);
	struct schedule s;
	if (r < 0 || (r = schedule_get(c, org, id, &s)) < 0 ||
	    (r = version_check(c, s.updated_at)) < 0 ||
	    (r = destination_refs_check(c, org, id, "schedule")) < 0 ||
	    (r = store_schedule_delete(c->db, org->id, id)) < 0)
		return r;
	return audit_record(c, org->id, "schedule", id, "delete",
	                    json_pack("{s:s}", "name", s.name));
}

/* ---- reading a schedule for the calendar ------------------------------------ */

static int periods_compile(struct arena *a, json_t *list, bool with_days,
                           const struct cal_period **ret, int *ret_n)
{
	size_t n = json_array_size(list), i;
	struct cal_period *p = arena_alloc(a, sizeof(*p) * (n ? n : 1));
	json_t *v;
	json_array_foreach(list, i, v)
	{
		p[i].from = clock_parse(json_string_value(json_object_get(v, "from")));
		p[i].to = clock_parse(json_string_value(json_object_get(v, "to")));
		p[i].days = with_days ? 0 : 0x7f;
		json_t *d = json_object_get(v, "days"), *dv;
		size_t k;
		json_array_foreach(d, k, dv)
		{
			for (int w = 0; w < 7; w++)
				if (str_eq(json_string_value(dv), day_names[w]))
					p[i].days |= 1u << w;
		}
		if (p[i].from < 0 || p[i].to < 0)
			return -EIO; /* the store holds what the domain checked */
	}
	*ret = p;
	*ret_n = (int)n;
	return 0;
}

int schedule_compile(struct arena *a, const struct schedule *s, struct cal_schedule *ret)
{
	json_t *hours = json_loads(s->hours, 0, NULL);
	json_t *exc = json_loads(s->exceptions, 0, NULL);
	json_t *hol = json_loads(s->holidays, 0, NULL);
	int r = hours && exc && hol ? 0 : -EIO;
	*ret = (struct cal_schedule){.zone = s->timezone};
	if (r == 0)
		r = periods_compile(a, hours, true, &ret->hours, &ret->n_hours);
	size_t n = json_array_size(exc), i;
	struct cal_exception *e = arena_alloc(a, sizeof(*e) * (n ? n : 1));
	json_t *v;
	json_array_foreach(exc, i, v)
	{
		if (r < 0)
			break;
		e[i].name = arena_strdup(a, json_string_value(json_object_get(v, "name")));
		e[i].from = date_parse(json_string_value(json_object_get(v, "from")));
		e[i].to = date_parse(json_string_value(json_object_get(v, "to")));
		e[i].every_year = json_is_true(json_object_get(v, "every_year"));
		r = periods_compile(a, json_object_get(v, "hours"), false, &e[i].hours,
		                    &e[i].n_hours);
	}
	ret->exceptions = e;
	ret->n_exceptions = (int)n;
	json_array_foreach(hol, i, v)
	{
		int h = holiday_find(json_string_value(v));
		if (h >= 0)
			ret->holidays |= 1u << h;
	}
	json_decref(hours);
	json_decref(exc);
	json_decref(hol);
	return r;
}

int schedule_now(struct dctx *c, const struct org *org, const char *id, int64_t at,
                 struct schedule_now *ret)
{
	struct schedule s;
	struct cal_schedule cs;
	enum cal_state state;
	int64_t until;
	const char *why;
	int r = id_valid(id) ? store_schedule_get(c->db, c->a, org->id, id, &s) : -ENOENT;
	if (r < 0 || (r = schedule_compile(c->a, &s, &cs)) < 0)
		return r;
	int64_t t = at >= 0 ? at / 1000 : (at - 999) / 1000;
	if ((r = cal_state_at(&cs, t, &state, &until, &why)) < 0)
		return r == -ENOENT ? -EIO : r; /* the zone left the tzdata */
	*ret = (struct schedule_now){.id = s.id,
	                             .name = s.name,
	                             .state = state,
	                             .until = until < 0 ? -1 : until * 1000,
	                             .why = why};
	return 0;
}
