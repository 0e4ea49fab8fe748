/* backup.c (cli): `switchboard backup FILE` and `switchboard restore FILE`
 * for the embedded SQLite database. PostgreSQL brings its own tools. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char pg_advice[] =
    "switchboard: this installation uses PostgreSQL: back it up with its own tools, for "
    "example\n  pg_dump --format=custom --file=switchboard.dump \"$SWITCHBOARD_DB\"\nand "
    "restore with pg_restore --clean --dbname=... switchboard.dump\n";

/* What backup and restore do once the database is open; returns the exit
 * code. */
typedef int (*db_action)(struct store *s, struct db *db, const char *file);

/* Parses the command line, opens the installation's database, runs act on
 * it with the FILE argument, and closes everything. */
static int run(int argc, char **argv, const char *cmd, const char *summary, db_action act)
{
	struct cli c;
	int r = cli_parse(&c, cmd, summary, NULL, 0, argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	if (c.n_positional != 1) {
		fprintf(stderr, "switchboard %s: name one FILE\n", cmd);
		return 2;
	}
	struct store s = {0};
	struct db *db = NULL;
	char *dir = NULL;
	int rc;
	if (cli_open_store(&c, &s, &db, &dir) < 0) {
		rc = 1;
	} else if (!db->drv->backup) {
		fputs(pg_advice, stderr);
		rc = 2;
	} else {
		rc = act(&s, db, c.positional[0]);
	}
	free(dir);
	store_conn_close();
	store_release(&s);
	return rc;
}

static int do_backup(struct store *s, struct db *db, const char *file)
{
	(void)s;
	int r = db->drv->backup(db, file);
	if (r == -EEXIST) {
		fprintf(stderr, "switchboard backup: %s exists; name a new file\n", file);
		return 1;
	}
	if (r < 0) {
		fprintf(stderr, "switchboard backup: writing %s failed\n", file);
		unlink(file);
		return 1;
	}
	printf("Backup written to %s (schema version %d, integrity checked).\n", file,
	       store_schema_version(db));
	return 0;
}

static int do_restore(struct store *s, struct db *db, const char *file)
{
	int r = db->drv->restore(db, file);
	if (r == -ENOENT || r == -EINVAL)
		fprintf(stderr, "switchboard restore: %s is not an intact database backup\n", file);
	else if (r < 0)
		fprintf(stderr, "switchboard restore: restoring failed\n");
	else if ((r = store_migrate(s, db)) < 0)
		fprintf(stderr, "switchboard restore: restored, but migrating it failed\n");
	else
		printf("Restored from %s (schema version %d).\n", file, store_schema_version(db));
	return r < 0 ? 1 : 0;
}

int cmd_backup(int argc, char **argv)
{
	return run(argc, argv, "backup",
	           "Write a consistent copy of the live SQLite database to FILE (the server may "
	           "keep running).",
	           do_backup);
}

int cmd_restore(int argc, char **argv)
{
	return run(argc, argv, "restore",
	           "Replace the SQLite database with the backup in FILE, after checking its "
	           "integrity. Stop the server first.",
	           do_restore);
}
