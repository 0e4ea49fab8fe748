/* telephony.c: a user's telephony settings, forward targets, the numbers
 * that ring it, and the caller IDs of its SIP accounts. */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

#define TEL_COLS                                                                                   \
	"user_id, org_id, reachable, destination_id, fallback_enabled, fallback_mobile, "          \
	"ctd_account_id, ctd_auto_answer, caller_number_id, vm_enabled, vm_box, vm_pin_hash, "     \
	"vm_email, music_on_hold, e911_street, e911_house_number, e911_postal_code, e911_city, "   \
	"e911_country, language, updated_at, simultaneous, ring_seconds, vm_greeting, vm_record"

static const char SQL_GET[] =
    "SELECT t.user_id, t.org_id, t.reachable, t.destination_id, t.fallback_enabled, "
    "t.fallback_mobile, t.ctd_account_id, t.ctd_auto_answer, t.caller_number_id, "
    "t.vm_enabled, t.vm_box, t.vm_pin_hash, t.vm_email, t.music_on_hold, t.e911_street, "
    "t.e911_house_number, t.e911_postal_code, t.e911_city, t.e911_country, t.language, "
    "t.updated_at, t.simultaneous, t.ring_seconds, t.vm_greeting, t.vm_record, n.number "
    "FROM user_telephony t "
    "LEFT JOIN numbers n ON n.id = t.caller_number_id WHERE t.user_id = ? AND t.org_id = ?";
static const char SQL_PUT[] =
    "INSERT INTO user_telephony (" TEL_COLS ") VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (user_id) DO UPDATE SET reachable = excluded.reachable, "
    "destination_id = excluded.destination_id, fallback_enabled = excluded.fallback_enabled, "
    "fallback_mobile = excluded.fallback_mobile, ctd_account_id = excluded.ctd_account_id, "
    "ctd_auto_answer = excluded.ctd_auto_answer, caller_number_id = excluded.caller_number_id, "
    "vm_enabled = excluded.vm_enabled, vm_box = excluded.vm_box, "
    "vm_pin_hash = excluded.vm_pin_hash, vm_email = excluded.vm_email, "
    "music_on_hold = excluded.music_on_hold, e911_street = excluded.e911_street, "
    "e911_house_number = excluded.e911_house_number, "
    "e911_postal_code = excluded.e911_postal_code, e911_city = excluded.e911_city, "
    "e911_country = excluded.e911_country, language = excluded.language, "
    "updated_at = excluded.updated_at, simultaneous = excluded.simultaneous, "
    "ring_seconds = excluded.ring_seconds, vm_greeting = excluded.vm_greeting, "
    "vm_record = excluded.vm_record";
static const char SQL_FWD_LIST[] =
    "SELECT id, org_id, user_id, number, label, position, created_at FROM forward_targets "
    "WHERE user_id = ? ORDER BY position";
static const char SQL_FWD_CLEAR[] = "DELETE FROM forward_targets WHERE user_id = ?";
static const char SQL_FWD_ADD[] = "INSERT INTO forward_targets (id, org_id, user_id, number, "
                                  "label, position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_NUM_USER[] =
    "SELECT id, org_id, number, label, created_at, updated_at, user_id FROM numbers "
    "WHERE org_id = ? AND user_id = ? ORDER BY number";
static const char SQL_NUM_SET_USER[] = "UPDATE numbers SET user_id = ? WHERE id = ? AND org_id = ?";
static const char SQL_NUM_CLEAR_USER[] = "UPDATE numbers SET user_id = NULL WHERE user_id = ?";
static const char SQL_CALLER_LIST[] =
    "SELECT s.id, n.id, n.number FROM sip_accounts s JOIN sip_caller_ids k "
    "ON k.sip_account_id = s.id JOIN numbers n ON n.id = k.number_id WHERE s.user_id = ?";
static const char SQL_CALLER_CLEAR[] = "DELETE FROM sip_caller_ids WHERE sip_account_id = ?";
static const char SQL_CALLER_ADD[] =
    "INSERT INTO sip_caller_ids (sip_account_id, number_id) VALUES (?, ?)";

static void bind_opt_bool(struct db_stmt *st, int i, bool v)
{
	db_bind_bool(st, i, v);
}

int store_tel_get(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                  struct user_telephony *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, user_id);
	db_bind_text(st, 2, org_id);
	int r = db_step(st);
	if (r == DB_ROW) {
		struct user_telephony *t = ret;
		int i = 0;
		memset(t, 0, sizeof(*t));
		t->user_id = row_text(a, st, i++);
		t->org_id = row_text(a, st, i++);
		t->reachable = db_col_int64(st, i++);
		t->destination_id = row_text(a, st, i++);
		t->fallback_enabled = db_col_int64(st, i++);
		t->fallback_mobile = row_text(a, st, i++);
		t->ctd_account_id = row_text(a, st, i++);
		t->ctd_auto_answer = db_col_int64(st, i++);
		t->caller_number_id = row_text(a, st, i++);
		t->vm_enabled = db_col_int64(st, i++);
		t->vm_box = row_text(a, st, i++);
		t->vm_pin_hash = row_text(a, st, i++);
		t->vm_email = row_text(a, st, i++);
		t->music_on_hold = row_text(a, st, i++);
		t->e911_street = row_text(a, st, i++);
		t->e911_house_number = row_text(a, st, i++);
		t->e911_postal_code = row_text(a, st, i++);
		t->e911_city = row_text(a, st, i++);
		t->e911_country = row_text(a, st, i++);
		t->language = row_text(a, st, i++);
		t->updated_at = db_col_int64(st, i++);
		t->simultaneous = row_text(a, st, i++);
		t->ring_seconds = (int)db_col_int64(st, i++);
		t->vm_greeting = row_text(a, st, i++);
		t->vm_record = db_col_int64(st, i++);
		t->caller_number = row_text(a, st, i);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_tel_put(struct db *db, const struct user_telephony *t)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_PUT, st);
	int i = 1;
	db_bind_text(st, i++, t->user_id);
	db_bind_text(st, i++, t->org_id);
	bind_opt_bool(st, i++, t->reachable);
	db_bind_text(st, i++, t->destination_id);
	bind_opt_bool(st, i++, t->fallback_enabled);
	db_bind_text(st, i++, t->fallback_mobile);
	db_bind_text(st, i++, t->ctd_account_id);
	bind_opt_bool(st, i++, t->ctd_auto_answer);
	db_bind_text(st, i++, t->caller_number_id);
	bind_opt_bool(st, i++, t->vm_enabled);
	db_bind_text(st, i++, t->vm_box);
	db_bind_text(st, i++, t->vm_pin_hash);
	db_bind_text(st, i++, t->vm_email);
	db_bind_text(st, i++, t->music_on_hold);
	db_bind_text(st, i++, t->e911_street);
	db_bind_text(st, i++, t->e911_house_number);
	db_bind_text(st, i++, t->e911_postal_code);
	db_bind_text(st, i++, t->e911_city);
	db_bind_text(st, i++, t->e911_country);
	db_bind_text(st, i++, t->language);
	db_bind_int64(st, i++, t->updated_at);
	db_bind_text(st, i++, t->simultaneous);
	db_bind_int64(st, i++, t->ring_seconds);
	db_bind_text(st, i++, t->vm_greeting);
	bind_opt_bool(st, i, t->vm_record);
	return row_exec(st, 0);
}

int store_fwd_list(struct db *db, struct arena *a, const char *user_id, struct forward_target **ret,
                   int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_FWD_LIST, st);
	db_bind_text(st, 1, user_id);
	int cap = 8, n = 0, r;
	struct forward_target *items = arena_alloc(a, sizeof(*items) * (size_t)cap);
	while ((r = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct forward_target *more =
			    arena_alloc(a, sizeof(*items) * (size_t)cap * 2);
			memcpy(more, items, sizeof(*items) * (size_t)n);
			items = more;
			cap *= 2;
		}
		struct forward_target *f = &items[n++];
		f->id = row_text(a, st, 0);
		f->org_id = row_text(a, st, 1);
		f->user_id = row_text(a, st, 2);
		f->number = row_text(a, st, 3);
		f->label = row_text(a, st, 4);
		f->position = (int)db_col_int64(st, 5);
		f->created_at = db_col_int64(st, 6);
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = n;
	return 0;
}

static int exec_id(struct db *db, const char *sql, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, id);
	return row_exec(st, 0);
}

int store_fwd_replace(struct db *db, const char *user_id, const struct forward_target *items, int n)
{
	int r = exec_id(db, SQL_FWD_CLEAR, user_id);
	for (int i = 0; r >= 0 && i < n; i++) {
		struct db_stmt *st;
		PREPARE_OR_RETURN(db, SQL_FWD_ADD, st);
		db_bind_text(st, 1, items[i].id);
		db_bind_text(st, 2, items[i].org_id);
		db_bind_text(st, 3, user_id);
		db_bind_text(st, 4, items[i].number);
		db_bind_text(st, 5, items[i].label);
		db_bind_int64(st, 6, i);
		db_bind_int64(st, 7, items[i].created_at);
		r = row_exec(st, 0);
	}
	return r < 0 ? r : 0;
}

int store_number_user_list(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                           struct number **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_NUM_USER, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, user_id);
	int cap = 8, n = 0, r;
	struct number *items = arena_alloc(a, sizeof(*items) * (size_t)cap);
	while ((r = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct number *more = arena_alloc(a, sizeof(*items) * (size_t)cap * 2);
			memcpy(more, items, sizeof(*items) * (size_t)n);
			items = more;
			cap *= 2;
		}
		struct number *x = &items[n++];
		x->id = row_text(a, st, 0);
		x->org_id = row_text(a, st, 1);
		x->number = row_text(a, st, 2);
		x->label = row_text(a, st, 3);
		x->created_at = db_col_int64(st, 4);
		x->updated_at = db_col_int64(st, 5);
		x->user_id = row_text(a, st, 6);
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = n;
	return 0;
}

int store_number_set_user(struct db *db, const char *org_id, const char *number_id,
                          const char *user_id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_NUM_SET_USER, st);
	db_bind_text(st, 1, user_id);
	db_bind_text(st, 2, number_id);
	db_bind_text(st, 3, org_id);
	int r = row_exec(st, 1);
	return r < 0 ? r : store_user_search_refresh(db, user_id);
}

int store_number_clear_user(struct db *db, const char *user_id)
{
	int r = exec_id(db, SQL_NUM_CLEAR_USER, user_id);
	return r < 0 ? r : store_user_search_refresh(db, user_id);
}

int store_sip_caller_list(struct db *db, struct arena *a, const char *user_id,
                          struct sip_caller **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_CALLER_LIST, st);
	db_bind_text(st, 1, user_id);
	int cap = 8, n = 0, r;
	struct sip_caller *items = arena_alloc(a, sizeof(*items) * (size_t)cap);
	while ((r = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct sip_caller *more = arena_alloc(a, sizeof(*items) * (size_t)cap * 2);
			memcpy(more, items, sizeof(*items) * (size_t)n);
			items = more;
			cap *= 2;
		}
		items[n].sip_account_id = row_text(a, st, 0);
		items[n].number_id = row_text(a, st, 1);
		items[n++].number = row_text(a, st, 2);
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	*ret_n = n;
	return 0;
}

int store_sip_caller_set(struct db *db, const char *sip_account_id, const char *number_id)
{
	int r = exec_id(db, SQL_CALLER_CLEAR, sip_account_id);
	if (r < 0 || !number_id)
		return r;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_CALLER_ADD, st);
	db_bind_text(st, 1, sip_account_id);
	db_bind_text(st, 2, number_id);
	return row_exec(st, 0);
}
