/* query.c: a route's query parameters, checked against its declared list
 * (struct qparam in api.h) before the handler runs, and read back by the
 * handler as checked values. */
#include "api/api.h"
#include "base/arena.h"
#include "base/util.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The index of name in the route's list, or -1. */
static int qparam_find(const struct api_route *rt, const char *name)
{
	for (int i = 0; rt && rt->query && rt->query[i].name; i++)
		if (strcmp(rt->query[i].name, name) == 0)
			return i;
	return -1;
}

static const struct qvalue *qvalue(struct ctx *c, const char *name, const struct qparam **ret)
{
	int i = qparam_find(c->route, name);
	assert(i >= 0 && "the route does not declare this query parameter");
	*ret = &c->route->query[i];
	return &c->q[i];
}

const char *query(struct ctx *c, const char *name)
{
	return http_req_query(c->req, name);
}

int query_int(struct ctx *c, const char *name)
{
	const struct qparam *p;
	const struct qvalue *v = qvalue(c, name, &p);
	return v->set ? (int)v->num : p->dflt;
}

bool query_bool(struct ctx *c, const char *name)
{
	const struct qparam *p;
	const struct qvalue *v = qvalue(c, name, &p);
	return v->set && v->num;
}

const struct cursor *query_cursor(struct ctx *c, const char *name)
{
	const struct qparam *p;
	const struct qvalue *v = qvalue(c, name, &p);
	return v->set ? &v->cursor : NULL;
}

/* "a, b or c" of an enum's values, for its message and params. */
static const char *enum_words(struct arena *a, const char *const *values)
{
	const char *s = "";
	for (int i = 0; values[i]; i++)
		s = arena_printf(a, "%s%s%s", s,
		                 i == 0          ? ""
		                 : values[i + 1] ? ", "
		                                 : " or ",
		                 values[i]);
	return s;
}

static int check_one(struct ctx *c, const struct qparam *p, const char *v, struct qvalue *ret)
{
	struct diag *d = &c->d;
	const char *s = v ? v : "";
	switch (p->type) {
	case Q_INT: {
		char *end;
		errno = 0;
		long n = strtol(s, &end, 10);
		if (!*s || *end || errno || n < p->min || n > p->max)
			return diag_error_p(d, p->name, "out_of_range",
			                    DP(DP_INT("min", p->min), DP_INT("max", p->max)),
			                    "%s must be a whole number from %d to %d.", p->name,
			                    p->min, p->max);
		ret->num = n;
		return 0;
	}
	case Q_BOOL:
		if (!v || !*v || !strcmp(v, "true") || !strcmp(v, "1"))
			ret->num = 1;
		else if (!strcmp(v, "false") || !strcmp(v, "0"))
			ret->num = 0;
		else
			return diag_error(d, p->name, "invalid", "%s must be true or false.",
			                  p->name);
		return 0;
	case Q_ENUM:
		for (int i = 0; p->values[i]; i++)
			if (strcmp(s, p->values[i]) == 0)
				return 0;
		return diag_error_p(d, p->name, "invalid",
		                    DP(DP_STR("allowed", enum_words(c->a, p->values))),
		                    "%s must be %s.", p->name, enum_words(c->a, p->values));
	case Q_ID:
		if (!id_valid(s))
			return diag_error(d, p->name, "invalid", "%s is not an id.", p->name);
		return 0;
	case Q_LINE:
		return text_check(d, p->name, s, strlen(s), (size_t)p->max, false);
	case Q_CURSOR:
		if (cursor_decode(c->a, p->cursor, s, &ret->cursor) < 0)
			return diag_error(d, p->name, "invalid", "%s is not a valid cursor.",
			                  p->name);
		return 0;
	}
	return -EINVAL;
}

static int check_each(void *cls, const char *name, const char *value)
{
	struct ctx *c = cls;
	int i = qparam_find(c->route, name);
	if (i < 0) {
		const char *n = arena_strdup(c->a, name);
		if (!diag_has(&c->d, n))
			diag_error(&c->d, n, "unknown_field", "Unknown query parameter '%s'.", n);
		return 0;
	}
	const struct qparam *p = &c->route->query[i];
	if (c->q[i].set) {
		if (!diag_has(&c->d, p->name))
			diag_error(&c->d, p->name, "invalid", "%s is given more than once.",
			           p->name);
		return 0;
	}
	check_one(c, p, value, &c->q[i]);
	c->q[i].set = true;
	return 0;
}

int query_check(struct ctx *c)
{
	if (!c->route->query)
		return 0;
	size_t before = c->d.n_errors;
	http_req_query_each(c->req, check_each, c);
	return c->d.n_errors > before ? -EINVAL : 0;
}
