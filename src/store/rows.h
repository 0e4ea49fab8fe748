/* rows.h: private helpers for the store's query files. */
#pragma once
#include "base/arena.h"
#include "store/db.h"

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
