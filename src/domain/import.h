/* import.h: bulk import of users from CSV, and the columns export writes.
 *
 * Every row goes through user_create / user_update (domain/users.c), so a
 * row is judged by the same rules, with the same messages, as POST and
 * PATCH .../users. The whole file runs in one transaction, each row in a
 * savepoint: all-or-nothing by default (any bad row and nothing is
 * written), or skip_invalid (good rows written, bad rows reported). A dry
 * run reports the same and writes nothing. */
#pragma once
#include "domain/domain.h"

#include <stdbool.h>

enum import_mode { IMPORT_CREATE, IMPORT_UPDATE, IMPORT_UPSERT };

struct import_opts {
	enum import_mode mode;
	bool dry_run, skip_invalid;
};

/* The most row errors a report keeps (failed counts them all). */
#define IMPORT_MAX_ERRORS 1000

struct import_report {
	int64_t total, processed, created, updated, unchanged, failed;
	json_t *errors; /* [{line, field, code, message}]; owned */
	bool written;   /* the transaction was committed */
};

/* The columns, in the order export writes them. */
extern const char *const import_columns[];
extern const size_t import_columns_n;

/* "create", "update", "upsert" -> mode; -EINVAL for anything else. */
int import_mode_parse(const char *s, enum import_mode *ret);
const char *import_mode_name(enum import_mode m);

/* Checks the header line of data: unknown or repeated columns and a missing
 * email column are reported on field "columns" (-EINVAL), a malformed file
 * on "file". *ret_extension says whether an extension column is present. */
int import_check_header(struct dctx *c, const char *data, size_t len, bool *ret_extension);

/* Called every row with the counts so far, and once more with r->written
 * set just before the import commits, on c->db inside its transaction
 * (what it writes there is committed with the rows, or neither is). A
 * positive answer stops the import (rolled back, -ECANCELED), a negative
 * errno too (rolled back, that error). */
typedef int (*import_progress_fn)(void *ud, const struct import_report *r);

/* Imports data (CSV) into org as c's actor, opening and ending its own
 * transaction on c->db; c->a and c->d are used only for file-level
 * problems (each row gets its own arena). Returns 0 when the import ran to
 * its end (row errors are in the report, and then nothing was written
 * unless skip_invalid), or < 0 with the diag saying why. rep is filled in
 * either case; release it with import_report_release. */
int user_import(struct dctx *c, const struct org *org, const char *data, size_t len,
                const struct import_opts *o, struct import_report *rep, import_progress_fn fn,
                void *ud);
void import_report_release(struct import_report *r);
/* The report as JSON {total, processed, created, ...,errors}; new reference. */
json_t *import_report_json(const struct import_report *r);

/* Calls fn for each live user of org (in list order) with the row export
 * writes: import_columns_n strings (NULL for empty), in arena a; in a read
 * transaction of its own on c->db. */
typedef int (*export_row_fn)(void *ud, const char *const *row);
int user_export(struct dctx *c, const struct org *org, export_row_fn fn, void *ud);
struct export_opts {
	bool dutch; /* builtin groups by their Dutch names (import reads both) */
	bool in_tx; /* the caller's transaction is open on c->db (a request) */
};
int user_export_ex(struct dctx *c, const struct org *org, const struct export_opts *o,
                   export_row_fn fn, void *ud);
/* The header of column i (< import_columns_n): its name, or with dutch the
 * Dutch label import also reads ("Voornaam", "Rechtengroepen"). */
const char *import_column_label(size_t i, bool dutch);

/* ---- import jobs (import_job.c) ------------------------------------------ */

struct job;

/* POST .../imports: checks the header line of data (as
 * import_check_header; an extension column needs telephony.write), then
 * stores a job importing it into org with o as queued under this node's
 * id, in c's transaction. The caller starts the job (job_start) once that
 * is committed, or drops it (job_drop). -EAGAIN when this process runs as
 * many jobs as it may. */
int import_job_submit(struct dctx *c, const struct org *org, const struct import_opts *o,
                      const char *data, size_t len, struct job **ret);
/* The job id of org, with the live counts when this process runs it. */
int import_job_get(struct dctx *c, const struct org *org, const char *id, struct import_rec *ret);
