/* filter.h: SCIM 2.0 filters (RFC 7644 section 3.4.2.2) compiled into a
 * bound SQL condition.
 *
 * The caller describes what a filter may name: a table of attributes, each
 * with the SQL expression it reads (a constant of the caller's, never text of
 * the filter's) and its type. A filter is parsed into a tree (bounded in
 * length, depth and terms) and compiled into a WHERE condition with `?`
 * placeholders and the list of values to bind, in the SQL subset SQLite and
 * PostgreSQL share. Nothing of the filter's text reaches the SQL but through
 * a bound parameter. See docs/architecture.md, "SCIM filters".
 *
 * Usage:
 *   static const struct scim_attr user_attrs[] = {
 *       {"userName", "u.login_name", SCIM_STRING, false, NULL},
 *       {"emails.value", "e.address", SCIM_STRING, false,
 *        "user_emails e WHERE e.user_id = u.id"},
 *   };
 *   static const struct scim_schema users = {
 *       "urn:ietf:params:scim:schemas:core:2.0:User", user_attrs, 2};
 *   struct scim_sql q;
 *   struct scim_error e;
 *   if (scim_filter_compile(a, filter, &users, &q, &e) < 0)
 *       ... answer 400 with scimType scim_error_type_name(e.type), detail e.detail
 *   ... "SELECT ... WHERE " q.where, binding q.params[0 .. q.n_params - 1]
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* Limits: a longer or deeper filter, or one with more comparisons, is an
 * invalidFilter error. */
#define SCIM_FILTER_MAX_LEN 4096 /* bytes */
#define SCIM_FILTER_MAX_DEPTH 32 /* nested parentheses, not, value paths */
#define SCIM_FILTER_MAX_TERMS 64 /* comparisons and pr */

enum scim_type {
	SCIM_STRING,   /* TEXT */
	SCIM_BOOL,     /* an integer 0 or 1 */
	SCIM_DATETIME, /* an integer: milliseconds since the epoch (the store's times) */
	SCIM_INT,      /* an integer */
};

/* An attribute a filter may name. */
struct scim_attr {
	/* Its SCIM path, matched case-insensitively: "userName",
	 * "name.familyName", "emails.value"; an attribute of an extension
	 * schema with its URN ("urn:...:enterprise:2.0:User:employeeNumber"). A
	 * multi-valued complex attribute named alone ("emails co ...") needs an
	 * entry of its own (usually the same column as "emails.value"). */
	const char *name;
	const char *column; /* an SQL expression of the caller's query: "u.login_name" */
	enum scim_type type;
	bool case_exact; /* RFC 7643 caseExact: strings compared exactly, else ignoring case */
	/* NULL for a column of the resource's own row. For a multi-valued
	 * attribute kept in a table of its own: the rest of a subquery after
	 * "SELECT 1 FROM ", ending in a WHERE that ties it to the row, such as
	 * "user_emails e WHERE e.user_id = u.id". A comparison on it becomes
	 * "EXISTS (SELECT 1 FROM <multi> AND <comparison>)"; a value path's
	 * sub-attributes must all have the same multi (compared as text), and
	 * the whole value path becomes one EXISTS, so "emails[type eq "work" and
	 * value co "x"]" needs one email that is both. */
	const char *multi;
};

/* The attributes of one resource type. */
struct scim_schema {
	const char *urn; /* its core schema: "urn:ietf:params:scim:schemas:core:2.0:User" */
	const struct scim_attr *attrs;
	size_t n_attrs;
};

enum scim_param_kind { SCIM_PARAM_TEXT, SCIM_PARAM_INT };

/* A value to bind: text (strings) or an integer (numbers, booleans as 0/1,
 * date-times as milliseconds since the epoch). */
struct scim_param {
	enum scim_param_kind kind;
	const char *text; /* SCIM_PARAM_TEXT: UTF-8, no NUL */
	int64_t i;        /* SCIM_PARAM_INT */
};

/* A compiled filter: where is a condition with `?` placeholders, to be
 * bound with params in order. */
struct scim_sql {
	const char *where;
	const struct scim_param *params;
	int n_params;
};

/* The scimType of a failure (RFC 7644 3.12). */
enum scim_error_type {
	SCIM_INVALID_FILTER, /* syntax, an unknown attribute, a type mismatch, too complex */
	SCIM_INVALID_VALUE,  /* a value that is malformed: a bad escape, date or number */
};

struct scim_error {
	enum scim_error_type type;
	size_t pos;         /* byte offset in the filter where it went wrong */
	const char *detail; /* English, names the position; in the arena */
};

/* "invalidFilter" or "invalidValue". */
const char *scim_error_type_name(enum scim_error_type t);

/* Compiles filter (a NUL-terminated string) against schema. Returns 0 and
 * fills *ret (everything in a), or -EINVAL and fills *err (ret untouched).
 * Attribute names are matched ignoring case, operators and true, false,
 * null too. */
int scim_filter_compile(struct arena *a, const char *filter, const struct scim_schema *schema,
                        struct scim_sql *ret, struct scim_error *err);
