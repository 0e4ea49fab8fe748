/* schedules.c (api): schedules (office hours and holidays), and the
 * holidays of a year. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/schedules.h"

#include <string.h>
#include <time.h>

static int reply_schedule(struct ctx *c, int status, const struct schedule *s)
{
	set_etag(c, s->updated_at);
	if (status == 201)
		reply_header(c, "Location",
		             arena_printf(c->a, "/api/v1/orgs/%s/schedules/%s", s->org_id, s->id));
	return reply_json(c, status, schedule_json(s));
}

int schedules_list(struct ctx *c)
{
	struct schedule *items;
	int n, r;
	char *next;
	if ((r = schedule_list(&c->dc, &c->org, query_cursor(c, "after"), query_int(c, "limit"),
	                       &items, &n, &next)) < 0)
		return r;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, schedule_json(&items[i]));
	return reply_json(c, 200, render_list(arr, next));
}

int schedules_create(struct ctx *c)
{
	struct schedule s;
	int r = schedule_create(&c->dc, &c->org, body(c), &s);
	return r < 0 ? r : reply_schedule(c, 201, &s);
}

int schedules_get(struct ctx *c)
{
	const char *id;
	struct schedule s;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = schedule_get(&c->dc, &c->org, id, &s)) < 0)
		return r;
	return reply_schedule(c, 200, &s);
}

int schedules_patch(struct ctx *c)
{
	const char *id;
	struct schedule s;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = schedule_update(&c->dc, &c->org, id, body(c), &s)) < 0)
		return r;
	return reply_schedule(c, 200, &s);
}

int schedules_delete(struct ctx *c)
{
	const char *id;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = schedule_delete(&c->dc, &c->org, id)) < 0)
		return r;
	return reply_empty(c, 204);
}

/* The Dutch public holidays of ?year= (this year in UTC by default), in
 * the order of the year. */
int holidays_list(struct ctx *c)
{
	int year = query_int(c, "year");
	if (!year) {
		time_t t = (time_t)(c->dc.now / 1000);
		struct tm tm;
		gmtime_r(&t, &tm);
		year = tm.tm_year + 1900;
	}
	json_t *items = json_array();
	for (int h = 0; h < N_HOLIDAYS; h++) {
		int m, d;
		holiday_date((enum holiday)h, year, &m, &d);
		json_array_append_new(
		    items, json_pack("{s:s, s:s}", "code", holiday_code((enum holiday)h), "date",
		                     arena_printf(c->a, "%04d-%02d-%02d", year, m, d)));
	}
	return reply_json(
	    c, 200, json_pack("{s:s, s:i, s:o}", "country", "NL", "year", year, "items", items));
}
