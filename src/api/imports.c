/* imports.c: POST /orgs/{org}/imports (a CSV of users) and GET
 * /orgs/{org}/imports/{id}.
 *
 * POST parses the options and hands the file to the domain, which checks
 * its header line (422 naming unknown columns) and stores the job as
 * queued (domain/import_job.c); the reply is 202 with its Location, and
 * once the request's transaction is committed the jobs module
 * (domain/jobs.c) runs it. GET renders the job's row, with the live counts
 * when this node runs it. GET /orgs/{org}/exports/users is the other way:
 * the users as a CSV for a spreadsheet, in the columns import reads. */
#include "api/api.h"
#include "api/handlers.h"
#include "base/arena.h"
#include "base/csv.h"
#include "domain/import.h"
#include "domain/jobs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* After the request's transaction: start the job, or drop it. */
static void job_after(void *arg, bool committed)
{
	if (committed)
		job_start(arg);
	else
		job_drop(arg);
}

int imports_create(struct ctx *c)
{
	/* mode, dry_run and skip_invalid are checked by the route's query list. */
	struct import_opts o = {.dry_run = query_bool(c, "dry_run"),
	                        .skip_invalid = query_bool(c, "skip_invalid")};
	if (import_mode_parse(query(c, "mode"), &o.mode) < 0)
		return -EINVAL;
	if (c->req->body_len == 0)
		return diag_error(&c->d, "file", "empty",
		                  "Send the CSV file as the body (Content-Type: text/csv).");
	struct job *j;
	int r = import_job_submit(&c->dc, &c->org, &o, c->req->body, c->req->body_len, &j);
	if (r == -EAGAIN || r == -ENOTSUP) {
		reply_header(c, "Retry-After", "10");
		return reply_problem(
		    c, 503, "Service unavailable",
		    r == -EAGAIN ? "This server runs as many imports as it may; try again soon."
		                 : "This server is stopping; try again on another one or soon.");
	}
	if (r < 0)
		return r;
	c->after = job_after;
	c->after_arg = j;
	const char *loc = arena_printf(c->a, "/api/v1/orgs/%s/imports/%s", c->org.id, job_id(j));
	reply_header(c, "Location", loc);
	return reply_json(c, 202,
	                  json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "id", job_id(j), "status",
	                            job_status_name(JOB_QUEUED), "location", loc, "mode",
	                            import_mode_name(o.mode), "dry_run", o.dry_run, "skip_invalid",
	                            o.skip_invalid));
}

int imports_get(struct ctx *c)
{
	const char *id;
	struct import_rec rec;
	int r = param_id(c, "id", &id);
	if (r < 0 || (r = import_job_get(&c->dc, &c->org, id, &rec)) < 0)
		return r;
	json_error_t err;
	json_t *errors = json_loads(rec.errors ? rec.errors : "[]", 0, &err);
	json_t *j = json_pack(
	    "{s:s, s:s, s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:o, s:o, s:o, s:o, s:o}",
	    "id", rec.id, "status", job_status_name(rec.status), "mode", rec.mode, "dry_run",
	    rec.dry_run, "skip_invalid", rec.skip_invalid, "total", (json_int_t)rec.total,
	    "processed", (json_int_t)rec.processed, "created", (json_int_t)rec.created, "updated",
	    (json_int_t)rec.updated, "unchanged", (json_int_t)rec.unchanged, "failed",
	    (json_int_t)rec.failed, "written", rec.written, "errors",
	    errors ? errors : json_array(), "detail",
	    rec.detail ? json_string(rec.detail) : json_null(), "reason",
	    rec.reason ? json_string(rec.reason) : json_null(), "created_at", jtime(rec.created_at),
	    "finished_at", jtime(rec.finished_at));
	return reply_json(c, 200, j);
}

/* ---- export: GET /orgs/{org}/exports/users -------------------------------- */

struct export_csv {
	FILE *f;
	char sep;
};

static int export_csv_row(void *ud, const char *const *row)
{
	struct export_csv *o = ud;
	csv_write_row(o->f, o->sep, row, import_columns_n);
	return ferror(o->f) ? -EIO : 0;
}

/* The users as CSV for a spreadsheet: a byte order mark (so a spreadsheet
 * reads UTF-8), the separator asked for (';' is what a Dutch spreadsheet
 * splits on), Dutch or English headers and group names; what import reads. */
int exports_users(struct ctx *c)
{
	const char *sep = query(c, "separator"), *labels = query(c, "labels");
	bool dutch = labels && strcmp(labels, "nl") == 0;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	struct export_csv o = {f, sep && strcmp(sep, "semicolon") == 0 ? ';' : ','};
	fputs("\xEF\xBB\xBF", f);
	const char **head = arena_alloc(c->a, sizeof(*head) * import_columns_n);
	for (size_t i = 0; i < import_columns_n; i++)
		head[i] = import_column_label(i, dutch);
	csv_write_row(f, o.sep, head, import_columns_n);
	int r =
	    user_export_ex(&c->dc, &c->org, &(struct export_opts){.dutch = dutch, .in_tx = true},
	                   export_csv_row, &o);
	if (fclose(f) != 0 && r >= 0)
		r = -ENOMEM;
	if (r < 0) {
		free(text);
		return r;
	}
	reply_header(c, "Content-Disposition", "attachment; filename=\"users.csv\"");
	return reply_text(c, 200, "text/csv; charset=utf-8", text);
}
