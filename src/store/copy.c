/* copy.c: moving a whole installation from one database to another (in
 * practice SQLite to PostgreSQL), table by table in dependency order, in one
 * transaction on the target; then verified by comparing the row counts of
 * every table and, for a sample of rows of each table, every column value.
 *
 * Tables and columns come from the schemas themselves (each driver's
 * tables_sql and columns_sql), so a column a migration adds is copied and
 * verified with no change here. A table or column that one database has and
 * the other lacks, or a table missing from the order below, stops the copy
 * before anything is written. Values travel as text, which both backends
 * accept for every column type the schema uses. */
#include "store/copy.h"
#include "store/rows.h"

#include <errno.h>
#include <string.h>

/* Rows per table compared value by value. Every row would cost about as
 * much again as the copy (one lookup a row: 30,000 audit events into a
 * local PostgreSQL took 3.8 s with the sample, 6.3 s with all of them,
 * under ASan); the row counts cover the rest. */
#define SAMPLE 1000
#define MAX_COLS 128 /* columns per table */

/* Parents before children (foreign keys point up the list): organizations
 * in tree order, then what hangs off them. Every table of the schema must
 * be here; order_by is the source order where a table refers to itself. */
static const struct {
	const char *name, *order_by;
} order[] = {
    {"orgs", "path"},
    {"numbers", NULL},
    {"extensions", NULL},
    {"hunt_groups", NULL},
    {"hunt_group_members", NULL},
    {"schedules", NULL},
    {"media", NULL},
    {"media_audio", NULL},
    {"voicemail_messages", NULL},
    {"companies", NULL},
    {"contacts", NULL},
    {"users", NULL},
    {"password_history", NULL},
    {"perm_groups", NULL},
    {"user_groups", NULL},
    {"sip_accounts", NULL},
    {"sip_caller_ids", NULL},
    {"forward_targets", NULL},
    {"user_telephony", NULL},
    {"user_forwarding", NULL},
    {"sessions", NULL},
    {"tokens", NULL},
    {"auth_failures", NULL},
    {"audit_events", NULL},
    {"outbox", NULL},
    {"idempotency_keys", NULL},
    /* two-factor sign-in: the secrets stay sealed, so the target needs the
     * same key file */
    {"user_totp", NULL},
    {"recovery_codes", NULL},
    {"imports", NULL},
    /* machine principals: hashes only, as sessions */
    {"api_tokens", NULL},
    /* what Kamailio must still forget: usernames and URLs only */
    {"sip_invalidations", NULL},
    /* call records (their user ids are kept without foreign keys) */
    {"calls", NULL},
    /* desk phones and their lines (accounts above); provisioning secrets
     * are hashes only (HA1, BLAKE2b), as the tokens */
    {"devices", NULL},
    {"device_lines", NULL},
    {"provisioning_keys", NULL},
    {"softphone_links", NULL},
};
#define N_TABLES (sizeof(order) / sizeof(order[0]))
_Static_assert(N_TABLES <= COPY_MAX_TABLES, "struct copy_report has no room for every table");

/* Not copied: the migration bookkeeping (each database's own migrate wrote
 * its rows, with the time it ran there, and the CLI checks that both are at
 * the same version before it copies), and the notes of a deferred search
 * index, empty outside an import's transaction (store_search_defer). */
static const char *const skipped[] = {"schema_migrations", "search_defer", "search_pending"};

static const char SQL_ORGS_COUNT[] = "SELECT COUNT(*) FROM orgs";

struct table {
	const char *name;
	int n_cols;
	const char **cols; /* the source's columns, in its order */
	int n_key;
	int *key;     /* the columns the lookup binds, by index in cols */
	bool key_all; /* no primary key: every column, NULL-safe */
	const char *select_sql, *insert_sql, *count_sql, *lookup_sql;
};

static int fail(struct copy_report *ret, enum copy_problem p, const char *table, const char *column,
                const char *side, int r)
{
	ret->problem = p;
	ret->failed_table = table;
	ret->failed_column = column;
	ret->side = side;
	return r;
}

static bool in_list(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

static bool in_order(const char *name)
{
	for (size_t i = 0; i < N_TABLES; i++)
		if (strcmp(order[i].name, name) == 0)
			return true;
	return false;
}

/* A name that goes into SQL as it is: letters, digits and '_'. */
static bool plain_name(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* The first column of every row of sql, with ? bound to arg when arg is
 * set, into ret (room for max), in a; with ret_pk, the second column as a
 * number. */
static int read_names(struct db *db, struct arena *a, const char *sql, const char *arg, int max,
                      const char **ret, int *ret_pk, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	if (arg)
		db_bind_text(st, 1, arg);
	int n = 0, r;
	while ((r = db_step(st)) == DB_ROW) {
		if (n == max) {
			r = -E2BIG;
			break;
		}
		ret[n] = row_text(a, st, 0);
		if (ret_pk)
			ret_pk[n] = (int)db_col_int64(st, 1);
		n++;
	}
	db_reset(st);
	*ret_n = n;
	return r < 0 ? r : 0;
}

/* items joined by sep, in a. */
static char *join(struct arena *a, const char *const *items, int n, const char *sep)
{
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(items[i]) + strlen(sep);
	char *out = arena_alloc(a, len), *o = out;
	for (int i = 0; i < n; i++)
		o = stpcpy(i ? stpcpy(o, sep) : o, items[i]);
	return out;
}

/* Reads table name's columns on both sides, checks they are the same ones
 * (in any order) and builds its statements from the source's. */
static int table_load(struct db *from, struct db *to, struct arena *a, size_t k, struct table *t,
                      struct copy_report *ret)
{
	const char *name = order[k].name, **cols = arena_alloc(a, MAX_COLS * sizeof(*cols));
	const char *dcols[MAX_COLS];
	int pk[MAX_COLS], dpk[MAX_COLS], n, dn, r;
	if ((r = read_names(from, a, from->drv->columns_sql, name, MAX_COLS, cols, pk, &n)) < 0)
		return fail(ret, COPY_DB_ERROR, name, NULL, "source", r);
	if ((r = read_names(to, a, to->drv->columns_sql, name, MAX_COLS, dcols, dpk, &dn)) < 0)
		return fail(ret, COPY_DB_ERROR, name, NULL, "target", r);
	for (int i = 0; i < n; i++)
		if (!in_list(dcols, dn, cols[i]))
			return fail(ret, COPY_COLUMN_MISSING, name, cols[i], "target", -EINVAL);
	for (int i = 0; i < dn; i++)
		if (!in_list(cols, n, dcols[i]))
			return fail(ret, COPY_COLUMN_MISSING, name, dcols[i], "source", -EINVAL);
	for (int i = 0; i < n; i++)
		if (!plain_name(cols[i]))
			return fail(ret, COPY_BAD_NAME, name, cols[i], "source", -EINVAL);

	t->name = name;
	t->n_cols = n;
	t->cols = cols;
	t->key = arena_alloc(a, (size_t)n * sizeof(*t->key));
	for (int pos = 1; pos <= n; pos++) /* the primary key, in its order */
		for (int i = 0; i < n; i++)
			if (pk[i] == pos)
				t->key[t->n_key++] = i;
	t->key_all = t->n_key == 0;
	const char **conds = arena_alloc(a, (size_t)n * sizeof(*conds));
	if (t->key_all)
		for (int i = 0; i < n; i++)
			t->key[t->n_key++] = i;
	for (int i = 0; i < t->n_key; i++) {
		const char *c = cols[t->key[i]];
		conds[i] =
		    t->key_all
		        ? arena_printf(a, "(%s = ? OR (%s IS NULL AND CAST(? AS TEXT) IS NULL))", c,
		                       c)
		        : arena_printf(a, "%s = ?", c);
	}
	const char *where = join(a, conds, t->n_key, " AND ");
	const char **qs = arena_alloc(a, (size_t)n * sizeof(*qs));
	for (int i = 0; i < n; i++)
		qs[i] = "?";
	/* Identifiers cannot be bound: the table names are this file's own
	 * literals (order[]) and every column passed plain_name above; every
	 * value is bound. */
	const char *list = join(a, cols, n, ", ");
	t->select_sql = arena_printf(a, "SELECT %s FROM %s%s%s", list, name,
	                             order[k].order_by ? " ORDER BY " : "",
	                             order[k].order_by ? order[k].order_by : "");
	t->insert_sql =
	    arena_printf(a, "INSERT INTO %s (%s) VALUES (%s)", name, list, join(a, qs, n, ", "));
	t->count_sql = arena_printf(a, "SELECT COUNT(*) FROM %s", name);
	t->lookup_sql = arena_printf(a, "SELECT %s FROM %s WHERE %s", list, name, where);
	return 0;
}

/* Both schemas, table by table: every table of either has its place in
 * the order and is in both, and so is every column. */
static int schema_load(struct db *from, struct db *to, struct arena *a, struct table *ts,
                       struct copy_report *ret)
{
	const char *src[COPY_MAX_TABLES * 2], *dst[COPY_MAX_TABLES * 2];
	int n_src, n_dst, r;
	const int max = COPY_MAX_TABLES * 2, n_skip = sizeof(skipped) / sizeof(skipped[0]);
	if ((r = read_names(from, a, from->drv->tables_sql, NULL, max, src, NULL, &n_src)) < 0)
		return fail(ret, COPY_DB_ERROR, NULL, NULL, "source", r);
	if ((r = read_names(to, a, to->drv->tables_sql, NULL, max, dst, NULL, &n_dst)) < 0)
		return fail(ret, COPY_DB_ERROR, NULL, NULL, "target", r);
	for (int i = 0; i < n_src; i++)
		if (!in_list(skipped, n_skip, src[i]) && !in_order(src[i]))
			return fail(ret, COPY_TABLE_UNLISTED, src[i], NULL, "source", -EINVAL);
	for (int i = 0; i < n_dst; i++)
		if (!in_list(skipped, n_skip, dst[i]) && !in_order(dst[i]))
			return fail(ret, COPY_TABLE_UNLISTED, dst[i], NULL, "target", -EINVAL);
	for (size_t k = 0; k < N_TABLES; k++) {
		if (!in_list(src, n_src, order[k].name))
			return fail(ret, COPY_TABLE_MISSING, order[k].name, NULL, "source",
			            -EINVAL);
		if (!in_list(dst, n_dst, order[k].name))
			return fail(ret, COPY_TABLE_MISSING, order[k].name, NULL, "target",
			            -EINVAL);
	}
	for (size_t k = 0; k < N_TABLES; k++)
		if ((r = table_load(from, to, a, k, &ts[k], ret)) < 0)
			return r;
	return 0;
}

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
 * the same key, every column. -EIO with the report naming the table and
 * the first column that differs (none when the row is missing). */
static int verify_sample(struct db *from, struct db *to, const struct table *t,
                         struct copy_report *ret)
{
	struct db_stmt *src, *dst;
	PREPARE_OR_RETURN(from, t->select_sql, src);
	int r = db_prepare(to, t->lookup_sql, &dst);
	if (r < 0)
		return r;
	int seen = 0;
	while (seen < SAMPLE && (r = db_step(src)) == DB_ROW) {
		seen++;
		for (int i = 0, p = 1; i < t->n_key; i++) {
			const char *v = db_col_text(src, t->key[i]);
			db_bind_text(dst, p++, v);
			if (t->key_all)
				db_bind_text(dst, p++, v);
		}
		r = db_step(dst);
		bool same = r == DB_ROW;
		int i = 0;
		for (; same && i < t->n_cols; i++) {
			const char *x = db_col_text(src, i), *y = db_col_text(dst, i);
			same = (!x && !y) || (x && y && strcmp(x, y) == 0);
		}
		db_reset(dst);
		if (!same) {
			r = fail(ret, COPY_ROW_DIFFERS, t->name,
			         r == DB_ROW ? t->cols[i - 1] : NULL, "target", -EIO);
			break;
		}
	}
	db_reset(src);
	return r < 0 ? r : 0;
}

int store_copy(struct db *from, struct db *to, struct arena *a, struct copy_report *ret)
{
	memset(ret, 0, sizeof(*ret));
	int64_t existing = 0;
	int r = count_rows(to, SQL_ORGS_COUNT, &existing);
	if (r < 0)
		return fail(ret, COPY_DB_ERROR, "orgs", NULL, "target", r);
	if (existing)
		return fail(ret, COPY_NOT_EMPTY, "orgs", NULL, "target", -ENOTEMPTY);
	/* The schema is read in the source's read transaction: what is copied
	 * is what was read. */
	if ((r = db_begin(from, false)) < 0)
		return fail(ret, COPY_DB_ERROR, NULL, NULL, "source", r);
	struct table *ts = arena_alloc(a, N_TABLES * sizeof(*ts));
	if ((r = schema_load(from, to, a, ts, ret)) < 0) {
		db_rollback(from);
		return r;
	}
	if ((r = db_begin(to, true)) < 0) {
		db_rollback(from);
		return fail(ret, COPY_DB_ERROR, NULL, NULL, "target", r);
	}
	for (size_t i = 0; i < N_TABLES && r >= 0; i++) {
		ret->tables[i].name = ts[i].name;
		r = copy_table(from, to, &ts[i], &ret->tables[i].rows);
		if (r < 0)
			fail(ret, COPY_DB_ERROR, ts[i].name, NULL, "target", r);
	}
	ret->n_tables = (int)N_TABLES;
	if (r < 0) {
		db_rollback(to);
		db_rollback(from);
		return r;
	}
	if ((r = db_commit(to)) < 0) {
		db_rollback(from);
		return fail(ret, COPY_DB_ERROR, NULL, NULL, "target", r);
	}
	/* Verify what was committed, against a source nobody changed meanwhile
	 * (the read transaction is still open). */
	for (size_t i = 0; i < N_TABLES && r >= 0; i++) {
		int64_t src_n, dst_n;
		if ((r = count_rows(from, ts[i].count_sql, &src_n)) < 0)
			fail(ret, COPY_DB_ERROR, ts[i].name, NULL, "source", r);
		else if ((r = count_rows(to, ts[i].count_sql, &dst_n)) < 0)
			fail(ret, COPY_DB_ERROR, ts[i].name, NULL, "target", r);
		else if (src_n != dst_n)
			r = fail(ret, COPY_COUNT_DIFFERS, ts[i].name, NULL, "target", -EIO);
		else if ((r = verify_sample(from, to, &ts[i], ret)) < 0 && !ret->problem)
			fail(ret, COPY_DB_ERROR, ts[i].name, NULL, "target", r);
	}
	db_rollback(from);
	ret->verified = r >= 0;
	return r;
}
