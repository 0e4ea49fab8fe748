/* test_password.c: the password policy: each rule on both sides of its
 * boundary, personal data, the zxcvbn estimate with our Dutch words, several
 * failures at once, the history against a real SQLite database, and many
 * threads checking at once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/diag.h"
#include "base/util.h"
#include "domain/password.h"
#include "store/store.h"
#include "testdb.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The defaults every organization starts with (seed 003 plus our own). */
static const struct org default_policy = {
    .pw_min_length = 8,
    .pw_require_digit = true,
    .pw_require_lower = true,
    .pw_require_upper = true,
    .pw_forbid_personal = true,
    .pw_history = 3,
    .pw_min_entropy = 40,
};

/* Only the length rule, to look at one rule at a time. */
static const struct org length_only = {.pw_min_length = 8};

struct t {
	struct arena *a;
	struct diag d;
	struct dctx c;
	struct testdb db; /* history tests only */
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	t->a = arena_new();
	diag_init(&t->d, t->a);
	t->c = (struct dctx){.a = t->a, .d = &t->d, .now = time_now_ms()};
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	int r = testdb_close(&t->db);
	arena_free(t->a);
	free(t);
	return r;
}

/* Runs the check with a fresh diag. */
static int check(struct t *t, const struct org *p, const char *pw,
                 const struct password_subject *who)
{
	diag_init(&t->d, t->a);
	return password_check(&t->c, p, "password", pw, who);
}

static const struct diag_item *find(const struct t *t, const char *code)
{
	for (size_t i = 0; i < t->d.n_errors; i++)
		if (strcmp(t->d.errors[i].code, code) == 0)
			return &t->d.errors[i];
	return NULL;
}

static bool has(const struct t *t, const char *code)
{
	return find(t, code) != NULL;
}

/* The check failed with exactly this one code. */
static void assert_only(struct t *t, int r, const char *code)
{
	if (t->d.n_errors != 1 || strcmp(t->d.errors[0].code, code) != 0) {
		for (size_t i = 0; i < t->d.n_errors; i++)
			print_message("  got %s: %s\n", t->d.errors[i].code,
			              t->d.errors[i].message);
		fail_msg("expected only %s, got %zu errors", code, t->d.n_errors);
	}
	assert_int_equal(r, -EINVAL);
	assert_string_equal(t->d.errors[0].field, "password");
	assert_non_null(t->d.errors[0].message);
	assert_true(strlen(t->d.errors[0].message) > 10);
}

static void assert_ok(struct t *t, int r)
{
	for (size_t i = 0; i < t->d.n_errors; i++)
		print_message("  unexpected %s: %s\n", t->d.errors[i].code, t->d.errors[i].message);
	assert_int_equal(t->d.n_errors, 0);
	assert_int_equal(r, 0);
}

/* ---- class rules ------------------------------------------------------------ */

static void length_boundary(void **state)
{
	struct t *t = *state;
	assert_only(t, check(t, &length_only, "abcdefg", NULL), "too_short");
	assert_ok(t, check(t, &length_only, "abcdefgh", NULL));
	assert_only(t, check(t, &length_only, "", NULL), "too_short");
	assert_only(t, check(t, &length_only, NULL, NULL), "too_short");
	/* Characters, not bytes: seven é are 14 bytes but 7 characters. */
	assert_only(t, check(t, &length_only, "ééééééé", NULL), "too_short");
	assert_ok(t, check(t, &length_only, "éééééééé", NULL));
	assert_only(t, check(t, &length_only, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80", NULL),
	            "too_short");
	/* The message names the minimum. */
	check(t, &length_only, "abc", NULL);
	assert_non_null(strstr(t->d.errors[0].message, "8"));
	/* The policy's number is used, not a constant. */
	struct org p12 = {.pw_min_length = 12};
	assert_only(t, check(t, &p12, "abcdefghijk", NULL), "too_short");
	assert_ok(t, check(t, &p12, "abcdefghijkl", NULL));
	/* With the default policy too. */
	assert_ok(t, check(t, &default_policy, "Kx9mPq2v", NULL));
	assert_int_equal(check(t, &default_policy, "Kx9mPq2", NULL), -EINVAL);
	assert_true(has(t, "too_short"));
}

static void max_length_boundary(void **state)
{
	struct t *t = *state;
	char pw[300];
	memset(pw, 'a', 256);
	pw[256] = 0;
	assert_ok(t, check(t, &length_only, pw, NULL));
	pw[256] = 'a';
	pw[257] = 0;
	assert_only(t, check(t, &length_only, pw, NULL), "too_long");
	/* Bytes, not characters: 128 é are 256 bytes, 129 are 258. */
	char uni[300] = "";
	for (int i = 0; i < 128; i++)
		strcat(uni, "é");
	assert_ok(t, check(t, &length_only, uni, NULL));
	strcat(uni, "é");
	assert_only(t, check(t, &length_only, uni, NULL), "too_long");
	/* A too-long password is not weighed or compared with history. */
	memset(pw, 'a', 299);
	pw[299] = 0;
	assert_int_equal(check(t, &default_policy, pw, NULL), -EINVAL);
	assert_true(has(t, "too_long"));
	assert_false(has(t, "too_weak"));
}

static void digit_boundary(void **state)
{
	struct t *t = *state;
	struct org p = {.pw_min_length = 8, .pw_require_digit = true};
	assert_only(t, check(t, &p, "Abcdefgh", NULL), "needs_digit");
	assert_ok(t, check(t, &p, "Abcdefg1", NULL));
	assert_ok(t, check(t, &p, "0bcdefgh", NULL));
	assert_ok(t, check(t, &p, "abcdefg9", NULL));
	/* Not required: no error. */
	assert_ok(t, check(t, &length_only, "Abcdefgh", NULL));
	check(t, &p, "Abcdefgh", NULL);
	assert_string_equal(t->d.errors[0].message,
	                    "The password must contain at least one digit.");
}

static void lower_boundary(void **state)
{
	struct t *t = *state;
	struct org p = {.pw_min_length = 8, .pw_require_lower = true};
	assert_only(t, check(t, &p, "ABCDEFG1", NULL), "needs_lower");
	assert_ok(t, check(t, &p, "ABCDEFg1", NULL));
	assert_ok(t, check(t, &p, "zBCDEFG1", NULL));
	/* Only a-z decide: a lower-case é does not count. */
	assert_only(t, check(t, &p, "ABCDEFé1", NULL), "needs_lower");
	assert_ok(t, check(t, &length_only, "ABCDEFG1", NULL));
}

static void upper_boundary(void **state)
{
	struct t *t = *state;
	struct org p = {.pw_min_length = 8, .pw_require_upper = true};
	assert_only(t, check(t, &p, "abcdefg1", NULL), "needs_upper");
	assert_ok(t, check(t, &p, "Abcdefg1", NULL));
	assert_ok(t, check(t, &p, "abcdefgZ", NULL));
	/* Only A-Z decide: É does not count. */
	assert_only(t, check(t, &p, "Ébcdefg1", NULL), "needs_upper");
	assert_ok(t, check(t, &length_only, "abcdefg1", NULL));
}

static void symbol_boundary(void **state)
{
	struct t *t = *state;
	struct org p = {.pw_min_length = 8, .pw_require_symbol = true};
	assert_only(t, check(t, &p, "Abcdefg1", NULL), "needs_symbol");
	assert_ok(t, check(t, &p, "Abcdef!1", NULL));
	assert_ok(t, check(t, &p, "Abc def1", NULL)); /* a space is a symbol */
	assert_ok(t, check(t, &p, "~bcdefg1", NULL));
	assert_ok(t, check(t, &p, "Abcdef€1", NULL)); /* so is the euro sign */
	/* Letters outside ASCII are letters, not symbols. */
	assert_only(t, check(t, &p, "Abcdefé1", NULL), "needs_symbol");
	assert_only(t, check(t, &p, "Abcdefß1", NULL), "needs_symbol");
	assert_only(t, check(t, &p, "Пароль12", NULL), "needs_symbol");
	assert_ok(t, check(t, &length_only, "Abcdefg1", NULL));
}

static void invalid_text_refused(void **state)
{
	struct t *t = *state;
	assert_only(t, check(t, &length_only, "abcdefgh\x01", NULL), "invalid_text");
	assert_only(t, check(t, &length_only, "abcdefgh\xff", NULL), "invalid_text");
	assert_only(t, check(t, &length_only, "abcdefgh\xc0\xaf", NULL), "invalid_text");
	assert_ok(t, check(t, &length_only, "abcdefgh\t", NULL));
}

/* ---- personal data ------------------------------------------------------------ */

static const struct password_subject jan = {.email = "jan.jansen@acme.nl",
                                            .login_name = "jjansen",
                                            .first_name = "Jan",
                                            .last_name = "Jansen"};

static const struct org personal_only = {.pw_min_length = 8, .pw_forbid_personal = true};

static void personal_data_refused(void **state)
{
	struct t *t = *state;
	/* The last name in another case (the first name is inside it too). */
	assert_only(t, check(t, &personal_only, "Xq7!JANSEN.zz", &jan), "contains_personal");
	const char *msg = find(t, "contains_personal")->message;
	assert_non_null(strstr(msg, "last name"));
	assert_non_null(strstr(msg, "first name"));
	/* It says which kind of data, without repeating it. */
	assert_null(strcasestr(msg, "jansen"));
	assert_null(strcasestr(msg, "jan "));
	assert_null(strcasestr(msg, "acme"));

	/* The email's local part. */
	assert_only(t, check(t, &personal_only, "9x-Jan.Jansen-q", &jan), "contains_personal");
	assert_non_null(strstr(find(t, "contains_personal")->message, "email address"));
	/* The login name. */
	assert_only(t, check(t, &personal_only, "Zz9-jjansen!", &jan), "contains_personal");
	assert_non_null(strstr(find(t, "contains_personal")->message, "login name"));
	/* The first name alone. */
	assert_only(t, check(t, &personal_only, "Kx9mPq2vjan", &jan), "contains_personal");
	assert_non_null(strstr(find(t, "contains_personal")->message, "first name"));
	assert_null(strstr(find(t, "contains_personal")->message, "last name"));
	/* None of them. */
	assert_ok(t, check(t, &personal_only, "Kx9mPq2vLa7w", &jan));
	/* Not forbidden by the policy, or nobody given. */
	assert_ok(t, check(t, &length_only, "Xq7!JANSEN.zz", &jan));
	assert_ok(t, check(t, &personal_only, "Xq7!JANSEN.zz", NULL));
	struct password_subject nobody = {0};
	assert_ok(t, check(t, &personal_only, "Xq7!JANSEN.zz", &nobody));
}

static void personal_data_length_boundary(void **state)
{
	struct t *t = *state;
	/* Two characters are too common to forbid, three are not. */
	struct password_subject bo = {
	    .first_name = "Bo", .last_name = "Li", .login_name = "xy", .email = "ab@x.nl"};
	assert_ok(t, check(t, &personal_only, "Bo-Li-xy-ab-9", &bo));
	struct password_subject ada = {.first_name = "Ada"};
	assert_only(t, check(t, &personal_only, "q-ADA-19xz", &ada), "contains_personal");
	/* Characters, not bytes: "Ös" is two characters in three bytes. */
	struct password_subject os = {.last_name = "Ös"};
	assert_ok(t, check(t, &personal_only, "xxÖsxxxx", &os));
	/* Surrounding spaces do not count. */
	struct password_subject sp = {.last_name = "  Li "};
	assert_ok(t, check(t, &personal_only, "xxLixxxx", &sp));
}

static void personal_data_unicode_case(void **state)
{
	struct t *t = *state;
	struct password_subject oz = {.first_name = "Özlem", .last_name = "Çelik"};
	assert_only(t, check(t, &personal_only, "99-özlem-xx", &oz), "contains_personal");
	assert_only(t, check(t, &personal_only, "99-ÖZLEM-xx", &oz), "contains_personal");
	assert_only(t, check(t, &personal_only, "99-çELIK-xx", &oz), "contains_personal");
	/* The Dutch IJ as one letter, in either case. */
	struct password_subject ij = {.last_name = "Ĳsselmeer"};
	assert_only(t, check(t, &personal_only, "x-ĳSSELMEER-1", &ij), "contains_personal");
	/* Other letters do not match by accident. */
	assert_ok(t, check(t, &personal_only, "99-ozlem-xx", &oz));
}

/* ---- strength (zxcvbn) -------------------------------------------------------------- */

/* Someone whose data is in none of the passwords below. */
static const struct password_subject karel = {.email = "karel.appel@cobra.nl",
                                              .login_name = "kappel",
                                              .first_name = "Karel",
                                              .last_name = "Appel"};

static void common_dutch_passwords_are_weak(void **state)
{
	struct t *t = *state;
	/* They pass the class rules... */
	struct org classes = default_policy;
	classes.pw_min_entropy = 0;
	assert_ok(t, check(t, &classes, "Welkom2024", &karel));
	assert_ok(t, check(t, &classes, "Wachtwoord1", &karel));
	assert_ok(t, check(t, &classes, "Zomer2024!", &karel));
	/* ...and fail only as too weak. */
	assert_only(t, check(t, &default_policy, "Welkom2024", &karel), "too_weak");
	assert_only(t, check(t, &default_policy, "Wachtwoord1", &karel), "too_weak");
	assert_only(t, check(t, &default_policy, "Zomer2024!", &karel), "too_weak");
	assert_non_null(strstr(t->d.errors[0].message, "passphrase"));
	assert_only(t, check(t, &default_policy, "Feyenoord1908", &karel), "too_weak");
	assert_only(t, check(t, &default_policy, "Switchboard1", &karel), "too_weak");
	assert_only(t, check(t, &default_policy, "Password1", &karel), "too_weak");
	/* Without our words zxcvbn gives "Voorjaar2024!" 44 bits: the Dutch
	 * list is what makes it fail. */
	assert_only(t, check(t, &default_policy, "Voorjaar2024!", NULL), "too_weak");
}

static void strong_passwords_pass(void **state)
{
	struct t *t = *state;
	assert_ok(t, check(t, &default_policy, "Tr0ub4dor-and-3-horses", &karel));
	assert_ok(t, check(t, &default_policy, "Kx9mPq2vLa7w", &karel));
	assert_ok(t, check(t, &default_policy, "Zeven-Blauwe-Fietsen-7", &karel));
	/* The threshold is the policy's own. */
	struct org strict = default_policy;
	strict.pw_min_entropy = 100;
	assert_only(t, check(t, &strict, "Kx9mPq2vLa7w", &karel), "too_weak");
	struct org off = default_policy;
	off.pw_min_entropy = 0;
	assert_ok(t, check(t, &off, "Password1", &karel));
}

static void personal_words_weaken(void **state)
{
	struct t *t = *state;
	/* zxcvbn alone gives "Rozendaal2024!" 44.6 bits; with the last name in
	 * its dictionary 13: too weak even where personal data is allowed. */
	struct org p = default_policy;
	p.pw_forbid_personal = false;
	assert_ok(t, check(t, &p, "Rozendaal2024!", &karel));
	struct password_subject roos = {.first_name = "Roos", .last_name = "Rozendaal"};
	assert_only(t, check(t, &p, "Rozendaal2024!", &roos), "too_weak");
	/* Where it is forbidden, both rules speak. */
	assert_int_equal(check(t, &default_policy, "Rozendaal2024!", &roos), -EINVAL);
	assert_int_equal(t->d.n_errors, 2);
	assert_true(has(t, "contains_personal"));
	assert_true(has(t, "too_weak"));
}

/* ---- several at once ---------------------------------------------------------------- */

static void all_failures_reported_together(void **state)
{
	struct t *t = *state;
	struct org all = default_policy;
	all.pw_require_symbol = true;
	diag_init(&t->d, t->a);
	int r = password_check(&t->c, &all, "new_password", "jan", &jan);
	assert_int_equal(r, -EINVAL);
	const char *want[] = {"too_short",    "needs_digit",       "needs_upper",
	                      "needs_symbol", "contains_personal", "too_weak"};
	assert_int_equal(t->d.n_errors, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct diag_item *it = find(t, want[i]);
		assert_non_null(it);
		assert_string_equal(it->field, "new_password");
	}
	assert_false(has(t, "needs_lower"));
	/* Each message is its own sentence. */
	for (size_t i = 0; i < t->d.n_errors; i++)
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(t->d.errors[i].message, t->d.errors[j].message);
}

static void full_diag_still_fails(void **state)
{
	struct t *t = *state;
	diag_init(&t->d, t->a);
	for (int i = 0; i < DIAG_MAX; i++)
		diag_error(&t->d, "other", "x", "filler");
	/* No room left to record it, but the answer is still no. */
	assert_int_equal(password_check(&t->c, &default_policy, "password", "abc", NULL), -EINVAL);
	assert_int_equal(t->d.n_errors, DIAG_MAX);
	/* And a good password still passes with earlier errors present. */
	assert_int_equal(password_check(&t->c, &default_policy, "password", "Kx9mPq2vLa7w", NULL),
	                 0);
}

/* ---- history ---------------------------------------------------------------------- */

static int setup_db(void **state)
{
	if (setup(state) < 0)
		return -1;
	struct t *t = *state;
	if (testdb_open(&t->db, "pw", 0) < 0)
		return -1;
	t->c.db = t->db.db;
	struct org o = default_policy;
	o.id = "o1";
	o.path = "/o1/";
	o.kind = "customer";
	o.name = "Acme";
	o.country = "NL";
	o.language = "nl";
	o.timezone = "Europe/Amsterdam";
	o.ext_length = 4;
	o.ext_prefix = "7";
	o.caller_id_mode = "user";
	o.retention_days = 30;
	o.scim_deprovision = "suspend";
	o.user_forwarding = "anywhere";
	o.music_on_hold = "default";
	o.created_at = o.updated_at = 1;
	struct contact ct = {.id = "c1",
	                     .org_id = "o1",
	                     .first_name = "Karel",
	                     .last_name = "Appel",
	                     .created_at = 1,
	                     .updated_at = 1};
	struct user u = {.id = "u1",
	                 .org_id = "o1",
	                 .contact_id = "c1",
	                 .email = "karel.appel@cobra.nl",
	                 .login_name = "kappel",
	                 .status = USER_ACTIVE,
	                 .language = "nl",
	                 .created_at = 1,
	                 .updated_at = 1};
	if (store_org_insert(t->c.db, &o) < 0 || store_contact_insert(t->c.db, &ct) < 0 ||
	    store_user_insert(t->c.db, &u) < 0)
		return -1;
	return 0;
}

static void add_history(struct t *t, const char *pw, int64_t at)
{
	char *hash;
	assert_int_equal(auth_password_hash(t->a, pw, &hash), 0);
	assert_int_equal(store_pwhist_add(t->c.db, "u1", hash, at), 0);
}

static void history_refuses_recent_passwords(void **state)
{
	struct t *t = *state;
	struct password_subject who = karel;
	who.user_id = "u1";
	/* Nothing in the history yet. */
	assert_ok(t, check(t, &default_policy, "Kx9mPq2vLa7w", &who));

	int64_t now = t->c.now;
	add_history(t, "Old-Horse-Battery-9", now - 4000);
	add_history(t, "Kx9mPq2vLa7w", now - 3000);
	add_history(t, "Tr0ub4dor-and-3-horses", now - 2000);
	add_history(t, "Zeven-Blauwe-Fietsen-7", now - 1000);

	/* The last three (history 3) are refused, as the only problem. */
	assert_only(t, check(t, &default_policy, "Zeven-Blauwe-Fietsen-7", &who), "reused");
	assert_non_null(strstr(t->d.errors[0].message, "3"));
	assert_only(t, check(t, &default_policy, "Tr0ub4dor-and-3-horses", &who), "reused");
	assert_only(t, check(t, &default_policy, "Kx9mPq2vLa7w", &who), "reused");
	/* The fourth newest is outside the window; a new one is fine. */
	assert_ok(t, check(t, &default_policy, "Old-Horse-Battery-9", &who));
	assert_ok(t, check(t, &default_policy, "Paarse-Olifant-Danst-4", &who));

	/* Window boundary: history 1 sees only the newest. */
	struct org h1 = default_policy;
	h1.pw_history = 1;
	assert_only(t, check(t, &h1, "Zeven-Blauwe-Fietsen-7", &who), "reused");
	assert_ok(t, check(t, &h1, "Tr0ub4dor-and-3-horses", &who));
	struct org h4 = default_policy;
	h4.pw_history = 4;
	assert_only(t, check(t, &h4, "Old-Horse-Battery-9", &who), "reused");

	/* No history rule, or no user yet (a new user): not looked up. */
	struct org h0 = default_policy;
	h0.pw_history = 0;
	assert_ok(t, check(t, &h0, "Zeven-Blauwe-Fietsen-7", &who));
	assert_ok(t, check(t, &default_policy, "Zeven-Blauwe-Fietsen-7", &karel));

	/* Reuse and other problems are reported together. */
	add_history(t, "Welkom2024", now - 500);
	assert_int_equal(check(t, &default_policy, "Welkom2024", &who), -EINVAL);
	assert_int_equal(t->d.n_errors, 2);
	assert_true(has(t, "too_weak"));
	assert_true(has(t, "reused"));
}

/* ---- policy as JSON -------------------------------------------------------------- */

static void policy_json(void **state)
{
	struct org p = default_policy;
	p.pw_require_symbol = true;
	json_t *j = password_policy_json(&p);
	assert_non_null(j);
	assert_int_equal(json_object_size(j), 8);
	assert_int_equal(json_integer_value(json_object_get(j, "min_length")), 8);
	assert_true(json_is_true(json_object_get(j, "require_digit")));
	assert_true(json_is_true(json_object_get(j, "require_lower")));
	assert_true(json_is_true(json_object_get(j, "require_upper")));
	assert_true(json_is_true(json_object_get(j, "require_symbol")));
	assert_true(json_is_true(json_object_get(j, "forbid_personal")));
	assert_int_equal(json_integer_value(json_object_get(j, "history")), 3);
	assert_int_equal(json_integer_value(json_object_get(j, "min_entropy_bits")), 40);
	json_decref(j);
	j = password_policy_json(&length_only);
	assert_true(json_is_false(json_object_get(j, "require_digit")));
	assert_int_equal(json_integer_value(json_object_get(j, "history")), 0);
	json_decref(j);
}

/* ---- threads ----------------------------------------------------------------------- */

struct job {
	int ok, weak;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	static const char *const pws[] = {"Welkom2024", "Kx9mPq2vLa7w", "Zomer2024!",
	                                  "Tr0ub4dor-and-3-horses"};
	struct arena *a = arena_new();
	struct diag d;
	for (int i = 0; i < 200; i++) {
		diag_init(&d, a);
		struct dctx c = {.a = a, .d = &d};
		int r = password_check(&c, &default_policy, "password", pws[i % 4], &karel);
		if (r == 0 && i % 2 == 1)
			j->ok++;
		if (r == -EINVAL && i % 2 == 0 && d.n_errors == 1 &&
		    strcmp(d.errors[0].code, "too_weak") == 0)
			j->weak++;
	}
	arena_free(a);
	return NULL;
}

static void many_threads_at_once(void **state)
{
	enum { N = 8 };
	pthread_t th[N];
	struct job jobs[N] = {{0}};
	for (int i = 0; i < N; i++)
		assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].ok, 100);
		assert_int_equal(jobs[i].weak, 100);
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(length_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(max_length_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(digit_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(lower_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(upper_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(symbol_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(invalid_text_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(personal_data_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(personal_data_length_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(personal_data_unicode_case, setup, teardown),
	    cmocka_unit_test_setup_teardown(common_dutch_passwords_are_weak, setup, teardown),
	    cmocka_unit_test_setup_teardown(strong_passwords_pass, setup, teardown),
	    cmocka_unit_test_setup_teardown(personal_words_weaken, setup, teardown),
	    cmocka_unit_test_setup_teardown(all_failures_reported_together, setup, teardown),
	    cmocka_unit_test_setup_teardown(full_diag_still_fails, setup, teardown),
	    cmocka_unit_test_setup_teardown(history_refuses_recent_passwords, setup_db, teardown),
	    cmocka_unit_test(policy_json),
	    cmocka_unit_test(many_threads_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
