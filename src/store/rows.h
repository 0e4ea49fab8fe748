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

/* The columns of a person as every query that returns one selects them,
 * with the aliases c (contacts), co (companies) and u (users). */
#define CONTACT_COLS                                                                               \
	"c.id, c.org_id, c.salutation, c.first_name, c.infix, c.last_name, c.email, c.phone, "     \
	"c.mobile, c.company_id, c.job_title, c.work_phone, c.work_email, c.web, c.street, "       \
	"c.postal_code, c.city, c.country, c.notes, co.name, u.id, c.created_at, c.updated_at, "   \
	"c.sort_name"

struct contact;
/* Reads CONTACT_COLS starting at column col; returns the next column. */
int row_contact(struct arena *a, struct db_stmt *st, int col, struct contact *ret);

/* STORE_PAGE_IDS (50) placeholders, for "x IN (" PAGE_IDS_SQL ")". */
#define PAGE_IDS_SQL10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define PAGE_IDS_SQL                                                                               \
	PAGE_IDS_SQL10 ", " PAGE_IDS_SQL10 ", " PAGE_IDS_SQL10 ", " PAGE_IDS_SQL10                 \
	               ", " PAGE_IDS_SQL10
