/* rows.h: private helpers for the store's query files. */
#pragma once
#include "base/arena.h"
#include "store/db.h"

#include <stdbool.h>

/* Column col of the current row copied into a, or NULL for SQL NULL. */
char *row_text(struct arena *a, struct db_stmt *st, int col);

/* Prepares sql or returns its error from the calling function. */
#define PREPARE_OR_RETURN(db, sql, st)                                                             \
	do {                                                                                       \
		int r_ = db_prepare((db), (sql), &(st));                                           \
		if (r_ < 0)                                                                        \
			return r_;                                                                 \
	} while (0)

/* Steps a statement that returns no rows, resets it, and returns 0, -ENOENT
 * when it changed nothing (and must_change), or the error. */
int row_exec(struct db_stmt *st, int must_change);

/* A LIKE pattern for q, its wildcards and the escape character escaped
 * (use ESCAPE '\'): "%q%" with anywhere, else "q%". In a. Callers
 * lower-case both sides in SQL so both backends fold case alike. */
char *row_like(struct arena *a, const char *q, bool anywhere);
/* Splits a list cursor "key\x1fid" (NULL: the first page) into its parts
 * in a; leaves the outputs alone when cursor is NULL. */
void row_cursor_split(struct arena *a, const char *cursor, const char **ret_key,
                      const char **ret_id);

/* Reads the current row of st into rec, a record of the reader's type. */
typedef void row_reader(struct arena *a, struct db_stmt *st, void *rec);
/* Steps a prepared, bound statement for at most limit rows, each read by
 * read into an array (*ret, in a) of records of size bytes, and resets it.
 * 0 with *ret_n rows, or the error. */
int row_list(struct arena *a, struct db_stmt *st, row_reader *read, size_t size, int limit,
             void **ret, int *ret_n);
/* Steps it for one row read into rec, and resets it: 0, -ENOENT or the
 * error. */
int row_one(struct arena *a, struct db_stmt *st, row_reader *read, void *rec);

struct field;
/* Binds the n declared fields of rec (domain/fields.h) from index i on, in
 * their order; returns the next index. */
int row_bind_fields(struct db_stmt *st, int i, const struct field *f, size_t n, const void *rec);
/* Reads the n declared fields of rec from column col on; returns the next
 * column. Texts are copied into a. */
int row_read_fields(struct arena *a, struct db_stmt *st, int col, const struct field *f, size_t n,
                    void *rec);

/* The columns of a person as every query that returns one selects them,
 * with the aliases c (contacts), co (companies) and u (users). */
#define CONTACT_COLS                                                                               \
	"c.id, c.org_id" CONTACT_FIELDS(FIELD_SQL_COL_c) ", c.company_id, co.name, u.id, "         \
	                                                 "c.created_at, c.updated_at, c.sort_name"

/* Whether the user of alias u has confirmed TOTP: the one place this is
 * said (users.c's two-factor columns, sessions.c's principal). */
#define TWO_FACTOR_ENABLED                                                                         \
	"EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL)"

struct contact;
/* Reads CONTACT_COLS starting at column col; returns the next column. */
int row_contact(struct arena *a, struct db_stmt *st, int col, struct contact *ret);

/* STORE_PAGE_IDS (50) placeholders, for "x IN (" PAGE_IDS_SQL ")". */
#define PAGE_IDS_SQL10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define PAGE_IDS_SQL                                                                               \
	PAGE_IDS_SQL10 ", " PAGE_IDS_SQL10 ", " PAGE_IDS_SQL10 ", " PAGE_IDS_SQL10                 \
	               ", " PAGE_IDS_SQL10
