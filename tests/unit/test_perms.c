/* test_perms.c: the permission catalogue, the four builtin groups of seed
 * 001, and the rights checks of a domain context (dctx_can, dctx_sees). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "domain/domain.h"

#include <errno.h>
#include <string.h>

static bool has(const struct builtin_group *g, enum perm p)
{
	return (g->perms & PERM_BIT(p)) != 0;
}

static void catalogue_is_complete(void **state)
{
	assert_true(PERM__COUNT <= 64); /* fits a uint64_t mask */
	for (int i = 0; i < PERM__COUNT; i++) {
		assert_non_null(perm_catalogue[i].name);
		assert_non_null(perm_catalogue[i].description_en);
		assert_non_null(perm_catalogue[i].description_nl);
		assert_null(strchr(perm_catalogue[i].name, ' '));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(perm_catalogue[i].name, perm_catalogue[j].name);
	}
}

static void parse_format_round_trip(void **state)
{
	struct arena *a = arena_new();
	/* Every single permission, then every mask of a sample, survives. */
	for (int i = 0; i < PERM__COUNT; i++) {
		uint64_t m = 0;
		char *s = perm_format(a, PERM_BIT(i));
		assert_string_equal(s, perm_catalogue[i].name);
		assert_int_equal(perm_parse(s, &m, NULL), 0);
		assert_int_equal(m, PERM_BIT(i));
	}
	uint64_t all = PERM_BIT(PERM__COUNT) - 1;
	for (uint64_t mask = 0; mask <= all; mask += 0x1357) {
		uint64_t m = ~(uint64_t)0;
		char *s = perm_format(a, mask);
		assert_int_equal(perm_parse(s, &m, NULL), 0);
		assert_int_equal(m, mask);
	}
	uint64_t m;
	assert_int_equal(perm_parse(perm_format(a, all), &m, NULL), 0);
	assert_int_equal(m, all);
	/* Empty text is no permission; order, doubles and extra spaces do not
	 * matter; the format is in catalogue order. */
	assert_string_equal(perm_format(a, PERM_NONE), "");
	assert_int_equal(perm_parse("", &m, NULL), 0);
	assert_int_equal(m, 0);
	assert_int_equal(perm_parse(NULL, &m, NULL), 0);
	assert_int_equal(m, 0);
	assert_int_equal(perm_parse("  users.write   orgs.read users.write ", &m, NULL), 0);
	assert_int_equal(m, PERM_BIT(PERM_USERS_WRITE) | PERM_BIT(PERM_ORGS_READ));
	assert_string_equal(perm_format(a, m), "orgs.read users.write");
	arena_free(a);
}

static void parse_reports_unknown_name(void **state)
{
	uint64_t m = 12345;
	const char *bad = NULL;
	assert_int_equal(perm_parse("users.read bogus.perm orgs.read", &m, &bad), -EINVAL);
	assert_non_null(bad);
	assert_string_equal(bad, "bogus.perm");
	assert_int_equal(m, 12345); /* untouched on failure */
	/* A prefix or a longer name of a real permission is not that permission. */
	assert_int_equal(perm_parse("users.rea", &m, &bad), -EINVAL);
	assert_string_equal(bad, "users.rea");
	assert_int_equal(perm_parse("users.readx", &m, &bad), -EINVAL);
	assert_string_equal(bad, "users.readx");
	assert_int_equal(perm_parse("USERS.READ", &m, &bad), -EINVAL);
	/* A very long bad name is cut short, not overflowed. */
	char longname[300];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	assert_int_equal(perm_parse(longname, &m, &bad), -EINVAL);
	assert_true(strlen(bad) < 64);
	/* ret_bad may be NULL. */
	assert_int_equal(perm_parse("nope", &m, NULL), -EINVAL);
}

static void to_json_lists_names(void **state)
{
	json_t *j = perm_to_json(PERM_BIT(PERM_USERS_READ) | PERM_BIT(PERM_AUDIT_READ));
	assert_true(json_is_array(j));
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(json_string_value(json_array_get(j, 0)), "users.read");
	assert_string_equal(json_string_value(json_array_get(j, 1)), "audit.read");
	json_decref(j);
}

/* Seed 001: Beheer sees all data of the organization, changes modules and
 * turns them on and off; Accountbeheer also sees invoice data and turns only
 * some modules off; Gespreksdetails changes its own destination and sees all
 * call details; Eindgebruiker only changes its own destination. */
static void builtin_groups_match_seed_001(void **state)
{
	const struct builtin_group *admin = builtin_group_find("admin");
	const struct builtin_group *acct = builtin_group_find("account_management");
	const struct builtin_group *calls = builtin_group_find("call_details");
	const struct builtin_group *user = builtin_group_find("end_user");
	assert_non_null(admin);
	assert_non_null(acct);
	assert_non_null(calls);
	assert_non_null(user);
	assert_null(builtin_group_find("superuser"));
	assert_null(builtin_group_find(NULL));
	assert_string_equal(admin->name_nl, "Beheer");
	assert_string_equal(acct->name_nl, "Accountbeheer");
	assert_string_equal(calls->name_nl, "Gespreksdetails");
	assert_string_equal(user->name_nl, "Eindgebruiker");

	/* Admin: everything of the organization but invoices. */
	assert_false(has(admin, PERM_INVOICES_READ));
	assert_true(has(admin, PERM_USERS_READ));
	assert_true(has(admin, PERM_USERS_WRITE));
	assert_true(has(admin, PERM_MODULES_WRITE));
	assert_true(has(admin, PERM_MODULES_ENABLE));
	assert_true(has(admin, PERM_CALLS_READ_ALL));

	/* Account management: invoices too, changes modules, may not turn
	 * them on. */
	assert_true(has(acct, PERM_INVOICES_READ));
	assert_true(has(acct, PERM_USERS_READ));
	assert_true(has(acct, PERM_MODULES_WRITE));
	assert_false(has(acct, PERM_MODULES_ENABLE));

	/* Call details: own destination, all call details, nothing else. */
	assert_true(has(calls, PERM_DESTINATION_OWN));
	assert_true(has(calls, PERM_CALLS_READ_ALL));
	assert_false(has(calls, PERM_USERS_READ));
	assert_false(has(calls, PERM_INVOICES_READ));
	assert_false(has(calls, PERM_MODULES_WRITE));

	/* End user: changes its own destination and sees no other data. */
	assert_true(has(user, PERM_DESTINATION_OWN));
	assert_false(has(user, PERM_USERS_READ));
	assert_false(has(user, PERM_CALLS_READ_ALL));
	assert_false(has(user, PERM_CONTACTS_READ));
	assert_false(has(user, PERM_ORGS_READ));
	assert_false(has(user, PERM_INVOICES_READ));
	/* Everything an end user may do, call details may do too. */
	assert_int_equal(user->perms & ~calls->perms, 0);

	/* Every group's mask survives a format/parse round trip. */
	struct arena *a = arena_new();
	for (int i = 0; i < 4; i++) {
		uint64_t m;
		assert_int_equal(perm_parse(perm_format(a, builtin_groups[i].perms), &m, NULL), 0);
		assert_int_equal(m, builtin_groups[i].perms);
		assert_ptr_equal(builtin_group_find(builtin_groups[i].key), &builtin_groups[i]);
	}
	arena_free(a);
}

/* sip.proxy is the platform's: only the platform organization's Admin group
 * starts with it; both management groups start with the token rights. */
static void platform_rights_only_in_platform_admin(void **state)
{
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		const struct builtin_group *g = &builtin_groups[i];
		bool admin = strcmp(g->key, "admin") == 0;
		assert_false(builtin_group_perms(g, false) & PERMS_PLATFORM);
		assert_int_equal((builtin_group_perms(g, true) & PERM_BIT(PERM_SIP_PROXY)) != 0,
		                 admin);
		bool manages = admin || strcmp(g->key, "account_management") == 0;
		assert_int_equal(has(g, PERM_API_TOKENS_READ), manages);
		assert_int_equal(has(g, PERM_API_TOKENS_WRITE), manages);
	}
}

static void dctx_scope_and_rights(void **state)
{
	struct principal p = {
	    .user_id = "u", .org_id = "a", .org_path = "/a/", .perms = PERM_BIT(PERM_USERS_READ)};
	struct dctx c = {.actor = &p};

	assert_true(dctx_sees(&c, "/a/"));
	assert_true(dctx_sees(&c, "/a/b/"));
	assert_true(dctx_sees(&c, "/a/b/c/"));
	assert_false(dctx_sees(&c, "/c/"));
	assert_false(dctx_sees(&c, "/ab/"));
	assert_false(dctx_sees(&c, "/"));
	assert_false(dctx_sees(&c, ""));
	assert_false(dctx_sees(&c, NULL));

	assert_true(dctx_can(&c, "/a/", PERM_USERS_READ));
	assert_true(dctx_can(&c, "/a/b/", PERM_USERS_READ));
	assert_false(dctx_can(&c, "/a/", PERM_USERS_WRITE)); /* lacks the right */
	assert_false(dctx_can(&c, "/c/", PERM_USERS_READ));  /* outside its tree */
	assert_false(dctx_can(&c, "/ab/", PERM_USERS_READ));
	assert_false(dctx_can(&c, NULL, PERM_USERS_READ));

	/* A child organization's actor does not see its parent. */
	struct principal child = {
	    .user_id = "v", .org_id = "b", .org_path = "/a/b/", .perms = PERM_BIT(PERM_USERS_READ)};
	struct dctx cc = {.actor = &child};
	assert_false(dctx_sees(&cc, "/a/"));
	assert_true(dctx_sees(&cc, "/a/b/"));

	/* No actor: the system itself may do everything. */
	struct dctx sys = {.actor = NULL};
	assert_true(dctx_sees(&sys, "/c/"));
	assert_true(dctx_sees(&sys, NULL));
	for (int i = 0; i < PERM__COUNT; i++)
		assert_true(dctx_can(&sys, "/anything/", (enum perm)i));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(catalogue_is_complete),
	    cmocka_unit_test(parse_format_round_trip),
	    cmocka_unit_test(parse_reports_unknown_name),
	    cmocka_unit_test(to_json_lists_names),
	    cmocka_unit_test(builtin_groups_match_seed_001),
	    cmocka_unit_test(platform_rights_only_in_platform_admin),
	    cmocka_unit_test(dctx_scope_and_rights),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
