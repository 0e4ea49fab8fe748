/* test_calls.c: call records: the status a finished call gets from what
 * the SIP proxy saw, and a call the routing refused (call_record_refused,
 * what route.c calls) recorded once under its SIP key, resolved as a CDR
 * is, refused for an organization the actor may not record for, and
 * purged after its organization's call_retention_days. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "domain/calls.h"
#include "store/store.h"
#include "testdb.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS (86400LL * 1000)
#define NOW_MS 1790000000000LL /* 2026-09 */

static void status_of_what_the_proxy_saw(void **state)
{
	(void)state;
	static const struct {
		bool voicemail, answered;
		int code;
		const char *reason;
		enum call_status want;
	} cases[] = {
	    {true, true, 200, NULL, CALL_VOICEMAIL},       {true, false, 0, NULL, CALL_VOICEMAIL},
	    {false, true, 200, NULL, CALL_ANSWERED},       {false, true, 0, NULL, CALL_ANSWERED},
	    {false, false, 486, NULL, CALL_BUSY},          {false, false, 600, "Busy", CALL_BUSY},
	    {false, false, 408, NULL, CALL_MISSED},        {false, false, 480, NULL, CALL_MISSED},
	    {false, false, 487, NULL, CALL_MISSED},        {false, false, 0, "CANCEL", CALL_MISSED},
	    {false, false, 0, "Cancelled", CALL_MISSED},   {false, false, 404, NULL, CALL_FAILED},
	    {false, false, 403, "suspended", CALL_FAILED}, {false, false, 0, NULL, CALL_FAILED},
	    {false, false, 503, "cancel?", CALL_MISSED},   {false, false, 500, "Can", CALL_FAILED},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(call_status_of(cases[i].voicemail, cases[i].answered,
		                                cases[i].code, cases[i].reason),
		                 cases[i].want);
	assert_string_equal(call_status_name(CALL_MISSED), "missed");
	assert_int_equal(call_status_parse("voicemail"), CALL_VOICEMAIL);
	assert_string_equal(call_direction_name(CALL_INBOUND), "inbound");
}

struct fixture {
	struct testdb t;
	struct arena *a;
	struct diag d;
	struct principal proxy; /* sip.proxy on /p/ */
	struct dctx c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	if (testdb_open(&f->t, "calls", TESTDB_PG) < 0)
		return -1;
	f->a = arena_new();
	diag_init(&f->d, f->a);
	f->proxy = (struct principal){.user_id = "tok",
	                              .org_id = "p",
	                              .org_path = "/p/",
	                              .token_name = "kamailio",
	                              .perms = PERM_BIT(PERM_SIP_PROXY)};
	f->c =
	    (struct dctx){.db = f->t.db, .a = f->a, .d = &f->d, .actor = &f->proxy, .now = NOW_MS};
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

/* A user id of org with a person named first last. */
static void add_user(struct db *db, const char *org, const char *id, const char *first,
                     const char *last)
{
	struct contact ct = {.id = (char *)id,
	                     .org_id = (char *)org,
	                     .first_name = (char *)first,
	                     .last_name = (char *)last,
	                     .created_at = 1,
	                     .updated_at = 1};
	assert_int_equal(store_contact_insert(db, &ct), 0);
	struct user u = {.id = (char *)id,
	                 .org_id = (char *)org,
	                 .contact_id = (char *)id,
	                 .email = (char *)id,
	                 .status = USER_ACTIVE,
	                 .language = "nl",
	                 .created_at = 1,
	                 .updated_at = 1};
	assert_int_equal(store_user_insert(db, &u), 0);
}

static void add_account(struct db *db, const char *org, const char *user, const char *id,
                        const char *username)
{
	struct sip_account s = {.id = (char *)id,
	                        .org_id = (char *)org,
	                        .user_id = (char *)user,
	                        .kind = SIP_DESK,
	                        .username = (char *)username,
	                        .realm = "sip.example.net",
	                        .ha1 = "00000000000000000000000000000000",
	                        .secret_sealed = "s1.x",
	                        .enabled = true,
	                        .created_at = 1,
	                        .updated_at = 1};
	assert_int_equal(store_sip_insert(db, &s), 0);
}

/* The calls of org, newest first. */
static int calls_of(struct fixture *f, const char *org, struct call **ret)
{
	struct call_filter cf = {.org_id = org};
	int n = -1;
	assert_int_equal(store_call_list(f->c.db, f->a, &cf, 50, ret, &n), 0);
	return n;
}

static void refused_call_recorded_once(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->c.db;
	struct org p = testdb_org("p", "/p/"), o = testdb_org("o", "/p/o/"),
	           x = testdb_org("x", "/x/");
	p.kind = "platform";
	o.parent_id = "p";
	x.kind = "platform";
	assert_int_equal(store_org_insert(db, &p), 0);
	assert_int_equal(store_org_insert(db, &o), 0);
	assert_int_equal(store_org_insert(db, &x), 0);
	add_user(db, "o", "ua", "Anna", "Caller");
	add_user(db, "o", "ub", "Bram", "Callee");
	add_user(db, "x", "ux", "Xena", "Stranger");
	add_account(db, "o", "ua", "sa", "k7qm2xw9bd");
	add_account(db, "x", "ux", "sx", "m3nq7rtw2c");
	struct extension e = {.id = "e1",
	                      .org_id = "o",
	                      .number = "7002",
	                      .owner_type = OWNER_USER,
	                      .owner_id = "ub",
	                      .created_at = 1};
	assert_int_equal(store_ext_insert(db, &e), 0);

	struct call_refused in = {.call_id = "abc@10.0.0.1",
	                          .from_tag = "t1",
	                          .caller = "k7qm2xw9bd",
	                          .number = "7002",
	                          .sip_code = 480,
	                          .reason = "not_available"};
	assert_int_equal(call_record_refused(&f->c, &in), 0);
	/* the proxy's own CDR of the same call, or the lookup asked again */
	struct call_refused again = in;
	again.reason = "suspended";
	again.sip_code = 403;
	assert_int_equal(call_record_refused(&f->c, &again), 1);
	struct call *k;
	assert_int_equal(calls_of(f, "o", &k), 1);
	assert_string_equal(k[0].call_id, "abc@10.0.0.1");
	assert_int_equal(k[0].status, CALL_MISSED);
	assert_string_equal(k[0].reason, "not_available");
	assert_int_equal(k[0].sip_code, 480);
	assert_int_equal(k[0].direction, CALL_INTERNAL);
	assert_string_equal(k[0].caller_user_id, "ua");
	assert_string_equal(k[0].caller_name, "Anna Caller");
	assert_string_equal(k[0].caller_number, "k7qm2xw9bd"); /* no extension of its own */
	assert_string_equal(k[0].callee_user_id, "ub");
	assert_string_equal(k[0].callee_name, "Bram Callee");
	assert_int_equal(k[0].start_time, NOW_MS);
	assert_int_equal(k[0].end_time, NOW_MS);
	assert_int_equal(k[0].answer_time, 0);
	assert_int_equal(k[0].duration_seconds, 0);
	assert_null(k[0].answered_user_id);

	/* suspended: failed (403) */
	struct call_refused failed = in;
	failed.from_tag = "t2";
	failed.sip_code = 403;
	failed.reason = "suspended";
	assert_int_equal(call_record_refused(&f->c, &failed), 0);
	assert_int_equal(calls_of(f, "o", &k), 2);
	assert_int_equal(k[0].status == CALL_FAILED || k[1].status == CALL_FAILED, 1);

	/* an organization outside the proxy's: as unknown, nothing written */
	struct call_refused stranger = in;
	stranger.caller = "m3nq7rtw2c";
	stranger.from_tag = "t3";
	assert_int_equal(call_record_refused(&f->c, &stranger), -ENOENT);
	assert_string_equal(f->d.code, "no_such_sip_account");
	assert_int_equal(calls_of(f, "x", &k), 0);
	/* a DID nobody has */
	diag_init(&f->d, f->a);
	struct call_refused did = {.call_id = "d@1",
	                           .from_tag = "t4",
	                           .caller = "+31612345678",
	                           .number = "+31201112233",
	                           .inbound = true,
	                           .sip_code = 404,
	                           .reason = "no_such_number"};
	assert_int_equal(call_record_refused(&f->c, &did), -ENOENT);
	assert_string_equal(f->d.code, "no_such_number");
	/* what is missing or too long is named */
	diag_init(&f->d, f->a);
	struct call_refused bad = in;
	bad.call_id = NULL;
	bad.number = "7002\n";
	assert_int_equal(call_record_refused(&f->c, &bad), -EINVAL);
	assert_int_equal(f->d.n_errors, 2);
	assert_string_equal(f->d.errors[0].field, "call_id");
	assert_string_equal(f->d.errors[1].field, "number");
}

static void purged_after_retention(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->c.db;
	struct org p = testdb_org("p", "/p/"), o = testdb_org("o", "/p/o/");
	p.kind = "platform";
	o.parent_id = "p";
	o.call_retention_days = 10;
	assert_int_equal(store_org_insert(db, &p), 0);
	assert_int_equal(store_org_insert(db, &o), 0);
	add_user(db, "o", "ua", "Anna", "Caller");
	add_account(db, "o", "ua", "sa", "k7qm2xw9bd");
	struct call_refused in = {
	    .call_id = "old", .from_tag = "t", .caller = "k7qm2xw9bd", .number = "0201234567"};
	f->c.now = NOW_MS - 11 * DAY_MS;
	assert_int_equal(call_record_refused(&f->c, &in), 0);
	in.call_id = "young";
	f->c.now = NOW_MS - 9 * DAY_MS;
	assert_int_equal(call_record_refused(&f->c, &in), 0);
	struct call *k;
	assert_int_equal(calls_of(f, "o", &k), 2);
	assert_int_equal(k[0].direction, CALL_OUTBOUND);
	assert_string_equal(k[0].callee_number, "+31201234567");
	assert_string_equal(k[0].dialled_number, "0201234567");
	f->c.now = NOW_MS;
	int n = -1;
	assert_int_equal(call_purge_expired(&f->c, 100, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(calls_of(f, "o", &k), 1);
	assert_string_equal(k[0].call_id, "young");
	assert_int_equal(call_purge_expired(&f->c, 100, &n), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(status_of_what_the_proxy_saw),
	    cmocka_unit_test_setup_teardown(refused_call_recorded_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(purged_after_retention, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
