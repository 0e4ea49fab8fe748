/* voicemail.c: voicemail messages and the boxes they are left in. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

#define VM_COLS                                                                                    \
	"id, org_id, user_id, box, caller, caller_name, call_id, received_at, duration_ms, "       \
	"heard_at, created_at"

static const char SQL_INSERT[] = "INSERT INTO voicemail_messages (" VM_COLS ", wav) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_GET[] =
    "SELECT " VM_COLS " FROM voicemail_messages WHERE id = ? AND org_id = ? AND user_id = ?";
static const char SQL_GET_ANY[] = "SELECT " VM_COLS " FROM voicemail_messages WHERE id = ?";
static const char SQL_LIST[] =
    "SELECT " VM_COLS " FROM voicemail_messages WHERE org_id = ? AND user_id = ? "
    "AND (CAST(? AS BIGINT) = 0 OR received_at < ? OR (received_at = ? AND id < ?)) "
    "ORDER BY received_at DESC, id DESC LIMIT ?";
static const char SQL_COUNT_NEW[] = "SELECT COUNT(*) FROM voicemail_messages "
                                    "WHERE org_id = ? AND user_id = ? AND heard_at IS NULL";
static const char SQL_HEARD[] =
    "UPDATE voicemail_messages SET heard_at = ? WHERE id = ? AND org_id = ?";
static const char SQL_DELETE[] = "DELETE FROM voicemail_messages WHERE id = ? AND org_id = ?";
static const char SQL_SOUND[] = "SELECT wav FROM voicemail_messages WHERE id = ? AND org_id = ?";
static const char SQL_PURGE[] =
    "DELETE FROM voicemail_messages WHERE id IN (SELECT m.id FROM voicemail_messages m "
    "JOIN orgs o ON o.id = m.org_id WHERE m.received_at < CAST(? AS BIGINT) - "
    "CAST(o.voicemail_retention_days AS BIGINT) * 86400000 LIMIT ?)";
static const char SQL_BOX[] =
    "SELECT t.user_id, t.vm_pin_hash FROM user_telephony t JOIN users u ON u.id = t.user_id "
    "WHERE t.org_id = ? AND t.vm_box = ? AND u.status <> 'deleted' ORDER BY t.user_id LIMIT 1";

int store_vm_insert(struct db *db, const struct vm_message *m, const char *wav_b64)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, m->id);
	db_bind_text(st, 2, m->org_id);
	db_bind_text(st, 3, m->user_id);
	db_bind_text(st, 4, m->box);
	db_bind_text(st, 5, m->caller);
	db_bind_text(st, 6, m->caller_name);
	db_bind_text(st, 7, m->call_id);
	db_bind_int64(st, 8, m->received_at);
	db_bind_int64(st, 9, m->duration_ms);
	db_bind_text(st, 10, NULL);
	db_bind_int64(st, 11, m->created_at);
	db_bind_text(st, 12, wav_b64);
	return row_exec(st, 0);
}

static void read_vm(struct arena *a, struct db_stmt *st, void *rec)
{
	struct vm_message *m = rec;
	m->id = row_text(a, st, 0);
	m->org_id = row_text(a, st, 1);
	m->user_id = row_text(a, st, 2);
	m->box = row_text(a, st, 3);
	m->caller = row_text(a, st, 4);
	m->caller_name = row_text(a, st, 5);
	m->call_id = row_text(a, st, 6);
	m->received_at = db_col_int64(st, 7);
	m->duration_ms = db_col_int64(st, 8);
	m->heard_at = db_col_null(st, 9) ? 0 : db_col_int64(st, 9);
	m->created_at = db_col_int64(st, 10);
}

int store_vm_get(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                 const char *id, struct vm_message *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	db_bind_text(st, 3, user_id);
	int r = db_step(st);
	if (r == DB_ROW)
		read_vm(a, st, ret);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_vm_list(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                  int64_t after_at, const char *after_id, int limit, struct vm_message **ret,
                  int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, user_id);
	db_bind_int64(st, 3, after_at);
	db_bind_int64(st, 4, after_at);
	db_bind_int64(st, 5, after_at);
	db_bind_text(st, 6, after_id ? after_id : "");
	db_bind_int64(st, 7, limit);
	void *page;
	int r = row_list(a, st, read_vm, sizeof(struct vm_message), limit, &page, ret_n);
	if (r == 0)
		*ret = page;
	return r;
}

static int count(struct db *db, const char *sql, const char *a1, const char *a2, int64_t *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, a1);
	db_bind_text(st, 2, a2);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -EIO;
}

int store_vm_count_new(struct db *db, const char *org_id, const char *user_id, int64_t *ret)
{
	return count(db, SQL_COUNT_NEW, org_id, user_id, ret);
}

int store_vm_set_heard(struct db *db, const char *org_id, const char *id, int64_t heard_at)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_HEARD, st);
	if (heard_at)
		db_bind_int64(st, 1, heard_at);
	else
		db_bind_text(st, 1, NULL);
	db_bind_text(st, 2, id);
	db_bind_text(st, 3, org_id);
	return row_exec(st, 1);
}

int store_vm_delete(struct db *db, const char *org_id, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	return row_exec(st, 1);
}

int store_vm_sound(struct db *db, struct arena *a, const char *org_id, const char *id, char **ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_SOUND, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = row_text(a, st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_vm_purge(struct db *db, int64_t now, int limit, int64_t *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_PURGE, st);
	db_bind_int64(st, 1, now);
	db_bind_int64(st, 2, limit);
	int r = db_step(st);
	int64_t n = r < 0 ? 0 : db_changes(st);
	db_reset(st);
	if (r < 0)
		return r;
	*ret_n = n;
	return 0;
}

int store_vm_box_user(struct db *db, struct arena *a, const char *org_id, const char *box,
                      char **ret_user_id, char **ret_pin_hash)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_BOX, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, box);
	int r = db_step(st);
	if (r == DB_ROW) {
		*ret_user_id = row_text(a, st, 0);
		*ret_pin_hash = row_text(a, st, 1);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_vm_get_any(struct db *db, struct arena *a, const char *id, struct vm_message *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET_ANY, st);
	db_bind_text(st, 1, id);
	int r = db_step(st);
	if (r == DB_ROW)
		read_vm(a, st, ret);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}
