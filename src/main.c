/* main.c: the switchboard binary: one command, several subcommands. */
#include "cli/cli.h"
#include "media/isolate.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} commands[] = {
    {"serve", cmd_serve, "serve the API over HTTP"},
    {"init", cmd_init, "create the database, the first organizations and an administrator"},
    {"migrate", cmd_migrate, "bring the database schema up to date"},
    {"user", cmd_user, "list, add or show users"},
    {"token", cmd_token, "create an API token (a machine principal)"},
    {"import", cmd_import, "import users of an organization from CSV"},
    {"export", cmd_export, "export users of an organization as CSV or JSON"},
    {"routes", cmd_routes, "print every API route with the right it needs"},
    {"sip-config", cmd_sip_config, "write a kamailio.cfg for Kamailio in front of Switchboard"},
    {"backup", cmd_backup, "write a consistent copy of the SQLite database to a file"},
    {"restore", cmd_restore, "replace the SQLite database with a backup"},
    {"copy", cmd_copy, "copy a whole installation into an empty database (SQLite to PostgreSQL)"},
    {"media-convert", cmd_media_convert,
     "decode a sound on stdin for the server (it runs this itself, limited)"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: switchboard COMMAND [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n'switchboard COMMAND --help' tells more.\n");
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("switchboard: libsodium failed to start\n", stderr);
		return 1;
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 2, argv + 2);
	fprintf(stderr, "switchboard: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
