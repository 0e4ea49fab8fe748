/* router.h: matching request paths against route patterns.
 *
 * A pattern is a path whose segments are literals or {name} captures:
 * "/api/v1/orgs/{org}/users/{id}". The router knows nothing of what a route
 * does; the application keeps its table in the same order as the patterns. */
#pragma once
#include <stddef.h>

struct arena;

#define ROUTE_MAX_PARAMS 4

struct route_params {
	int n;
	const char *name[ROUTE_MAX_PARAMS];
	char *value[ROUTE_MAX_PARAMS];
};

struct route_pattern {
	const char *method, *pattern;
};

enum { ROUTER_NO_PATH = -1, ROUTER_NO_METHOD = -2 };

/* Index of the route matching method and path, with the captures in
 * ret (values in a); ROUTER_NO_PATH when no pattern matches the path,
 * ROUTER_NO_METHOD when one does but not for this method. Captured values
 * are kept raw: the caller validates them. HEAD matches GET routes. */
int router_match(const struct route_pattern *routes, size_t n, const char *method, const char *path,
                 struct arena *a, struct route_params *ret);
/* The methods allowed on path, as "GET, POST" in a (for the Allow header). */
char *router_allow(const struct route_pattern *routes, size_t n, const char *path, struct arena *a);
/* Value of capture name, or NULL. */
const char *route_param(const struct route_params *p, const char *name);
