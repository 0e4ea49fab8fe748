/* csv.c: see csv.h. Two passes over each field: one to find its end and
 * length, one to copy it with doubled quotes collapsed. */
#include "base/csv.h"
#include "base/arena.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

/* The separator the header line uses most outside quotes (',' on a tie). */
static char detect_sep(const char *p, const char *end)
{
	int commas = 0, semis = 0;
	bool quoted = false;
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\n' || *p == '\r')
			break;
		else if (*p == ',')
			commas++;
		else if (*p == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

void csv_init(struct csv *c, const char *data, size_t len)
{
	c->p = data;
	c->end = data + len;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
	c->sep = detect_sep(c->p, c->end);
	c->line = 1;
	c->record_line = 0;
	c->field_len = NULL;
}

/* Skips the line break at *p (CRLF, LF or a lone CR); true if there was one. */
static bool skip_eol(struct csv *c)
{
	if (c->p < c->end && *c->p == '\r') {
		c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		c->line++;
		return true;
	}
	if (c->p < c->end && *c->p == '\n') {
		c->p++;
		c->line++;
		return true;
	}
	return false;
}

/* Reads one field starting at c->p into *ret (its length, NULs included, in
 * *ret_len); leaves c->p on the separator, line break or end after it. */
static int read_field(struct csv *c, struct arena *a, char **ret, size_t *ret_len)
{
	const char *p = c->p;
	if (p < c->end && *p == '"') {
		/* first pass: find the closing quote, count the output bytes */
		size_t n = 0;
		const char *q = p + 1;
		for (;;) {
			if (q >= c->end)
				return -EINVAL;
			if (*q == '"') {
				if (q + 1 < c->end && q[1] == '"') {
					n++;
					q += 2;
					continue;
				}
				break;
			}
			n++;
			q++;
		}
		const char *close = q;
		if (close + 1 < c->end && close[1] != c->sep && close[1] != '\n' &&
		    close[1] != '\r')
			return -EINVAL;
		char *out = arena_alloc(a, n + 1);
		size_t k = 0;
		for (q = p + 1; q < close; q++) {
			if (*q == '\n' || (*q == '\r' && !(q + 1 < close && q[1] == '\n')))
				c->line++;
			out[k++] = *q;
			if (*q == '"')
				q++; /* the second of a doubled quote */
		}
		out[k] = 0;
		c->p = close + 1;
		*ret = out;
		*ret_len = k;
		return 0;
	}
	const char *q = p;
	while (q < c->end && *q != c->sep && *q != '\n' && *q != '\r')
		q++;
	*ret = arena_strndup(a, p, (size_t)(q - p));
	*ret_len = (size_t)(q - p);
	c->p = q;
	return 0;
}

int csv_next(struct csv *c, struct arena *a, char ***ret_fields)
{
	while (c->p < c->end && skip_eol(c))
		; /* blank lines */
	if (c->p >= c->end)
		return 0;
	c->record_line = c->line;
	char **f = arena_alloc(a, sizeof(char *) * CSV_MAX_FIELDS);
	size_t *len = arena_alloc(a, sizeof(size_t) * CSV_MAX_FIELDS);
	int n = 0;
	for (;;) {
		if (n == CSV_MAX_FIELDS)
			return -E2BIG;
		int r = read_field(c, a, &f[n], &len[n]);
		if (r < 0)
			return r;
		n++;
		if (c->p < c->end && *c->p == c->sep) {
			c->p++;
			continue;
		}
		skip_eol(c);
		break;
	}
	*ret_fields = f;
	c->field_len = len;
	return n;
}

int csv_count(const struct csv *c)
{
	/* a scan that follows quotes the way read_field does, copying nothing */
	const char *p = c->p, *end = c->end;
	int n = 0;
	bool in_record = false, quoted = false;
	for (; p < end; p++) {
		char ch = *p;
		if (quoted) {
			if (ch == '"') {
				if (p + 1 < end && p[1] == '"')
					p++;
				else
					quoted = false;
			}
			continue;
		}
		if (ch == '"') {
			quoted = true;
			in_record = true;
		} else if (ch == '\n' || ch == '\r') {
			if (in_record)
				n++;
			in_record = false;
		} else {
			in_record = true;
		}
	}
	return n + (in_record ? 1 : 0);
}

/* The white space the import trims around a cell (util.c's str_trim). */
static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

bool csv_needs_guard(const char *s)
{
	while (*s == '\'')
		s++; /* a quote of the value's own, before a cell that needs one */
	if (*s == '\t' || *s == '\r')
		return true;
	while (is_blank(*s))
		s++;
	return *s == '=' || *s == '+' || *s == '-' || *s == '@';
}

const char *csv_unguard(const char *s)
{
	return s[0] == '\'' && csv_needs_guard(s + 1) ? s + 1 : s;
}

void csv_write_field(FILE *f, const char *s)
{
	if (!s)
		return;
	bool guard = csv_needs_guard(s);
	size_t n = strlen(s);
	bool quote =
	    strpbrk(s, ",;\"\r\n") != NULL || (n && ((!guard && s[0] == ' ') || s[n - 1] == ' '));
	if (quote)
		fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	if (quote)
		fputc('"', f);
}

void csv_write_row(FILE *f, char sep, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(sep, f);
		csv_write_field(f, fields[i]);
	}
	fputs("\r\n", f);
}
