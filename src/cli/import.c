/* import.c: `switchboard import` and `switchboard export`: users of one
 * organization from and to CSV (export also JSON), on the database
 * directly, acting as the system, with the rules of the API
 * (domain/import.c). Import shows its progress on stderr: a bar with the
 * rate and the time left on a terminal, a plain line every few seconds
 * otherwise; the report goes to stdout. */
#include "base/arena.h"
#include "base/csv.h"
#include "base/util.h"
#include "cli/cli.h"
#include "domain/import.h"
#include "domain/orgs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IMPORT_FILE_MAX ((size_t)1 << 30)
#define PLAIN_EVERY_NS (5 * 1000000000LL) /* a plain progress line every 5 s */
#define BAR_EVERY_NS (100 * 1000000LL)    /* the bar redrawn at most 10x a second */

static const struct cli_opt import_opts[] = {
    {"org", true, "organization id"},
    {"mode", true, "create (default: an existing email is an error), update or upsert"},
    {"dry-run", false, "check every row and report, write nothing"},
    {"skip-invalid", false, "write the good rows, report the bad ones (default: all or nothing)"},
    {"json", false, "print the report as JSON"},
};

static const struct cli_opt export_opts[] = {
    {"org", true, "organization id"},
    {"format", true, "csv (default) or json"},
    {"output", true, "file to write (default: stdout)"},
};

/* Reads the whole of path into a malloc'd buffer. */
static int read_file(const char *path, char **ret, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -errno;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (n < cap)
			break;
		if (cap >= IMPORT_FILE_MAX) {
			free(buf);
			fclose(f);
			return -EFBIG;
		}
		char *nb = realloc(buf, cap * 2);
		if (!nb) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		cap *= 2;
	}
	int err = ferror(f);
	fclose(f);
	if (!buf)
		return -ENOMEM;
	if (err) {
		free(buf);
		return -EIO;
	}
	*ret = buf;
	*ret_len = n;
	return 0;
}

struct progress {
	bool tty;
	int64_t start_ns, last_ns;
};

static void progress_draw(struct progress *p, const struct import_report *r, bool final)
{
	int64_t now = time_mono_ns();
	if (!final && now - p->last_ns < (p->tty ? BAR_EVERY_NS : PLAIN_EVERY_NS))
		return;
	p->last_ns = now;
	double secs = (double)(now - p->start_ns) / 1e9;
	double rate = secs > 0 ? (double)r->processed / secs : 0;
	int64_t left_rows = r->total - r->processed;
	double left = rate > 0 ? (double)left_rows / rate : 0;
	int pct = r->total ? (int)(r->processed * 100 / r->total) : 100;
	if (p->tty) {
		char bar[31];
		int fill = pct * 30 / 100;
		for (int i = 0; i < 30; i++)
			bar[i] = i < fill ? '#' : '-';
		bar[30] = 0;
		fprintf(stderr, "\r[%s] %3d%% %lld/%lld rows  %.0f rows/s  %.0fs left  ", bar, pct,
		        (long long)r->processed, (long long)r->total, rate, left);
		if (final)
			fputc('\n', stderr);
	} else {
		fprintf(stderr, "import: %lld/%lld rows (%d%%), %.0f rows/s, %.0fs left\n",
		        (long long)r->processed, (long long)r->total, pct, rate, left);
	}
	fflush(stderr);
}

static int on_progress(void *ud, const struct import_report *r)
{
	progress_draw(ud, r, false);
	return 0;
}

static void print_report(const struct import_report *rep, const struct import_opts *o, bool as_json)
{
	if (as_json) {
		json_t *j = import_report_json(rep);
		json_object_set_new(j, "mode", json_string(import_mode_name(o->mode)));
		json_object_set_new(j, "dry_run", json_boolean(o->dry_run));
		char *s = json_dumps(j, JSON_COMPACT);
		puts(s ? s : "{}");
		free(s);
		json_decref(j);
		return;
	}
	printf("%lld rows: %lld created, %lld updated, %lld unchanged, %lld failed (mode %s)\n",
	       (long long)rep->processed, (long long)rep->created, (long long)rep->updated,
	       (long long)rep->unchanged, (long long)rep->failed, import_mode_name(o->mode));
	size_t i;
	json_t *e;
	json_array_foreach(rep->errors, i, e)
	{
		const char *field = json_string_value(json_object_get(e, "field"));
		printf("line %lld%s%s: %s\n",
		       (long long)json_integer_value(json_object_get(e, "line")), field ? ", " : "",
		       field ? field : "", json_string_value(json_object_get(e, "message")));
	}
	if ((size_t)rep->failed > json_array_size(rep->errors))
		printf("(only the first %zu problems are listed)\n", json_array_size(rep->errors));
	if (rep->written)
		puts(rep->failed ? "The other rows were written." : "Written.");
	else if (o->dry_run)
		puts("Dry run: nothing was written.");
	else
		puts("Nothing was written: correct the rows above and import again, or use "
		     "--skip-invalid.");
}

int cmd_import(int argc, char **argv)
{
	struct cli c;
	int r = cli_parse(
	    &c, "import",
	    "import --org ID [--mode create|update|upsert] [--dry-run] "
	    "[--skip-invalid] FILE.csv\n\nColumns (header line, any order, any case; "
	    "',' or ';'): salutation, first_name, infix, last_name, email, "
	    "login_name, phone, mobile, job_title, employer, language, groups (names split by "
	    "'|' or ','), extension (digits or auto), invite (yes/no).",
	    import_opts, sizeof(import_opts) / sizeof(import_opts[0]), argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	struct import_opts o = {.dry_run = cli_flag(&c, "dry-run"),
	                        .skip_invalid = cli_flag(&c, "skip-invalid")};
	if (import_mode_parse(cli_get(&c, "mode"), &o.mode) < 0) {
		fprintf(stderr, "switchboard import: --mode is create, update or upsert\n");
		return 2;
	}
	if (!cli_get(&c, "org") || c.n_positional != 1) {
		fprintf(stderr, "switchboard import: say --org ID and one FILE.csv (see --help)\n");
		return 2;
	}
	char *data = NULL;
	size_t len = 0;
	if ((r = read_file(c.positional[0], &data, &len)) < 0) {
		fprintf(stderr, "switchboard import: cannot read %s: %s\n", c.positional[0],
		        strerror(-r));
		return 1;
	}
	struct cli_env e;
	if (cli_env_open(&c, &e) < 0) {
		free(data);
		return 1;
	}
	int rc = 0;
	struct org org;
	if (org_get(&e.dc, cli_get(&c, "org"), &org) < 0) {
		fprintf(stderr, "switchboard import: --org must name an organization id\n");
		rc = 1;
	} else {
		struct progress p = {.tty = isatty(STDERR_FILENO) == 1, .start_ns = time_mono_ns()};
		p.last_ns = p.start_ns;
		struct import_report rep;
		r = user_import(&e.dc, &org, data, len, &o, &rep, on_progress, &p);
		if (r < 0) {
			if (p.tty && rep.processed)
				fputc('\n', stderr);
			fprintf(stderr, "switchboard import: the file cannot be imported:\n");
			cli_print_diag(&e.d);
			if (!e.d.n_errors && !e.d.detail)
				fprintf(stderr, "  %s\n", strerror(-r));
			rc = 1;
		} else {
			if (p.tty || rep.processed >= 1000)
				progress_draw(&p, &rep, true);
			print_report(&rep, &o, cli_flag(&c, "json"));
			rc = rep.failed ? 1 : 0;
		}
		import_report_release(&rep);
	}
	cli_env_close(&e);
	free(data);
	return rc;
}

/* ---- export -------------------------------------------------------------- */

struct export_out {
	FILE *f;
	bool json;
	int n;
};

static int export_row(void *ud, const char *const *row)
{
	struct export_out *o = ud;
	if (o->json) {
		json_t *j = json_object();
		for (size_t i = 0; i < import_columns_n; i++) {
			if (!row[i])
				continue;
			if (strcmp(import_columns[i], "groups") == 0) {
				json_t *g = json_array();
				char *copy = strdup(row[i]), *save = NULL;
				for (char *t = strtok_r(copy, "|", &save); t;
				     t = strtok_r(NULL, "|", &save))
					json_array_append_new(g, json_string(t));
				free(copy);
				json_object_set_new(j, "groups", g);
			} else {
				json_object_set_new(j, import_columns[i], json_string(row[i]));
			}
		}
		char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fprintf(o->f, "%s  %s", o->n ? ",\n" : "", s ? s : "{}");
		free(s);
		json_decref(j);
	} else {
		csv_write_row(o->f, ',', row, import_columns_n);
	}
	o->n++;
	return ferror(o->f) ? -EIO : 0;
}

int cmd_export(int argc, char **argv)
{
	struct cli c;
	int r = cli_parse(&c, "export",
	                  "export --org ID [--format csv|json] [--output FILE]\n\nWrites the users "
	                  "of an organization with the columns import reads.",
	                  export_opts, sizeof(export_opts) / sizeof(export_opts[0]), argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	const char *fmt = cli_get(&c, "format");
	if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "json")) {
		fprintf(stderr, "switchboard export: --format is csv or json\n");
		return 2;
	}
	if (!cli_get(&c, "org")) {
		fprintf(stderr, "switchboard export: --org is required\n");
		return 2;
	}
	struct cli_env e;
	if (cli_env_open(&c, &e) < 0)
		return 1;
	struct org org;
	int rc = 0;
	struct export_out out = {.f = stdout, .json = fmt && strcmp(fmt, "json") == 0};
	const char *path = cli_get(&c, "output");
	if (org_get(&e.dc, cli_get(&c, "org"), &org) < 0) {
		fprintf(stderr, "switchboard export: --org must name an organization id\n");
		rc = 1;
	} else if (path && !(out.f = fopen(path, "w"))) {
		fprintf(stderr, "switchboard export: cannot write %s: %s\n", path, strerror(errno));
		rc = 1;
	} else {
		if (out.json) {
			fputs("[\n", out.f);
		} else {
			csv_write_row(out.f, ',', import_columns, import_columns_n);
		}
		r = user_export(&e.dc, &org, export_row, &out);
		if (out.json)
			fputs(out.n ? "\n]\n" : "]\n", out.f);
		if (r < 0 || fflush(out.f) != 0 || ferror(out.f)) {
			fprintf(stderr, "switchboard export failed: %s\n",
			        strerror(r < 0 ? -r : EIO));
			rc = 1;
		}
		if (out.f != stdout && fclose(out.f) != 0)
			rc = 1;
	}
	cli_env_close(&e);
	return rc;
}
