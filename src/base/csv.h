/* csv.h: a reader for the CSV files people export from spreadsheets, and
 * the writer of one field for files they will open in one. The reader takes
 * UTF-8 with or without a byte order mark, ',' or ';' between fields (the
 * one the header line uses most, outside quotes), RFC 4180 quoting (quoted
 * fields may hold separators, doubled quotes and line breaks), CRLF or LF.
 *
 * The reader walks a buffer the caller keeps alive; fields are copied into
 * an arena, NUL-terminated, with any NUL byte inside kept (field_len says
 * where such a field really ends). Blank lines are skipped. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct arena;

#define CSV_MAX_FIELDS 64

struct csv {
	const char *p, *end;
	char sep;
	int line;        /* line number (1-based) where the next record starts */
	int record_line; /* line number where the record just read started */
	/* Byte length of each field of the record just read (in the arena of
	 * that csv_next): longer than its strlen when it holds a NUL byte. */
	size_t *field_len;
};

/* Starts reading data: skips a BOM and picks the separator. */
void csv_init(struct csv *c, const char *data, size_t len);
/* Reads the next record into ret_fields (in a; at most CSV_MAX_FIELDS).
 * Returns how many fields (>= 1), 0 at the end, -EINVAL when a quoted field
 * is not closed or text follows a closing quote, -E2BIG when a record has
 * more than CSV_MAX_FIELDS fields. c->record_line says where it started. */
int csv_next(struct csv *c, struct arena *a, char ***ret_fields);
/* How many records remain, without reading them (for progress); the reader
 * is left where it was. Stops counting at a malformed record. */
int csv_count(const struct csv *c);

/* Formula injection (OWASP, "CSV Injection"): a spreadsheet runs a cell that
 * starts with '=', '+', '-' or '@' (also after spaces and other white space,
 * which the import trims), or with a tab or CR, as a formula. Such a cell is
 * written with a leading "'", which makes spreadsheets take it as text. A
 * value that starts with quotes followed by such a value is guarded as well,
 * so that the guard is told apart from a quote of the value's own:
 * csv_unguard("'" + s) == s whenever csv_needs_guard(s), and
 * csv_unguard(s) == s otherwise. */
bool csv_needs_guard(const char *s);
/* s without the guard it starts with, if it does (s + 1); else s. */
const char *csv_unguard(const char *s);
/* Writes s (NULL: nothing) as one field of a ','-separated record: guarded,
 * and quoted when it holds a separator (',' or ';'), a quote or a line
 * break, or starts or ends with a space. */
void csv_write_field(FILE *f, const char *s);
/* Writes a line of n fields (csv_write_field each; NULL for an empty one)
 * separated by sep, ended by CRLF. */
void csv_write_row(FILE *f, char sep, const char *const *fields, size_t n);
