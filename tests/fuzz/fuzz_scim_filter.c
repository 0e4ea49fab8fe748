/* fuzz_scim_filter.c: libFuzzer harness for the SCIM filter parser
 * (scim/filter.c).
 *
 * Each input is a filter (up to its first NUL), compiled against a fixed
 * table of user attributes: plain columns of every type, case-exact and
 * not, an extension attribute and two multi-valued ones in tables of their
 * own. Checks: an error has a scimType, a position within the filter and a
 * detail; a success is SQL that SQLite prepares over the tables the
 * attributes name, with as many placeholders as parameters, and that runs. */
#include "base/arena.h"
#include "scim/filter.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMAILS "emails e WHERE e.user_id = u.id"
#define IMS "ims i WHERE i.user_id = u.id"

static const struct scim_attr attrs[] = {
    {"userName", "u.login_name", SCIM_STRING, false, NULL},
    {"externalId", "u.external_id", SCIM_STRING, true, NULL},
    {"name.familyName", "u.family_name", SCIM_STRING, false, NULL},
    {"title", "u.title", SCIM_STRING, false, NULL},
    {"active", "u.active", SCIM_BOOL, false, NULL},
    {"loginCount", "u.login_count", SCIM_INT, false, NULL},
    {"meta.lastModified", "u.updated_at", SCIM_DATETIME, false, NULL},
    {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
     "u.employee_number", SCIM_STRING, true, NULL},
    {"emails", "e.value", SCIM_STRING, false, EMAILS},
    {"emails.value", "e.value", SCIM_STRING, false, EMAILS},
    {"emails.type", "e.type", SCIM_STRING, false, EMAILS},
    {"emails.primary", "e.is_primary", SCIM_BOOL, false, EMAILS},
    {"ims.value", "i.value", SCIM_STRING, true, IMS},
    {"ims.type", "i.type", SCIM_STRING, false, IMS},
};
static const struct scim_schema schema = {"urn:ietf:params:scim:schemas:core:2.0:User", attrs,
                                          sizeof(attrs) / sizeof(attrs[0])};

static sqlite3 *db;

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_scim_filter: %s: %s\n", what, detail);
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db,
	                 "CREATE TABLE users (id INTEGER PRIMARY KEY, login_name TEXT, "
	                 "external_id TEXT, family_name TEXT, title TEXT, active INTEGER, "
	                 "login_count INTEGER, updated_at INTEGER, employee_number TEXT);"
	                 "CREATE TABLE emails (user_id INTEGER, type TEXT, value TEXT, "
	                 "is_primary INTEGER);"
	                 "CREATE TABLE ims (user_id INTEGER, type TEXT, value TEXT);"
	                 "INSERT INTO users VALUES (1, 'bjensen', 'ext-1', 'Jensen', 'Guide', 1, "
	                 "7, 1305261754000, '701984'), (2, NULL, NULL, NULL, '', 0, NULL, NULL, "
	                 "NULL);"
	                 "INSERT INTO emails VALUES (1, 'work', 'b@example.com', 1);"
	                 "INSERT INTO ims VALUES (1, 'xmpp', 'b@foo.com');",
	                 NULL, NULL, NULL) != SQLITE_OK)
		die("cannot make the database", sqlite3_errmsg(db));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 2 * SCIM_FILTER_MAX_LEN)
		return 0;
	char *filter = malloc(size + 1);
	if (!filter)
		abort();
	memcpy(filter, data, size);
	filter[size] = 0;
	size_t len = strlen(filter);

	struct arena *a = arena_new();
	if (!a)
		abort();
	struct scim_sql q = {0};
	struct scim_error e = {0};
	int r = scim_filter_compile(a, filter, &schema, &q, &e);
	if (r == -EINVAL) {
		if (!e.detail || e.pos > len ||
		    (e.type != SCIM_INVALID_FILTER && e.type != SCIM_INVALID_VALUE) || q.where)
			die("a bad error", e.detail ? e.detail : "(no detail)");
	} else if (r == 0) {
		if (len > SCIM_FILTER_MAX_LEN || !q.where || q.n_params < 0 ||
		    q.n_params > 3 * SCIM_FILTER_MAX_TERMS)
			die("a bad result", q.where ? q.where : "(no SQL)");
		char *sql = arena_printf(a, "SELECT count(*) FROM users u WHERE %s", q.where);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			die(sqlite3_errmsg(db), sql);
		if (sqlite3_bind_parameter_count(st) != q.n_params)
			die("placeholders and parameters differ", sql);
		for (int i = 0; i < q.n_params; i++) {
			const struct scim_param *p = &q.params[i];
			if (p->kind == SCIM_PARAM_TEXT)
				sqlite3_bind_text(st, i + 1, p->text, -1, SQLITE_STATIC);
			else
				sqlite3_bind_int64(st, i + 1, p->i);
		}
		if (sqlite3_step(st) != SQLITE_ROW)
			die(sqlite3_errmsg(db), sql);
		sqlite3_finalize(st);
	} else {
		die("an unexpected return", filter);
	}
	arena_free(a);
	free(filter);
	return 0;
}
