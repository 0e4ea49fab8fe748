/* init.c: `switchboard init` and `switchboard migrate`: creating the schema,
 * the platform organization, a first customer organization and an
 * administrator. */
#include "auth/auth.h"
#include "base/arena.h"
#include "base/util.h"
#include "cli/cli.h"
#include "domain/api_tokens.h"
#include "domain/extensions.h"
#include "domain/orgs.h"
#include "domain/password.h"
#include "domain/session.h"
#include "domain/sip.h"
#include "domain/telephony.h"
#include "domain/users.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_opt init_opts[] = {
    {"org", true, "name of the first customer organization (default Demo)"},
    {"platform", true, "name of the platform organization (default Switchboard)"},
    {"admin-email", true, "email of the platform administrator"},
    {"admin-password", true, "their password (default: generated and printed)"},
    {"admin-first-name", true, "default Platform"},
    {"admin-last-name", true, "default Administrator"},
    {"demo-phone", false,
     "give the administrator an extension and a softphone account, and print its "
     "credentials"},
    {"sip-token", true,
     "write a new API token for the SIP proxy (sip.proxy) to this file, unless it exists"},
};

int cmd_migrate(int argc, char **argv)
{
	struct cli c;
	int r =
	    cli_parse(&c, "migrate", "Bring the database schema up to date.", NULL, 0, argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	struct store s;
	struct db *db;
	char *dir = NULL;
	r = cli_open_store(&c, &s, &db, &dir);
	int v = r < 0 ? r : store_schema_version(db);
	if (r >= 0)
		printf("schema version %d\n", v);
	store_conn_close();
	store_release(&s);
	free(dir);
	return r < 0 ? 1 : 0;
}

/* The administrator's softphone (--demo-phone): an extension, an app
 * account it is reachable on; *ret_secret is shown once. */
static int demo_phone(struct dctx *dc, const struct org *platform, struct user *u,
                      struct sip_account *ret, char **ret_secret)
{
	struct extension *e;
	int n;
	const char *next;
	int r = ext_list(dc, platform, u->id, NULL, 1, &e, &n, &next);
	if (r < 0)
		return r;
	json_t *in = json_pack("{s:s, s:s}", "kind", "app", "label", "Softphone");
	r = sip_account_create(dc, platform, u->id, in, ret, ret_secret);
	json_decref(in);
	if (r < 0)
		return r;
	ret->extension = n ? e[0].number : NULL;
	in = json_pack("{s:{s:b, s:s}}", "availability", "reachable", 1, "destination", ret->id);
	struct telephony t;
	r = telephony_put(dc, platform, u->id, in, &t);
	json_decref(in);
	return r;
}

static int do_init(struct dctx *dc, const struct cli *c)
{
	const char *email = cli_get(c, "admin-email");
	const char *pw = cli_get(c, "admin-password");
	bool generated = !pw;
	if (generated)
		pw = auth_password_generate(dc->a);
	struct org platform, demo;
	json_t *in = json_pack("{s:s}", "name",
	                       cli_get(c, "platform") ? cli_get(c, "platform") : "Switchboard");
	int r = org_create(dc, in, &platform);
	json_decref(in);
	if (r < 0)
		return r;
	in = json_pack("{s:s, s:s}", "name", cli_get(c, "org") ? cli_get(c, "org") : "Demo",
	               "parent_id", platform.id);
	r = org_create(dc, in, &demo);
	json_decref(in);
	if (r < 0)
		return r;
	struct group admin, acct;
	if ((r = group_find_builtin(dc, &platform, "admin", &admin)) < 0 ||
	    (r = group_find_builtin(dc, &platform, "account_management", &acct)) < 0)
		return r;
	in = json_pack("{s:s, s:s, s:s, s:s, s:[s,s]}", "email", email, "first_name",
	               cli_get(c, "admin-first-name") ? cli_get(c, "admin-first-name") : "Platform",
	               "last_name",
	               cli_get(c, "admin-last-name") ? cli_get(c, "admin-last-name")
	                                             : "Administrator",
	               "password", pw, "groups", admin.id, acct.id);
	if (cli_get(c, "demo-phone"))
		json_object_set_new(in, "extension", json_string("auto"));
	struct user u;
	r = user_create(dc, &platform, in, &u);
	json_decref(in);
	if (r < 0)
		return r;
	/* The administrator chose (or was shown) this password here: no
	 * change is forced at the first sign-in. */
	if ((r = user_password_keep(dc, &u)) < 0)
		return r;
	struct sip_account s;
	char *secret = NULL;
	if (cli_get(c, "demo-phone") && (r = demo_phone(dc, &platform, &u, &s, &secret)) < 0)
		return r;
	printf("Initialized Switchboard.\n"
	       "  platform organization: %s (%s)\n"
	       "  customer organization: %s (%s)\n"
	       "  administrator:         %s\n",
	       platform.name, platform.id, demo.name, demo.id, u.email);
	if (generated)
		printf("  password:              %s\n", pw);
	if (secret) {
		printf("  softphone account:     username %s, password %s (extension %s)\n",
		       s.username, secret, s.extension ? s.extension : "none");
		sip_cred_wipe(secret);
	}
	return 0;
}

/* --sip-token FILE: a new token for the SIP proxy in the platform
 * organization, written to FILE (owner only) unless FILE exists. */
static int sip_token(struct dctx *dc, const struct org *platform, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		fprintf(stderr, "switchboard init: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	char name[64];
	snprintf(name, sizeof(name), "kamailio %lld", (long long)(dc->now / 1000));
	json_t *in = json_pack("{s:s, s:[s]}", "name", name, "permissions", "sip.proxy");
	struct api_token t;
	char *token = NULL;
	int r = api_token_create(dc, platform, in, &t, &token);
	json_decref(in);
	if (r == 0 && dprintf(fd, "%s\n", token) < 0)
		r = -errno;
	if (token)
		sodium_memzero(token, strlen(token));
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r < 0)
		unlink(path);
	return r;
}

int cmd_init(int argc, char **argv)
{
	struct cli c;
	int r = cli_parse(&c, "init",
	                  "Create the database, the platform and a first customer organization, "
	                  "and an administrator. Does nothing when already initialized.",
	                  init_opts, sizeof(init_opts) / sizeof(init_opts[0]), argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	if (!cli_get(&c, "admin-email")) {
		fprintf(stderr, "switchboard init: --admin-email is required\n");
		return 2;
	}
	struct cli_env e;
	if (cli_env_open(&c, &e) < 0)
		return 1;
	struct org *existing;
	int n = 0;
	r = org_list(&e.dc, NULL, NULL, 1, &existing, &n);
	int rc = 0;
	if (r >= 0 && n > 0) {
		const char *who = cli_get(&c, "admin-email") ? cli_get(&c, "admin-email") : "EMAIL";
		const char *dir = cli_get(&c, "data");
		printf("Already initialized (organization %s exists); nothing to do.\n"
		       "  Sign in with the password you set. Lost it? This prints a link that "
		       "sets a new one:\n"
		       "    switchboard user reset-password %s%s%s\n",
		       existing[0].name, who, dir ? " --data " : "", dir ? dir : "");
	} else if (r >= 0 && (r = db_begin(e.db, true)) >= 0) {
		r = do_init(&e.dc, &c);
		if (r < 0) {
			db_rollback(e.db);
			fprintf(stderr, "switchboard init failed:\n");
			cli_print_diag(&e.d);
			rc = 1;
		} else if ((r = db_commit(e.db)) < 0) {
			rc = 1;
		}
	} else {
		rc = 1;
	}
	const char *tok = cli_get(&c, "sip-token");
	if (rc == 0 && tok) {
		/* the platform: the first organization without a parent */
		r = org_list(&e.dc, NULL, NULL, 1, &existing, &n);
		if (r >= 0 && n == 0)
			r = -ENOENT;
		if (r >= 0 && (r = db_begin(e.db, true)) >= 0) {
			if ((r = sip_token(&e.dc, &existing[0], tok)) < 0)
				db_rollback(e.db);
			else
				r = db_commit(e.db);
		}
		if (r < 0) {
			fprintf(stderr, "switchboard init: no token for the SIP proxy:\n");
			cli_print_diag(&e.d);
			rc = 1;
		}
	}
	cli_env_close(&e);
	return rc;
}
