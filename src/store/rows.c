/* rows.c: helpers shared by the store's query files. */
#include "store/rows.h"

#include <errno.h>

int row_exec(struct db_stmt *st, int must_change)
{
	int r = db_step(st);
	int64_t n = r < 0 ? 0 : db_changes(st);
	db_reset(st);
	if (r < 0)
		return r;
	return must_change && n == 0 ? -ENOENT : 0;
}

char *row_text(struct arena *a, struct db_stmt *st, int col)
{
	const char *v = db_col_text(st, col);
	return v ? arena_strdup(a, v) : NULL;
}
