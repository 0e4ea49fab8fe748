/* fuzz_user_create.c: libFuzzer harness for the validation of a user create
 * (POST /api/v1/orgs/{org}/users): the body parsed as the dispatcher parses
 * it (jansson, duplicate keys refused, an object, at most 8 levels deep),
 * then domain/users.c's user_create with every rule it applies: field types
 * and lengths, email, login name, language, time zone, password policy,
 * groups, extension, and the person fields (phone numbers through
 * libphonenumber).
 *
 * The rules that look at other records (email and login name taken, groups,
 * extension in use) need a database: a temporary SQLite store made once, with
 * one organization, an existing user (taken@example.com, login "taken",
 * extension 7001). Each input runs in a transaction that is rolled back, so
 * every input meets the same state. Group ids are made at start, so a
 * group given as "group:KEY" (KEY one of the four built-in groups: admin,
 * account_management, call_details, end_user) is replaced by that group's id
 * before the input runs. Each input runs twice: as the system (every right)
 * and as an administrator of the organization holding only users.read,
 * users.write and groups.read (so the 403s for extensions and for groups with
 * more rights are reached). Checks besides ASan/UBSan: the answer is one the
 * API maps to a client error or 201 (never a database error), a 422 names at
 * least one field, and a user made has a valid email. */
#include "base/arena.h"
#include "base/diag.h"
#include "base/jsonval.h"
#include "base/util.h"
#include "domain/domain.h"
#include "domain/orgs.h"
#include "domain/users.h"
#include "store/store.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct store store;
static struct db *db;
static struct org org;
static struct arena *org_arena;
static char dir[64];
static struct principal admin;
static const char *group_keys[] = {"admin", "account_management", "call_details", "end_user"};
static const char *group_ids[4];
static const struct settings cfg = {.public_url = "http://127.0.0.1:8080", .data_dir = NULL};

static void die(const char *what, int r)
{
	fprintf(stderr, "fuzz_user_create: %s: %d\n", what, r);
	abort();
}

static void cleanup(void)
{
	store_conn_close();
	char path[128];
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/fuzz.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/fuzz.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

static void dctx_make(struct dctx *c, struct arena *a, struct diag *d)
{
	diag_init(d, a);
	*c = (struct dctx){.db = db, .a = a, .d = d, .cfg = &cfg, .now = time_now_ms()};
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(dir, sizeof(dir), "%s/sb-fuzz-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp", -errno);
	atexit(cleanup);
	char path[128];
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	int r;
	if ((r = store_init(&store, path)) < 0)
		die("store_init", r);
	if (!(db = store_conn(&store)))
		die("store_conn", -EIO);
	if ((r = store_migrate(&store, db)) < 0)
		die("store_migrate", r);

	org_arena = arena_new();
	struct diag d;
	struct dctx c;
	dctx_make(&c, org_arena, &d);
	if ((r = db_begin(db, true)) < 0)
		die("begin", r);
	json_t *in =
	    json_pack("{s:s, s:s, s:s}", "name", "Fuzz", "country", "NL", "language", "nl");
	if ((r = org_create(&c, in, &org)) < 0)
		die("org_create", r);
	json_decref(in);
	struct user u;
	in = json_pack("{s:s, s:s, s:s, s:s, s:s}", "email", "taken@example.com", "login_name",
	               "taken", "first_name", "Taken", "last_name", "Already", "extension", "7001");
	if ((r = user_create(&c, &org, in, &u)) < 0)
		die("user_create (seed user)", r);
	json_decref(in);
	for (int i = 0; i < 4; i++) {
		struct group g;
		if ((r = store_group_find_builtin(db, org_arena, org.id, group_keys[i], &g)) < 0)
			die("store_group_find_builtin", r);
		group_ids[i] = g.id;
	}
	if ((r = db_commit(db)) < 0)
		die("commit", r);
	admin = (struct principal){.user_id = u.id,
	                           .org_id = org.id,
	                           .org_path = org.path,
	                           .email = u.email,
	                           .language = "en",
	                           .perms = PERM_BIT(PERM_USERS_READ) | PERM_BIT(PERM_USERS_WRITE) |
	                                    PERM_BIT(PERM_GROUPS_READ)};
	return 0;
}

/* "group:KEY" in groups becomes the id of built-in group KEY. */
static void resolve_group_keys(json_t *in)
{
	json_t *list = json_object_get(in, "groups"), *v;
	size_t i;
	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(v);
		if (!s || strncmp(s, "group:", 6) != 0)
			continue;
		for (int k = 0; k < 4; k++)
			if (strcmp(s + 6, group_keys[k]) == 0) {
				/* frees s: stop reading it */
				json_array_set_new(list, i, json_string(group_ids[k]));
				break;
			}
	}
}

static void run(json_t *in, const struct principal *actor)
{
	struct arena *a = arena_new();
	struct diag d;
	struct dctx c;
	dctx_make(&c, a, &d);
	c.actor = actor;
	int r = db_begin(db, true);
	if (r < 0)
		die("begin", r);
	struct user u = {0};
	r = user_create(&c, &org, in, &u);
	db_rollback(db);
	switch (r) {
	case 0:
		if (!u.id || !u.email || !email_valid(u.email) ||
		    (u.status != USER_INVITED && u.status != USER_ACTIVE))
			die("a user made without a valid email", r);
		break;
	case -EINVAL: /* 422 */
		if (d.n_errors == 0)
			die("422 naming no field", r);
		break;
	case -EEXIST: /* 409 */
	case -EACCES: /* 403 */
		break;
	default:
		die("an answer no client should get (a 5xx)", r);
	}
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 16 * 1024)
		return 0;
	json_t *in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!in)
		return 0;
	if (!json_is_object(in) || json_depth(in, JSON_MAX_DEPTH) > JSON_MAX_DEPTH) {
		json_decref(in);
		return 0;
	}
	resolve_group_keys(in);
	run(in, NULL);
	run(in, &admin);
	json_decref(in);
	return 0;
}
