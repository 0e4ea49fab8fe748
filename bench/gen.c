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
 * SQLite insert ceiling (bench/sqlite_ceiling.c), and the platform's.
 *
 * --sip N gives N users a desk SIP account each, the first users of as many
 * organizations as it takes at --sip-per-org (default 2, at least 2: a
 * caller and a callee) an organization, each reachable on its account (the
 * availability a PUT .../telephony sets). The credentials are the domain's
 * (sip_cred_make: a generated username, a secret, HA1 = md5(username:realm:
 * secret) in the organization's realm, the secret sealed with the key file),
 * stored as sip_account_create stores them, without its audit record.
 * --sip-file FILE gets a line "username secret realm ha1 org_id user_id
 * account_id extension" per account, for the SIP bench (bench/sip.sh). */
#include "auth/auth.h"
#include "base/arena.h"
#include "base/util.h"
#include "cli/cli.h"
#include "domain/orgs.h"
#include "domain/sip.h"
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
    {"sip", true, "users given a desk SIP account, reachable on it (default 0)"},
    {"sip-per-org", true, "of them in each organization (default 2)"},
    {"sip-file", true, "file for the SIP accounts' credentials"},
    {"partners", true, "partner organizations the customers are spread over (default orgs/200)"},
    {"big-org", true, "users of one more, big, customer organization (default 0)"},
    {"search-file", true, "file for search queries in the big organization"},
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

/* A desk SIP account of user_id in realm, the user reachable on it; its
 * line in f. In the batch's transaction. */
static int sip_account_make(struct cli_env *e, const char *org, const char *user_id,
                            const char *realm, const char *ext, FILE *f)
{
	char id[ID_LEN + 1];
	id_new(id);
	struct sip_account s = {.id = id,
	                        .org_id = (char *)org,
	                        .user_id = (char *)user_id,
	                        .kind = SIP_DESK,
	                        .label = "Desk phone",
	                        .enabled = true,
	                        .created_at = e->dc.now,
	                        .updated_at = e->dc.now};
	struct sip_cred cred;
	int r;
	for (int i = 0; i < SIP_USERNAME_ATTEMPTS; i++) {
		if ((r = sip_cred_make(&e->dc, NULL, realm, &cred)) < 0) {
			cli_print_diag(&e->d);
			return check(r, "SIP credentials");
		}
		s.username = cred.username;
		s.realm = cred.realm;
		s.ha1 = cred.ha1;
		s.secret_sealed = cred.secret_sealed;
		if ((r = store_sip_insert(e->db, &s)) != -EEXIST)
			break;
		sip_cred_wipe(cred.secret);
	}
	if (check(r, "SIP account") < 0)
		return r;
	struct user_telephony t = {.user_id = (char *)user_id,
	                           .org_id = (char *)org,
	                           .reachable = true,
	                           .destination_id = id,
	                           .ring_seconds = 20,
	                           .music_on_hold = "default",
	                           .updated_at = e->dc.now};
	if (check(r = store_tel_put(e->db, &t), "telephony") < 0)
		return r;
	fprintf(f, "%s %s %s %s %s %s %s %s\n", s.username, cred.secret, realm, cred.ha1, org,
	        user_id, id, ext);
	sip_cred_wipe(cred.secret);
	return 0;
}

/* The email of the last user user_make made. */
static char last_email[192];

/* One user of org (and its contact, group membership and, for the first
 * 1000, extension "7kkk"), as user_create writes them: its id into id, its
 * extension into ext ("" without), its last name's slug into ls. */
static int user_make(struct cli_env *e, const char *org, const char *gid, const char *hash, long k,
                     long made, long org_no, char id[ID_LEN + 1], char ext[24], char ls[32])
{
	struct person p;
	person_pick(&p);
	char local[64], cid[ID_LEN + 1], xid[ID_LEN + 1], mobile[32];
	slug(local, sizeof(local), p.first);
	slug(ls, 32, p.last);
	snprintf(last_email, sizeof(last_email), "%s.%s.%ld@customer%ld.example", local, ls, made,
	         org_no);
	snprintf(mobile, sizeof(mobile), "+316%08ld", made % 100000000);
	id_new(id);
	id_new(cid);
	struct contact ct = {.id = cid,
	                     .org_id = (char *)org,
	                     .first_name = (char *)p.first,
	                     .infix = (char *)p.infix,
	                     .last_name = (char *)p.last,
	                     .email = last_email,
	                     .mobile = mobile,
	                     .job_title = (char *)p.title,
	                     .created_at = e->dc.now,
	                     .updated_at = e->dc.now};
	struct user u = {.id = id,
	                 .org_id = (char *)org,
	                 .contact_id = cid,
	                 .email = last_email,
	                 .password_hash = (char *)hash,
	                 .status = USER_ACTIVE,
	                 .language = "nl",
	                 .created_at = e->dc.now,
	                 .updated_at = e->dc.now,
	                 .password_changed_at = e->dc.now};
	if (check(store_contact_insert(e->db, &ct), "contact") < 0 ||
	    check(store_user_insert(e->db, &u), "user") < 0 ||
	    check(store_user_groups_set(e->db, id, &gid, 1), "groups") < 0)
		return -1;
	ext[0] = 0;
	if (k < 1000) { /* four digits starting with 7 */
		snprintf(ext, 24, "7%03ld", k);
		id_new(xid);
		struct extension x = {.id = xid,
		                      .org_id = (char *)org,
		                      .number = ext,
		                      .owner_type = OWNER_USER,
		                      .owner_id = id,
		                      .created_at = e->dc.now};
		if (check(store_ext_insert(e->db, &x), "extension") < 0)
			return -1;
	}
	return 0;
}

/* The big organization's n users (their numbers from made on), committed
 * every 10,000; search (a file, or NULL) gets 2,000 queries a person would
 * type there, one a line "org_id q" (q URL-encoded): a full name, a last
 * name, its first three letters, an extension, a mobile number as
 * dialled nationally. */
static int big_users(struct cli_env *e, const char *org, const char *gid, const char *hash, long n,
                     long made, const char *search)
{
	FILE *f = search ? fopen(search, "w") : NULL;
	if (search && !f)
		return -1;
	long every = n / 2000 > 0 ? n / 2000 : 1;
	for (long k = 0; k < n; k++) {
		if (k % 10000 == 0) {
			if (check(db_commit(e->db), "commit") < 0)
				return -1;
			batch_begin(e);
			if (check(db_begin(e->db, true), "begin") < 0)
				return -1;
		}
		char id[ID_LEN + 1], ext[24], ls[32];
		if (user_make(e, org, gid, hash, k, made + k, 0, id, ext, ls) < 0)
			return -1;
		if (!f || k % every != 0)
			continue;
		struct contact ct;
		struct user u;
		if (check(store_user_get(e->db, e->a, org, id, &u), "user") < 0)
			return -1;
		ct = u.contact;
		char q[160];
		switch ((k / every) % 5) {
		case 0:
			snprintf(q, sizeof(q), "%s%%20%s", ct.first_name, ls);
			break;
		case 1:
			snprintf(q, sizeof(q), "%s", ls);
			break;
		case 2:
			snprintf(q, sizeof(q), "%.3s", ls);
			break;
		case 3:
			snprintf(q, sizeof(q), "7%03ld", k % 1000);
			break;
		default:
			snprintf(q, sizeof(q), "06%%20%s", ct.mobile ? ct.mobile + 4 : "12345678");
		}
		fprintf(f, "%s %s\n", org, q);
	}
	if (f && fclose(f) != 0)
		return -1;
	return 0;
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
	long n_sip = cli_get(&c, "sip") ? atol(cli_get(&c, "sip")) : 0;
	long sip_per_org = cli_get(&c, "sip-per-org") ? atol(cli_get(&c, "sip-per-org")) : 2;
	long big_n = cli_get(&c, "big-org") ? atol(cli_get(&c, "big-org")) : 0;
	const char *password = cli_get(&c, "password");
	if (n_orgs < 1 || n_users < 0 || !password) {
		fprintf(stderr, "gen: --orgs >= 1 and --password are required\n");
		return 2;
	}
	/* The accounts go to the first users of the first organizations, each
	 * user with an extension (the first 1000 of an organization). */
	if (n_sip < 0 || sip_per_org < 2 || sip_per_org > 1000 ||
	    n_sip > (sip_per_org < n_users / n_orgs ? sip_per_org : n_users / n_orgs) * n_orgs ||
	    (n_sip && !cli_get(&c, "sip-file"))) {
		fprintf(stderr, "gen: --sip needs --sip-file, and --sip-per-org (2 to 1000) users "
		                "in enough organizations\n");
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
	long n_partners = cli_get(&c, "partners") ? atol(cli_get(&c, "partners"))
	                  : n_orgs / 200 > 0      ? n_orgs / 200
	                                          : 1;
	if (n_partners < 1)
		n_partners = 1;
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
	printf("platform_org %s\n", platform_id);
	printf("partner_org %s\n", partner[0]);
	char *big_org = NULL, *big_group = NULL;
	if (big_n > 0) {
		if (make_org(&e, partner[0], "customer", "Big customer B.V.", &target) < 0)
			return 1;
		struct group g;
		if (check(store_group_find_builtin(e.db, e.a, target.id, "end_user", &g), "group") <
		    0)
			return 1;
		big_org = strdup(target.id);
		big_group = strdup(g.id);
		printf("big_org %s\n", big_org);
	}
	fflush(stdout);
	if (check(db_commit(e.db), "commit") < 0)
		return 1;
	fprintf(stderr, "gen: %ld organizations in %.1f s\n", n_orgs + n_partners,
	        (double)(time_now_ms() - t0) / 1000);

	FILE *sample = cli_get(&c, "sample") ? fopen(cli_get(&c, "sample"), "w") : NULL;
	FILE *sipf = n_sip ? fopen(cli_get(&c, "sip-file"), "w") : NULL;
	if (n_sip && !sipf) {
		fprintf(stderr, "gen: cannot write %s\n", cli_get(&c, "sip-file"));
		return 1;
	}
	long sip_made = 0;
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
		char *realm = NULL;
		if (sip_made < n_sip) {
			struct org o;
			if (check(store_org_get(e.db, e.a, org_id[oi], &o), "org") < 0 ||
			    check(sip_realm(&e.dc, &o, &realm), "realm") < 0)
				return 1;
		}
		for (long k = 0; k < per; k++, made++) {
			char id[ID_LEN + 1], ext[24], ls[32];
			if (user_make(&e, org_id[oi], group_id[oi], hash, k, made, oi + 1, id, ext,
			              ls) < 0)
				return 1;
			if (realm && k < 1000 && k < sip_per_org && sip_made < n_sip) {
				if (sip_account_make(&e, org_id[oi], id, realm, ext, sipf) < 0)
					return 1;
				sip_made++;
			}
			if (sample && made % sample_every == 0)
				fprintf(sample, "%s %s %s %s\n", org_id[oi], id, last_email, ls);
		}
		if (oi % 1000 == 999)
			fprintf(stderr, "gen: %ld users, %.0f/s\n", made,
			        (double)made * 1000 / (double)(time_now_ms() - t0 + 1));
	}
	if (big_n > 0 &&
	    big_users(&e, big_org, big_group, hash, big_n, made, cli_get(&c, "search-file")) < 0)
		return 1;
	made += big_n;
	if (check(db_commit(e.db), "commit") < 0)
		return 1;
	/* after the commit: PostgreSQL refuses a PRAGMA, and inside the
	 * transaction that would undo it */
	db_exec(e.db, "PRAGMA synchronous=NORMAL");
	fprintf(stderr, "gen: %ld users in %.1f s\n", made, (double)(time_now_ms() - t0) / 1000);
	free(big_org);
	free(big_group);
	if (sample)
		fclose(sample);
	if (sipf && fclose(sipf) != 0)
		return 1;
	if (n_sip)
		fprintf(stderr, "gen: %ld SIP accounts\n", sip_made);

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
