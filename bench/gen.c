/* gen.c: fills an initialized Switchboard database with benchmark data.
 *
 * Organizations are made through the domain (org_create: path, built-in
 * permission groups, audit), as the API makes them. Users are written
 * through the store layer, the rows user_create writes: a contact (the store
 * derives sort_name), a user (email_norm), membership of the built-in
 * end_user group and an extension (as "extension": "auto" gives). Going
 * around the domain skips only its validation, audit and invitation mail,
 * which would make a million users take an hour. Every user has the same
 * argon2id hash (computed once, with the server's parameters) of
 * --password, so any of them can sign in.
 *
 * Writes: --sample FILE, lines "org_id user_id email last_name" for up to
 * 10,000 users spread over every organization; --csv FILE, --csv-rows new
 * people (first_name,last_name,email,job_title,mobile,invite=no: the raw SQLite ceiling
 * sends no mail either) for an import. Prints
 * the ids of two empty organizations: one for the import, one for the raw
 * SQLite insert ceiling (bench/sqlite_ceiling.c). */
#include "auth/auth.h"
#include "base/arena.h"
#include "base/util.h"
#include "cli/cli.h"
#include "domain/orgs.h"
#include "store/store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const first_names[] = {
    "Jan",     "Piet",   "Kees",   "Anna",   "Sanne",   "Emma",    "Sophie", "Daan",
    "Lucas",   "Julia",  "Sem",    "Lotte",  "Thijs",   "Femke",   "Ruben",  "Eva",
    "Bram",    "Iris",   "Jesse",  "Noor",   "Lars",    "Fleur",   "Tim",    "Sara",
    "Maarten", "Esther", "Willem", "Ingrid", "Hendrik", "Marieke", "Joost",  "Annelies",
    "Mohamed", "Fatima", "Yusuf",  "Aisha",  "Peter",   "Linda",   "Mark",   "Sandra",
};
static const char *const last_names[] = {
    "Jansen",  "Bakker",    "Visser",   "Smit",    "Meijer",   "Mulder",    "Bos",
    "Vos",     "Peters",    "Hendriks", "Dekker",  "Brouwer",  "Dijkstra",  "Koster",
    "Prins",   "Huisman",   "Kok",      "Jacobs",  "Willems",  "Schouten",  "Postma",
    "Kuipers", "Vermeulen", "Hoekstra", "Wouters", "Maas",     "Verhoeven", "Bosch",
    "Dijk",    "Berg",      "Wal",      "Heuvel",  "Veen",     "Leeuwen",   "Linden",
    "Yilmaz",  "El Amrani", "Boukhari", "Nguyen",  "Kowalski",
};
/* The infix goes with the last names from "Dijk" on (van Dijk, van den Berg). */
static const char *const infixes[] = {"van", "van den", "van der", "van de",
                                      "van", "van der", "van de",  "van"};
static const char *const titles[] = {"Sales",    "Support", "Finance", "Reception",
                                     "Engineer", "Manager", "Planner", "Director"};
#define N(x) (sizeof(x) / sizeof((x)[0]))

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const struct cli_opt opts[] = {
    {"orgs", true, "customer organizations (default 10000)"},
    {"users", true, "users in them (default 1000000)"},
    {"password", true, "every user's password"},
    {"sample", true, "file for sample users"},
    {"csv", true, "file for the import's CSV"},
    {"csv-rows", true, "rows in it (default 100000)"},
};

struct person {
	const char *first, *infix, *last, *title;
};

static void person_pick(struct person *p)
{
	size_t l = rnd() % N(last_names);
	p->first = first_names[rnd() % N(first_names)];
	p->last = last_names[l];
	p->infix = l >= 28 && l < 35 ? infixes[rnd() % N(infixes)] : NULL;
	p->title = titles[rnd() % N(titles)];
}

/* "El Amrani" -> "elamrani" for an email's local part. */
static void slug(char *out, size_t n, const char *s)
{
	size_t j = 0;
	for (; *s && j + 1 < n; s++)
		if (*s != ' ')
			out[j++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
	out[j] = 0;
}

/* Starts a fresh arena and domain context for a batch. */
static void batch_begin(struct cli_env *e)
{
	arena_free(e->a);
	e->a = arena_new();
	diag_init(&e->d, e->a);
	e->dc.a = e->a;
	e->dc.now = time_now_ms();
}

static int make_org(struct cli_env *e, const char *parent, const char *kind, const char *name,
                    struct org *ret)
{
	json_t *in = json_pack("{s:s, s:s, s:s}", "name", name, "parent_id", parent, "kind", kind);
	int r = org_create(&e->dc, in, ret);
	json_decref(in);
	if (r < 0) {
		fprintf(stderr, "gen: cannot create organization %s: %d\n", name, r);
		cli_print_diag(&e->d);
	}
	return r;
}

static int check(int r, const char *what)
{
	if (r < 0)
		fprintf(stderr, "gen: %s failed: %d\n", what, r);
	return r;
}

int main(int argc, char **argv)
{
	struct cli c;
	int r =
	    cli_parse(&c, "gen", "Fill a database with benchmark data.", opts, N(opts), argc, argv);
	if (r)
		return r > 0 ? 0 : 2;
	if (sodium_init() < 0)
		return 1;
	long n_orgs = cli_get(&c, "orgs") ? atol(cli_get(&c, "orgs")) : 10000;
	long n_users = cli_get(&c, "users") ? atol(cli_get(&c, "users")) : 1000000;
	long csv_rows = cli_get(&c, "csv-rows") ? atol(cli_get(&c, "csv-rows")) : 100000;
	const char *password = cli_get(&c, "password");
	if (n_orgs < 1 || n_users < 0 || !password) {
		fprintf(stderr, "gen: --orgs >= 1 and --password are required\n");
		return 2;
	}
	struct cli_env e;
	if (cli_env_open(&c, &e) < 0)
		return 1;
	/* Generated data needs no durability until the last commit. */
	db_exec(e.db, "PRAGMA synchronous=OFF");

	struct org *roots;
	int n = 0;
	if (store_org_list(e.db, e.a, "/", NULL, 1, &roots, &n) < 0 || n < 1 ||
	    strcmp(roots[0].kind, "platform") != 0) {
		fprintf(stderr, "gen: run `switchboard init` on this data directory first\n");
		return 1;
	}
	char *platform_id = strdup(roots[0].id);
	char *hash;
	if (check(auth_password_hash(e.a, password, &hash), "hash") < 0)
		return 1;
	hash = strdup(hash);

	/* Partners below the platform, customers below the partners: paths
	 * three deep, as a reseller platform has them. */
	long n_partners = n_orgs / 200 > 0 ? n_orgs / 200 : 1;
	char **partner = calloc((size_t)n_partners, sizeof(char *));
	char **org_id = calloc((size_t)n_orgs, sizeof(char *));
	char **group_id = calloc((size_t)n_orgs, sizeof(char *));
	int64_t t0 = time_now_ms();
	batch_begin(&e);
	if (check(db_begin(e.db, true), "begin") < 0)
		return 1;
	for (long i = 0; i < n_partners; i++) {
		struct org o;
		char name[64];
		snprintf(name, sizeof(name), "Partner %ld", i + 1);
		if (make_org(&e, platform_id, "partner", name, &o) < 0)
			return 1;
		partner[i] = strdup(o.id);
	}
	for (long i = 0; i < n_orgs; i++) {
		if (i % 500 == 0) {
			if (check(db_commit(e.db), "commit") < 0)
				return 1;
			batch_begin(&e);
			if (check(db_begin(e.db, true), "begin") < 0)
				return 1;
		}
		struct org o;
		char name[64];
		snprintf(name, sizeof(name), "Customer %ld B.V.", i + 1);
		if (make_org(&e, partner[i % n_partners], "customer", name, &o) < 0)
			return 1;
		struct group g;
		if (check(store_group_find_builtin(e.db, e.a, o.id, "end_user", &g), "group") < 0)
			return 1;
		org_id[i] = strdup(o.id);
		group_id[i] = strdup(g.id);
	}
	struct org target;
	if (make_org(&e, partner[0], "customer", "Import target", &target) < 0)
		return 1;
	printf("import_org %s\n", target.id);
	if (make_org(&e, partner[0], "customer", "Ceiling target", &target) < 0)
		return 1;
	printf("ceiling_org %s\n", target.id);
	fflush(stdout);
	if (check(db_commit(e.db), "commit") < 0)
		return 1;
	fprintf(stderr, "gen: %ld organizations in %.1f s\n", n_orgs + n_partners,
	        (double)(time_now_ms() - t0) / 1000);

	FILE *sample = cli_get(&c, "sample") ? fopen(cli_get(&c, "sample"), "w") : NULL;
	long sample_every = n_users / 10000 > 0 ? n_users / 10000 : 1;
	t0 = time_now_ms();
	long made = 0;
	for (long oi = 0; oi < n_orgs; oi++) {
		long per = n_users / n_orgs + (oi < n_users % n_orgs ? 1 : 0);
		if (oi % 100 == 0) {
			if (oi && check(db_commit(e.db), "commit") < 0)
				return 1;
			batch_begin(&e);
			if (check(db_begin(e.db, true), "begin") < 0)
				return 1;
		}
		for (long k = 0; k < per; k++, made++) {
			struct person p;
			person_pick(&p);
			char local[64], ls[32], id[ID_LEN + 1], cid[ID_LEN + 1], xid[ID_LEN + 1];
			char email[192], mobile[32], ext[24];
			slug(local, sizeof(local), p.first);
			slug(ls, sizeof(ls), p.last);
			snprintf(email, sizeof(email), "%s.%s.%ld@customer%ld.example", local, ls,
			         made, oi + 1);
			snprintf(mobile, sizeof(mobile), "+316%08ld", made % 100000000);
			id_new(id);
			id_new(cid);
			struct contact ct = {.id = cid,
			                     .org_id = org_id[oi],
			                     .first_name = (char *)p.first,
			                     .infix = (char *)p.infix,
			                     .last_name = (char *)p.last,
			                     .email = email,
			                     .mobile = mobile,
			                     .job_title = (char *)p.title,
			                     .created_at = e.dc.now,
			                     .updated_at = e.dc.now};
			struct user u = {.id = id,
			                 .org_id = org_id[oi],
			                 .contact_id = cid,
			                 .email = email,
			                 .password_hash = hash,
			                 .status = USER_ACTIVE,
			                 .language = "nl",
			                 .created_at = e.dc.now,
			                 .updated_at = e.dc.now,
			                 .password_changed_at = e.dc.now};
			const char *gid = group_id[oi];
			if (check(store_contact_insert(e.db, &ct), "contact") < 0 ||
			    check(store_user_insert(e.db, &u), "user") < 0 ||
			    check(store_user_groups_set(e.db, id, &gid, 1), "groups") < 0)
				return 1;
			if (k < 1000) { /* four digits starting with 7 */
				snprintf(ext, sizeof(ext), "7%03ld", k);
				id_new(xid);
				struct extension x = {.id = xid,
				                      .org_id = org_id[oi],
				                      .number = ext,
				                      .owner_type = OWNER_USER,
				                      .owner_id = id,
				                      .created_at = e.dc.now};
				if (check(store_ext_insert(e.db, &x), "extension") < 0)
					return 1;
			}
			if (sample && made % sample_every == 0)
				fprintf(sample, "%s %s %s %s\n", org_id[oi], id, email, ls);
		}
		if (oi % 1000 == 999)
			fprintf(stderr, "gen: %ld users, %.0f/s\n", made,
			        (double)made * 1000 / (double)(time_now_ms() - t0 + 1));
	}
	db_exec(e.db, "PRAGMA synchronous=NORMAL");
	if (check(db_commit(e.db), "commit") < 0)
		return 1;
	fprintf(stderr, "gen: %ld users in %.1f s\n", made, (double)(time_now_ms() - t0) / 1000);
	if (sample)
		fclose(sample);

	if (cli_get(&c, "csv")) {
		FILE *f = fopen(cli_get(&c, "csv"), "w");
		if (!f)
			return 1;
		fprintf(f, "first_name,last_name,email,job_title,mobile,invite\n");
		for (long i = 0; i < csv_rows; i++) {
			struct person p;
			person_pick(&p);
			char local[64], ls[32];
			slug(local, sizeof(local), p.first);
			slug(ls, sizeof(ls), p.last);
			fprintf(f, "%s,%s,%s.%s.%ld@import.example,%s,+316%08ld,no\n", p.first,
			        p.last, local, ls, i, p.title,
			        12000000 +
			            i % 8000000); /* 06-12.. to 06-19..: valid Dutch mobiles */
		}
		fclose(f);
	}
	for (long i = 0; i < n_orgs; i++) {
		free(org_id[i]);
		free(group_id[i]);
	}
	for (long i = 0; i < n_partners; i++)
		free(partner[i]);
	free(org_id);
	free(group_id);
	free(partner);
	free(platform_id);
	free(hash);
	cli_env_close(&e);
	return 0;
}
