/* sip.c: SIP accounts (desk phones and softphone apps) of users. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>

#define SIP_COLS                                                                                   \
	"s.id, s.org_id, s.user_id, s.kind, s.label, s.username, s.realm, s.ha1, "                 \
	"s.secret_sealed, s.enabled, s.created_at, s.updated_at"

/* A username somebody already has is skipped, not an error: the transaction
 * stays usable (PostgreSQL aborts it on a violation) and the caller draws
 * another one. */
static const char SQL_INSERT[] =
    "INSERT INTO sip_accounts (id, org_id, user_id, kind, label, username, realm, ha1, "
    "secret_sealed, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (username) DO NOTHING";
static const char SQL_UPDATE[] =
    "UPDATE sip_accounts SET label = ?, enabled = ?, realm = ?, ha1 = ?, secret_sealed = ?, "
    "updated_at = ? WHERE id = ? AND org_id = ?";
static const char SQL_DELETE[] = "DELETE FROM sip_accounts WHERE id = ? AND org_id = ?";
static const char SQL_GET[] = "SELECT " SIP_COLS " FROM sip_accounts s "
                              "WHERE s.id = ? AND s.org_id = ? AND s.user_id = ? "
                              "AND s.kind <> 'alias'";
/* Phone accounts and aliases are listed apart: both are SIP identities,
 * but an alias is its own resource (users/{id}/aliases). */
static const char SQL_LIST[] = "SELECT " SIP_COLS " FROM sip_accounts s "
                               "WHERE s.org_id = ? AND s.user_id = ? AND s.id > ? "
                               "AND s.kind <> 'alias' ORDER BY s.id LIMIT ?";
static const char SQL_ALIASES[] = "SELECT " SIP_COLS " FROM sip_accounts s "
                                  "WHERE s.org_id = ? AND s.user_id = ? AND s.kind = 'alias' "
                                  "ORDER BY s.id LIMIT 100";
static const char SQL_GET_ALIAS[] = "SELECT " SIP_COLS " FROM sip_accounts s "
                                    "WHERE s.id = ? AND s.org_id = ? AND s.kind = 'alias'";
static const char SQL_COUNT_USER[] = "SELECT COUNT(*) FROM sip_accounts WHERE user_id = ?";
static const char SQL_FIND[] = "SELECT " SIP_COLS ", u.status FROM sip_accounts s "
                               "JOIN users u ON u.id = s.user_id WHERE s.username = ?";
static const char SQL_ORGS_UNDER[] = "SELECT DISTINCT s.org_id FROM sip_accounts s "
                                     "JOIN orgs o ON o.id = s.org_id "
                                     "WHERE o.path LIKE ? || '%' ORDER BY s.org_id";
static const char SQL_STALE[] = "SELECT " SIP_COLS " FROM sip_accounts s "
                                "WHERE s.org_id = ? AND s.realm <> ? ORDER BY s.id LIMIT ?";

int store_sip_insert(struct db *db, const struct sip_account *s)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, s->id);
	db_bind_text(st, 2, s->org_id);
	db_bind_text(st, 3, s->user_id);
	db_bind_text(st, 4, sip_kind_name(s->kind));
	db_bind_text(st, 5, s->label);
	db_bind_text(st, 6, s->username);
	db_bind_text(st, 7, s->realm);
	db_bind_text(st, 8, s->ha1);
	db_bind_text(st, 9, s->secret_sealed);
	db_bind_bool(st, 10, s->enabled);
	db_bind_int64(st, 11, s->created_at);
	db_bind_int64(st, 12, s->updated_at);
	int r = row_exec(st, 1);
	return r == -ENOENT ? -EEXIST : r;
}

int store_sip_update(struct db *db, const struct sip_account *s)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	db_bind_text(st, 1, s->label);
	db_bind_bool(st, 2, s->enabled);
	db_bind_text(st, 3, s->realm);
	db_bind_text(st, 4, s->ha1);
	db_bind_text(st, 5, s->secret_sealed);
	db_bind_int64(st, 6, s->updated_at);
	db_bind_text(st, 7, s->id);
	db_bind_text(st, 8, s->org_id);
	return row_exec(st, 1);
}

int store_sip_delete(struct db *db, const char *org_id, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

static void read_sip(struct arena *a, struct db_stmt *st, void *rec)
{
	struct sip_account *s = rec;
	s->id = row_text(a, st, 0);
	s->org_id = row_text(a, st, 1);
	s->user_id = row_text(a, st, 2);
	s->kind = (enum sip_kind)sip_kind_parse(db_col_text(st, 3));
	s->label = row_text(a, st, 4);
	s->username = row_text(a, st, 5);
	s->realm = row_text(a, st, 6);
	s->ha1 = row_text(a, st, 7);
	s->secret_sealed = row_text(a, st, 8);
	s->enabled = db_col_int64(st, 9) != 0;
	s->created_at = db_col_int64(st, 10);
	s->updated_at = db_col_int64(st, 11);
}

int store_sip_get(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                  const char *id, struct sip_account *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	db_bind_text(st, 3, user_id);
	return row_one(a, st, read_sip, ret);
}

/* Reads up to limit rows of a prepared, bound statement. */
static int read_page(struct arena *a, struct db_stmt *st, int limit, struct sip_account **ret,
                     int *ret_n)
{
	void *items;
	int r = row_list(a, st, read_sip, sizeof(struct sip_account), limit, &items, ret_n);
	if (r == 0)
		*ret = items;
	return r;
}

int store_sip_list(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                   const char *after, int limit, struct sip_account **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, user_id);
	db_bind_text(st, 3, after ? after : "");
	db_bind_int64(st, 4, limit);
	return read_page(a, st, limit, ret, ret_n);
}

int store_sip_count_user(struct db *db, const char *user_id, int64_t *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_COUNT_USER, st);
	db_bind_text(st, 1, user_id);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -EIO;
}

int store_sip_find_username(struct db *db, struct arena *a, const char *username,
                            struct sip_account *ret, char **ret_user_status)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FIND, st);
	db_bind_text(st, 1, username);
	int r = db_step(st);
	if (r == DB_ROW) {
		read_sip(a, st, ret);
		*ret_user_status = row_text(a, st, 12);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_sip_orgs_under(struct db *db, struct arena *a, const char *path_prefix, char ***ret,
                         int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_ORGS_UNDER, st);
	db_bind_text(st, 1, path_prefix);
	int n = 0, cap = 16, r;
	char **ids = arena_alloc(a, sizeof(*ids) * (size_t)cap);
	while ((r = db_step(st)) == DB_ROW) {
		if (n == cap) {
			char **more = arena_alloc(a, sizeof(*more) * (size_t)cap * 2);
			for (int i = 0; i < n; i++)
				more[i] = ids[i];
			ids = more;
			cap *= 2;
		}
		ids[n++] = row_text(a, st, 0);
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret = ids;
	*ret_n = n;
	return 0;
}

int store_sip_list_stale(struct db *db, struct arena *a, const char *org_id, const char *realm,
                         int limit, struct sip_account **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_STALE, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, realm);
	db_bind_int64(st, 3, limit);
	return read_page(a, st, limit, ret, ret_n);
}

int store_sip_list_aliases(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                           struct sip_account **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_ALIASES, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, user_id);
	struct sip_account *items = arena_alloc(a, sizeof(*items) * 100);
	int n = 0, r = 0;
	while (n < 100 && (r = db_step(st)) == DB_ROW)
		read_sip(a, st, &items[n++]);
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = n;
	return 0;
}

int store_sip_get_alias(struct db *db, struct arena *a, const char *org_id, const char *id,
                        struct sip_account *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET_ALIAS, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_one(a, st, read_sip, ret);
}
