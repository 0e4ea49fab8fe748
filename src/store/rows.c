/* rows.c: helpers shared by the store's query files. */
#include "store/rows.h"
#include "domain/fields.h"

#include <stdbool.h>

#include <errno.h>
#include <string.h>

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

int row_list(struct arena *a, struct db_stmt *st, row_reader *read, size_t size, int limit,
             void **ret, int *ret_n)
{
	char *items = arena_alloc(a, size * (size_t)(limit > 0 ? limit : 1));
	int n = 0, r = 0;
	while (n < limit && (r = db_step(st)) == DB_ROW)
		read(a, st, items + size * (size_t)n++);
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = n;
	return 0;
}

int row_one(struct arena *a, struct db_stmt *st, row_reader *read, void *rec)
{
	int r = db_step(st);
	if (r == DB_ROW)
		read(a, st, rec);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

char *row_like(struct arena *a, const char *q, bool anywhere)
{
	char *out = arena_alloc(a, 2 * strlen(q) + 3), *o = out;
	if (anywhere)
		*o++ = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = '%';
	*o = 0;
	return out;
}

void row_cursor_split(struct arena *a, const char *cursor, const char **ret_key,
                      const char **ret_id)
{
	if (!cursor)
		return;
	const char *sep = strchr(cursor, '\x1f');
	*ret_key = sep ? arena_strndup(a, cursor, (size_t)(sep - cursor)) : cursor;
	*ret_id = sep ? sep + 1 : "";
}

int row_bind_fields(struct db_stmt *st, int i, const struct field *f, size_t n, const void *rec)
{
	for (size_t k = 0; k < n; k++) {
		const void *m = (const char *)rec + f[k].off;
		switch (f[k].kind) {
		case FK_TEXT:
			db_bind_text(st, i++, *(char *const *)m);
			break;
		case FK_BOOL:
			db_bind_bool(st, i++, *(const bool *)m);
			break;
		case FK_INT:
			db_bind_int64(st, i++, *(const int *)m);
			break;
		}
	}
	return i;
}

int row_read_fields(struct arena *a, struct db_stmt *st, int col, const struct field *f, size_t n,
                    void *rec)
{
	for (size_t k = 0; k < n; k++) {
		void *m = (char *)rec + f[k].off;
		switch (f[k].kind) {
		case FK_TEXT:
			*(char **)m = row_text(a, st, col++);
			break;
		case FK_BOOL:
			*(bool *)m = db_col_int64(st, col++) != 0;
			break;
		case FK_INT:
			*(int *)m = (int)db_col_int64(st, col++);
			break;
		}
	}
	return col;
}
