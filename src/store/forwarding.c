/* forwarding.c: a user's forwarding rules, and what refers to an object
 * from a number's destination or a user's rules (the JSON documents
 * domain/destinations.c keeps). */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

static const char SQL_GET[] = "SELECT rules FROM user_forwarding WHERE user_id = ? AND org_id = ?";
static const char SQL_PUT[] =
    "INSERT INTO user_forwarding (user_id, org_id, rules) VALUES (?, ?, ?) "
    "ON CONFLICT (user_id) DO UPDATE SET rules = excluded.rules";
static const char SQL_CLEAR[] = "DELETE FROM user_forwarding WHERE user_id = ? AND org_id = ?";
/* Ids are UUIDs: hex digits and dashes, nothing LIKE reads as a wildcard,
 * and one that appears quoted in a document is that object. */
static const char SQL_REFS[] =
    "SELECT 'number', id, number FROM numbers WHERE org_id = ? AND destination LIKE ? "
    "UNION ALL SELECT 'user', f.user_id, NULL FROM user_forwarding f "
    "JOIN users u ON u.id = f.user_id WHERE f.org_id = ? AND f.rules LIKE ? "
    "AND u.status <> 'deleted' ORDER BY 1, 3, 2 LIMIT ?";

int store_fwd_rules_get(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                        char **ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, user_id);
	db_bind_text(st, 2, org_id);
	int r = db_step(st);
	*ret = r == DB_ROW ? row_text(a, st, 0) : NULL;
	db_reset(st);
	return r < 0 ? r : 0;
}

int store_fwd_rules_put(struct db *db, const char *org_id, const char *user_id, const char *rules)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, rules ? SQL_PUT : SQL_CLEAR, st);
	db_bind_text(st, 1, user_id);
	db_bind_text(st, 2, org_id);
	if (rules)
		db_bind_text(st, 3, rules);
	return row_exec(st, 0);
}

int store_refs_to(struct db *db, struct arena *a, const char *org_id, const char *id, int limit,
                  struct store_ref **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_REFS, st);
	char *like = arena_printf(a, "%%\"%s\"%%", id);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, like);
	db_bind_text(st, 3, org_id);
	db_bind_text(st, 4, like);
	db_bind_int64(st, 5, limit);
	struct store_ref *items = arena_alloc(a, sizeof(*items) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, r = 0;
	while (n < limit && (r = db_step(st)) == DB_ROW) {
		items[n].type = row_text(a, st, 0);
		items[n].id = row_text(a, st, 1);
		items[n++].number = row_text(a, st, 2);
	}
	if (n == limit)
		r = 0;
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = n;
	return 0;
}
