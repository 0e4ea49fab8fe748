/* contacts.c: the persons of an organization's address book, with the name
 * of their employer and the id of their login (if any) joined in.
 *
 * contacts.sort_name is lower(last_name || ' ' || first_name), written by
 * insert and update; lists are ordered by it and then by id, and page with a
 * cursor "last_name first_name\x1fid" of the previous page's last row (the
 * key may also come lower-cased already: it is lower-cased here again). */
#include "store/rows.h"
#include "store/search.h"
#include "base/arena.h"

#include <errno.h>
#include <string.h>

#define CONTACT_FROM                                                                               \
	" FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "                         \
	"LEFT JOIN users u ON u.contact_id = c.id "
#define SORT_NAME "lower(CAST(? AS TEXT) || ' ' || CAST(? AS TEXT))"

#define FIELD_COLS CONTACT_FIELDS(FIELD_SQL_COL)
#define FIELD_QMARKS CONTACT_FIELDS(FIELD_SQL_QMARK)
#define FIELD_SET CONTACT_FIELDS(FIELD_SQL_SET)

static const char SQL_INSERT[] =
    "INSERT INTO contacts (id, org_id" FIELD_COLS ", company_id, sort_name, created_at, "
    "updated_at, search_text) VALUES (?, ?" FIELD_QMARKS ", ?, " SORT_NAME ", ?, ?, ?)";
static const char SQL_UPDATE[] =
    "UPDATE contacts SET " FIELD_SET "company_id = ?, sort_name = " SORT_NAME ", "
    "updated_at = ? WHERE id = ? AND org_id = ?";
static const char SQL_DELETE[] = "DELETE FROM contacts WHERE id = ? AND org_id = ?";
static const char SQL_GET[] = "SELECT " CONTACT_COLS CONTACT_FROM "WHERE c.id = ? AND c.org_id = ?";
/* Unranked: all, or those whose sort name starts with a short query (a
 * range, which contacts_org_sort serves). */
static const char SQL_LIST[] =
    "SELECT " CONTACT_COLS CONTACT_FROM "WHERE c.org_id = ? "
    "AND (CAST(? AS TEXT) IS NULL OR c.company_id = ?) "
    "AND (CAST(? AS TEXT) IS NULL OR (c.sort_name >= ? AND c.sort_name < ?)) "
    "AND (CAST(? AS TEXT) IS NULL OR c.sort_name > lower(?) "
    "OR (c.sort_name = lower(?) AND c.id > ?)) "
    "ORDER BY c.sort_name, c.id LIMIT ?";
/* Ranked (store/search.h): as users.c's, over contacts.search_text; the
 * candidates lead ("|| ''" keeps the planners off the organization's index). */
static const char SQL_SEARCH[] =
    "SELECT r.search_rank, " CONTACT_COLS " FROM (SELECT c.id AS id, " SEARCH_RANK(
        "c.search_text") " AS search_rank, c.sort_name AS sort_name FROM contacts c "
                         "WHERE c.org_id || '' = ? AND (CAST(? AS TEXT) IS NULL OR c.company_id = "
                         "?) "
                         "AND c.id IN (SELECT s.id FROM contact_search(?) s) " SEARCH_TERMS(
                             "c.search_text")
                             SEARCH_AFTER("c.search_text", "c.sort_name",
                                          "c.id") "ORDER BY search_rank, c.sort_name, c.id LIMIT "
                                                  "?) r JOIN contacts c ON c.id = r.id "
                                                  "LEFT JOIN companies co ON co.id = c.company_id "
                                                  "LEFT JOIN users u ON u.contact_id = c.id "
                                                  "ORDER BY r.search_rank, r.sort_name, c.id";

static const char SQL_FIND_PHONE[] =
    "SELECT " CONTACT_COLS CONTACT_FROM "WHERE c.org_id = ? "
    "AND (c.phone = ? OR c.mobile = ? OR c.work_phone = ?) ORDER BY c.sort_name, c.id LIMIT 1";

/* Binds the person's columns (its declared fields, the employer and the
 * sort name's parts) from index i on; returns the next index. */
static int bind_person(struct db_stmt *st, int i, const struct contact *c)
{
	i = row_bind_fields(st, i, contact_fields, contact_fields_n, c);
	db_bind_text(st, i++, c->company_id);
	db_bind_text(st, i++, c->last_name); /* sort_name */
	db_bind_text(st, i++, c->first_name);
	return i;
}

int store_contact_insert(struct db *db, const struct contact *c)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, c->id);
	db_bind_text(st, 2, c->org_id);
	int i = bind_person(st, 3, c);
	db_bind_int64(st, i++, c->created_at);
	db_bind_int64(st, i++, c->updated_at);
	/* its search document in the same row: one write to the index */
	struct arena *a = arena_new();
	if (!a)
		return -ENOMEM;
	const char *doc = store_contact_search_doc(a, db, c);
	db_bind_text(st, i, doc ? doc : "");
	int r = row_exec(st, 0);
	arena_free(a);
	return r < 0 || doc ? r : store_contact_search_write(db, c->id);
}

int store_contact_update(struct db *db, const struct contact *c)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	int i = bind_person(st, 1, c);
	db_bind_int64(st, i++, c->updated_at);
	db_bind_text(st, i++, c->id);
	db_bind_text(st, i, c->org_id);
	int r = row_exec(st, 1);
	return r < 0 ? r : store_contact_search_refresh(db, c->id);
}

int store_contact_delete(struct db *db, const char *org_id, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

int row_contact(struct arena *a, struct db_stmt *st, int i, struct contact *c)
{
	memset(c, 0, sizeof(*c));
	c->id = row_text(a, st, i++);
	c->org_id = row_text(a, st, i++);
	i = row_read_fields(a, st, i, contact_fields, contact_fields_n, c);
	c->company_id = row_text(a, st, i++);
	c->company_name = row_text(a, st, i++);
	c->user_id = row_text(a, st, i++);
	c->created_at = db_col_int64(st, i++);
	c->updated_at = db_col_int64(st, i++);
	c->sort_name = row_text(a, st, i++);
	return i;
}

static void read_contact(struct arena *a, struct db_stmt *st, void *rec)
{
	row_contact(a, st, 0, rec);
}

int store_contact_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                      struct contact *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_one(a, st, read_contact, ret);
}

static int read_contact_rec(struct arena *a, struct db_stmt *st, int i, void *rec)
{
	return row_contact(a, st, i, rec);
}

static int contact_search(struct db *db, struct arena *a, const char *org_id,
                          const struct search_query *q, const char *company_id, const char *after,
                          int limit, struct contact **ret, int **ret_ranks, int *ret_n)
{
	struct search_binds b;
	search_binds_make(a, org_id, q, after, &b);
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_SEARCH, st);
	int i = search_bind_rank(st, 1, &b);
	db_bind_text(st, i++, org_id);
	db_bind_text(st, i++, company_id);
	db_bind_text(st, i++, company_id);
	db_bind_text(st, i++, b.fts);
	i = search_bind_terms(st, i, &b);
	i = search_bind_after(st, i, &b);
	db_bind_int64(st, i, limit);
	void *items;
	int r = search_rows(a, st, read_contact_rec, sizeof(struct contact), limit, &items,
	                    ret_ranks, ret_n);
	if (r == 0)
		*ret = items;
	return r;
}

int store_contact_list(struct db *db, struct arena *a, const char *org_id,
                       const struct search_query *q, const char *company_id, const char *after,
                       int limit, struct contact **ret, int **ret_ranks, int *ret_n)
{
	if (q && !q->prefix_only)
		return contact_search(db, a, org_id, q, company_id, after, limit, ret, ret_ranks,
		                      ret_n);
	const char *after_key = NULL, *after_id = "";
	row_cursor_split(a, after, &after_key, &after_id);
	const char *prefix = q ? q->whole : NULL;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	int i = 1;
	db_bind_text(st, i++, org_id);
	db_bind_text(st, i++, company_id);
	db_bind_text(st, i++, company_id);
	db_bind_text(st, i++, prefix);
	db_bind_text(st, i++, prefix ? prefix : "");
	/* past every text that starts with prefix: U+10FFFF after it */
	db_bind_text(st, i++, prefix ? arena_printf(a, "%s\xf4\x8f\xbf\xbf", prefix) : "");
	db_bind_text(st, i++, after_key);
	db_bind_text(st, i++, after_key ? after_key : "");
	db_bind_text(st, i++, after_key ? after_key : "");
	db_bind_text(st, i++, after_id);
	db_bind_int64(st, i, limit);
	void *items;
	int r = row_list(a, st, read_contact, sizeof(struct contact), limit, &items, ret_n);
	if (r == 0) {
		*ret = items;
		if (ret_ranks)
			*ret_ranks = NULL; /* unranked: the cursor is the sort key */
	}
	return r;
}

int store_contact_find_phone(struct db *db, struct arena *a, const char *org_id, const char *number,
                             struct contact *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FIND_PHONE, st);
	db_bind_text(st, 1, org_id);
	for (int i = 2; i <= 4; i++)
		db_bind_text(st, i, number);
	return row_one(a, st, read_contact, ret);
}
