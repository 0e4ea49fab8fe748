/* user.c: `switchboard user list|add|show`, working on the database
 * directly with the same domain rules as the API (as the system). */
#include "base/arena.h"
#include "base/cursor.h"
#include "base/util.h"
#include "cli/cli.h"
#include "domain/orgs.h"
#include "domain/session.h"
#include "domain/users.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_opt opts[] = {
    {"org", true, "organization id (list, add)"},
    {"email", true, "email (add)"},
    {"first-name", true, "first name (add)"},
    {"infix", true, "infix, tussenvoegsel (add)"},
    {"last-name", true, "last name (add)"},
    {"login-name", true, "login name (add)"},
    {"password", true, "admin-set password, to be changed at first sign-in (add)"},
    {"invite", false, "send an invitation instead of setting a password (add; default)"},
    {"group", true, "group: admin, account_management, call_details or end_user (add)"},
    {"language", true, "nl or en (add)"},
    {"extension", true, "an extension, or auto for the next free one (add)"},
    {"q", true, "search (list)"},
    {"public-url", true,
     "the URL users reach the portal on, for the link (reset-password; default "
     "http://127.0.0.1:8080)"},
    {"json", false, "print JSON"},
};

static void print_user(const struct user_view *v, bool as_json)
{
	const struct user *u = &v->u;
	if (as_json) {
		json_t *j =
		    json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s, s:s?, s:s}", "id", u->id, "org_id",
		              u->org_id, "email", u->email, "login_name", u->login_name, "status",
		              user_status_name(u->status), "first_name", u->contact.first_name,
		              "infix", u->contact.infix, "last_name", u->contact.last_name);
		json_t *ea = json_array();
		for (int i = 0; i < v->n_extensions; i++)
			json_array_append_new(ea, json_string(v->extensions[i]));
		json_object_set_new(j, "extensions", ea);
		char *s = json_dumps(j, JSON_COMPACT);
		puts(s ? s : "{}");
		free(s);
		json_decref(j);
		return;
	}
	printf("%s  %-32s %-10s %s%s%s %s", u->id, u->email, user_status_name(u->status),
	       u->contact.first_name, u->contact.infix ? " " : "",
	       u->contact.infix ? u->contact.infix : "", u->contact.last_name);
	for (int i = 0; i < v->n_extensions; i++)
		printf("%s%s", i ? ", " : "  ext ", v->extensions[i]);
	putchar('\n');
}

static int do_add(struct dctx *dc, const struct cli *c)
{
	struct org org;
	const char *org_id = cli_get(c, "org");
	if (!org_id || org_get(dc, org_id, &org) < 0) {
		fprintf(stderr, "switchboard user add: --org must name an organization id\n");
		return -ENOENT;
	}
	json_t *in = json_object();
	const char *map[][2] = {{"email", "email"},           {"first-name", "first_name"},
	                        {"infix", "infix"},           {"last-name", "last_name"},
	                        {"login-name", "login_name"}, {"password", "password"},
	                        {"language", "language"},     {"extension", "extension"}};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (cli_get(c, map[i][0]))
			json_object_set_new(in, map[i][1], json_string(cli_get(c, map[i][0])));
	if (cli_flag(c, "invite"))
		json_object_set_new(in, "invite", json_true());
	if (cli_get(c, "group")) {
		struct group g;
		if (group_find_builtin(dc, &org, cli_get(c, "group"), &g) < 0) {
			json_decref(in);
			fprintf(stderr, "switchboard user add: no group %s\n", cli_get(c, "group"));
			return -ENOENT;
		}
		json_object_set_new(in, "groups", json_pack("[s]", g.id));
	}
	struct user u;
	struct user_view v;
	int r = user_create(dc, &org, in, &u);
	json_decref(in);
	if (r < 0 || (r = user_view_load(dc, &u, &v)) < 0)
		return r;
	print_user(&v, cli_flag(c, "json"));
	return 0;
}

/* Prints a link that sets a new password for the user named, for the
 * operator who lost the administrator's (make run prints how). */
static int do_reset(struct dctx *dc, struct cli *c)
{
	struct user_view v;
	const char *key = c->n_positional > 1 ? c->positional[1] : "";
	if (user_find(dc, key, &v) < 0) {
		fprintf(stderr, "switchboard user reset-password: no user %s\n", key);
		return 1;
	}
	const char *base =
	    cli_get(c, "public-url") ? cli_get(c, "public-url") : "http://127.0.0.1:8080";
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	char *link;
	int r = db_begin(dc->db, true);
	if (r >= 0 &&
	    (r = password_reset_link(dc, &v.u, arena_strndup(dc->a, base, bl), &link)) >= 0)
		r = db_commit(dc->db);
	else
		db_rollback(dc->db);
	if (r < 0) {
		fprintf(stderr, "switchboard user reset-password failed:\n");
		cli_print_diag(dc->d);
		return 1;
	}
	printf("Open this link within %d hours to set a new password for %s:\n  %s\n",
	       RESET_VALID_HOURS, v.u.email ? v.u.email : v.u.login_name, link);
	return 0;
}

int cmd_user(int argc, char **argv)
{
	struct cli c;
	int r = cli_parse(&c, "user",
	                  "user list --org ID | user add --org ID --email ... | user "
	                  "show ID-OR-EMAIL | user reset-password ID-OR-EMAIL",
	                  opts, sizeof(opts) / sizeof(opts[0]), argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	const char *sub = c.n_positional ? c.positional[0] : NULL;
	if (!sub || (strcmp(sub, "list") && strcmp(sub, "add") && strcmp(sub, "show") &&
	             strcmp(sub, "reset-password"))) {
		fprintf(stderr,
		        "switchboard user: say list, add, show or reset-password (see --help)\n");
		return 2;
	}
	struct cli_env e;
	if (cli_env_open(&c, &e) < 0)
		return 1;
	struct db *db = e.db;
	int rc = 0;
	if (strcmp(sub, "add") == 0) {
		if ((r = db_begin(db, true)) >= 0 && (r = do_add(&e.dc, &c)) >= 0)
			r = db_commit(db);
		else
			db_rollback(db);
		if (r < 0) {
			fprintf(stderr, "switchboard user add failed:\n");
			cli_print_diag(&e.d);
			rc = 1;
		}
	} else if (strcmp(sub, "reset-password") == 0) {
		rc = do_reset(&e.dc, &c);
	} else if (strcmp(sub, "show") == 0) {
		struct user_view v;
		const char *key = c.n_positional > 1 ? c.positional[1] : "";
		if (user_find(&e.dc, key, &v) < 0) {
			fprintf(stderr, "switchboard user show: no user %s\n", key);
			rc = 1;
		} else {
			print_user(&v, cli_flag(&c, "json"));
		}
	} else {
		const char *org_id = cli_get(&c, "org");
		struct org org;
		struct user_filter f = {.q = cli_get(&c, "q")};
		struct cursor cur;
		if (!org_id || org_get(&e.dc, org_id, &org) < 0) {
			fprintf(stderr,
			        "switchboard user list: --org must name an organization id\n");
			rc = 2;
		}
		while (!rc) {
			struct user_view *items;
			int n;
			char *next;
			if (user_list(&e.dc, &org, &f, 200, &items, &n, &next) < 0) {
				cli_print_diag(&e.d);
				rc = 1;
				break;
			}
			for (int i = 0; i < n; i++)
				print_user(&items[i], cli_flag(&c, "json"));
			if (!next || cursor_decode(e.a, &cursor_users, next, &cur) < 0)
				break;
			f.after = &cur;
		}
	}
	cli_env_close(&e);
	return rc;
}
