/* cli.c: option parsing shared by the subcommands. */
#include "cli/cli.h"
#include "base/arena.h"
#include "base/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct cli_opt shared[] = {
    {"data", true, "directory for the SQLite database and outbox (default ./data)"},
    {"db", true, "database: a SQLite file path or a postgres:// URL"},
    {"key-file", true,
     "key that encrypts stored secrets (default <data>/secret.key; "
     "give every node the same one)"},
};
#define N_SHARED (sizeof(shared) / sizeof(shared[0]))

static void usage(FILE *f, const char *cmd, const char *summary, const struct cli_opt *opts,
                  size_t n)
{
	fprintf(f, "usage: switchboard %s [options]\n\n%s\n\noptions:\n", cmd, summary);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  --%-18s %s\n", opts[i].name, opts[i].help);
	for (size_t i = 0; i < N_SHARED; i++)
		fprintf(f, "  --%-18s %s\n", shared[i].name, shared[i].help);
	fprintf(f,
	        "  --%-18s %s\n\nEvery option can also be set as SWITCHBOARD_<NAME> in the "
	        "environment.\n",
	        "help", "show this help");
}

/* The environment variable for an option name: data-dir -> SWITCHBOARD_DATA_DIR */
static const char *env_value(const char *name)
{
	char key[64] = "SWITCHBOARD_";
	size_t k = strlen(key);
	for (const char *p = name; *p && k < sizeof(key) - 1; p++)
		key[k++] = *p == '-' ? '_' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	key[k] = 0;
	const char *v = getenv(key);
	return v && *v ? v : NULL;
}

int cli_parse(struct cli *c, const char *cmd, const char *summary, const struct cli_opt *opts,
              size_t n, int argc, char **argv)
{
	memset(c, 0, sizeof(*c));
	c->cmd = cmd;
	c->opts = opts;
	c->n_opts = n;
	struct cli_opt all[30];
	size_t na = 0;
	for (size_t i = 0; i < n && na < 30 - N_SHARED; i++)
		all[na++] = opts[i];
	for (size_t i = 0; i < N_SHARED; i++)
		all[na++] = shared[i];
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout, cmd, summary, opts, n);
			return 1;
		}
		if (strncmp(a, "--", 2) != 0) {
			if (c->n_positional < 8)
				c->positional[c->n_positional++] = a;
			continue;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		size_t k = 0;
		while (k < na && !(strlen(all[k].name) == len && !strncmp(all[k].name, name, len)))
			k++;
		if (k == na) {
			fprintf(stderr, "switchboard %s: unknown option %s\n\n", cmd, a);
			usage(stderr, cmd, summary, opts, n);
			return -EINVAL;
		}
		c->seen[k] = true;
		if (!all[k].has_value) {
			c->values[k] = "1";
			continue;
		}
		if (eq) {
			c->values[k] = eq + 1;
		} else if (i + 1 < argc) {
			c->values[k] = argv[++i];
		} else {
			fprintf(stderr, "switchboard %s: %s needs a value\n", cmd, a);
			return -EINVAL;
		}
		if (c->n_given < 32) {
			c->given[c->n_given] = c->values[k];
			c->given_of[c->n_given++] = (int)k;
		}
	}
	for (size_t k = 0; k < na; k++)
		if (!c->values[k])
			c->values[k] = env_value(all[k].name);
	return 0;
}

static int index_of(const struct cli *c, const char *name)
{
	for (size_t i = 0; i < c->n_opts; i++)
		if (strcmp(c->opts[i].name, name) == 0)
			return (int)i;
	for (size_t i = 0; i < N_SHARED; i++)
		if (strcmp(shared[i].name, name) == 0)
			return (int)(c->n_opts + i);
	return -1;
}

const char *cli_get(const struct cli *c, const char *name)
{
	int i = index_of(c, name);
	return i < 0 ? NULL : c->values[i];
}

int cli_get_all(const struct cli *c, const char *name, const char **ret, int max, char *ret_buf,
                size_t bufsize)
{
	int k = index_of(c, name), n = 0;
	if (k < 0)
		return 0;
	const char *from_env[1] = {c->values[k]};
	const char *const *src = c->given;
	int n_src = c->n_given;
	bool any = false;
	for (int i = 0; i < c->n_given; i++)
		any |= c->given_of[i] == k;
	if (!any) {
		src = from_env;
		n_src = c->values[k] ? 1 : 0;
	}
	size_t used = 0;
	for (int i = 0; i < n_src; i++) {
		if (any && c->given_of[i] != k)
			continue;
		for (const char *p = src[i]; *p;) {
			size_t len = strcspn(p, ",");
			if (len) {
				if (n >= max || used + len + 1 > bufsize)
					return -E2BIG;
				memcpy(ret_buf + used, p, len);
				ret_buf[used + len] = 0;
				ret[n++] = ret_buf + used;
				used += len + 1;
			}
			p += len;
			if (*p)
				p++;
		}
	}
	return n;
}

bool cli_flag(const struct cli *c, const char *name)
{
	const char *v = cli_get(c, name);
	return v && strcmp(v, "0") != 0 && strcmp(v, "false") != 0 && strcmp(v, "no") != 0;
}

int cli_db_url(const struct cli *c, char **ret, char **ret_data_dir)
{
	const char *data = cli_get(c, "data");
	if (!data)
		data = "./data";
	if (mkdir(data, 0700) < 0 && errno != EEXIST) {
		fprintf(stderr, "switchboard: cannot create %s: %s\n", data, strerror(errno));
		return -errno;
	}
	const char *db = cli_get(c, "db");
	char *url;
	if (db)
		url = strdup(db);
	else if (asprintf(&url, "%s/switchboard.db", data) < 0)
		url = NULL;
	if (!url)
		return -ENOMEM;
	*ret = url;
	if (ret_data_dir)
		*ret_data_dir = strdup(data);
	return 0;
}

int cli_open_store(const struct cli *c, struct store *s, struct db **ret_db, char **ret_data_dir)
{
	char *url;
	int r = cli_db_url(c, &url, ret_data_dir);
	if (r < 0)
		return r;
	r = store_init(s, url);
	free(url);
	if (r < 0)
		return r;
	struct db *db = store_conn(s);
	if (!db) {
		fprintf(stderr, "switchboard: cannot open the database\n");
		return -EIO;
	}
	r = store_migrate(s, db);
	if (r < 0) {
		fprintf(stderr, "switchboard: migration failed: %s\n",
		        *s->migrate_error ? s->migrate_error : db_errmsg(db));
		return r;
	}
	*ret_db = db;
	return 0;
}

int cli_env_open(const struct cli *c, struct cli_env *e)
{
	memset(e, 0, sizeof(*e));
	int r = cli_open_store(c, &e->store, &e->db, &e->data_dir);
	if (r == 0)
		r = cli_key_load(c, e->data_dir, &e->key);
	if (r < 0) {
		cli_env_close(e); /* what was opened so far */
		memset(e, 0, sizeof(*e));
		return r;
	}
	e->settings = (struct settings){.data_dir = e->data_dir, .key = &e->key};
	e->a = arena_new();
	diag_init(&e->d, e->a);
	e->dc = (struct dctx){
	    .db = e->db, .a = e->a, .d = &e->d, .cfg = &e->settings, .now = time_now_ms()};
	return 0;
}

int cli_key_load(const struct cli *c, const char *data_dir, struct seal_key *ret)
{
	const char *path = cli_get(c, "key-file");
	char *def = NULL;
	if (!path && asprintf(&def, "%s/secret.key", data_dir) < 0)
		return -ENOMEM;
	int r = seal_key_load(path ? path : def, true, ret);
	if (r < 0)
		fprintf(stderr, "switchboard: cannot use the key file %s: %s\n", path ? path : def,
		        r == -EINVAL ? "not 32 bytes, or readable by others (chmod 600)"
		                     : strerror(-r));
	free(def);
	return r;
}

void cli_env_close(struct cli_env *e)
{
	arena_free(e->a);
	store_conn_close();
	store_release(&e->store);
	free(e->data_dir);
	seal_key_release(&e->key);
}

void cli_print_diag(const struct diag *d)
{
	if (d->detail)
		fprintf(stderr, "  %s\n", d->detail);
	for (size_t i = 0; i < d->n_errors; i++)
		fprintf(stderr, "  %s: %s\n", d->errors[i].field ? d->errors[i].field : "",
		        d->errors[i].message);
	for (size_t i = 0; i < d->n_warnings; i++)
		fprintf(stderr, "  warning: %s\n", d->warnings[i].message);
}

/* `switchboard routes`: the route table, for people and for the test that
 * checks the OpenAPI file against the server. */
#include "api/api.h"

int cmd_routes(int argc, char **argv)
{
	struct cli c;
	int r = cli_parse(&c, "routes",
	                  "Print every route: method, path, right, and the query parameters it "
	                  "declares (query=a,b; none: query=; not looked at: nothing).",
	                  NULL, 0, argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	for (size_t i = 0; i < api_routes_n; i++) {
		const struct api_route *rt = &api_routes[i];
		printf("%-6s %-48s %s", rt->method, rt->pattern,
		       rt->flags & R_PUBLIC   ? "public"
		       : rt->perm == PERM_ANY ? "signed-in"
		                              : perm_catalogue[rt->perm].name);
		if (rt->query) {
			fputs(" query=", stdout);
			for (const struct qparam *q = rt->query; q->name; q++)
				printf("%s%s", q == rt->query ? "" : ",", q->name);
		}
		putchar('\n');
	}
	return 0;
}
