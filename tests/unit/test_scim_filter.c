/* test_scim_filter.c: the SCIM filter parser (scim/filter.c): every example
 * filter of RFC 7644 3.4.2.2 and those Entra ID and Okta send, the SQL and
 * parameters they compile to, and what that SQL selects from a small SQLite
 * table in memory; syntax, type and value errors with their scimType and
 * position; the limits; values that try to escape into the SQL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "scim/filter.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENTERPRISE "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
#define EMAILS "emails e WHERE e.user_id = u.id"
#define IMS "ims i WHERE i.user_id = u.id"

static const struct scim_attr user_attrs[] = {
    {"userName", "u.login_name", SCIM_STRING, false, NULL},
    {"externalId", "u.external_id", SCIM_STRING, true, NULL},
    {"displayName", "u.display_name", SCIM_STRING, false, NULL},
    {"name.familyName", "u.family_name", SCIM_STRING, false, NULL},
    {"title", "u.title", SCIM_STRING, false, NULL},
    {"userType", "u.user_type", SCIM_STRING, false, NULL},
    {"active", "u.active", SCIM_BOOL, false, NULL},
    {"loginCount", "u.login_count", SCIM_INT, false, NULL},
    {"meta.lastModified", "u.updated_at", SCIM_DATETIME, false, NULL},
    {ENTERPRISE ":employeeNumber", "u.employee_number", SCIM_STRING, true, NULL},
    {"emails", "e.value", SCIM_STRING, false, EMAILS},
    {"emails.value", "e.value", SCIM_STRING, false, EMAILS},
    {"emails.type", "e.type", SCIM_STRING, false, EMAILS},
    {"emails.display", "u.work_email", SCIM_STRING, false, NULL}, /* not in emails */
    {"ims.value", "i.value", SCIM_STRING, false, IMS},
    {"ims.type", "i.type", SCIM_STRING, false, IMS},
};
static const struct scim_schema users = {"urn:ietf:params:scim:schemas:core:2.0:User", user_attrs,
                                         sizeof(user_attrs) / sizeof(user_attrs[0])};

/* A value path over plain columns: the user's one work email. */
static const struct scim_attr plain_attrs[] = {
    {"emails.type", "'work'", SCIM_STRING, false, NULL},
    {"emails.value", "u.work_email", SCIM_STRING, false, NULL},
};
static const struct scim_schema plain = {"urn:ietf:params:scim:schemas:core:2.0:User", plain_attrs,
                                         2};

static const struct scim_attr group_attrs[] = {
    {"displayName", "g.name", SCIM_STRING, false, NULL},
    {"externalId", "g.external_id", SCIM_STRING, true, NULL},
};
static const struct scim_schema groups = {"urn:ietf:params:scim:schemas:core:2.0:Group",
                                          group_attrs, 2};

static const char SCHEMA_SQL[] =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, login_name TEXT, external_id TEXT, "
    "display_name TEXT, family_name TEXT, title TEXT, user_type TEXT, active INTEGER, "
    "login_count INTEGER, updated_at INTEGER, employee_number TEXT, work_email TEXT);"
    "CREATE TABLE emails (user_id INTEGER, type TEXT, value TEXT);"
    "CREATE TABLE ims (user_id INTEGER, type TEXT, value TEXT);"
    "INSERT INTO users VALUES (1, 'bjensen', 'ext-1', 'Babs Jensen', 'Jensen', 'Tour Guide', "
    "'Employee', 1, 7, 1305261755000, '701984', 'bjensen@example.com');"
    "INSERT INTO users VALUES (2, 'jomalley', NULL, 'Jo O''Malley', 'O''Malley', NULL, "
    "'Intern', 0, 0, 1305261754000, NULL, 'jo@example.org');"
    "INSERT INTO users VALUES (3, 'Jim%_x', 'EXT-3', NULL, NULL, '', NULL, 1, 12, "
    "1262304000000, NULL, NULL);"
    "INSERT INTO users VALUES (4, 'user@contoso.com', NULL, 'Group name', NULL, NULL, "
    "'Contractor', 1, NULL, NULL, NULL, 'user@contoso.com');"
    "INSERT INTO emails VALUES (1, 'work', 'bjensen@example.com'), "
    "(1, 'home', 'babs@jensen.org'), (2, 'work', 'jo@example.org'), "
    "(4, 'work', 'user@contoso.com');"
    "INSERT INTO ims VALUES (1, 'xmpp', 'bjensen@foo.com'), (2, 'aim', 'jo@foo.com');";

static sqlite3 *db;
static struct arena *a;

static int setup(void **state)
{
	(void)state;
	a = arena_new();
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	return sqlite3_exec(db, SCHEMA_SQL, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sqlite3_close(db);
	arena_free(a);
	return 0;
}

static struct scim_sql compile_ok(const struct scim_schema *sc, const char *filter)
{
	struct scim_sql q = {0};
	struct scim_error e = {0};
	int r = scim_filter_compile(a, filter, sc, &q, &e);
	if (r != 0)
		fail_msg("%s: %s: %s", filter, scim_error_type_name(e.type), e.detail);
	return q;
}

/* The ids (in order, comma-separated) of the users the filter selects. */
static const char *run(const char *filter)
{
	struct scim_sql q = compile_ok(&users, filter);
	char *sql = arena_printf(a,
	                         "SELECT group_concat(id) FROM (SELECT u.id FROM users u WHERE %s "
	                         "ORDER BY u.id)",
	                         q.where);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_bind_parameter_count(st), q.n_params);
	for (int i = 0; i < q.n_params; i++) {
		if (q.params[i].kind == SCIM_PARAM_TEXT)
			sqlite3_bind_text(st, i + 1, q.params[i].text, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(st, i + 1, q.params[i].i);
	}
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const unsigned char *ids = sqlite3_column_text(st, 0);
	char *out = arena_strdup(a, ids ? (const char *)ids : "");
	sqlite3_finalize(st);
	return out;
}

/* Compiling fails with that scimType at that position. */
static void compile_err(const struct scim_schema *sc, const char *filter, enum scim_error_type type,
                        size_t pos)
{
	struct scim_sql q = {0};
	struct scim_error e = {0};
	int r = scim_filter_compile(a, filter, sc, &q, &e);
	if (r != -EINVAL)
		fail_msg("%s: compiled to %s", filter, q.where ? q.where : "?");
	assert_null(q.where);
	assert_non_null(e.detail);
	if (e.type != type || e.pos != pos)
		fail_msg("%.60s: %s at %zu (%s), expected %s at %zu", filter,
		         scim_error_type_name(e.type), e.pos, e.detail, scim_error_type_name(type),
		         pos);
}

static void rfc_examples(void **state)
{
	(void)state;
	assert_string_equal(run("userName eq \"bjensen\""), "1");
	assert_string_equal(run("name.familyName co \"O'Malley\""), "2");
	assert_string_equal(run("userName sw \"J\""), "2,3");
	assert_string_equal(run("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\""),
	                    "2,3");
	assert_string_equal(run("title pr"), "1");
	assert_string_equal(run("meta.lastModified gt \"2011-05-13T04:42:34Z\""), "1");
	assert_string_equal(run("meta.lastModified ge \"2011-05-13T04:42:34Z\""), "1,2");
	assert_string_equal(run("meta.lastModified lt \"2011-05-13T04:42:34Z\""), "3");
	assert_string_equal(run("meta.lastModified le \"2011-05-13T04:42:34Z\""), "2,3");
	assert_string_equal(run("title pr and userType eq \"Employee\""), "1");
	assert_string_equal(run("title pr or userType eq \"Intern\""), "1,2");
	/* the table has no "schemas": an unknown attribute */
	compile_err(&users, "schemas eq \"" ENTERPRISE "\"", SCIM_INVALID_FILTER, 0);
	assert_string_equal(
	    run("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co "
	        "\"example.org\")"),
	    "1");
	assert_string_equal(
	    run("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co "
	        "\"example.org\")"),
	    "3,4");
	assert_string_equal(run("userType eq \"Employee\" and (emails.type eq \"work\")"), "1");
	assert_string_equal(run("userType eq \"Employee\" and emails[type eq \"work\" and value co "
	                        "\"@example.com\"]"),
	                    "1");
	assert_string_equal(run("emails[type eq \"work\" and value co \"@example.com\"] or "
	                        "ims[type eq \"xmpp\" and value co \"@foo.com\"]"),
	                    "1");
}

static void identity_providers(void **state)
{
	(void)state;
	/* Entra ID and Okta look users and groups up one at a time */
	assert_string_equal(run("userName eq \"user@contoso.com\""), "4");
	assert_string_equal(run("userName eq \"USER@Contoso.com\""), "4");
	assert_string_equal(run("externalId eq \"ext-1\""), "1");
	assert_string_equal(run("externalId eq \"EXT-1\""), ""); /* caseExact */
	assert_string_equal(run("displayName eq \"Group name\""), "4");
	struct scim_sql q = compile_ok(&groups, "displayName eq \"Group name\"");
	assert_string_equal(q.where, "lower(g.name) = lower(?)");
	assert_int_equal(q.n_params, 1);
	assert_string_equal(q.params[0].text, "Group name");
	q = compile_ok(&groups, "externalId eq \"5a6b\"");
	assert_string_equal(q.where, "g.external_id = ?");
	assert_string_equal(q.params[0].text, "5a6b");
	/* an extension attribute, named with its schema's URN */
	assert_string_equal(run(ENTERPRISE ":employeeNumber eq \"701984\""), "1");
	compile_err(&users, "employeeNumber eq \"701984\"", SCIM_INVALID_FILTER, 0);
}

static void sql_and_params(void **state)
{
	(void)state;
	struct scim_sql q = compile_ok(&users, "userName eq \"bjensen\"");
	assert_string_equal(q.where, "lower(u.login_name) = lower(?)");
	assert_int_equal(q.n_params, 1);
	assert_int_equal(q.params[0].kind, SCIM_PARAM_TEXT);
	assert_string_equal(q.params[0].text, "bjensen");

	q = compile_ok(&users, "title pr");
	assert_string_equal(q.where, "(u.title IS NOT NULL AND u.title <> '')");
	assert_int_equal(q.n_params, 0);

	q = compile_ok(&users, "userName sw \"J\"");
	assert_string_equal(q.where, "lower(u.login_name) LIKE lower(?) ESCAPE '\\'");
	assert_string_equal(q.params[0].text, "J%");

	q = compile_ok(&users, "userName co \"50%_a\\\\b\"");
	assert_string_equal(q.params[0].text, "%50\\%\\_a\\\\b%");

	/* and binds tighter than or */
	q = compile_ok(&users, "title pr or userType eq \"Intern\" and active eq true");
	assert_string_equal(q.where, "((u.title IS NOT NULL AND u.title <> '') OR "
	                             "(lower(u.user_type) = lower(?) AND u.active = ?))");
	assert_int_equal(q.n_params, 2);
	assert_string_equal(q.params[0].text, "Intern");
	assert_int_equal(q.params[1].kind, SCIM_PARAM_INT);
	assert_int_equal(q.params[1].i, 1);

	q = compile_ok(&users, "meta.lastModified gt \"2011-05-13T04:42:34Z\"");
	assert_string_equal(q.where, "u.updated_at > ?");
	assert_int_equal(q.params[0].kind, SCIM_PARAM_INT);
	assert_int_equal(q.params[0].i, 1305261754000LL);

	q = compile_ok(&users, "emails[type eq \"work\" and value co \"@example.com\"]");
	assert_string_equal(q.where, "EXISTS (SELECT 1 FROM " EMAILS " AND "
	                             "(lower(e.type) = lower(?) AND "
	                             "lower(e.value) LIKE lower(?) ESCAPE '\\'))");
	assert_int_equal(q.n_params, 2);
	assert_string_equal(q.params[0].text, "work");
	assert_string_equal(q.params[1].text, "%@example.com%");

	q = compile_ok(&users, "not (userType ne \"Employee\")");
	assert_string_equal(q.where, "NOT COALESCE((u.user_type IS NULL OR "
	                             "lower(u.user_type) <> lower(?)), FALSE)");

	q = compile_ok(&users, "externalId sw \"ext\"");
	assert_string_equal(q.where, "substr(u.external_id, 1, length(CAST(? AS TEXT))) = ?");
	assert_int_equal(q.n_params, 2);

	q = compile_ok(&users, "title eq null");
	assert_string_equal(q.where, "u.title IS NULL");
	assert_int_equal(q.n_params, 0);

	/* a value path over plain columns needs no subquery */
	q = compile_ok(&plain, "emails[type eq \"work\"]");
	assert_string_equal(q.where, "lower('work') = lower(?)");
	q = compile_ok(&plain, "emails[type eq \"work\" and value ew \"@example.org\"]");
	assert_string_equal(q.where, "(lower('work') = lower(?) AND "
	                             "lower(u.work_email) LIKE lower(?) ESCAPE '\\')");
}

static void semantics(void **state)
{
	(void)state;
	/* keywords and attribute names in any case, extra spaces */
	assert_string_equal(run("USERNAME EQ \"bjensen\" AnD  Title  PR"), "1");
	assert_string_equal(run("(userName eq \"bjensen\")"), "1");
	assert_string_equal(run("not(userName eq \"bjensen\")"), "2,3,4");
	/* an absent value: ne and not match it */
	assert_string_equal(run("title ne \"Tour Guide\""), "2,3,4");
	assert_string_equal(run("not (title eq \"Tour Guide\")"), "2,3,4");
	assert_string_equal(run("title eq null"), "2,4");
	assert_string_equal(run("title ne null"), "1,3");
	/* case-exact substring operators, on SQLite whose LIKE ignores case */
	assert_string_equal(run("externalId sw \"ext\""), "1");
	assert_string_equal(run("externalId ew \"-3\""), "3");
	assert_string_equal(run("externalId ew \"a-much-longer-value-3\""), "");
	assert_string_equal(run("externalId co \"XT\""), "3");
	assert_string_equal(run("externalId co \"\""), "1,3");
	assert_string_equal(run("externalId ne \"ext-1\""), "2,3,4");
	assert_string_equal(run("externalId gt \"ext\""), "1");
	/* LIKE's wildcards in a value are plain characters */
	assert_string_equal(run("userName co \"_\""), "3");
	assert_string_equal(run("userName co \"%_\""), "3");
	assert_string_equal(run("userName ew \"_X\""), "3");
	/* a value path needs one element matching all of it, and so does one
	 * with a sub-attribute after it (as Entra ID and Okta write it) */
	assert_string_equal(run("emails[type eq \"work\"].value eq \"bjensen@example.com\""), "1");
	assert_string_equal(run("emails[type eq \"home\"].value co \"@example.com\""), "");
	assert_string_equal(run("emails[type eq \"home\" and value co \"@example.com\"]"), "");
	assert_string_equal(run("emails.type eq \"home\" and emails.value co \"@example.com\""),
	                    "1");
	assert_string_equal(run("ims[not (type eq \"xmpp\")]"), "2");
	/* booleans, integers */
	assert_string_equal(run("active eq false"), "2");
	assert_string_equal(run("active ne true"), "2");
	assert_string_equal(run("loginCount ge 7"), "1,3");
	assert_string_equal(run("loginCount lt -1"), "");
	assert_string_equal(run("loginCount eq 0"), "2");
	assert_string_equal(run("active pr and loginCount pr"), "1,2,3");
	/* escapes in strings, decoded */
	assert_string_equal(run("name.familyName eq \"O\\u0027Malley\""), "2");
	assert_string_equal(run("meta.lastModified eq \"2011-05-13T06:42:34.000+02:00\""), "2");
}

static void injection(void **state)
{
	(void)state;
	struct scim_sql q = compile_ok(&users, "userName eq \"x\\\" OR 1=1 --\"");
	assert_string_equal(q.where, "lower(u.login_name) = lower(?)");
	assert_int_equal(q.n_params, 1);
	assert_string_equal(q.params[0].text, "x\" OR 1=1 --");
	assert_string_equal(run("userName eq \"x\\\" OR 1=1 --\""), "");
	assert_string_equal(run("userName eq \"x') OR 1=1 --\""), "");
	assert_string_equal(run("userName co \"'\""), "");
	/* attribute names never reach the SQL, only the table's columns do */
	compile_err(&users, "u.id eq \"1\"", SCIM_INVALID_FILTER, 0);
	compile_err(&users, "userName;DROP eq \"1\"", SCIM_INVALID_FILTER, 8);
	compile_err(&users, "1 eq 1", SCIM_INVALID_FILTER, 0);
}

static void errors(void **state)
{
	(void)state;
	compile_err(&users, "", SCIM_INVALID_FILTER, 0);
	compile_err(&users, "   ", SCIM_INVALID_FILTER, 3);
	compile_err(&users, "userName eq \"bjensen", SCIM_INVALID_FILTER, 12);
	compile_err(&users, "userName eq \"bjensen\\\"", SCIM_INVALID_FILTER, 12);
	compile_err(&users, "userName eq", SCIM_INVALID_FILTER, 11);
	compile_err(&users, "userName eq ", SCIM_INVALID_FILTER, 12);
	compile_err(&users, "userName", SCIM_INVALID_FILTER, 8);
	compile_err(&users, "userName xx \"a\"", SCIM_INVALID_FILTER, 9);
	compile_err(&users, "userName eqq \"a\"", SCIM_INVALID_FILTER, 9);
	compile_err(&users, "userName eq\"a\"", SCIM_INVALID_FILTER, 11);
	compile_err(&users, "active gt true", SCIM_INVALID_FILTER, 7);
	compile_err(&users, "active co \"t\"", SCIM_INVALID_FILTER, 7);
	compile_err(&users, "active eq \"true\"", SCIM_INVALID_FILTER, 10);
	compile_err(&users, "userName eq 1", SCIM_INVALID_FILTER, 12);
	compile_err(&users, "userName eq true", SCIM_INVALID_FILTER, 12);
	compile_err(&users, "userName gt null", SCIM_INVALID_FILTER, 9);
	compile_err(&users, "loginCount gt \"5\"", SCIM_INVALID_FILTER, 14);
	compile_err(&users, "meta.lastModified sw \"2011\"", SCIM_INVALID_FILTER, 18);
	compile_err(&users, "userName eq \"a\" garbage", SCIM_INVALID_FILTER, 16);
	compile_err(&users, "userName eq \"a\")", SCIM_INVALID_FILTER, 15);
	compile_err(&users, "(userName eq \"a\"", SCIM_INVALID_FILTER, 16);
	compile_err(&users, "userName eq \"a\" and", SCIM_INVALID_FILTER, 19);
	compile_err(&users, "userName eq \"a\" and ", SCIM_INVALID_FILTER, 20);
	compile_err(&users, "userName eq \"a\" andtitle pr", SCIM_INVALID_FILTER, 16);
	compile_err(&users, "not userName eq \"a\"", SCIM_INVALID_FILTER, 0);
	compile_err(&users, "nickName eq \"a\"", SCIM_INVALID_FILTER, 0);
	compile_err(&users, "name.familyName.x eq \"a\"", SCIM_INVALID_FILTER, 0);
	/* a sub-attribute after a value path is one comparison more, of an
	 * attribute of the same values, never a value path again */
	compile_err(&users, "emails[type eq \"work\"].value", SCIM_INVALID_FILTER, 28);
	compile_err(&users, "emails[type eq \"work\"].display eq \"a\"", SCIM_INVALID_FILTER, 23);
	compile_err(&users, "emails[type eq \"work\"].ims[type eq \"x\"]", SCIM_INVALID_FILTER, 26);
	compile_err(&users, "emails[type eq \"work\"", SCIM_INVALID_FILTER, 21);
	compile_err(&users, "emails[]", SCIM_INVALID_FILTER, 7);
	compile_err(&users, "emails[ims[type eq \"x\"]]", SCIM_INVALID_FILTER, 10);
	compile_err(&users, "emails[nope eq \"x\"]", SCIM_INVALID_FILTER, 7);
	/* names inside a value path are its sub-attributes: emails.userName is unknown */
	compile_err(&users, "emails[value eq \"x\" or userName eq \"y\"]", SCIM_INVALID_FILTER, 23);
	/* ... all of them in the same values */
	compile_err(&users, "emails[value eq \"x\" or display eq \"y\"]", SCIM_INVALID_FILTER, 23);
	compile_err(&users, "emails[display eq \"x\" and type eq \"y\"]", SCIM_INVALID_FILTER, 26);
	/* bad values */
	compile_err(&users, "userName eq \"\\x\"", SCIM_INVALID_VALUE, 12);
	compile_err(&users, "userName eq \"\\u0000\"", SCIM_INVALID_VALUE, 12);
	compile_err(&users, "userName eq \"\xff\"", SCIM_INVALID_VALUE, 12);
	compile_err(&users, "userName eq \"a\tb\"", SCIM_INVALID_VALUE, 12);
	compile_err(&users, "meta.lastModified gt \"yesterday\"", SCIM_INVALID_VALUE, 21);
	compile_err(&users, "meta.lastModified gt \"2011-02-30T00:00:00Z\"", SCIM_INVALID_VALUE,
	            21);
	compile_err(&users, "loginCount gt 1.5", SCIM_INVALID_VALUE, 14);
	compile_err(&users, "loginCount gt 99999999999999999999", SCIM_INVALID_VALUE, 14);
	compile_err(&users, "loginCount gt 01", SCIM_INVALID_VALUE, 14);
	compile_err(&users, "loginCount gt 1x", SCIM_INVALID_VALUE, 14);

	/* the error's words name the place */
	struct scim_sql q;
	struct scim_error e;
	assert_int_equal(scim_filter_compile(a, "userName zz \"a\"", &users, &q, &e), -EINVAL);
	assert_string_equal(scim_error_type_name(e.type), "invalidFilter");
	assert_string_equal(e.detail, "unknown operator 'zz' at position 9");
	assert_int_equal(scim_filter_compile(a, "userName eq \"\\q\"", &users, &q, &e), -EINVAL);
	assert_string_equal(scim_error_type_name(e.type), "invalidValue");
}

static char *repeat(const char *head, const char *s, int n, const char *tail)
{
	size_t hl = strlen(head), sl = strlen(s), tl = strlen(tail);
	char *out = arena_alloc(a, hl + sl * (size_t)n + tl + 1), *o = out;
	memcpy(o, head, hl);
	o += hl;
	for (int i = 0; i < n; i++, o += sl)
		memcpy(o, s, sl);
	memcpy(o, tail, tl + 1);
	return out;
}

static void limits(void **state)
{
	(void)state;
	/* 1000 parentheses deep, or 500 not (: within the length: an error, no crash */
	char *f = repeat("", "(", 1000, "title pr");
	compile_err(&users, f, SCIM_INVALID_FILTER, SCIM_FILTER_MAX_DEPTH);
	f = repeat("", "not (", 500, "title pr");
	compile_err(&users, f, SCIM_INVALID_FILTER, 5 * SCIM_FILTER_MAX_DEPTH + 4);
	/* 32 deep is fine */
	char *open = repeat("", "(", SCIM_FILTER_MAX_DEPTH, "title pr");
	assert_string_equal(run(repeat(open, ")", SCIM_FILTER_MAX_DEPTH, "")), "1");
	/* 64 comparisons are fine, 65 are not */
	f = repeat("title pr", " or title pr", SCIM_FILTER_MAX_TERMS - 1, "");
	assert_string_equal(run(f), "1");
	f = repeat("title pr", " or title pr", SCIM_FILTER_MAX_TERMS, "");
	compile_err(&users, f, SCIM_INVALID_FILTER, 12 * SCIM_FILTER_MAX_TERMS);
	/* 4096 bytes are fine, 4097 are not */
	char *pad = arena_alloc(a, SCIM_FILTER_MAX_LEN + 2);
	memset(pad, ' ', SCIM_FILTER_MAX_LEN + 1);
	memcpy(pad, "title pr", 8);
	pad[SCIM_FILTER_MAX_LEN] = 0;
	assert_string_equal(run(pad), "1");
	pad[SCIM_FILTER_MAX_LEN] = ' ';
	compile_err(&users, pad, SCIM_INVALID_FILTER, SCIM_FILTER_MAX_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rfc_examples),   cmocka_unit_test(identity_providers),
	    cmocka_unit_test(sql_and_params), cmocka_unit_test(semantics),
	    cmocka_unit_test(injection),      cmocka_unit_test(errors),
	    cmocka_unit_test(limits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
