/* hunt_groups.c: hunt groups and ACD queues, their members and extension. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

#define HUNT_SELECT                                                                                \
	"SELECT g.id, g.org_id, g.name, g.kind, g.strategy, g.ring_seconds, g.created_at, "        \
	"g.updated_at, (SELECT MIN(e.number) FROM extensions e WHERE e.owner_type = 'hunt_group' " \
	"AND e.owner_id = g.id), g.name_norm, g.rr_next FROM hunt_groups g "

static const char SQL_INSERT[] =
    "INSERT INTO hunt_groups (id, org_id, name, name_norm, kind, strategy, ring_seconds, "
    "created_at, updated_at) VALUES (?, ?, ?, lower(?), ?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] =
    "UPDATE hunt_groups SET name = ?, name_norm = lower(?), kind = ?, strategy = ?, "
    "ring_seconds = ?, updated_at = ? WHERE id = ? AND org_id = ?";
static const char SQL_DEL_MEMBERS[] = "DELETE FROM hunt_group_members WHERE group_id = ?";
static const char SQL_DEL_EXT[] =
    "DELETE FROM extensions WHERE owner_type = 'hunt_group' AND owner_id = ?";
static const char SQL_DELETE[] = "DELETE FROM hunt_groups WHERE id = ? AND org_id = ?";
static const char SQL_ADD_MEMBER[] = "INSERT INTO hunt_group_members (group_id, position, "
                                     "member_type, member_id) VALUES (?, ?, ?, ?)";
static const char SQL_GET[] = HUNT_SELECT "WHERE g.id = ? AND g.org_id = ?";
static const char SQL_LIST[] =
    HUNT_SELECT "WHERE g.org_id = ? AND g.name_norm > ? ORDER BY g.name_norm LIMIT ?";
/* Members in order with their names; a user's status decides whether it
 * rings. */
static const char SQL_MEMBERS[] =
    "SELECT m.member_type, m.member_id, "
    "COALESCE(c.first_name || ' ' || COALESCE(c.infix || ' ', '') || c.last_name, al.label), "
    "COALESCE(u.status, au.status) FROM hunt_group_members m "
    "LEFT JOIN sip_accounts al ON m.member_type = 'alias' AND al.id = m.member_id "
    "LEFT JOIN users au ON au.id = al.user_id "
    "LEFT JOIN users u ON m.member_type = 'user' AND u.id = m.member_id "
    "LEFT JOIN contacts c ON c.id = u.contact_id "
    "WHERE m.group_id = ? ORDER BY m.position";
/* One statement, so that two calls at once on two nodes start at two
 * members. */
static const char SQL_ROTATE[] = "UPDATE hunt_groups SET rr_next = (rr_next + 1) % ? "
                                 "WHERE id = ? AND org_id = ? RETURNING rr_next";
static const char SQL_MEMBER_REMOVE[] = "DELETE FROM hunt_group_members WHERE member_id = ?";

static int exec1(struct db *db, const char *sql, const char *id, int must_change)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, id);
	return row_exec(st, must_change);
}

int store_hunt_insert(struct db *db, const struct hunt_group *g)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, g->id);
	db_bind_text(st, 2, g->org_id);
	db_bind_text(st, 3, g->name);
	db_bind_text(st, 4, g->name);
	db_bind_text(st, 5, g->kind);
	db_bind_text(st, 6, g->strategy);
	db_bind_int64(st, 7, g->ring_seconds);
	db_bind_int64(st, 8, g->created_at);
	db_bind_int64(st, 9, g->updated_at);
	return row_exec(st, 0);
}

int store_hunt_update(struct db *db, const struct hunt_group *g)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	db_bind_text(st, 1, g->name);
	db_bind_text(st, 2, g->name);
	db_bind_text(st, 3, g->kind);
	db_bind_text(st, 4, g->strategy);
	db_bind_int64(st, 5, g->ring_seconds);
	db_bind_int64(st, 6, g->updated_at);
	db_bind_text(st, 7, g->id);
	db_bind_text(st, 8, g->org_id);
	return row_exec(st, 1);
}

int store_hunt_delete(struct db *db, const char *org_id, const char *id)
{
	int r;
	if ((r = exec1(db, SQL_DEL_MEMBERS, id, 0)) < 0 || (r = exec1(db, SQL_DEL_EXT, id, 0)) < 0)
		return r;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

int store_hunt_members_set(struct db *db, const struct hunt_group *g)
{
	int r = exec1(db, SQL_DEL_MEMBERS, g->id, 0);
	for (int i = 0; r >= 0 && i < g->n_members; i++) {
		struct db_stmt *st;
		PREPARE_OR_RETURN(db, SQL_ADD_MEMBER, st);
		db_bind_text(st, 1, g->id);
		db_bind_int64(st, 2, i);
		db_bind_text(st, 3, g->members[i].type);
		db_bind_text(st, 4, g->members[i].id);
		r = row_exec(st, 0);
	}
	return r < 0 ? r : 0;
}

static void read_group(struct arena *a, struct db_stmt *st, void *rec)
{
	struct hunt_group *g = rec;
	memset(g, 0, sizeof(*g));
	g->id = row_text(a, st, 0);
	g->org_id = row_text(a, st, 1);
	g->name = row_text(a, st, 2);
	g->kind = row_text(a, st, 3);
	g->strategy = row_text(a, st, 4);
	g->ring_seconds = (int)db_col_int64(st, 5);
	g->created_at = db_col_int64(st, 6);
	g->updated_at = db_col_int64(st, 7);
	g->extension = row_text(a, st, 8);
	g->name_norm = row_text(a, st, 9);
	g->rr_next = (int)db_col_int64(st, 10);
}

static int read_members(struct db *db, struct arena *a, struct hunt_group *g)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_MEMBERS, st);
	db_bind_text(st, 1, g->id);
	int cap = 8, n = 0, r;
	struct hunt_member *m = arena_alloc(a, sizeof(*m) * (size_t)cap);
	while ((r = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct hunt_member *more = arena_alloc(a, sizeof(*m) * (size_t)cap * 2);
			memcpy(more, m, sizeof(*m) * (size_t)n);
			m = more;
			cap *= 2;
		}
		m[n].type = row_text(a, st, 0);
		m[n].id = row_text(a, st, 1);
		m[n].name = row_text(a, st, 2);
		m[n].status = row_text(a, st, 3);
		if (!m[n].status)
			m[n].status = "active";
		n++;
	}
	db_reset(st);
	if (r < 0)
		return r;
	g->members = m;
	g->n_members = n;
	return 0;
}

int store_hunt_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                   struct hunt_group *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	int r = db_step(st);
	struct hunt_group g;
	if (r == DB_ROW)
		read_group(a, st, &g);
	db_reset(st);
	if (r != DB_ROW)
		return r < 0 ? r : -ENOENT;
	if ((r = read_members(db, a, &g)) < 0)
		return r;
	*ret = g;
	return 0;
}

int store_hunt_list(struct db *db, struct arena *a, const char *org_id, const char *after,
                    int limit, struct hunt_group **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, after ? after : "");
	db_bind_int64(st, 3, limit);
	void *page;
	int n, r = row_list(a, st, read_group, sizeof(struct hunt_group), limit, &page, &n);
	if (r < 0)
		return r;
	struct hunt_group *items = page;
	for (int i = 0; i < n; i++)
		if ((r = read_members(db, a, &items[i])) < 0)
			return r;
	*ret = items;
	*ret_n = n;
	return 0;
}

int store_hunt_member_remove(struct db *db, const char *member_id)
{
	return exec1(db, SQL_MEMBER_REMOVE, member_id, 0);
}

int store_hunt_rotate(struct db *db, const char *org_id, const char *id, int n_members,
                      int *ret_start)
{
	struct db_stmt *st;
	if (n_members <= 0)
		return -EINVAL;
	PREPARE_OR_RETURN(db, SQL_ROTATE, st);
	db_bind_int64(st, 1, n_members);
	db_bind_text(st, 2, id);
	db_bind_text(st, 3, org_id);
	int r = db_step(st);
	if (r == DB_ROW) {
		int next = (int)db_col_int64(st, 0);
		*ret_start = (next + n_members - 1) % n_members;
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}
