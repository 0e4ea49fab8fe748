/* test_csv.c: the CSV reader: BOM, separator detection, RFC 4180 quoting,
 * line breaks inside quotes, CRLF and LF, line numbers, malformed input,
 * NUL bytes; and the writer's guard against formula injection. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads every record of text; the fields joined as "a|b|c" per record, and
 * the line each starts on. */
static int read_all(const char *text, char out[][128], int *lines, int max, char *ret_sep)
{
	struct arena *a = arena_new();
	struct csv c;
	csv_init(&c, text, strlen(text));
	*ret_sep = c.sep;
	int n = 0, r;
	char **f;
	while (n < max && (r = csv_next(&c, a, &f)) > 0) {
		out[n][0] = 0;
		for (int i = 0; i < r; i++) {
			if (i)
				strcat(out[n], "|");
			strcat(out[n], f[i]);
		}
		lines[n++] = c.record_line;
	}
	arena_free(a);
	return r < 0 ? r : n;
}

static void plain_comma_lf(void **state)
{
	(void)state;
	char out[4][128], sep;
	int lines[4];
	assert_int_equal(
	    read_all("email,first_name\na@x.nl,Ann\nb@x.nl,Bob\n", out, lines, 4, &sep), 3);
	assert_int_equal(sep, ',');
	assert_string_equal(out[0], "email|first_name");
	assert_string_equal(out[2], "b@x.nl|Bob");
	assert_int_equal(lines[2], 3);
}

static void bom_semicolon_crlf(void **state)
{
	(void)state;
	char out[4][128], sep;
	int lines[4];
	int n = read_all("\xEF\xBB\xBF"
	                 "E-mail;Voornaam\r\na@x.nl;Ann\r\nb@x.nl;Bob, Jr.",
	                 out, lines, 4, &sep);
	assert_int_equal(n, 3);
	assert_int_equal(sep, ';');
	assert_string_equal(out[0], "E-mail|Voornaam"); /* no BOM in the first name */
	assert_string_equal(out[2], "b@x.nl|Bob, Jr."); /* no newline at the end */
	assert_int_equal(lines[1], 2);
}

static void quoting(void **state)
{
	(void)state;
	char out[4][128], sep;
	int lines[4];
	int n = read_all("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\n\"\"\"\",plain,\n", out, lines, 4,
	                 &sep);
	assert_int_equal(n, 3);
	assert_string_equal(out[1], "x,y|say \"hi\"|");
	assert_string_equal(out[2], "\"|plain|"); /* trailing empty field */
}

static void newline_in_quotes_counts_lines(void **state)
{
	(void)state;
	char out[4][128], sep;
	int lines[4];
	int n = read_all("a,b\r\n\"two\r\nlines\",x\r\n\r\nlast,y\r\n", out, lines, 4, &sep);
	assert_int_equal(n, 3);
	assert_string_equal(out[1], "two\r\nlines|x");
	assert_int_equal(lines[1], 2);
	assert_int_equal(lines[2], 5); /* after the quoted break and a blank line */
}

static void separator_in_quotes_does_not_decide(void **state)
{
	(void)state;
	char out[2][128], sep;
	int lines[2];
	assert_int_equal(read_all("\"a;b;c\",d\n", out, lines, 2, &sep), 1);
	assert_int_equal(sep, ',');
	assert_string_equal(out[0], "a;b;c|d");
}

static void malformed(void **state)
{
	(void)state;
	char out[2][128], sep;
	int lines[2];
	assert_int_equal(read_all("a,b\n\"open,x\n", out, lines, 2, &sep), -EINVAL);
	assert_int_equal(read_all("a,b\n\"x\"y,z\n", out, lines, 2, &sep), -EINVAL);
	char big[400] = "";
	for (int i = 0; i < CSV_MAX_FIELDS + 1; i++)
		strcat(big, "x,");
	assert_int_equal(read_all(big, out, lines, 2, &sep), -E2BIG);
	assert_int_equal(read_all("", out, lines, 2, &sep), 0);
	assert_int_equal(read_all("\xEF\xBB\xBF", out, lines, 2, &sep), 0);
}

static void count_matches_records(void **state)
{
	(void)state;
	struct csv c;
	const char *t = "h1;h2\r\n\"a\nb\";c\r\n\r\nd;\"e;\"\"f\"\"\"\nlast;x";
	csv_init(&c, t, strlen(t));
	assert_int_equal(csv_count(&c), 4);
	struct arena *a = arena_new();
	char **f;
	int n = 0;
	while (csv_next(&c, a, &f) > 0)
		n++;
	assert_int_equal(n, 4);
	arena_free(a);
}

/* A NUL byte inside a field is kept, and field_len says how long the field
 * really is (strlen stops at the NUL), quoted or not. */
static void nul_inside_a_field_is_measured(void **state)
{
	(void)state;
	static const char t[] = "a,b,c\nA\0B,\"x\0\",plain\n";
	struct csv c;
	struct arena *a = arena_new();
	char **f;
	csv_init(&c, t, sizeof(t) - 1);
	assert_int_equal(csv_next(&c, a, &f), 3);
	assert_int_equal(c.field_len[0], 1);
	assert_int_equal(csv_next(&c, a, &f), 3);
	assert_int_equal(c.field_len[0], 3);
	assert_memory_equal(f[0], "A\0B", 4);
	assert_int_equal(strlen(f[0]), 1);
	assert_int_equal(c.field_len[1], 2);
	assert_memory_equal(f[1], "x\0", 3);
	assert_int_equal(c.field_len[2], 5);
	assert_int_equal(c.field_len[2], strlen(f[2]));
	assert_int_equal(csv_next(&c, a, &f), 0);
	arena_free(a);
}

/* Formula injection: which cells a spreadsheet would run get the guard. */
static void guard_what_a_spreadsheet_would_run(void **state)
{
	(void)state;
	static const char *const run[] = {"=1+1", "+31201234567", "-2",      "@SUM(A1)", " =1",
	                                  "\t=1", "  @x",         "\tplain", "\rplain",  "\n=1",
	                                  "'=1",  "''+1",         "=",       "-"};
	static const char *const text[] = {"",   "plain", "a=b",     "'t Hart", "'",   "''",
	                                   " x", "\nx",   "06 1234", "x@y.nl",  "'a=1"};
	for (size_t i = 0; i < sizeof(run) / sizeof(run[0]); i++)
		if (!csv_needs_guard(run[i]))
			fail_msg("%s would run unguarded", run[i]);
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		if (csv_needs_guard(text[i]))
			fail_msg("%s is guarded for nothing", text[i]);
}

/* The guard comes off again only where export put it, so a value that starts
 * with a quote of its own is kept: unguard(guarded(s)) == s for every s. */
static void unguard_undoes_exactly_the_guard(void **state)
{
	(void)state;
	assert_string_equal(csv_unguard("'=1+1"), "=1+1");
	assert_string_equal(csv_unguard("'+31201234567"), "+31201234567");
	assert_string_equal(csv_unguard("' =1"), " =1");
	assert_string_equal(csv_unguard("''=1"), "'=1");
	assert_string_equal(csv_unguard("'t Hart"), "'t Hart");
	assert_string_equal(csv_unguard("'"), "'");
	assert_string_equal(csv_unguard("=1"), "=1");
	static const char *const all[] = {"=1+1", "+31201234567", "'t Hart", "'",    "''",   "'=1",
	                                  "''=1", "plain",        "",        "\t=x", "'a=1", "-"};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%s%s", csv_needs_guard(all[i]) ? "'" : "", all[i]);
		assert_string_equal(csv_unguard(buf), all[i]);
	}
}

/* The field as export writes it: guarded, quoted where it must be. */
static void write_field_guards_and_quotes(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"plain", "plain"},
	    {"=HYPERLINK(\"http://x.test\",\"y\")",
	     "\"'=HYPERLINK(\"\"http://x.test\"\",\"\"y\"\")\""},
	    {"+31201234567", "'+31201234567"},
	    {"'t Hart", "'t Hart"},
	    {"''=1", "'''=1"},
	    {"a, b", "\"a, b\""},
	    {" x", "\" x\""},
	    {"\t=1", "'\t=1"},
	    {"\r=1", "\"'\r=1\""},
	    {"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		assert_non_null(f);
		csv_write_field(f, cases[i].in);
		fclose(f);
		assert_string_equal(buf, cases[i].out);
		free(buf);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	csv_write_field(f, NULL);
	fclose(f);
	assert_int_equal(len, 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(plain_comma_lf),
	    cmocka_unit_test(bom_semicolon_crlf),
	    cmocka_unit_test(quoting),
	    cmocka_unit_test(newline_in_quotes_counts_lines),
	    cmocka_unit_test(separator_in_quotes_does_not_decide),
	    cmocka_unit_test(malformed),
	    cmocka_unit_test(count_matches_records),
	    cmocka_unit_test(nul_inside_a_field_is_measured),
	    cmocka_unit_test(guard_what_a_spreadsheet_would_run),
	    cmocka_unit_test(unguard_undoes_exactly_the_guard),
	    cmocka_unit_test(write_field_guards_and_quotes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
