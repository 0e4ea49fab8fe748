/* cli.h: the switchboard command line: subcommands and shared options.
 *
 * Every flag --name VALUE may also come from the environment as
 * SWITCHBOARD_NAME (dashes become underscores); the flag wins. */
#pragma once
#include "auth/seal.h"
#include "domain/domain.h"
#include "store/store.h"

#include <stdbool.h>

struct cli_opt {
	const char *name; /* without the dashes */
	bool has_value;
	const char *help;
};

struct cli {
	const char *cmd;
	int argc;
	char **argv;
	const struct cli_opt *opts;
	size_t n_opts;
	const char *values[32];
	bool seen[32];
	const char *positional[8];
	int n_positional;
	/* every value given on the command line, in order, with the index of
	 * its option (for an option that may be repeated: cli_get_all) */
	const char *given[32];
	int given_of[32];
	int n_given;
};

/* Parses argv against opts (plus the shared --data and --db and --help);
 * prints usage and returns -EINVAL on a mistake, 1 when --help was given. */
int cli_parse(struct cli *c, const char *cmd, const char *summary, const struct cli_opt *opts,
              size_t n, int argc, char **argv);
const char *cli_get(const struct cli *c, const char *name);
bool cli_flag(const struct cli *c, const char *name);
/* Every value of an option that may be repeated (--name A --name B), each
 * split at commas (--name A,B), empty parts skipped; from the environment
 * (SWITCHBOARD_NAME, commas too) when the command line has none. Pointers
 * into ret_buf (bufsize bytes): the count, or -E2BIG past max values or
 * the buffer. */
int cli_get_all(const struct cli *c, const char *name, const char **ret, int max, char *ret_buf,
                size_t bufsize);
/* The database URL from --db, or the SQLite file under --data (default
 * ./data), creating the directory. ret is malloc'd. */
int cli_db_url(const struct cli *c, char **ret, char **ret_data_dir);
/* Opens the store, migrates it, and returns a connection. */
int cli_open_store(const struct cli *c, struct store *s, struct db **ret_db, char **ret_data_dir);

/* What a subcommand that works on the database directly needs: the store,
 * a connection, an arena and a domain context acting as the system. */
struct cli_env {
	struct store store;
	struct db *db;
	char *data_dir;
	struct arena *a;
	struct diag d;
	struct dctx dc;
	struct settings settings;
	struct seal_key key;
};

/* The key for stored secrets: --key-file, or <data_dir>/secret.key, made
 * when missing. Says on stderr what is wrong with it. */
int cli_key_load(const struct cli *c, const char *data_dir, struct seal_key *ret);
int cli_env_open(const struct cli *c, struct cli_env *e);
void cli_env_close(struct cli_env *e);
/* Prints what the domain said was wrong, one line a field, to stderr. */
void cli_print_diag(const struct diag *d);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_sip_config(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
