/* search.c: the search document of each user (users.search_text), written
 * here on every store write that changes what it holds, in the caller's
 * transaction; the index over it is each backend's (020_search.*.sql).
 *
 * The document is every searchable field of the user, folded (str_search_fold),
 * each followed by 0x1f and the whole preceded by one:
 *   \x1fpieter van den berg\x1fpieter\x1fvan den\x1fberg\x1fpberg\x1f
 *   pieter@example.nl\x1fexample.nl\x1f7001\x1f31201234567\x1f0201234567\x1f
 * that is the full name with infix, its parts, the login name, the emails
 * and their domains, the extensions, and each phone number as its E.164
 * digits and as its national digits (with the trunk prefix). The marks let
 * a query tell a whole field ("\x1fq\x1f") and the start of a field or a
 * word from a match inside one (store_user_search in users.c). */
#include "store/rows.h"
#include "store/store.h"
#include "base/arena.h"
#include "base/util.h"
#include "phone/phone.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARK "\x1f"

static const char SQL_DOC_USER[] =
    "SELECT c.first_name, c.infix, c.last_name, u.login_name, u.email, c.email, c.work_email, "
    "c.phone, c.mobile, c.work_phone FROM users u JOIN contacts c ON c.id = u.contact_id "
    "WHERE u.id = ?";
static const char SQL_DOC_EXT[] =
    "SELECT number FROM extensions WHERE owner_type = 'user' AND owner_id = ? ORDER BY number";
static const char SQL_DOC_NUM[] = "SELECT number FROM numbers WHERE user_id = ? ORDER BY number";
/* Unchanged documents are not written: the index is left alone. */
static const char SQL_DOC_SET[] =
    "UPDATE users SET search_text = ? WHERE id = ? AND search_text <> ?";
static const char SQL_CONTACT_USER[] = "SELECT id FROM users WHERE contact_id = ?";
static const char SQL_NUMBER_USER[] =
    "SELECT user_id FROM numbers WHERE id = ? AND user_id IS NOT NULL";
#define BACKFILL_BATCH 200
static const char SQL_BACKFILL[] =
    "SELECT id FROM users WHERE search_text = '' AND id > ? ORDER BY id LIMIT 200";

struct doc {
	struct arena *a;
	char *text;
};

static void doc_add(struct doc *d, const char *v)
{
	char *f = str_search_fold(d->a, v);
	if (!f || !*f)
		return;
	d->text = arena_printf(d->a, "%s%s" MARK, d->text, f);
}

static void doc_add_email(struct doc *d, const char *email)
{
	doc_add(d, email);
	const char *at = email ? strrchr(email, '@') : NULL;
	if (at)
		doc_add(d, at + 1);
}

/* An E.164 number as its digits and its national digits; other text (a
 * number kept as typed) as it is. */
static void doc_add_phone(struct doc *d, const char *v)
{
	if (!v || v[0] != '+') {
		doc_add(d, v);
		return;
	}
	doc_add(d, v + 1);
	char national[PHONE_E164_MAX + 4];
	if (phone_national_digits(v, national, sizeof(national)) == 0)
		doc_add(d, national);
}

/* Appends the first column of every row of st (one id bound) as fields of
 * kind add. */
static int doc_add_rows(struct doc *d, struct db *db, const char *sql, const char *id,
                        void (*add)(struct doc *, const char *))
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, id);
	int r;
	while ((r = db_step(st)) == DB_ROW)
		add(d, db_col_text(st, 0));
	db_reset(st);
	return r < 0 ? r : 0;
}

/* The document of user_id into *ret (in d->a); -ENOENT without the user. */
static int doc_build(struct doc *d, struct db *db, const char *user_id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DOC_USER, st);
	db_bind_text(st, 1, user_id);
	int r = db_step(st);
	if (r != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : -ENOENT;
	}
	const char *col[10];
	for (int i = 0; i < 10; i++)
		col[i] = db_col_null(st, i) ? NULL : arena_strdup(d->a, db_col_text(st, i));
	db_reset(st);
	d->text = MARK;
	const char *first = col[0], *infix = col[1], *last = col[2];
	doc_add(d, infix && *infix ? arena_printf(d->a, "%s %s %s", first, infix, last)
	                           : arena_printf(d->a, "%s %s", first, last));
	doc_add(d, first);
	doc_add(d, infix);
	doc_add(d, last);
	doc_add(d, col[3]);
	for (int i = 4; i < 7; i++)
		doc_add_email(d, col[i]);
	for (int i = 7; i < 10; i++)
		doc_add_phone(d, col[i]);
	if ((r = doc_add_rows(d, db, SQL_DOC_EXT, user_id, doc_add)) < 0)
		return r;
	return doc_add_rows(d, db, SQL_DOC_NUM, user_id, doc_add_phone);
}

int store_user_search_refresh(struct db *db, const char *user_id)
{
	if (!user_id)
		return 0;
	struct arena *a = arena_new();
	if (!a)
		return -ENOMEM;
	struct doc d = {.a = a};
	int r = doc_build(&d, db, user_id);
	if (r == -ENOENT) {
		r = 0; /* an owner that is not a user (an alias, a hunt group) */
	} else if (r == 0) {
		struct db_stmt *st;
		r = db_prepare(db, SQL_DOC_SET, &st);
		if (r == 0) {
			db_bind_text(st, 1, d.text);
			db_bind_text(st, 2, user_id);
			db_bind_text(st, 3, d.text);
			r = row_exec(st, 0);
		}
	}
	arena_free(a);
	return r;
}

/* Refreshes the user the first column of sql's row names (one id bound). */
static int refresh_by(struct db *db, const char *sql, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, id);
	int r = db_step(st);
	char *user_id = r == DB_ROW ? strdup(db_col_text(st, 0)) : NULL;
	db_reset(st);
	if (r < 0)
		return r;
	if (r == DB_ROW && !user_id)
		return -ENOMEM;
	r = store_user_search_refresh(db, user_id);
	free(user_id);
	return r;
}

int store_contact_search_refresh(struct db *db, const char *contact_id)
{
	return refresh_by(db, SQL_CONTACT_USER, contact_id);
}

int store_number_search_refresh(struct db *db, const char *number_id)
{
	return refresh_by(db, SQL_NUMBER_USER, number_id);
}

int store_search_backfill(struct db *db)
{
	char last[ID_LEN + 1] = "";
	for (;;) {
		struct db_stmt *st;
		PREPARE_OR_RETURN(db, SQL_BACKFILL, st);
		db_bind_text(st, 1, last);
		char ids[BACKFILL_BATCH][ID_LEN + 1];
		int n = 0, r;
		while (n < BACKFILL_BATCH && (r = db_step(st)) == DB_ROW)
			snprintf(ids[n++], sizeof(ids[0]), "%s", db_col_text(st, 0));
		db_reset(st);
		if (r < 0)
			return r;
		for (int i = 0; i < n; i++)
			if ((r = store_user_search_refresh(db, ids[i])) < 0)
				return r;
		if (n < BACKFILL_BATCH)
			return 0;
		memcpy(last, ids[n - 1], sizeof(last));
	}
}
