/* sip_inval.c: the outbox of SIP invalidations: what Kamailio must forget
 * (cached credentials, registrations), one row per JSON-RPC URL and
 * username, queued inside the change's transaction and taken by the
 * delivery worker of any node (sip/rpc.c). */
#include "store/rows.h"
#include "store/store.h"

#include <errno.h>

#define INVAL_COLS                                                                                 \
	"url, username, cause, gen, attempts, next_attempt_at, last_error, created_at, "           \
	"queued_at, delivered"

/* The most rows one call hands out. */
#define INVAL_DUE_MAX 100

/* A row already pending is made due again, not delivered, with the newer
 * cause and a new gen (its attempts and last error stay, for the backoff
 * and the metrics). */
#define INVAL_UPSERT                                                                               \
	" ON CONFLICT (url, username) DO UPDATE SET cause = excluded.cause, "                      \
	"gen = sip_invalidations.gen + 1, next_attempt_at = excluded.next_attempt_at, "            \
	"queued_at = excluded.queued_at, delivered = 0"

static const char SQL_QUEUE[] = "INSERT INTO sip_invalidations (" INVAL_COLS
                                ") VALUES (?, ?, ?, 1, 0, ?, NULL, ?, ?, 0)" INVAL_UPSERT;
/* Every SIP identity of a user (accounts and aliases). The WHERE keeps
 * SQLite from reading ON CONFLICT as a join's ON. */
static const char SQL_QUEUE_USER[] =
    "INSERT INTO sip_invalidations (" INVAL_COLS ") "
    "SELECT CAST(? AS TEXT), s.username, CAST(? AS TEXT), 1, 0, CAST(? AS BIGINT), NULL, "
    "CAST(? AS BIGINT), CAST(? AS BIGINT), 0 FROM sip_accounts s WHERE s.user_id = ?" INVAL_UPSERT;
/* Every SIP identity of an organization's users. */
static const char SQL_QUEUE_ORG[] =
    "INSERT INTO sip_invalidations (" INVAL_COLS ") "
    "SELECT CAST(? AS TEXT), s.username, CAST(? AS TEXT), 1, 0, CAST(? AS BIGINT), NULL, "
    "CAST(? AS BIGINT), CAST(? AS BIGINT), 0 FROM sip_accounts s WHERE s.org_id = ?" INVAL_UPSERT;
static const char SQL_DUE[] = "SELECT " INVAL_COLS " FROM sip_invalidations "
                              "WHERE url = ? AND next_attempt_at <= ? "
                              "ORDER BY next_attempt_at, username LIMIT ?";
/* Taken only while still due and unchanged: of two nodes claiming one row,
 * the second finds it leased (PostgreSQL checks the WHERE again once the
 * first commits; SQLite has one writer). */
static const char SQL_LEASE[] =
    "UPDATE sip_invalidations SET next_attempt_at = ? "
    "WHERE url = ? AND username = ? AND gen = ? AND next_attempt_at <= ?";
static const char SQL_DONE[] =
    "DELETE FROM sip_invalidations WHERE url = ? AND username = ? AND gen = ?";
static const char SQL_DELIVERED[] =
    "UPDATE sip_invalidations SET delivered = 1, attempts = 0, last_error = NULL, "
    "next_attempt_at = ? WHERE url = ? AND username = ? AND gen = ?";
static const char SQL_RETRY[] =
    "UPDATE sip_invalidations SET attempts = ?, next_attempt_at = ?, last_error = ? "
    "WHERE url = ? AND username = ? AND gen = ?";
static const char SQL_COUNT[] =
    "SELECT COALESCE(SUM(CASE WHEN delivered = 0 THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) "
    "FROM sip_invalidations WHERE url = ?";
static const char SQL_EXPIRE[] = "DELETE FROM sip_invalidations WHERE url = ? AND queued_at < ?";

int store_sip_inval_queue(struct db *db, const char *url, const char *username, const char *cause,
                          int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_QUEUE, st);
	db_bind_text(st, 1, url);
	db_bind_text(st, 2, username);
	db_bind_text(st, 3, cause);
	db_bind_int64(st, 4, now);
	db_bind_int64(st, 5, now);
	db_bind_int64(st, 6, now);
	return row_exec(st, 0);
}

/* Queues the identities sql selects by id (SQL_QUEUE_USER, SQL_QUEUE_ORG). */
static int queue_all(struct db *db, const char *sql, const char *url, const char *id,
                     const char *cause, int64_t now)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, url);
	db_bind_text(st, 2, cause);
	db_bind_int64(st, 3, now);
	db_bind_int64(st, 4, now);
	db_bind_int64(st, 5, now);
	db_bind_text(st, 6, id);
	return row_exec(st, 0);
}

int store_sip_inval_queue_user(struct db *db, const char *url, const char *user_id,
                               const char *cause, int64_t now)
{
	return queue_all(db, SQL_QUEUE_USER, url, user_id, cause, now);
}

int store_sip_inval_queue_org(struct db *db, const char *url, const char *org_id, const char *cause,
                              int64_t now)
{
	return queue_all(db, SQL_QUEUE_ORG, url, org_id, cause, now);
}

static void read_inval(struct arena *a, struct db_stmt *st, void *rec)
{
	struct sip_inval *v = rec;
	v->url = row_text(a, st, 0);
	v->username = row_text(a, st, 1);
	v->cause = row_text(a, st, 2);
	v->gen = db_col_int64(st, 3);
	v->attempts = db_col_int64(st, 4);
	v->next_attempt_at = db_col_int64(st, 5);
	v->last_error = row_text(a, st, 6);
	v->created_at = db_col_int64(st, 7);
	v->queued_at = db_col_int64(st, 8);
	v->delivered = db_col_int64(st, 9) != 0;
}

int store_sip_inval_due(struct db *db, struct arena *a, const char *url, int64_t now, int limit,
                        struct sip_inval **ret, int *ret_n)
{
	if (limit <= 0)
		return -EINVAL;
	if (limit > INVAL_DUE_MAX)
		limit = INVAL_DUE_MAX;
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DUE, st);
	db_bind_text(st, 1, url);
	db_bind_int64(st, 2, now);
	db_bind_int64(st, 3, limit);
	return row_list(a, st, read_inval, sizeof(**ret), limit, (void **)ret, ret_n);
}

int store_sip_inval_lease(struct db *db, const struct sip_inval *v, int64_t now, int64_t until)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LEASE, st);
	db_bind_int64(st, 1, until);
	db_bind_text(st, 2, v->url);
	db_bind_text(st, 3, v->username);
	db_bind_int64(st, 4, v->gen);
	db_bind_int64(st, 5, now);
	return row_exec(st, 1);
}

int store_sip_inval_done(struct db *db, const struct sip_inval *v)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DONE, st);
	db_bind_text(st, 1, v->url);
	db_bind_text(st, 2, v->username);
	db_bind_int64(st, 3, v->gen);
	return row_exec(st, 0);
}

int store_sip_inval_delivered(struct db *db, const struct sip_inval *v, int64_t again_at)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELIVERED, st);
	db_bind_int64(st, 1, again_at);
	db_bind_text(st, 2, v->url);
	db_bind_text(st, 3, v->username);
	db_bind_int64(st, 4, v->gen);
	return row_exec(st, 0);
}

int store_sip_inval_retry(struct db *db, const struct sip_inval *v, int64_t attempts, int64_t next,
                          const char *error)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_RETRY, st);
	db_bind_int64(st, 1, attempts);
	db_bind_int64(st, 2, next);
	db_bind_text(st, 3, error);
	db_bind_text(st, 4, v->url);
	db_bind_text(st, 5, v->username);
	db_bind_int64(st, 6, v->gen);
	return row_exec(st, 0);
}

int store_sip_inval_count(struct db *db, const char *url, int64_t *ret_pending,
                          int64_t *ret_failing)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_COUNT, st);
	db_bind_text(st, 1, url);
	int r = db_step(st);
	if (r == DB_ROW) {
		*ret_pending = db_col_int64(st, 0);
		*ret_failing = db_col_int64(st, 1);
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -EIO;
}

int store_sip_inval_expire(struct db *db, const char *url, int64_t before, int64_t *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_EXPIRE, st);
	db_bind_text(st, 1, url);
	db_bind_int64(st, 2, before);
	int r = db_step(st);
	int64_t n = r >= 0 ? db_changes(st) : 0;
	db_reset(st);
	if (r < 0)
		return r;
	*ret_n = n;
	return 0;
}
