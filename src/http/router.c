/* router.c: segment-wise matching of paths against route patterns. */
#include "http/router.h"
#include "base/arena.h"

#include <string.h>

/* Matches one pattern; fills p on success. */
static int match_one(const char *pat, const char *path, struct arena *a, struct route_params *p)
{
	struct route_params tmp = {0};
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
		size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
		size_t sl = se ? (size_t)(se - path) : strlen(path);
		if (pl >= 2 && pat[0] == '{' && pat[pl - 1] == '}') {
			if (sl == 0 || tmp.n == ROUTE_MAX_PARAMS)
				return 0;
			if (a) {
				tmp.name[tmp.n] = arena_strndup(a, pat + 1, pl - 2);
				tmp.value[tmp.n] = arena_strndup(a, path, sl);
			}
			tmp.n++;
		} else if (pl != sl || memcmp(pat, path, pl) != 0) {
			return 0;
		}
		pat += pl;
		path += sl;
	}
	if (*pat || *path)
		return 0;
	if (p)
		*p = tmp;
	return 1;
}

int router_match(const struct route_pattern *routes, size_t n, const char *method, const char *path,
                 struct arena *a, struct route_params *ret)
{
	int found_path = 0;
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	for (size_t i = 0; i < n; i++) {
		if (!match_one(routes[i].pattern, path, NULL, NULL))
			continue;
		found_path = 1;
		if (strcmp(routes[i].method, m) == 0) {
			match_one(routes[i].pattern, path, a, ret);
			return (int)i;
		}
	}
	return found_path ? ROUTER_NO_METHOD : ROUTER_NO_PATH;
}

char *router_allow(const struct route_pattern *routes, size_t n, const char *path, struct arena *a)
{
	char *out = arena_strdup(a, "");
	for (size_t i = 0; i < n; i++)
		if (match_one(routes[i].pattern, path, NULL, NULL))
			out = arena_printf(a, "%s%s%s", out, *out ? ", " : "", routes[i].method);
	return out;
}

const char *route_param(const struct route_params *p, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->name[i], name) == 0)
			return p->value[i];
	return NULL;
}
