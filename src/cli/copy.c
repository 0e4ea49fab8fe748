/* copy.c (cli): `switchboard copy --from SQLITE --to postgres://...`: moves
 * a whole installation to another database and verifies it. */
#include "base/arena.h"
#include "cli/cli.h"
#include "store/copy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const struct cli_opt opts[] = {
    {"from", true, "the database to copy: a SQLite file (or a postgres:// URL)"},
    {"to", true, "the empty database to fill: a postgres:// URL (or a SQLite file)"},
};

/* Opens url on its own store and brings its schema up to date. */
static int open_migrated(struct store *s, const char *url, struct db **ret)
{
	int r = store_init(s, url);
	if (r < 0)
		return r;
	/* Each store gets its own connection on this thread: the thread-local
	 * one of store_conn serves one store at a time. */
	if ((r = db_open(url, ret)) < 0)
		return r;
	if ((r = store_migrate(s, *ret)) < 0)
		fprintf(stderr, "switchboard copy: cannot migrate %s: %s\n", url, db_errmsg(*ret));
	return r < 0 ? r : 0;
}

/* Says on stderr why the copy stopped; db is the side that failed. */
static void print_failure(const struct copy_report *rep, struct db *db)
{
	const char *t = rep->failed_table ? rep->failed_table : "?";
	const char *c = rep->failed_column ? rep->failed_column : "?";
	const char *side = rep->side ? rep->side : "target";
	switch (rep->problem) {
	case COPY_NOT_EMPTY:
		fprintf(stderr, "switchboard copy: the target already holds organizations; "
		                "copy only into an empty database\n");
		break;
	case COPY_TABLE_UNLISTED:
		fprintf(stderr,
		        "switchboard copy: table %s of the %s has no place in the copy order "
		        "(src/store/copy.c)\n",
		        t, side);
		break;
	case COPY_TABLE_MISSING:
		fprintf(stderr, "switchboard copy: the %s has no table %s\n", side, t);
		break;
	case COPY_COLUMN_MISSING:
		fprintf(stderr,
		        "switchboard copy: the schemas differ: table %s, column %s is missing in "
		        "the %s\n",
		        t, c, side);
		break;
	case COPY_BAD_NAME:
		fprintf(stderr,
		        "switchboard copy: table %s: column name %s is not a plain identifier\n", t,
		        c);
		break;
	case COPY_COUNT_DIFFERS:
		fprintf(stderr, "switchboard copy: failed at table %s: the row counts differ\n", t);
		break;
	case COPY_ROW_DIFFERS:
		if (rep->failed_column)
			fprintf(stderr,
			        "switchboard copy: failed at table %s: column %s differs from the "
			        "source\n",
			        t, c);
		else
			fprintf(stderr,
			        "switchboard copy: failed at table %s: a row of the source is "
			        "missing\n",
			        t);
		break;
	default:
		fprintf(stderr, "switchboard copy: failed at table %s (%s): %s\n", t, side,
		        db_errmsg(db));
	}
}

int cmd_copy(int argc, char **argv)
{
	struct cli c;
	int r = cli_parse(
	    &c, "copy",
	    "Copy a whole installation into an empty database (typically from the "
	    "embedded SQLite to PostgreSQL), in one transaction, then verify row "
	    "counts and every column of a sample of rows. Tables and columns are read from "
	    "both schemas, which must match.",
	    opts, sizeof(opts) / sizeof(opts[0]), argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	const char *from = cli_get(&c, "from"), *to = cli_get(&c, "to");
	if (!from || !to) {
		fprintf(stderr, "switchboard copy: --from and --to are required\n");
		return 2;
	}
	struct store sf, st;
	struct db *dbf = NULL, *dbt = NULL;
	int rc = 1;
	struct arena *a = arena_new();
	struct copy_report rep;
	if (open_migrated(&sf, from, &dbf) < 0 || open_migrated(&st, to, &dbt) < 0) {
		fprintf(stderr, "switchboard copy: cannot open both databases\n");
		goto out;
	}
	if (store_schema_version(dbf) != store_schema_version(dbt)) {
		fprintf(stderr, "switchboard copy: the schemas differ after migration\n");
		goto out;
	}
	r = store_copy(dbf, dbt, a, &rep);
	for (int i = 0; i < rep.n_tables; i++)
		printf("  %-18s %10lld rows\n", rep.tables[i].name, (long long)rep.tables[i].rows);
	if (r < 0)
		print_failure(&rep, rep.side && strcmp(rep.side, "source") == 0 ? dbf : dbt);
	else
		printf("Copied and verified: row counts of every table and a sample of rows, "
		       "every column, match.\n");
	rc = r < 0 ? 1 : 0;
out:
	db_close(dbf);
	db_close(dbt);
	store_release(&sf);
	store_release(&st);
	arena_free(a);
	return rc;
}
