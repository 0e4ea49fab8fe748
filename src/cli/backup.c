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

/* Opens the installation's database for backup or restore. */
static int open_db(int argc, char **argv, const char *cmd, const char *summary, struct cli *c,
                   struct store *s, struct db **ret_db, const char **ret_file)
{
	int r = cli_parse(c, cmd, summary, NULL, 0, argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	if (c->n_positional != 1) {
		fprintf(stderr, "switchboard %s: name one FILE\n", cmd);
		return 2;
	}
	*ret_file = c->positional[0];
	char *dir = NULL;
	if (cli_open_store(c, s, ret_db, &dir) < 0) {
		free(dir);
		return 1;
	}
	free(dir);
	if (!(*ret_db)->drv->backup) {
		fputs(pg_advice, stderr);
		return 2;
	}
	return -1; /* go on */
}

int cmd_backup(int argc, char **argv)
{
	struct cli c;
	struct store s = {0};
	struct db *db = NULL;
	const char *file = NULL;
	int rc = open_db(argc, argv, "backup",
	                 "Write a consistent copy of the live SQLite database to FILE (the server "
	                 "may keep running).",
	                 &c, &s, &db, &file);
	if (rc < 0) {
		if (access(file, F_OK) == 0) {
			fprintf(stderr, "switchboard backup: %s exists; name a new file\n", file);
			rc = 1;
		} else if (db->drv->backup(db, file) < 0) {
			fprintf(stderr, "switchboard backup: writing %s failed\n", file);
			unlink(file);
			rc = 1;
		} else {
			printf("Backup written to %s (schema version %d, integrity checked).\n",
			       file, store_schema_version(db));
			rc = 0;
		}
	}
	store_conn_close();
	store_release(&s);
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	struct cli c;
	struct store s = {0};
	struct db *db = NULL;
	const char *file = NULL;
	int rc = open_db(argc, argv, "restore",
	                 "Replace the SQLite database with the backup in FILE, after checking its "
	                 "integrity. Stop the server first.",
	                 &c, &s, &db, &file);
	if (rc < 0) {
		int r = db->drv->restore(db, file);
		if (r == -ENOENT || r == -EINVAL)
			fprintf(stderr,
			        "switchboard restore: %s is not an intact database backup\n", file);
		else if (r < 0)
			fprintf(stderr, "switchboard restore: restoring failed\n");
		else if ((r = store_migrate(&s, db)) < 0)
			fprintf(stderr, "switchboard restore: restored, but migrating it failed\n");
		else
			printf("Restored from %s (schema version %d).\n", file,
			       store_schema_version(db));
		rc = r < 0 ? 1 : 0;
	}
	store_conn_close();
	store_release(&s);
	return rc;
}
