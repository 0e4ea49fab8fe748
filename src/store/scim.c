/* scim.c (store): the queries of SCIM 2.0 lists (api/scim.c): users and
 * permission groups of one organization that match a compiled filter
 * (scim/filter.h), a page of them by 1-based position, and how many match
 * in all. The condition is SQL the filter compiler made from the domain's
 * table of attributes, every value of the filter bound; the organization,
 * the order (a constant of the domain's table) and the page are bound or
 * fixed here. Such text is made per request, so its statements are
 * prepared for one use (db_prepare_once), not cached. */
#include "store/rows.h"
#include "store/store.h"
#include "scim/filter.h"
#include "base/arena.h"

#include <errno.h>
#include <string.h>

static int bind_where(struct db_stmt *st, int i, const struct scim_sql *w)
{
	for (int k = 0; w && k < w->n_params; k++) {
		const struct scim_param *p = &w->params[k];
		if (p->kind == SCIM_PARAM_INT)
			db_bind_int64(st, i++, p->i);
		else
			db_bind_text(st, i++, p->text);
	}
	return i;
}

/* Runs "SELECT COUNT(*) <from_where>" and "SELECT <id> <from_where> ORDER
 * BY order LIMIT OFFSET" with org_id and the filter's values bound. */
static int page_ids(struct db *db, struct arena *a, const char *id_col, const char *from,
                    const char *org_id, const struct scim_sql *w, const char *order, int offset,
                    int limit, char ***ret_ids, int *ret_n, int64_t *ret_total)
{
	const char *cond = w && w->where ? w->where : "1 = 1";
	char *count_sql = arena_printf(a, "SELECT COUNT(*) %s AND (%s)", from, cond);
	char *page_sql = arena_printf(a, "SELECT %s %s AND (%s) ORDER BY %s LIMIT ? OFFSET ?",
	                              id_col, from, cond, order);
	struct db_stmt *st;
	int r = db_prepare_once(db, count_sql, &st);
	if (r < 0)
		return r;
	db_bind_text(st, 1, org_id);
	bind_where(st, 2, w);
	r = db_step(st);
	int64_t total = r == DB_ROW ? db_col_int64(st, 0) : 0;
	db_finalize(st);
	if (r < 0)
		return r;
	char **ids = arena_alloc(a, sizeof(char *) * (size_t)(limit > 0 ? limit : 1));
	int n = 0;
	if (limit > 0) {
		if ((r = db_prepare_once(db, page_sql, &st)) < 0)
			return r;
		db_bind_text(st, 1, org_id);
		int i = bind_where(st, 2, w);
		db_bind_int64(st, i++, limit);
		db_bind_int64(st, i, offset);
		while (n < limit && (r = db_step(st)) == DB_ROW)
			ids[n++] = row_text(a, st, 0);
		db_finalize(st);
		if (r < 0)
			return r;
	}
	*ret_ids = ids;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

int store_scim_users(struct db *db, struct arena *a, const char *org_id,
                     const struct scim_sql *where, const char *order, int offset, int limit,
                     char ***ret_ids, int *ret_n, int64_t *ret_total)
{
	return page_ids(db, a, "u.id",
	                "FROM users u JOIN contacts c ON c.id = u.contact_id "
	                "LEFT JOIN companies co ON co.id = c.company_id "
	                "WHERE u.org_id = ? AND u.status <> 'deleted'",
	                org_id, where, order, offset, limit, ret_ids, ret_n, ret_total);
}

int store_scim_groups(struct db *db, struct arena *a, const char *org_id,
                      const struct scim_sql *where, int offset, int limit, char ***ret_ids,
                      int *ret_n, int64_t *ret_total)
{
	return page_ids(db, a, "g.id", "FROM perm_groups g WHERE g.org_id = ?", org_id, where,
	                "g.created_at, g.id", offset, limit, ret_ids, ret_n, ret_total);
}

static const char SQL_MEMBERS[] =
    "SELECT u.id, c.first_name, c.infix, c.last_name FROM user_groups ug "
    "JOIN users u ON u.id = ug.user_id JOIN contacts c ON c.id = u.contact_id "
    "WHERE ug.group_id = ? AND u.org_id = ? AND u.status <> 'deleted' "
    "ORDER BY c.sort_name, u.id LIMIT ?";

int store_scim_group_members(struct db *db, struct arena *a, const char *org_id,
                             const char *group_id, int limit, struct scim_member **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_MEMBERS, st);
	db_bind_text(st, 1, group_id);
	db_bind_text(st, 2, org_id);
	db_bind_int64(st, 3, limit);
	struct scim_member *m = arena_alloc(a, sizeof(*m) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, r = 0;
	while (n < limit && (r = db_step(st)) == DB_ROW) {
		const char *infix = db_col_text(st, 2);
		m[n].id = row_text(a, st, 0);
		m[n].display = arena_printf(a, "%s %s%s%s", db_col_text(st, 1), infix ? infix : "",
		                            infix ? " " : "", db_col_text(st, 3));
		n++;
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret = m;
	*ret_n = n;
	return 0;
}
