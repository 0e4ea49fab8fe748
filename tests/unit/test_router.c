/* test_router.c: path matching, captures, 404 versus 405, Allow. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "http/router.h"

#include <string.h>

static const struct route_pattern routes[] = {
    {"GET", "/healthz"},
    {"GET", "/api/v1/orgs/{org}/users"},
    {"POST", "/api/v1/orgs/{org}/users"},
    {"GET", "/api/v1/orgs/{org}/users/{id}"},
    {"DELETE", "/api/v1/orgs/{org}/users/{id}"},
    {"GET", "/api/v1/orgs/{org}/extensions/next"},
    {"GET", "/api/v1/orgs/{org}/extensions/{id}"},
};
#define N (sizeof(routes) / sizeof(routes[0]))

static void matches_literal_and_captures(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct route_params p;
	assert_int_equal(router_match(routes, N, "GET", "/healthz", a, &p), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(router_match(routes, N, "GET", "/api/v1/orgs/o1/users/u2", a, &p), 3);
	assert_string_equal(route_param(&p, "org"), "o1");
	assert_string_equal(route_param(&p, "id"), "u2");
	assert_null(route_param(&p, "nope"));
	arena_free(a);
}

static void literal_wins_over_capture_when_first(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct route_params p;
	assert_int_equal(router_match(routes, N, "GET", "/api/v1/orgs/o/extensions/next", a, &p),
	                 5);
	assert_int_equal(router_match(routes, N, "GET", "/api/v1/orgs/o/extensions/7001", a, &p),
	                 6);
	arena_free(a);
}

static void unknown_path_and_wrong_method(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct route_params p;
	assert_int_equal(router_match(routes, N, "GET", "/nope", a, &p), ROUTER_NO_PATH);
	assert_int_equal(router_match(routes, N, "GET", "/healthz/", a, &p), ROUTER_NO_PATH);
	assert_int_equal(router_match(routes, N, "GET", "/api/v1/orgs//users", a, &p),
	                 ROUTER_NO_PATH);
	assert_int_equal(router_match(routes, N, "GET", "/api/v1/orgs/o/users/u/x", a, &p),
	                 ROUTER_NO_PATH);
	assert_int_equal(router_match(routes, N, "PUT", "/api/v1/orgs/o/users", a, &p),
	                 ROUTER_NO_METHOD);
	assert_string_equal(router_allow(routes, N, "/api/v1/orgs/o/users", a), "GET, POST");
	arena_free(a);
}

static void head_matches_get(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct route_params p;
	assert_int_equal(router_match(routes, N, "HEAD", "/healthz", a, &p), 0);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(matches_literal_and_captures),
	    cmocka_unit_test(literal_wins_over_capture_when_first),
	    cmocka_unit_test(unknown_path_and_wrong_method),
	    cmocka_unit_test(head_matches_get),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
