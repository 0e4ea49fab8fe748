/* search.h: what the store's ranked searches share (store/search.c has the
 * documents they search). A search query reads
 *
 *   SELECT ..., SEARCH_RANK(doc) ... WHERE <tenant> AND x.id IN
 *   (SELECT s.id FROM <table>_search(?) s) SEARCH_TERMS(doc)
 *   AND SEARCH_AFTER(doc, sort, id) ORDER BY rank, sort, id
 *
 * and binds, in that order: search_bind_rank, the tenant's values,
 * binds.fts, search_bind_terms, search_bind_after. */
#pragma once
#include "store/store.h"

#define SEARCH_MARK "\x1f" /* between the fields of a document */

/* 0: the whole query is a whole field; 1: it starts a field or a word;
 * 2: anywhere. Three patterns. */
#define SEARCH_RANK(doc)                                                                           \
	"(CASE WHEN " doc " LIKE ? ESCAPE '\\' THEN 0 "                                            \
	"WHEN " doc " LIKE ? ESCAPE '\\' OR " doc " LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END)"
/* Every term, exactly (escaped): two values a term. */
#define SEARCH_TERM(doc) "AND (CAST(? AS TEXT) IS NULL OR " doc " LIKE ? ESCAPE '\\') "
#define SEARCH_TERMS(doc)                                                                          \
	SEARCH_TERM(doc)                                                                           \
	SEARCH_TERM(doc)                                                                           \
	SEARCH_TERM(doc)                                                                           \
	SEARCH_TERM(doc) SEARCH_TERM(doc) SEARCH_TERM(doc) SEARCH_TERM(doc) SEARCH_TERM(doc)
/* Past the cursor (rank, sort key, id): rank, rank, key, key, id; key the
 * expression of the bound key ("?", or "lower(?)" where the sort column is
 * the database's lower-casing). */
#define SEARCH_AFTER_KEY(doc, sort, key, id)                                                       \
	"AND (" SEARCH_RANK(doc) " > ? OR (" SEARCH_RANK(doc) " = ? AND (" sort " > " key          \
	                                                      " OR (" sort " = " key " AND " id    \
	                                                      " > ?)))) "
#define SEARCH_AFTER(doc, sort, id) SEARCH_AFTER_KEY(doc, sort, "?", id)

struct search_binds {
	const char *rank[3];                 /* SEARCH_RANK's patterns */
	const char *terms[SEARCH_TERMS_MAX]; /* SEARCH_TERMS' patterns, NULL past the last */
	const char *fts;                     /* the FTS5 query (store_search_fts_query) */
	int after_rank;                      /* the cursor's */
	const char *after_key, *after_id;
};

/* The values of q in org_id, and of the cursor after ("Nkey\x1fid", NULL
 * for the first page), in a. */
void search_binds_make(struct arena *a, const char *org_id, const struct search_query *q,
                       const char *after, struct search_binds *ret);
/* Reads a record from column i on; returns the next column. */
typedef int search_reader(struct arena *a, struct db_stmt *st, int i, void *rec);
/* The rows of st, a search whose first column is the rank and the record's
 * columns after it: *ret an array of up to limit records of size bytes,
 * *ret_ranks (when not NULL) their ranks, both in a. */
int search_rows(struct arena *a, struct db_stmt *st, search_reader *read, size_t size, int limit,
                void **ret, int **ret_ranks, int *ret_n);
/* doc's rank for q, as SEARCH_RANK would give it (in a). */
int search_rank_of(const char *doc, const struct search_query *q, struct arena *a);
/* Each binds from i on and returns the next index. */
int search_bind_rank(struct db_stmt *st, int i, const struct search_binds *b);
int search_bind_terms(struct db_stmt *st, int i, const struct search_binds *b);
int search_bind_after(struct db_stmt *st, int i, const struct search_binds *b);
