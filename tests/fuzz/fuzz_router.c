/* fuzz_router.c: libFuzzer harness for the router's path matching
 * (http/router.c) against the server's real route table (api/routes.c).
 *
 * Input: a first line "METHOD PATH". Further lines "METHOD PATTERN", when
 * there are any, replace the route table, so the matcher also meets
 * patterns it was never written for. Besides memory errors (ASan) and
 * undefined behaviour (UBSan), the harness checks what the dispatcher relies
 * on: a match has the pattern's captures, each non-empty and without '/';
 * 405 (no method) comes with a non-empty Allow list, 404 with an empty one. */
#include "api/api.h"
#include "base/arena.h"
#include "http/router.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINES 16

static struct route_pattern *table;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	table = calloc(api_routes_n, sizeof(*table));
	if (!table)
		abort();
	for (size_t i = 0; i < api_routes_n; i++)
		table[i] = (struct route_pattern){api_routes[i].method, api_routes[i].pattern};
	return 0;
}

/* Splits "METHOD REST" in place; REST is "" when there is no space. */
static void split(char *line, const char **ret_method, const char **ret_rest)
{
	char *sp = strchr(line, ' ');
	*ret_method = line;
	*ret_rest = "";
	if (sp) {
		*sp = 0;
		*ret_rest = sp + 1;
	}
}

static int captures(const char *pattern)
{
	int n = 0;
	for (const char *p = pattern; *p;) {
		if (*p != '/') {
			p++;
			continue;
		}
		p++;
		size_t l = strcspn(p, "/");
		if (l >= 2 && p[0] == '{' && p[l - 1] == '}')
			n++;
		p += l;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	/* NUL-terminated copy; an embedded NUL ends the text as it would in C. */
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = 0;

	char *lines[MAX_LINES + 1];
	int nl = 0;
	for (char *p = text; p && nl < MAX_LINES + 1;) {
		lines[nl++] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = 0;
	}
	const char *method, *path;
	split(lines[0], &method, &path);

	const struct route_pattern *routes = table;
	size_t n = api_routes_n;
	struct route_pattern own[MAX_LINES];
	size_t no = 0;
	for (int i = 1; i < nl; i++) {
		/* A table has methods (an empty one would make an empty Allow). */
		split(lines[i], &own[no].method, &own[no].pattern);
		if (*own[no].method)
			no++;
	}
	if (no) {
		routes = own;
		n = no;
	}

	struct arena *a = arena_new();
	struct route_params p;
	memset(&p, 0xa5, sizeof(p)); /* untouched unless matched */
	int i = router_match(routes, n, method, path, a, &p);
	char *allow = router_allow(routes, n, path, a);
	if (i >= 0) {
		if ((size_t)i >= n || p.n != captures(routes[i].pattern) || p.n > ROUTE_MAX_PARAMS)
			abort();
		for (int k = 0; k < p.n; k++) {
			if (!*p.value[k] || strchr(p.value[k], '/'))
				abort();
			if (!route_param(&p, p.name[k]))
				abort();
		}
		if (!*allow)
			abort();
		/* Matching without captures answers the same route. */
		if (router_match(routes, n, method, path, NULL, NULL) != i)
			abort();
	} else if (i == ROUTER_NO_METHOD) {
		if (!*allow)
			abort();
	} else if (i == ROUTER_NO_PATH) {
		if (*allow)
			abort();
	} else {
		abort();
	}
	arena_free(a);
	free(text);
	return 0;
}
