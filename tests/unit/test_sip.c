/* test_sip.c: SIP credentials: HA1 against RFC 2617's example, the form of
 * generated usernames and secrets, sealed secrets that give the HA1 back,
 * the realm of an organization (own SIP domain, an ancestor's, or derived),
 * and a taken username drawn again without spoiling the transaction. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/digest.h"
#include "auth/seal.h"
#include "base/arena.h"
#include "domain/sip.h"
#include "store/store.h"
#include "testdb.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	struct testdb t;
	struct arena *a;
	struct diag d;
	struct seal_key key;
	struct settings cfg;
	struct dctx c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	if (testdb_open(&f->t, "sip", 0) < 0)
		return -1;
	f->a = arena_new();
	diag_init(&f->d, f->a);
	crypto_secretbox_keygen(f->key.k);
	f->cfg = (struct settings){.key = &f->key};
	f->c = (struct dctx){.db = f->t.db, .a = f->a, .d = &f->d, .cfg = &f->cfg, .now = 1000};
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int r = testdb_close(&f->t);
	arena_free(f->a);
	free(f);
	return r;
}

static void ha1_of_rfc2617(void **state)
{
	(void)state;
	char ha1[DIGEST_HA1_LEN + 1];
	/* RFC 2617, section 3.5: HA1 of the example. */
	assert_int_equal(digest_ha1("Mufasa", "testrealm@host.com", "Circle Of Life", ha1), 0);
	assert_string_equal(ha1, "939e7578ed9e3c518a452acee763bce9");
	assert_int_equal(digest_ha1("", "", "", ha1), 0);
	assert_string_equal(ha1, "4501c091b0366d76ea3218b6cfdd8097"); /* md5("::") */
}

static void usernames_and_secrets(void **state)
{
	struct fixture *f = *state;
	char *seen[500];
	for (int i = 0; i < 500; i++) {
		char *u = sip_username_new(f->a), *s = sip_secret_new(f->a);
		assert_int_equal(strlen(u), SIP_USERNAME_LEN);
		assert_true(sip_username_valid(u));
		assert_true(u[0] >= 'a' && u[0] <= 'z');
		assert_null(strpbrk(u, "01ilo-_.ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
		assert_true(strlen(s) >= 20);
		assert_int_equal(strlen(s), SIP_SECRET_LEN);
		assert_null(strpbrk(s, "01ilIoO"));
		for (const char *p = s; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			            (*p >= '2' && *p <= '9'));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(seen[j], u);
		seen[i] = u;
	}
	assert_false(sip_username_valid("K7qm2xw9bd")); /* upper case */
	assert_false(sip_username_valid("7kqm2xw9bd")); /* a digit first */
	assert_false(sip_username_valid("k7qm2xw9b"));  /* short */
	assert_false(sip_username_valid("k7qm2xw9b'")); /* not ours */
	assert_false(sip_username_valid("k7qm2xw9bo")); /* a look-alike */
	assert_false(sip_username_valid(NULL));
	assert_true(sip_username_valid("k7qm2xw9bd"));

	/* the regex for the SIP proxy says the same of each of them */
	regex_t re;
	assert_int_equal(regcomp(&re, sip_username_regex(), REG_EXTENDED | REG_NOSUB), 0);
	const char *probe[] = {"K7qm2xw9bd",  "7kqm2xw9bd", "k7qm2xw9b",
	                       "k7qm2xw9b'",  "k7qm2xw9bo", "k7qm2xw9bd",
	                       "k7qm2xw9bdd", "",           "k7qm2xw9bd\n"};
	for (size_t i = 0; i < sizeof(probe) / sizeof(probe[0]); i++)
		assert_int_equal(regexec(&re, probe[i], 0, NULL, 0) == 0,
		                 sip_username_valid(probe[i]));
	for (int i = 0; i < 500; i++)
		assert_int_equal(regexec(&re, seen[i], 0, NULL, 0), 0);
	regfree(&re);
}

static void credentials_seal_and_rekey(void **state)
{
	struct fixture *f = *state;
	struct sip_cred cr;
	assert_int_equal(sip_cred_make(&f->c, NULL, "sip.example.net", &cr), 0);
	char ha1[DIGEST_HA1_LEN + 1];
	assert_int_equal(digest_ha1(cr.username, "sip.example.net", cr.secret, ha1), 0);
	assert_string_equal(cr.ha1, ha1);
	assert_null(strstr(cr.secret_sealed, cr.secret));
	char *plain;
	assert_int_equal(seal_decrypt(f->a, &f->key, cr.secret_sealed, &plain), 0);
	assert_string_equal(plain, cr.secret);
	/* another realm: the HA1 from the sealed secret */
	char *rekeyed;
	assert_int_equal(
	    sip_cred_rekey(&f->c, cr.username, cr.secret_sealed, "pbx.acme.nl", &rekeyed), 0);
	assert_int_equal(digest_ha1(cr.username, "pbx.acme.nl", cr.secret, ha1), 0);
	assert_string_equal(rekeyed, ha1);
	/* a new secret for the same username */
	struct sip_cred again;
	assert_int_equal(sip_cred_make(&f->c, cr.username, "sip.example.net", &again), 0);
	assert_string_equal(again.username, cr.username);
	assert_string_not_equal(again.secret, cr.secret);
	assert_string_not_equal(again.ha1, cr.ha1);
	/* sealed with another key: refused, and said so */
	struct seal_key other;
	crypto_secretbox_keygen(other.k);
	f->cfg.key = &other;
	assert_int_equal(sip_cred_rekey(&f->c, cr.username, cr.secret_sealed, "x.nl", &rekeyed),
	                 -EIO);
	assert_non_null(strstr(f->d.detail, "key file"));
	f->cfg.key = NULL;
	assert_int_equal(sip_cred_make(&f->c, NULL, "x.nl", &again), -EIO);
	sip_cred_wipe(cr.secret);
	assert_int_equal(strlen(cr.secret), 0);
}

static struct org org_of(const char *id, const char *parent, const char *path,
                         const char *sip_domain)
{
	struct org o = testdb_org(id, path);
	o.parent_id = (char *)parent;
	o.kind = parent ? "customer" : "platform";
	o.sip_domain = (char *)sip_domain;
	return o;
}

static void realm_own_inherited_or_derived(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->c.db;
	struct org p = org_of("p", NULL, "/p/", NULL), a = org_of("a", "p", "/p/a/", NULL),
	           b = org_of("b", "p", "/p/b/", "pbx.acme.nl");
	assert_int_equal(store_org_insert(db, &p), 0);
	assert_int_equal(store_org_insert(db, &a), 0);
	assert_int_equal(store_org_insert(db, &b), 0);
	char *realm;
	assert_int_equal(sip_realm(&f->c, &a, &realm), 0);
	assert_string_equal(realm, "a.sip.invalid");
	assert_int_equal(sip_realm(&f->c, &b, &realm), 0);
	assert_string_equal(realm, "pbx.acme.nl");
	p.sip_domain = "sip.example.net";
	assert_int_equal(store_org_update(db, &p), 0);
	assert_int_equal(sip_realm(&f->c, &a, &realm), 0);
	assert_string_equal(realm, "sip.example.net");
	assert_int_equal(sip_realm(&f->c, &b, &realm), 0);
	assert_string_equal(realm, "pbx.acme.nl");
}

static const char *taken;
static int claims;

/* Inserts the account, the first time under a username already taken. */
static int claim(struct dctx *c, const struct sip_cred *cred, void *arg)
{
	struct sip_account *s = arg;
	s->username = claims++ == 0 ? (char *)taken : cred->username;
	s->realm = cred->realm;
	s->ha1 = cred->ha1;
	s->secret_sealed = cred->secret_sealed;
	return store_sip_insert(c->db, s);
}

static int always_taken(struct dctx *c, const struct sip_cred *cred, void *arg)
{
	(void)c, (void)cred, (void)arg;
	claims++;
	return -EEXIST;
}

static void taken_username_is_drawn_again(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->c.db;
	struct org o = org_of("o", NULL, "/o/", "sip.example.net");
	assert_int_equal(store_org_insert(db, &o), 0);
	assert_int_equal(db_exec(db, "INSERT INTO contacts (id, org_id, first_name, last_name, "
	                             "sort_name, created_at, updated_at) "
	                             "VALUES ('c', 'o', 'A', 'B', 'b a', 1, 1)"),
	                 0);
	struct user u = {.id = "u",
	                 .org_id = "o",
	                 .contact_id = "c",
	                 .email = "a@x.nl",
	                 .status = USER_ACTIVE,
	                 .language = "nl",
	                 .created_at = 1,
	                 .updated_at = 1};
	assert_int_equal(store_user_insert(db, &u), 0);
	assert_int_equal(db_begin(db, true), 0);
	struct sip_account first = {
	    .id = "s1", .org_id = "o", .user_id = "u", .kind = SIP_DESK, .enabled = true};
	struct sip_cred cr;
	claims = 1; /* no collision for the first */
	assert_int_equal(sip_cred_issue(&f->c, "sip.example.net", claim, &first, &cr), 0);
	taken = first.username;
	struct sip_account second = {
	    .id = "s2", .org_id = "o", .user_id = "u", .kind = SIP_APP, .enabled = true};
	claims = 0;
	assert_int_equal(sip_cred_issue(&f->c, "sip.example.net", claim, &second, &cr), 0);
	assert_int_equal(claims, 2);
	assert_string_not_equal(second.username, first.username);
	assert_string_equal(second.username, cr.username);
	/* the transaction is still good: both are there after the commit */
	assert_int_equal(db_commit(db), 0);
	struct sip_account got;
	char *status;
	assert_int_equal(store_sip_find_username(db, f->a, first.username, &got, &status), 0);
	assert_string_equal(got.id, "s1");
	assert_string_equal(status, "active");
	assert_int_equal(store_sip_find_username(db, f->a, second.username, &got, &status), 0);
	assert_string_equal(got.id, "s2");
	assert_string_equal(got.ha1, cr.ha1);
	/* the same username straight into the store: refused */
	struct sip_account dup = second;
	dup.id = "s3";
	assert_int_equal(store_sip_insert(db, &dup), -EEXIST);
	/* never free: give up after a bounded number of draws */
	claims = 0;
	assert_int_equal(sip_cred_issue(&f->c, "sip.example.net", always_taken, NULL, &cr),
	                 -EEXIST);
	assert_int_equal(claims, SIP_USERNAME_ATTEMPTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ha1_of_rfc2617),
	    cmocka_unit_test_setup_teardown(usernames_and_secrets, setup, teardown),
	    cmocka_unit_test_setup_teardown(credentials_seal_and_rekey, setup, teardown),
	    cmocka_unit_test_setup_teardown(realm_own_inherited_or_derived, setup, teardown),
	    cmocka_unit_test_setup_teardown(taken_username_is_drawn_again, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
