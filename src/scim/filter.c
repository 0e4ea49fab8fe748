/* filter.c: the SCIM filter parser (RFC 7644 3.4.2.2) and its SQL.
 *
 * A recursive-descent parser builds a tree in the arena, checking every
 * attribute against the caller's table and every operator and value against
 * the attribute's type as it goes (so an error names the place it is at);
 * the tree is then written out as SQL, the values going to the parameter
 * list. Recursion is bounded by SCIM_FILTER_MAX_DEPTH, the tree's size by
 * SCIM_FILTER_MAX_TERMS. */
#include "scim/filter.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum op { OP_EQ, OP_NE, OP_CO, OP_SW, OP_EW, OP_GT, OP_GE, OP_LT, OP_LE, OP_PR };
static const char *const op_names[] = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr"};
static const char *const op_sql[] = {"=", "<>", NULL, NULL, NULL, ">", ">=", "<", "<=", NULL};

enum vkind { V_STRING, V_NUMBER, V_TRUE, V_FALSE, V_NULL };

enum nkind { N_OR, N_AND, N_NOT, N_CMP, N_EXISTS };

struct node {
	enum nkind kind;
	struct node *kid, *next;      /* children: OR, AND several; NOT, EXISTS one */
	const struct scim_attr *attr; /* N_CMP */
	enum op op;
	enum vkind vk;
	const char *text;  /* V_STRING: decoded */
	int64_t ival;      /* V_NUMBER of an int, V_STRING of a date-time, booleans */
	const char *multi; /* N_EXISTS */
};

struct parser {
	struct arena *a;
	const char *s;
	size_t len, i;
	const struct scim_schema *schema;
	int depth, terms;
	struct scim_error *err;
	bool failed;
	const char *prefix; /* inside a value path: its attribute's name */
	const char *multi;  /* inside a value path: its attributes' multi, once one is seen */
	bool multi_seen;
};

const char *scim_error_type_name(enum scim_error_type t)
{
	return t == SCIM_INVALID_VALUE ? "invalidValue" : "invalidFilter";
}

/* Records the first error only; returns NULL for the callers' convenience. */
__attribute__((format(printf, 4, 5))) static void *fail(struct parser *p, enum scim_error_type t,
                                                        size_t pos, const char *fmt, ...)
{
	if (p->failed)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	char *what = arena_vprintf(p->a, fmt, ap);
	va_end(ap);
	p->failed = true;
	p->err->type = t;
	p->err->pos = pos;
	p->err->detail = arena_printf(p->a, "%s at position %zu", what, pos);
	return NULL;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 7644 nameChar */
static bool is_name_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '_';
}

static size_t skip_ws(struct parser *p)
{
	size_t start = p->i;
	while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\t'))
		p->i++;
	return p->i - start;
}

/* Consumes keyword kw (any case) when it is a whole word at the position. */
static bool keyword(struct parser *p, const char *kw)
{
	size_t n = strlen(kw);
	if (p->len - p->i < n || strncasecmp(p->s + p->i, kw, n) != 0)
		return false;
	if (p->i + n < p->len && is_name_char(p->s[p->i + n]))
		return false;
	p->i += n;
	return true;
}

static bool enter(struct parser *p)
{
	if (++p->depth > SCIM_FILTER_MAX_DEPTH) {
		fail(p, SCIM_INVALID_FILTER, p->i, "filter nested deeper than %d",
		     SCIM_FILTER_MAX_DEPTH);
		return false;
	}
	return true;
}

static bool expect(struct parser *p, char c)
{
	skip_ws(p);
	if (p->i < p->len && p->s[p->i] == c) {
		p->i++;
		return true;
	}
	fail(p, SCIM_INVALID_FILTER, p->i, "expected '%c'", c);
	return false;
}

static struct node *node_new(struct parser *p, enum nkind kind, struct node *kid)
{
	struct node *n = arena_alloc(p->a, sizeof(*n));
	n->kind = kind;
	n->kid = kid;
	return n;
}

static const struct scim_attr *attr_find(const struct scim_schema *sc, const char *name)
{
	for (size_t i = 0; i < sc->n_attrs; i++)
		if (strcasecmp(sc->attrs[i].name, name) == 0)
			return &sc->attrs[i];
	return NULL;
}

/* ATTRNAME *1("." ATTRNAME), or a single ATTRNAME when !sub. */
static bool attr_name_valid(const char *s, size_t n, bool sub)
{
	size_t dots = 0;
	bool start = true;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (start || ++dots > 1 || !sub)
				return false;
			start = true;
		} else if (start) {
			if (!is_alpha(s[i]))
				return false;
			start = false;
		} else if (!is_name_char(s[i])) {
			return false;
		}
	}
	return !start;
}

/* Reads an attribute path ([URI ":"] ATTRNAME *1subAttr) and returns the
 * name to look up: without the URN when it is the schema's own, with the
 * value path's attribute in front inside one. */
static const char *attr_path(struct parser *p, bool *ret_valuepath)
{
	size_t start = p->i;
	while (p->i < p->len &&
	       (is_name_char(p->s[p->i]) || p->s[p->i] == ':' || p->s[p->i] == '.'))
		p->i++;
	const char *t = p->s + start;
	size_t n = p->i - start;
	if (n == 0)
		return fail(p, SCIM_INVALID_FILTER, start, "expected an attribute name");
	*ret_valuepath = p->i < p->len && p->s[p->i] == '[';
	const char *colon = NULL;
	for (size_t k = 0; k < n; k++)
		if (t[k] == ':')
			colon = t + k;
	const char *rest = colon ? colon + 1 : t;
	size_t rest_n = n - (size_t)(rest - t);
	bool sub = !*ret_valuepath && !p->prefix;
	if ((colon && p->prefix) || colon == t || !attr_name_valid(rest, rest_n, sub))
		return fail(p, SCIM_INVALID_FILTER, start, "invalid attribute name '%.*s'", (int)n,
		            t);
	if (p->prefix)
		return arena_printf(p->a, "%s.%.*s", p->prefix, (int)n, t);
	if (colon && p->schema->urn && strlen(p->schema->urn) == (size_t)(colon - t) &&
	    strncasecmp(p->schema->urn, t, (size_t)(colon - t)) == 0)
		return arena_strndup(p->a, rest, rest_n);
	return arena_strndup(p->a, t, n);
}

/* A JSON number, as RFC 8259 spells it. */
static size_t number_len(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && is_digit(s[i]))
		while (i < n && is_digit(s[i]))
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		if (++i >= n || !is_digit(s[i]))
			return 0;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		if (++i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !is_digit(s[i]))
			return 0;
		while (i < n && is_digit(s[i]))
			i++;
	}
	return i;
}

/* compValue: a JSON string, number, true, false or null, into n. */
static bool value(struct parser *p, struct node *n)
{
	size_t start = p->i;
	const char *s = p->s + start;
	if (p->i < p->len && p->s[p->i] == '"') {
		size_t j = p->i + 1;
		while (j < p->len && p->s[j] != '"')
			j += p->s[j] == '\\' ? 2 : 1;
		if (j >= p->len) {
			fail(p, SCIM_INVALID_FILTER, start, "unterminated string");
			return false;
		}
		json_error_t je;
		json_t *js = json_loadb(s, j + 1 - start, JSON_DECODE_ANY, &je);
		if (!js || !json_is_string(js) ||
		    strlen(json_string_value(js)) != json_string_length(js)) {
			json_decref(js);
			fail(p, SCIM_INVALID_VALUE, start, "invalid string");
			return false;
		}
		n->vk = V_STRING;
		n->text = arena_strdup(p->a, json_string_value(js));
		json_decref(js);
		p->i = j + 1;
		return true;
	}
	if (p->i < p->len && (p->s[p->i] == '-' || is_digit(p->s[p->i]))) {
		size_t k = number_len(s, p->len - start);
		if (k == 0 || (start + k < p->len && (is_name_char(s[k]) || s[k] == '.'))) {
			fail(p, SCIM_INVALID_VALUE, start, "invalid number");
			return false;
		}
		n->vk = V_NUMBER;
		n->text = arena_strndup(p->a, s, k);
		p->i += k;
		return true;
	}
	if (keyword(p, "true"))
		n->vk = V_TRUE;
	else if (keyword(p, "false"))
		n->vk = V_FALSE;
	else if (keyword(p, "null"))
		n->vk = V_NULL;
	else {
		fail(p, SCIM_INVALID_FILTER, start, "expected a value");
		return false;
	}
	return true;
}

/* Checks the operator and value against the attribute's type; sets ival. */
static bool cmp_check(struct parser *p, struct node *n, size_t op_pos, size_t val_pos)
{
	const struct scim_attr *at = n->attr;
	const char *op = op_names[n->op];
	bool ordering = n->op >= OP_GT && n->op <= OP_LE;
	bool substring = n->op >= OP_CO && n->op <= OP_EW;
	if (n->op == OP_PR)
		return true;
	if (n->vk == V_NULL) {
		if (n->op != OP_EQ && n->op != OP_NE)
			return fail(p, SCIM_INVALID_FILTER, op_pos, "'%s' does not take null", op);
		return true;
	}
	switch (at->type) {
	case SCIM_STRING:
		if (n->vk != V_STRING)
			return fail(p, SCIM_INVALID_FILTER, val_pos, "'%s' takes a string",
			            at->name);
		return true;
	case SCIM_BOOL:
		if (ordering || substring)
			return fail(p, SCIM_INVALID_FILTER, op_pos,
			            "'%s' does not apply to the boolean '%s'", op, at->name);
		if (n->vk != V_TRUE && n->vk != V_FALSE)
			return fail(p, SCIM_INVALID_FILTER, val_pos, "'%s' takes true or false",
			            at->name);
		n->ival = n->vk == V_TRUE;
		return true;
	case SCIM_DATETIME:
		if (substring)
			return fail(p, SCIM_INVALID_FILTER, op_pos,
			            "'%s' does not apply to the date-time '%s'", op, at->name);
		if (n->vk != V_STRING)
			return fail(p, SCIM_INVALID_FILTER, val_pos,
			            "'%s' takes a date-time string", at->name);
		if (time_parse(n->text, &n->ival) < 0)
			return fail(p, SCIM_INVALID_VALUE, val_pos, "invalid date-time");
		return true;
	case SCIM_INT:
		if (substring)
			return fail(p, SCIM_INVALID_FILTER, op_pos,
			            "'%s' does not apply to the integer '%s'", op, at->name);
		if (n->vk != V_NUMBER)
			return fail(p, SCIM_INVALID_FILTER, val_pos, "'%s' takes an integer",
			            at->name);
		char *end;
		errno = 0;
		long long v = strtoll(n->text, &end, 10);
		if (errno || *end)
			return fail(p, SCIM_INVALID_VALUE, val_pos, "invalid integer");
		n->ival = v;
		return true;
	}
	return fail(p, SCIM_INVALID_FILTER, op_pos, "unsupported attribute type");
}

static struct node *parse_or(struct parser *p);

/* attrExp or valuePath */
static struct node *parse_attr_exp(struct parser *p)
{
	size_t start = p->i;
	bool valuepath = false;
	const char *name = attr_path(p, &valuepath);
	if (!name)
		return NULL;
	if (valuepath) {
		if (p->prefix)
			return fail(p, SCIM_INVALID_FILTER, p->i,
			            "a value path inside a value path");
		if (!enter(p))
			return NULL;
		p->i++; /* [ */
		p->prefix = name;
		p->multi = NULL;
		p->multi_seen = false;
		struct node *in = parse_or(p);
		if (!in || !expect(p, ']'))
			return NULL;
		p->depth--;
		/* emails[type eq "work"].value eq "x", as identity providers send
		 * it: one more comparison of the same values, joined by and */
		if (p->i < p->len && p->s[p->i] == '.') {
			p->i++;
			struct node *sub = parse_attr_exp(p);
			if (!sub)
				return NULL;
			struct node *both = node_new(p, N_AND, in);
			in->next = sub;
			in = both;
		}
		const char *multi = p->multi;
		p->prefix = NULL;
		if (!multi)
			return in;
		struct node *ex = node_new(p, N_EXISTS, in);
		ex->multi = multi;
		return ex;
	}
	const struct scim_attr *at = attr_find(p->schema, name);
	if (!at)
		return fail(p, SCIM_INVALID_FILTER, start, "unknown attribute '%s'", name);
	if (++p->terms > SCIM_FILTER_MAX_TERMS)
		return fail(p, SCIM_INVALID_FILTER, start, "more than %d comparisons",
		            SCIM_FILTER_MAX_TERMS);
	if (p->prefix) {
		if (p->multi_seen && !str_eq(p->multi, at->multi))
			return fail(p, SCIM_INVALID_FILTER, start,
			            "'%s' is not a sub-attribute of the same values", name);
		p->multi = at->multi;
		p->multi_seen = true;
	}
	if (skip_ws(p) == 0)
		return fail(p, SCIM_INVALID_FILTER, p->i, "expected an operator");
	size_t op_pos = p->i;
	struct node *n = node_new(p, N_CMP, NULL);
	n->attr = at;
	size_t k = 0;
	while (k < sizeof(op_names) / sizeof(op_names[0]) && !keyword(p, op_names[k]))
		k++;
	if (k == sizeof(op_names) / sizeof(op_names[0])) {
		size_t e = p->i;
		while (e < p->len && is_name_char(p->s[e]) && e - p->i < 20)
			e++;
		return fail(p, SCIM_INVALID_FILTER, op_pos, "unknown operator '%.*s'",
		            (int)(e - p->i), p->s + p->i);
	}
	n->op = (enum op)k;
	size_t val_pos = p->i;
	if (n->op != OP_PR) {
		if (skip_ws(p) == 0)
			return fail(p, SCIM_INVALID_FILTER, p->i, "expected a value");
		val_pos = p->i;
		if (!value(p, n))
			return NULL;
	}
	if (!cmp_check(p, n, op_pos, val_pos))
		return NULL;
	if (!p->prefix && at->multi) {
		struct node *ex = node_new(p, N_EXISTS, n);
		ex->multi = at->multi;
		return ex;
	}
	return n;
}

static struct node *parse_unary(struct parser *p)
{
	skip_ws(p);
	size_t save = p->i;
	bool negate = false;
	if (keyword(p, "not")) {
		skip_ws(p);
		if (p->i < p->len && p->s[p->i] == '(')
			negate = true;
		else
			p->i = save; /* an attribute called not */
	}
	if (p->i < p->len && p->s[p->i] == '(') {
		if (!enter(p))
			return NULL;
		p->i++;
		struct node *n = parse_or(p);
		if (!n || !expect(p, ')'))
			return NULL;
		p->depth--;
		return negate ? node_new(p, N_NOT, n) : n;
	}
	return parse_attr_exp(p);
}

/* One operand, or several joined by kw, into an N_AND or N_OR node. */
static struct node *parse_list(struct parser *p, enum nkind kind)
{
	const char *kw = kind == N_OR ? "or" : "and";
	struct node *first = kind == N_OR ? parse_list(p, N_AND) : parse_unary(p);
	if (!first)
		return NULL;
	struct node *list = NULL, *last = first;
	for (;;) {
		size_t save = p->i;
		if (skip_ws(p) == 0 || !keyword(p, kw)) {
			p->i = save;
			break;
		}
		if (skip_ws(p) == 0 && (p->i >= p->len || p->s[p->i] != '('))
			return fail(p, SCIM_INVALID_FILTER, p->i, "expected a space after '%s'",
			            kw);
		struct node *n = kind == N_OR ? parse_list(p, N_AND) : parse_unary(p);
		if (!n)
			return NULL;
		if (!list)
			list = node_new(p, kind, first);
		last->next = n;
		last = n;
	}
	return list ? list : first;
}

static struct node *parse_or(struct parser *p)
{
	return parse_list(p, N_OR);
}

struct emitter {
	struct arena *a;
	struct buf b;
	struct scim_param *params;
	int n_params;
	int r;
};

static void put(struct emitter *e, const char *s)
{
	if (e->r == 0)
		e->r = buf_puts(&e->b, s);
}

static void bind_text(struct emitter *e, const char *v)
{
	e->params[e->n_params++] = (struct scim_param){.kind = SCIM_PARAM_TEXT, .text = v};
}

static void bind_int(struct emitter *e, int64_t v)
{
	e->params[e->n_params++] = (struct scim_param){.kind = SCIM_PARAM_INT, .i = v};
}

/* v as a LIKE pattern with '\' as the escape: %v%, v% or %v. */
static char *like_pattern(struct arena *a, const char *v, enum op op)
{
	char *out = arena_alloc(a, 2 * strlen(v) + 3), *o = out;
	if (op != OP_SW)
		*o++ = '%';
	for (const char *s = v; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	if (op != OP_EW)
		*o++ = '%';
	*o = 0;
	return out;
}

/* "col OP ?", three forms of each operator: a string ignoring case, an
 * exact string, and an integer (booleans and times too). */
static void emit_cmp(struct emitter *e, const struct node *n)
{
	const struct scim_attr *at = n->attr;
	const char *c = at->column;
	bool str = at->type == SCIM_STRING;
	bool ci = str && !at->case_exact;
	if (n->op == OP_PR) {
		put(e, str ? "(" : "");
		put(e, c);
		put(e, " IS NOT NULL");
		if (str) {
			put(e, " AND ");
			put(e, c);
			put(e, " <> '')");
		}
		return;
	}
	if (n->vk == V_NULL) {
		put(e, c);
		put(e, n->op == OP_EQ ? " IS NULL" : " IS NOT NULL");
		return;
	}
	/* ne matches an absent value too, as not (a eq v) does */
	if (n->op == OP_NE) {
		put(e, "(");
		put(e, c);
		put(e, " IS NULL OR ");
	}
	if (ci && (n->op == OP_CO || n->op == OP_SW || n->op == OP_EW)) {
		put(e, "lower(");
		put(e, c);
		put(e, ") LIKE lower(?) ESCAPE '\\'");
		bind_text(e, like_pattern(e->a, n->text, n->op));
	} else if (ci) {
		put(e, "lower(");
		put(e, c);
		put(e, ") ");
		put(e, op_sql[n->op]);
		put(e, " lower(?)");
		bind_text(e, n->text);
	} else if (str && n->op == OP_SW) {
		put(e, "substr(");
		put(e, c);
		put(e, ", 1, length(CAST(? AS TEXT))) = ?");
		bind_text(e, n->text);
		bind_text(e, n->text);
	} else if (str && n->op == OP_EW) {
		put(e, "(length(");
		put(e, c);
		put(e, ") >= length(CAST(? AS TEXT)) AND substr(");
		put(e, c);
		put(e, ", length(");
		put(e, c);
		put(e, ") - length(CAST(? AS TEXT)) + 1) = ?)");
		bind_text(e, n->text);
		bind_text(e, n->text);
		bind_text(e, n->text);
	} else if (str && n->op == OP_CO && !*n->text) {
		put(e, c);
		put(e, " IS NOT NULL");
	} else if (str && n->op == OP_CO) {
		/* replace() removes every occurrence: a change means one was there */
		put(e, "replace(");
		put(e, c);
		put(e, ", ?, '') <> ");
		put(e, c);
		bind_text(e, n->text);
	} else {
		put(e, c);
		put(e, " ");
		put(e, op_sql[n->op]);
		put(e, " ?");
		if (str)
			bind_text(e, n->text);
		else
			bind_int(e, n->ival);
	}
	if (n->op == OP_NE)
		put(e, ")");
}

static void emit(struct emitter *e, const struct node *n)
{
	switch (n->kind) {
	case N_OR:
	case N_AND:
		put(e, "(");
		for (const struct node *k = n->kid; k; k = k->next) {
			emit(e, k);
			if (k->next)
				put(e, n->kind == N_OR ? " OR " : " AND ");
		}
		put(e, ")");
		return;
	case N_NOT:
		/* two-valued: a comparison on an absent value is false, so its
		 * negation is true */
		put(e, "NOT COALESCE(");
		emit(e, n->kid);
		put(e, ", FALSE)");
		return;
	case N_EXISTS:
		put(e, "EXISTS (SELECT 1 FROM ");
		put(e, n->multi);
		put(e, " AND ");
		emit(e, n->kid);
		put(e, ")");
		return;
	case N_CMP:
		emit_cmp(e, n);
		return;
	}
}

int scim_filter_compile(struct arena *a, const char *filter, const struct scim_schema *schema,
                        struct scim_sql *ret, struct scim_error *err)
{
	struct parser p = {.a = a, .s = filter, .schema = schema, .err = err};
	p.len = strnlen(filter, SCIM_FILTER_MAX_LEN + 1);
	if (p.len > SCIM_FILTER_MAX_LEN) {
		fail(&p, SCIM_INVALID_FILTER, SCIM_FILTER_MAX_LEN, "filter longer than %d bytes",
		     SCIM_FILTER_MAX_LEN);
		return -EINVAL;
	}
	struct node *root = parse_or(&p);
	if (root) {
		skip_ws(&p);
		if (p.i < p.len)
			root = fail(&p, SCIM_INVALID_FILTER, p.i, "unexpected '%c'", p.s[p.i]);
	}
	if (!root)
		return -EINVAL;

	struct emitter e = {.a = a, .b = BUF_INIT};
	e.params = arena_alloc(a, 3 * SCIM_FILTER_MAX_TERMS * sizeof(*e.params));
	emit(&e, root);
	if (e.r < 0) {
		buf_release(&e.b);
		return e.r;
	}
	ret->where = arena_strdup(a, e.b.p);
	ret->params = e.params;
	ret->n_params = e.n_params;
	buf_release(&e.b);
	return 0;
}
