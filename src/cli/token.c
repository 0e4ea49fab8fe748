/* token.c: `switchboard token create`, an API token made on the database
 * directly with the same domain rules as the API, as the system (as `user
 * add` is): the audit trail names "system" as its maker. */
#include "base/arena.h"
#include "base/util.h"
#include "cli/cli.h"
#include "domain/api_tokens.h"
#include "domain/orgs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_opt opts[] = {
    {"org", true, "organization: its id, or its path /ID/ID/"},
    {"name", true, "the token's name, unique in the organization (how the audit trail names it)"},
    {"rights", true,
     "rights, comma separated: sip.proxy,telephony.read (see GET /api/v1/permissions)"},
    {"expires", true, "expiry as RFC 3339 (2027-01-31T00:00:00Z); default: never"},
};

/* The organization named by an id or a tree path (its last id). */
static int find_org(struct dctx *dc, const char *arg, struct org *ret)
{
	if (!arg || !*arg)
		return -ENOENT;
	const char *id = arg;
	size_t n = strlen(arg);
	if (arg[0] == '/') {
		if (n < ID_LEN + 2 || arg[n - 1] != '/')
			return -ENOENT;
		id = arena_printf(dc->a, "%.*s", ID_LEN, arg + n - 1 - ID_LEN);
	}
	int r = org_get(dc, id, ret);
	if (r == 0 && arg[0] == '/' && strcmp(ret->path, arg) != 0)
		return -ENOENT;
	return r;
}

/* "a,b c" as a JSON list ["a", "b", "c"] (new reference). */
static json_t *rights_list(struct arena *a, const char *s)
{
	json_t *arr = json_array();
	char *copy = arena_strdup(a, s ? s : "");
	for (char *save = NULL, *p = strtok_r(copy, ", ", &save); p;
	     p = strtok_r(NULL, ", ", &save))
		json_array_append_new(arr, json_string(p));
	return arr;
}

/* Makes the token; its text in *ret_token (in dc->a). */
static int do_create(struct dctx *dc, const struct cli *c, char **ret_token)
{
	struct org org;
	if (find_org(dc, cli_get(c, "org"), &org) < 0) {
		fprintf(stderr, "switchboard token create: --org must name an organization (id or "
		                "path)\n");
		return -ENOENT;
	}
	json_t *in = json_object();
	if (cli_get(c, "name"))
		json_object_set_new(in, "name", json_string(cli_get(c, "name")));
	json_object_set_new(in, "permissions", rights_list(dc->a, cli_get(c, "rights")));
	if (cli_get(c, "expires"))
		json_object_set_new(in, "expires_at", json_string(cli_get(c, "expires")));
	struct api_token t;
	char *token;
	int r = api_token_create(dc, &org, in, &t, &token);
	json_decref(in);
	if (r < 0)
		return r;
	*ret_token = token;
	return 0;
}

int cmd_token(int argc, char **argv)
{
	struct cli c;
	int r = cli_parse(&c, "token",
	                  "token create --org ORG --name NAME --rights RIGHT[,RIGHT...] "
	                  "[--expires RFC3339]\n\nMakes an API token and prints it, alone, on "
	                  "stdout: it is shown this once (only its hash is kept).",
	                  opts, sizeof(opts) / sizeof(opts[0]), argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	const char *sub = c.n_positional ? c.positional[0] : NULL;
	if (!sub || strcmp(sub, "create") != 0) {
		fprintf(stderr, "switchboard token: say create (see --help)\n");
		return 2;
	}
	struct cli_env e;
	if (cli_env_open(&c, &e) < 0)
		return 1;
	struct db *db = e.db;
	int rc = 0;
	char *token = NULL;
	/* Printed once it is committed: a token on stdout always works. */
	if ((r = db_begin(db, true)) >= 0 && (r = do_create(&e.dc, &c, &token)) >= 0 &&
	    (r = db_commit(db)) >= 0) {
		printf("%s\n", token);
	} else {
		db_rollback(db);
		fprintf(stderr, "switchboard token create failed:\n");
		cli_print_diag(&e.d);
		rc = 1;
	}
	cli_env_close(&e);
	return rc;
}
