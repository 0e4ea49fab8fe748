/* calls.c (api): the SIP proxy's call records (POST /sip/cdrs) and the call
 * history (GET /orgs/{org}/calls, as JSON pages or as a CSV file, and one
 * call). The CSV's columns are the JSON members of a call, in their order,
 * so both say the same. */
#include "api/handlers.h"
#include "base/arena.h"
#include "base/csv.h"
#include "base/util.h"
#include "domain/calls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The members before and after the declared fields (model.h, CALL_FIELDS). */
static const char *const head_cols[] = {"id",         "org_id",      "direction", "status",
                                        "start_time", "answer_time", "end_time"};
static const char *const tail_cols[] = {"sip_code", "created_at"};
#define N_HEAD (sizeof(head_cols) / sizeof(head_cols[0]))
#define N_TAIL (sizeof(tail_cols) / sizeof(tail_cols[0]))

json_t *render_call(struct ctx *c, const struct call *k)
{
	(void)c;
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id", k->id, "org_id",
	                      k->org_id, "direction", call_direction_name(k->direction), "status",
	                      call_status_name(k->status), "start_time", jtime(k->start_time),
	                      "answer_time", jtime(k->answer_time), "end_time", jtime(k->end_time));
	fields_json(j, call_fields, call_fields_n, k);
	json_object_set_new(j, "sip_code", k->sip_code ? json_integer(k->sip_code) : json_null());
	json_object_set_new(j, "created_at", jtime(k->created_at));
	return j;
}

int sip_cdrs(struct ctx *c)
{
	struct cdr_result res;
	int r = call_record_batch(&c->dc, body(c), &res);
	if (r < 0)
		return r;
	json_t *rejected = json_array();
	for (int i = 0; i < res.n_rejected; i++)
		json_array_append_new(
		    rejected, json_pack("{s:i, s:s, s:s}", "index", res.rejected[i].index, "code",
		                        res.rejected[i].code, "detail", res.rejected[i].detail));
	return reply_json(c, 200,
	                  json_pack("{s:i, s:i, s:o}", "accepted", res.accepted, "duplicates",
	                            res.duplicates, "rejected", rejected));
}

/* One member of a rendered call as a CSV field. */
static void csv_value(FILE *f, json_t *v)
{
	char num[24];
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		csv_write_field(f, num);
	} else {
		csv_write_field(f, json_string_value(v)); /* NULL (null): an empty field */
	}
}

/* One cell: a call's member name, or (j NULL) the header's name itself. */
static void csv_cell(FILE *f, json_t *j, const char *name, bool *first)
{
	if (!*first)
		fputc(',', f);
	*first = false;
	if (j)
		csv_value(f, json_object_get(j, name));
	else
		csv_write_field(f, name);
}

/* The header line (j NULL) or a call's line. */
static void csv_line(FILE *f, json_t *j)
{
	bool first = true;
	for (size_t i = 0; i < N_HEAD; i++)
		csv_cell(f, j, head_cols[i], &first);
	for (size_t i = 0; i < call_fields_n; i++)
		csv_cell(f, j, call_fields[i].name, &first);
	for (size_t i = 0; i < N_TAIL; i++)
		csv_cell(f, j, tail_cols[i], &first);
	fputs("\r\n", f);
}

static int reply_csv(struct ctx *c, const struct call *items, int n, const char *next)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	csv_line(f, NULL);
	for (int i = 0; i < n; i++) {
		json_t *j = render_call(c, &items[i]);
		csv_line(f, j);
		json_decref(j);
	}
	bool bad = ferror(f) != 0;
	if (fclose(f) != 0 || bad) {
		free(text);
		return -ENOMEM;
	}
	reply_header(c, "Content-Disposition", "attachment; filename=\"calls.csv\"");
	if (next)
		reply_header(c, "X-Next-Cursor", next);
	return reply_text(c, 200, "text/csv; charset=utf-8", text);
}

int calls_list(struct ctx *c)
{
	bool csv = str_eq(query(c, "format"), "csv");
	const char *q = query(c, "q");
	struct call_query cq = {
	    .org = &c->org,
	    .include_children = query_bool(c, "include_children"),
	    .from = query(c, "from"),
	    .to = query(c, "to"),
	    .direction = query(c, "direction"),
	    .status = query(c, "status"),
	    .user_id = query(c, "user"),
	    .q = q && *q ? q : NULL,
	    .after = query_cursor(c, "after"),
	    /* a file holds every call asked for, up to its bound */
	    .limit = csv && !query(c, "limit") ? CALLS_CSV_MAX : query_int(c, "limit"),
	};
	struct call *items;
	const char *next;
	int n, r = call_list(&c->dc, &cq, &items, &n, &next);
	if (r < 0)
		return r;
	if (csv)
		return reply_csv(c, items, n, next);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, render_call(c, &items[i]));
	return reply_json(c, 200, render_list(arr, next));
}

int calls_get(struct ctx *c)
{
	const char *id;
	struct call k;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = call_get(&c->dc, &c->org, id, &k)) < 0)
		return r;
	return reply_json(c, 200, render_call(c, &k));
}
