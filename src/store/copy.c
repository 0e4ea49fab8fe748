/* copy.c: moving a whole installation from one database to another (in
 * practice SQLite to PostgreSQL), table by table in dependency order, in one
 * transaction on the target; then verified by comparing the row counts of
 * every table and, for a sample of rows of each table with a one-column key,
 * every column value. Values travel as text, which both backends accept for
 * every column type the schema uses. */
#include "store/copy.h"
#include "store/rows.h"

#include <errno.h>
#include <string.h>

#define SAMPLE 200 /* rows per table compared value by value */

struct table {
	const char *name;
	int n_cols;
	const char *select_sql, *insert_sql, *count_sql, *lookup_sql;
};

/* A table with a one-column key, whose rows the sample check can look up. */
#define TABLE(name, n, cols, qs, order, pk)                                                        \
	{                                                                                          \
		name, n, "SELECT " cols " FROM " name order,                                       \
		    "INSERT INTO " name " (" cols ") VALUES (" qs ")",                             \
		    "SELECT COUNT(*) FROM " name, "SELECT " cols " FROM " name " WHERE " pk " = ?" \
	}
/* A table checked by its row count only. */
#define TABLE_NOKEY(name, n, cols, qs)                                                             \
	{                                                                                          \
		name, n, "SELECT " cols " FROM " name,                                             \
		    "INSERT INTO " name " (" cols ") VALUES (" qs ")",                             \
		    "SELECT COUNT(*) FROM " name, NULL                                             \
	}

#define Q2 "?, ?"
#define Q3 Q2 ", ?"
#define Q4 Q3 ", ?"
#define Q6 Q4 ", ?, ?"
#define Q7 Q6 ", ?"
#define Q9 Q6 ", ?, ?, ?"
#define Q10 Q9 ", ?"
#define Q11 Q10 ", ?"
#define Q12 Q11 ", ?"
#define Q16 Q11 ", ?, ?, ?, ?, ?"
#define Q18 Q16 ", ?, ?"
#define Q20 Q16 ", ?, ?, ?, ?"
#define Q22 Q20 ", ?, ?"
#define Q21 Q20 ", ?"
#define Q25 Q22 ", ?, ?, ?"

/* Parents before children: organizations in tree order, then what hangs
 * off them. */
static const struct table tables[] = {
    TABLE("orgs", 25,
          "id, parent_id, path, kind, name, country, language, timezone, sip_domain, "
          "pw_min_length, pw_require_digit, pw_require_lower, pw_require_upper, "
          "pw_require_symbol, pw_forbid_personal, pw_history, pw_min_entropy, "
          "two_factor_required, ext_length, ext_prefix, trunk_number_id, caller_id_mode, "
          "retention_days, created_at, updated_at",
          Q25, " ORDER BY path", "id"),
    TABLE("numbers", 7, "id, org_id, number, label, created_at, updated_at, user_id", Q7, "", "id"),
    TABLE("extensions", 6, "id, org_id, number, owner_type, owner_id, created_at", Q6, "", "id"),
    TABLE("hunt_groups", 9,
          "id, org_id, name, name_norm, kind, strategy, ring_seconds, created_at, updated_at", Q9,
          "", "id"),
    TABLE_NOKEY("hunt_group_members", 4, "group_id, position, member_type, member_id", Q4),
    TABLE("companies", 9,
          "id, org_id, name, name_norm, website, phone, email, created_at, updated_at", Q9, "",
          "id"),
    TABLE("contacts", 22,
          "id, org_id, salutation, first_name, infix, last_name, email, phone, mobile, "
          "company_id, job_title, work_phone, work_email, web, street, postal_code, city, "
          "country, notes, sort_name, created_at, updated_at",
          Q22, "", "id"),
    TABLE("users", 18,
          "id, org_id, contact_id, email, email_norm, login_name, login_name_norm, "
          "password_hash, status, must_change_password, language, timezone, created_at, "
          "updated_at, password_changed_at, last_login_at, deleted_at, purge_after",
          Q18, "", "id"),
    TABLE_NOKEY("password_history", 3, "user_id, hash, created_at", Q3),
    TABLE("perm_groups", 10,
          "id, org_id, builtin, name, name_norm, description, permissions, created_at, "
          "updated_at, two_factor_required",
          Q10, "", "id"),
    TABLE_NOKEY("user_groups", 2, "user_id, group_id", Q2),
    TABLE("sip_accounts", 12,
          "id, org_id, user_id, kind, label, username, realm, ha1, secret_sealed, enabled, "
          "created_at, updated_at",
          Q12, "", "id"),
    TABLE_NOKEY("sip_caller_ids", 2, "sip_account_id, number_id", Q2),
    TABLE("forward_targets", 7, "id, org_id, user_id, number, label, position, created_at", Q7, "",
          "id"),
    TABLE("user_telephony", 21,
          "user_id, org_id, reachable, destination_id, fallback_enabled, fallback_mobile, "
          "ctd_account_id, ctd_auto_answer, caller_number_id, vm_enabled, vm_box, vm_pin_hash, "
          "vm_email, music_on_hold, e911_street, e911_house_number, e911_postal_code, "
          "e911_city, e911_country, language, updated_at",
          Q21, "", "user_id"),
    TABLE("sessions", 6, "token_hash, user_id, created_at, expires_at, last_seen_at, client_addr",
          Q6, "", "token_hash"),
    TABLE("tokens", 6, "token_hash, user_id, purpose, created_at, expires_at, used_at", Q6, "",
          "token_hash"),
    TABLE("auth_failures", 4, "key, failures, window_start, locked_until", Q4, "", "key"),
    TABLE("audit_events", 11,
          "id, org_id, actor_id, actor_label, object_type, object_id, action, changes, "
          "request_id, client_addr, created_at",
          Q11, "", "id"),
    TABLE("outbox", 11,
          "id, to_addr, message, kind, status, attempts, next_attempt_at, last_error, "
          "created_at, sent_at, user_id",
          Q11, "", "id"),
    TABLE_NOKEY("idempotency_keys", 10,
                "user_id, key, method, path, body_hash, status, location, response, created_at, "
                "etag",
                Q10),
    /* two-factor sign-in: the secrets stay sealed, so the target needs the
     * same key file */
    TABLE("user_totp", 6, "user_id, secret, confirmed_at, last_step, created_at, updated_at", Q6,
          "", "user_id"),
    TABLE_NOKEY("recovery_codes", 4, "user_id, code_hash, created_at, used_at", Q4),
    TABLE("imports", 22,
          "id, org_id, actor_id, mode, dry_run, skip_invalid, status, total, processed, "
          "created, updated, unchanged, failed, written, errors, detail, created_at, "
          "updated_at, finished_at, node_id, heartbeat_at, reason",
          Q22, "", "id"),
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))
_Static_assert(N_TABLES <= COPY_MAX_TABLES, "struct copy_report has no room for every table");

static int count_rows(struct db *db, const char *sql, int64_t *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -EIO;
}

static int copy_table(struct db *from, struct db *to, const struct table *t, int64_t *ret_n)
{
	struct db_stmt *src, *dst;
	PREPARE_OR_RETURN(from, t->select_sql, src);
	int r = db_prepare(to, t->insert_sql, &dst);
	if (r < 0)
		return r;
	int64_t n = 0;
	while ((r = db_step(src)) == DB_ROW) {
		for (int i = 0; i < t->n_cols; i++)
			db_bind_text(dst, i + 1, db_col_text(src, i));
		r = db_step(dst);
		db_reset(dst);
		if (r < 0)
			break;
		n++;
	}
	db_reset(src);
	*ret_n = n;
	return r < 0 ? r : 0;
}

/* Compares the first SAMPLE rows of the source with the target's rows of
 * the same key, column by column. -EIO names the table in *ret_bad. */
static int verify_sample(struct arena *a, struct db *from, struct db *to, const struct table *t)
{
	if (!t->lookup_sql)
		return 0;
	struct db_stmt *src, *dst;
	PREPARE_OR_RETURN(from, t->select_sql, src);
	int r = db_prepare(to, t->lookup_sql, &dst);
	if (r < 0)
		return r;
	int seen = 0;
	while (seen < SAMPLE && (r = db_step(src)) == DB_ROW) {
		seen++;
		db_bind_text(dst, 1, db_col_text(src, 0));
		r = db_step(dst);
		bool same = r == DB_ROW;
		for (int i = 0; same && i < t->n_cols; i++) {
			const char *x = db_col_text(src, i), *y = db_col_text(dst, i);
			same = (!x && !y) || (x && y && strcmp(x, y) == 0);
		}
		db_reset(dst);
		if (!same) {
			r = -EIO;
			break;
		}
	}
	db_reset(src);
	(void)a;
	return r < 0 ? r : 0;
}

int store_copy(struct db *from, struct db *to, struct arena *a, struct copy_report *ret)
{
	memset(ret, 0, sizeof(*ret));
	int64_t existing = 0;
	int r = count_rows(to, tables[0].count_sql, &existing);
	if (r < 0)
		return r;
	if (existing) {
		ret->failed_table = "orgs";
		return -ENOTEMPTY;
	}
	if ((r = db_begin(from, false)) < 0)
		return r;
	if ((r = db_begin(to, true)) < 0) {
		db_rollback(from);
		return r;
	}
	for (size_t i = 0; i < N_TABLES && r >= 0; i++) {
		ret->tables[i].name = tables[i].name;
		r = copy_table(from, to, &tables[i], &ret->tables[i].rows);
		if (r < 0)
			ret->failed_table = tables[i].name;
	}
	ret->n_tables = (int)N_TABLES;
	if (r < 0) {
		db_rollback(to);
		db_rollback(from);
		return r;
	}
	if ((r = db_commit(to)) < 0) {
		db_rollback(from);
		return r;
	}
	/* Verify what was committed, against a source nobody changed meanwhile
	 * (the read transaction is still open). */
	for (size_t i = 0; i < N_TABLES && r >= 0; i++) {
		int64_t src_n, dst_n;
		if ((r = count_rows(from, tables[i].count_sql, &src_n)) < 0 ||
		    (r = count_rows(to, tables[i].count_sql, &dst_n)) < 0)
			break;
		if (src_n != dst_n || (r = verify_sample(a, from, to, &tables[i])) < 0) {
			ret->failed_table = tables[i].name;
			r = -EIO;
		}
	}
	db_rollback(from);
	ret->verified = r >= 0;
	return r;
}
