/* devices.c: desk phones by MAC address, their lines, and the
 * organizations' provisioning URL keys. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

#define DEVICE_COLS                                                                                \
	"d.id, d.org_id, d.mac, d.vendor, d.model, d.label, d.prov_username, d.prov_ha1, "         \
	"d.created_at, d.updated_at"

/* A MAC or username somebody already has is skipped, not an error, so the
 * transaction stays usable on PostgreSQL; the caller says which. */
static const char SQL_INSERT[] =
    "INSERT INTO devices (id, org_id, mac, vendor, model, label, prov_username, prov_ha1, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
static const char SQL_UPDATE[] =
    "UPDATE devices SET vendor = ?, model = ?, label = ?, prov_username = ?, prov_ha1 = ?, "
    "updated_at = ? WHERE id = ? AND org_id = ?";
static const char SQL_DEL_LINES[] = "DELETE FROM device_lines WHERE device_id = ?";
static const char SQL_DELETE[] = "DELETE FROM devices WHERE id = ? AND org_id = ?";
static const char SQL_ADD_LINE[] =
    "INSERT INTO device_lines (device_id, position, sip_account_id) VALUES (?, ?, ?)";
static const char SQL_GET[] =
    "SELECT " DEVICE_COLS " FROM devices d WHERE d.id = ? AND d.org_id = ?";
static const char SQL_LIST[] = "SELECT " DEVICE_COLS " FROM devices d "
                               "WHERE d.org_id = ? AND d.mac > ? ORDER BY d.mac LIMIT ?";
static const char SQL_FIND_MAC[] = "SELECT " DEVICE_COLS " FROM devices d WHERE d.mac = ?";
static const char SQL_FIND_USER[] =
    "SELECT " DEVICE_COLS " FROM devices d WHERE d.prov_username = ?";
static const char SQL_LINES[] =
    "SELECT l.sip_account_id, s.kind, s.username, s.realm, s.label, s.user_id, "
    "c.first_name || ' ' || COALESCE(c.infix || ' ', '') || c.last_name, u.status, "
    "s.secret_sealed, s.enabled FROM device_lines l "
    "JOIN sip_accounts s ON s.id = l.sip_account_id JOIN users u ON u.id = s.user_id "
    "JOIN contacts c ON c.id = u.contact_id WHERE l.device_id = ? ORDER BY l.position";
static const char SQL_ACCOUNT[] =
    "SELECT s.id, s.kind, s.username, s.realm, s.label, s.user_id, "
    "c.first_name || ' ' || COALESCE(c.infix || ' ', '') || c.last_name, u.status, "
    "s.secret_sealed, s.enabled FROM sip_accounts s JOIN users u ON u.id = s.user_id "
    "JOIN contacts c ON c.id = u.contact_id WHERE s.id = ? AND s.org_id = ? "
    "AND u.status <> 'deleted'";
static const char SQL_LINE_OWNER[] =
    "SELECT l.device_id, d.mac FROM device_lines l JOIN devices d ON d.id = l.device_id "
    "WHERE l.sip_account_id = ?";
static const char SQL_USER_LINES[] =
    "SELECT l.sip_account_id, d.id, d.mac, d.vendor, d.model, d.label FROM device_lines l "
    "JOIN devices d ON d.id = l.device_id JOIN sip_accounts s ON s.id = l.sip_account_id "
    "WHERE s.org_id = ? AND s.user_id = ? ORDER BY d.mac, l.position";
static const char SQL_LINK_DEL[] = "DELETE FROM softphone_links WHERE sip_account_id = ?";
static const char SQL_LINK_ADD[] =
    "INSERT INTO softphone_links (sip_account_id, org_id, token_hash, created_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?)";
static const char SQL_LINK_FIND[] =
    "SELECT org_id, sip_account_id, expires_at FROM softphone_links WHERE token_hash = ?";
static const char SQL_KEY_DEL[] = "DELETE FROM provisioning_keys WHERE org_id = ?";
static const char SQL_KEY_ADD[] =
    "INSERT INTO provisioning_keys (org_id, key_hash, created_at) VALUES (?, ?, ?)";
static const char SQL_KEY_FIND[] = "SELECT org_id FROM provisioning_keys WHERE key_hash = ?";
static const char SQL_KEY_GET[] = "SELECT created_at FROM provisioning_keys WHERE org_id = ?";

static void bind_device(struct db_stmt *st, int i, const struct device *d)
{
	db_bind_text(st, i++, d->vendor);
	db_bind_text(st, i++, d->model);
	db_bind_text(st, i++, d->label);
	db_bind_text(st, i++, d->prov_username);
	db_bind_text(st, i++, d->prov_ha1);
}

int store_device_insert(struct db *db, const struct device *d)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, d->id);
	db_bind_text(st, 2, d->org_id);
	db_bind_text(st, 3, d->mac);
	bind_device(st, 4, d);
	db_bind_int64(st, 9, d->created_at);
	db_bind_int64(st, 10, d->updated_at);
	int r = row_exec(st, 1);
	return r == -ENOENT ? -EEXIST : r;
}

int store_device_update(struct db *db, const struct device *d)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	bind_device(st, 1, d);
	db_bind_int64(st, 6, d->updated_at);
	db_bind_text(st, 7, d->id);
	db_bind_text(st, 8, d->org_id);
	return row_exec(st, 1);
}

static int exec_id(struct db *db, const char *sql, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, id);
	return row_exec(st, 0);
}

int store_device_delete(struct db *db, const char *org_id, const char *id)
{
	int r = exec_id(db, SQL_DEL_LINES, id);
	if (r < 0)
		return r;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

int store_device_lines_set(struct db *db, const struct device *d)
{
	int r = exec_id(db, SQL_DEL_LINES, d->id);
	for (int i = 0; r >= 0 && i < d->n_lines; i++) {
		struct db_stmt *st;
		PREPARE_OR_RETURN(db, SQL_ADD_LINE, st);
		db_bind_text(st, 1, d->id);
		db_bind_int64(st, 2, i + 1);
		db_bind_text(st, 3, d->lines[i].sip_account_id);
		r = row_exec(st, 0);
	}
	return r < 0 ? r : 0;
}

static void read_device(struct arena *a, struct db_stmt *st, void *rec)
{
	struct device *d = rec;
	memset(d, 0, sizeof(*d));
	d->id = row_text(a, st, 0);
	d->org_id = row_text(a, st, 1);
	d->mac = row_text(a, st, 2);
	d->vendor = row_text(a, st, 3);
	d->model = row_text(a, st, 4);
	d->label = row_text(a, st, 5);
	d->prov_username = row_text(a, st, 6);
	d->prov_ha1 = row_text(a, st, 7);
	d->created_at = db_col_int64(st, 8);
	d->updated_at = db_col_int64(st, 9);
}

static void read_line(struct arena *a, struct db_stmt *st, void *rec)
{
	struct device_line *l = rec;
	l->sip_account_id = row_text(a, st, 0);
	l->kind = row_text(a, st, 1);
	l->username = row_text(a, st, 2);
	l->realm = row_text(a, st, 3);
	l->label = row_text(a, st, 4);
	l->user_id = row_text(a, st, 5);
	l->user_name = row_text(a, st, 6);
	l->user_status = row_text(a, st, 7);
	l->secret_sealed = row_text(a, st, 8);
	l->enabled = db_col_int64(st, 9) != 0;
}

static int read_lines(struct db *db, struct arena *a, struct device *d)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LINES, st);
	db_bind_text(st, 1, d->id);
	void *rows;
	int n, r = row_list(a, st, read_line, sizeof(struct device_line), STORE_DEVICE_LINES_MAX,
	                    &rows, &n);
	if (r < 0)
		return r;
	d->lines = rows;
	d->n_lines = n;
	return 0;
}

/* One device of the prepared, bound st, with its lines. */
static int get_one(struct db *db, struct arena *a, struct db_stmt *st, struct device *ret)
{
	struct device d;
	int r = row_one(a, st, read_device, &d);
	if (r < 0 || (r = read_lines(db, a, &d)) < 0)
		return r;
	*ret = d;
	return 0;
}

int store_device_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                     struct device *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return get_one(db, a, st, ret);
}

int store_device_find_mac(struct db *db, struct arena *a, const char *mac, struct device *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FIND_MAC, st);
	db_bind_text(st, 1, mac);
	return get_one(db, a, st, ret);
}

int store_device_find_username(struct db *db, struct arena *a, const char *username,
                               struct device *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FIND_USER, st);
	db_bind_text(st, 1, username);
	return get_one(db, a, st, ret);
}

int store_device_list(struct db *db, struct arena *a, const char *org_id, const char *after_mac,
                      int limit, struct device **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, after_mac ? after_mac : "");
	db_bind_int64(st, 3, limit);
	void *page;
	int n, r = row_list(a, st, read_device, sizeof(struct device), limit, &page, &n);
	if (r < 0)
		return r;
	struct device *items = page;
	for (int i = 0; i < n; i++)
		if ((r = read_lines(db, a, &items[i])) < 0)
			return r;
	*ret = items;
	*ret_n = n;
	return 0;
}

int store_device_account(struct db *db, struct arena *a, const char *org_id, const char *id,
                         struct device_line *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_ACCOUNT, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_one(a, st, read_line, ret);
}

int store_device_line_owner(struct db *db, struct arena *a, const char *sip_account_id,
                            char **ret_device_id, char **ret_mac)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LINE_OWNER, st);
	db_bind_text(st, 1, sip_account_id);
	int r = db_step(st);
	if (r == DB_ROW) {
		*ret_device_id = row_text(a, st, 0);
		*ret_mac = row_text(a, st, 1);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

static void read_user_line(struct arena *a, struct db_stmt *st, void *rec)
{
	struct device_of_account *x = rec;
	x->sip_account_id = row_text(a, st, 0);
	x->device_id = row_text(a, st, 1);
	x->mac = row_text(a, st, 2);
	x->vendor = row_text(a, st, 3);
	x->model = row_text(a, st, 4);
	x->label = row_text(a, st, 5);
}

int store_device_user_lines(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                            struct device_of_account **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_USER_LINES, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, user_id);
	void *rows;
	int r =
	    row_list(a, st, read_user_line, sizeof(struct device_of_account), 100, &rows, ret_n);
	if (r == 0)
		*ret = rows;
	return r;
}

int store_prov_key_set(struct db *db, const char *org_id, const char *key_hash, int64_t now)
{
	int r = exec_id(db, SQL_KEY_DEL, org_id);
	if (r < 0 || !key_hash)
		return r;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_KEY_ADD, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, key_hash);
	db_bind_int64(st, 3, now);
	return row_exec(st, 0);
}

int store_prov_key_find(struct db *db, struct arena *a, const char *key_hash, char **ret_org_id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_KEY_FIND, st);
	db_bind_text(st, 1, key_hash);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret_org_id = row_text(a, st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_prov_key_get(struct db *db, const char *org_id, int64_t *ret_created_at)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_KEY_GET, st);
	db_bind_text(st, 1, org_id);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret_created_at = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_softphone_link_set(struct db *db, const char *org_id, const char *sip_account_id,
                             const char *token_hash, int64_t now, int64_t expires_at)
{
	int r = exec_id(db, SQL_LINK_DEL, sip_account_id);
	if (r < 0)
		return r;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LINK_ADD, st);
	db_bind_text(st, 1, sip_account_id);
	db_bind_text(st, 2, org_id);
	db_bind_text(st, 3, token_hash);
	db_bind_int64(st, 4, now);
	db_bind_int64(st, 5, expires_at);
	return row_exec(st, 0);
}

int store_softphone_link_find(struct db *db, struct arena *a, const char *token_hash,
                              char **ret_org_id, char **ret_sip_account_id, int64_t *ret_expires)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LINK_FIND, st);
	db_bind_text(st, 1, token_hash);
	int r = db_step(st);
	if (r == DB_ROW) {
		*ret_org_id = row_text(a, st, 0);
		*ret_sip_account_id = row_text(a, st, 1);
		*ret_expires = db_col_int64(st, 2);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}
