/* jsonval.h: JSON values the API and the domain's documents share. */
#pragma once
#include <jansson.h>
#include <stdint.h>

/* A string, or null for NULL (a new reference). */
json_t *jstr_or_null(const char *s);
/* A time in ms since the epoch as RFC 3339 UTC, or null for 0. */
json_t *jtime(int64_t ms);

/* The deepest a request body may nest; our documents nest three levels at
 * most. */
#define JSON_MAX_DEPTH 8
/* Depth of nesting of v (a scalar is 0), counted no further than limit
 * levels down (past that it answers more than limit). */
int json_depth(json_t *v, int limit);
