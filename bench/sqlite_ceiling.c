/* sqlite_ceiling.c: the storage ceiling for an import: the same rows an
 * imported user makes (a contact with its sort_name, a user, its membership
 * of the end_user group), inserted into the same database file with plain
 * sqlite3: one transaction, prepared statements, the server's pragmas, no
 * validation.
 *
 * Usage: sqlite_ceiling DB_FILE ORG_ID CSV_FILE
 * CSV_FILE is gen's import file (first_name,last_name,email,job_title,mobile,
 * no quoting). Prints "rows N" and "seconds S". */
#include "base/util.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "sqlite_ceiling: %s: %s\n", what, sqlite3_errmsg(db));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 4 || sodium_init() < 0) {
		fprintf(stderr, "usage: sqlite_ceiling DB_FILE ORG_ID CSV_FILE\n");
		return 2;
	}
	FILE *csv = fopen(argv[3], "r");
	if (!csv)
		return 1;
	sqlite3 *db;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return fail(db, "open");
	sqlite3_busy_timeout(db, 10000);
	sqlite3_exec(db,
	             "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	             "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;",
	             NULL, NULL, NULL);
	sqlite3_stmt *grp, *ct, *us, *ug;
	if (sqlite3_prepare_v2(
	        db, "SELECT id FROM perm_groups WHERE org_id = ? AND builtin = 'end_user'", -1,
	        &grp, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO contacts (id, org_id, first_name, last_name, email, "
	                       "mobile, job_title, sort_name, created_at, updated_at) VALUES "
	                       "(?1, ?2, ?3, ?4, ?5, ?6, ?7, lower(?4 || ' ' || ?3), ?8, ?8)",
	                       -1, &ct, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(
	        db,
	        "INSERT INTO users (id, org_id, contact_id, email, email_norm, status, "
	        "must_change_password, language, created_at, updated_at) VALUES "
	        "(?1, ?2, ?3, ?4, lower(?4), 'invited', 0, 'nl', ?5, ?5)",
	        -1, &us, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO user_groups (user_id, group_id) VALUES (?, ?)", -1,
	                       &ug, NULL) != SQLITE_OK)
		return fail(db, "prepare");
	sqlite3_bind_text(grp, 1, argv[2], -1, SQLITE_STATIC);
	if (sqlite3_step(grp) != SQLITE_ROW)
		return fail(db, "no end_user group in that organization");
	char *gid = strdup((const char *)sqlite3_column_text(grp, 0));
	sqlite3_finalize(grp);

	char line[1024];
	if (!fgets(line, sizeof(line), csv)) /* header */
		return 1;
	int64_t t0 = time_now_ms();
	long rows = 0;
	sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	while (fgets(line, sizeof(line), csv)) {
		line[strcspn(line, "\r\n")] = 0;
		char *f[5] = {0}, *p = line;
		for (int i = 0; i < 5 && p; i++) {
			f[i] = p;
			p = strchr(p, ',');
			if (p)
				*p++ = 0;
		}
		if (!f[4])
			continue;
		/* the same rows as the import's, under other addresses: email is
		 * unique on the whole platform, and the import runs after this */
		char email[320];
		snprintf(email, sizeof(email), "ceiling.%s", f[2]);
		f[2] = email;
		char uid[ID_LEN + 1], cid[ID_LEN + 1];
		id_new(uid);
		id_new(cid);
		int64_t now = time_now_ms();
		sqlite3_bind_text(ct, 1, cid, -1, SQLITE_STATIC);
		sqlite3_bind_text(ct, 2, argv[2], -1, SQLITE_STATIC);
		sqlite3_bind_text(ct, 3, f[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(ct, 4, f[1], -1, SQLITE_STATIC);
		sqlite3_bind_text(ct, 5, f[2], -1, SQLITE_STATIC);
		sqlite3_bind_text(ct, 6, f[4], -1, SQLITE_STATIC);
		sqlite3_bind_text(ct, 7, f[3], -1, SQLITE_STATIC);
		sqlite3_bind_int64(ct, 8, now);
		if (sqlite3_step(ct) != SQLITE_DONE)
			return fail(db, "insert contact");
		sqlite3_reset(ct);
		sqlite3_bind_text(us, 1, uid, -1, SQLITE_STATIC);
		sqlite3_bind_text(us, 2, argv[2], -1, SQLITE_STATIC);
		sqlite3_bind_text(us, 3, cid, -1, SQLITE_STATIC);
		sqlite3_bind_text(us, 4, f[2], -1, SQLITE_STATIC);
		sqlite3_bind_int64(us, 5, now);
		if (sqlite3_step(us) != SQLITE_DONE)
			return fail(db, "insert user");
		sqlite3_reset(us);
		sqlite3_bind_text(ug, 1, uid, -1, SQLITE_STATIC);
		sqlite3_bind_text(ug, 2, gid, -1, SQLITE_STATIC);
		if (sqlite3_step(ug) != SQLITE_DONE)
			return fail(db, "insert membership");
		sqlite3_reset(ug);
		rows++;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "commit");
	double s = (double)(time_now_ms() - t0) / 1000;
	printf("rows %ld\nseconds %.3f\nrows_per_s %.0f\n", rows, s,
	       (double)rows / (s > 0 ? s : 1e-3));
	sqlite3_finalize(ct);
	sqlite3_finalize(us);
	sqlite3_finalize(ug);
	sqlite3_close(db);
	fclose(csv);
	free(gid);
	return 0;
}
