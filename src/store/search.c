/* search.c: the search documents of users, contacts and companies
 * (users.search_text, contacts.search_text, companies.search_text), written
 * here on every store write that changes what they hold, in the caller's
 * transaction; the index over them is each backend's (022_search.*.sql),
 * and the ranked queries' shared parts are here too (search.h).
 *
 * A user's document is every searchable field, folded (str_search_fold),
 * each followed by 0x1f and the whole preceded by one:
 *   \x1f<org token>\x1fpieter van den berg\x1fpieter\x1fvan den\x1fberg\x1f
 *   pberg\x1fpieter@example.nl\x1fexample.nl\x1f7001\x1f31201234567\x1f0201234567\x1f
 * that is the organization's token (org_token), the full name with infix,
 * its parts, the login name, the emails and their domains, the extensions,
 * and each phone number as its E.164 digits and as its national digits
 * (with the trunk prefix). A contact's has the employer's name for the
 * login and no extensions; a company's, its name, email and web site. The
 * marks let a query tell a whole field ("\x1fq\x1f") and the start of a
 * field or a word from a match inside one (SEARCH_RANK). */
#include "store/search.h"
#include "store/rows.h"
#include "base/arena.h"
#include "base/util.h"
#include "phone/phone.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARK "\x1f"

static const char SQL_DOC_USER[] =
    "SELECT c.first_name, c.infix, c.last_name, u.login_name, u.email, c.email, c.work_email, "
    "c.phone, c.mobile, c.work_phone, u.org_id FROM users u JOIN contacts c ON c.id = u.contact_id "
    "WHERE u.id = ?";
static const char SQL_DOC_EXT[] =
    "SELECT number FROM extensions WHERE owner_type = 'user' AND owner_id = ? ORDER BY number";
static const char SQL_DOC_NUM[] = "SELECT number FROM numbers WHERE user_id = ? ORDER BY number";
/* Unchanged documents are not written: the index is left alone. The sort
 * name (the contact's) goes with it: it changes only with the name, which
 * is in the document. */
static const char SQL_DOC_SET[] =
    "UPDATE users SET search_text = ?, sort_name = COALESCE((SELECT c.sort_name FROM contacts c "
    "WHERE c.id = users.contact_id), '') WHERE id = ? AND search_text <> ?";
static const char SQL_CONTACT_USER[] = "SELECT id FROM users WHERE contact_id = ?";
static const char SQL_DOC_CONTACT[] =
    "SELECT c.first_name, c.infix, c.last_name, co.name, c.email, c.work_email, NULL, "
    "c.phone, c.mobile, c.work_phone, c.org_id FROM contacts c "
    "LEFT JOIN companies co ON co.id = c.company_id WHERE c.id = ?";
static const char SQL_CONTACT_SET[] =
    "UPDATE contacts SET search_text = ? WHERE id = ? AND search_text <> ?";
static const char SQL_COMPANY_CONTACTS[] =
    "SELECT id FROM contacts WHERE company_id = ? AND id > ? ORDER BY id LIMIT 200";
static const char SQL_DOC_COMPANY[] =
    "SELECT name, email, website, org_id FROM companies WHERE id = ?";
static const char SQL_COMPANY_SET[] =
    "UPDATE companies SET search_text = ? WHERE id = ? AND search_text <> ?";
static const char SQL_BACKFILL_COMPANIES[] =
    "SELECT id FROM companies WHERE search_text = '' AND id > ? ORDER BY id LIMIT 200";
static const char SQL_ORG_NAME[] = "SELECT name FROM orgs WHERE id = ?";
static const char SQL_ORG_SET[] =
    "UPDATE orgs SET search_text = ? WHERE id = ? AND search_text <> ?";
static const char SQL_BACKFILL_ORGS[] =
    "SELECT id FROM orgs WHERE search_text = '' AND id > ? ORDER BY id LIMIT 200";
static const char SQL_BACKFILL_CONTACTS[] =
    "SELECT id FROM contacts WHERE search_text = '' AND id > ? ORDER BY id LIMIT 200";
static const char SQL_NUMBER_USER[] =
    "SELECT user_id FROM numbers WHERE id = ? AND user_id IS NOT NULL";
#define BACKFILL_BATCH 200
static const char SQL_BACKFILL[] =
    "SELECT id FROM users WHERE search_text = '' AND id > ? ORDER BY id LIMIT 200";

/* The organization's token: three characters of Unicode's private use
 * area (U+E000..U+F8FF, which nobody types), from a hash of its id. A
 * document starts with it, and the FTS5 query asks for it beside the
 * terms: FTS5 intersects its short list with theirs, so a search in a
 * small organization does not read every match of the platform. Two
 * organizations may share a token (1 in 2.6e11): the query's org_id
 * keeps them apart. */
#define ORG_TOKEN_SIZE 10 /* 3 characters of 3 bytes, and the NUL */
static void org_token(const char *org_id, char out[ORG_TOKEN_SIZE])
{
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)(org_id ? org_id : ""); *p; p++)
		h = (h ^ *p) * 0x100000001b3u;
	char *o = out;
	for (int i = 0; i < 3; i++, h /= 6400) {
		unsigned cp = 0xE000 + (unsigned)(h % 6400);
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	*o = 0;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

/* A phrase of an FTS5 query: v between double quotes, its own doubled. */
static char *fts_phrase(struct arena *a, const char *v)
{
	char *out = arena_alloc(a, 2 * strlen(v) + 3), *o = out;
	*o++ = '"';
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			*o++ = '"';
		*o++ = *p;
	}
	*o++ = '"';
	*o = 0;
	return out;
}

char *store_search_fts_query(struct arena *a, const char *org_id, const struct search_query *q)
{
	/* longest first: PostgreSQL looks up the first phrase alone */
	const char *t[SEARCH_TERMS_MAX];
	int n = 0;
	for (int i = 0; i < q->n; i++) {
		if (utf8_chars(q->terms[i]) < 3)
			continue; /* no trigram: checked on the candidates */
		int k = n++;
		for (; k > 0 && strlen(t[k - 1]) < strlen(q->terms[i]); k--)
			t[k] = t[k - 1];
		t[k] = q->terms[i];
	}
	char *out = "";
	for (int i = 0; i < n; i++)
		out = arena_printf(a, "%s%s ", out, fts_phrase(a, t[i]));
	if (!org_id) /* scoped otherwise (organizations, by their path) */
		return arena_printf(a, "%.*s", (int)strlen(out) - 1, out);
	char token[ORG_TOKEN_SIZE];
	org_token(org_id, token);
	return arena_printf(a, "%s\"%s\"", out, token);
}

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
	/* phone_national_digits keeps this thread's last answers: a number
	 * normalised a moment ago, or a contact's and its login's, costs no
	 * second parse */
	char national[PHONE_E164_MAX + 4];
	if (strlen(v) >= PHONE_E164_MAX || phone_national_digits(v, national, sizeof(national)) < 0)
		return;
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

#define DOC_COLS 11
static void doc_cols(struct doc *d, const char *const col[DOC_COLS]);

/* The person's part of a document into d->text, from sql's one row for id:
 * first name, infix, last name, a name (the login, the employer), three
 * emails, three phone numbers, the organization. -ENOENT without it. */
static int doc_read(struct doc *d, struct db *db, const char *sql, const char *id,
                    const char *col[DOC_COLS])
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, sql, st);
	db_bind_text(st, 1, id);
	int r = db_step(st);
	if (r != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : -ENOENT;
	}
	for (int i = 0; i < DOC_COLS; i++)
		col[i] = db_col_null(st, i) ? NULL : arena_strdup(d->a, db_col_text(st, i));
	db_reset(st);
	return 0;
}

static int doc_person(struct doc *d, struct db *db, const char *sql, const char *id)
{
	const char *col[DOC_COLS];
	int r = doc_read(d, db, sql, id, col);
	if (r == 0)
		doc_cols(d, col);
	return r;
}

/* The person's part of a document from col (doc_person's columns). */
static void doc_cols(struct doc *d, const char *const col[DOC_COLS])
{
	char token[ORG_TOKEN_SIZE];
	org_token(col[10], token);
	d->text = arena_printf(d->a, MARK "%s" MARK, token);
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
}

/* The document of user_id into d->text; -ENOENT without the user. */
static int doc_build(struct doc *d, struct db *db, const char *user_id)
{
	int r = doc_person(d, db, SQL_DOC_USER, user_id);
	if (r < 0 || (r = doc_add_rows(d, db, SQL_DOC_EXT, user_id, doc_add)) < 0)
		return r;
	return doc_add_rows(d, db, SQL_DOC_NUM, user_id, doc_add_phone);
}

/* Writes the document sql_set takes for id, built by build. */
static int doc_write(struct db *db, const char *id, const char *sql_set,
                     int (*build)(struct doc *, struct db *, const char *))
{
	struct arena *a = arena_new();
	if (!a)
		return -ENOMEM;
	struct doc d = {.a = a};
	int r = build(&d, db, id);
	if (r == -ENOENT) {
		r = 0; /* an owner that is not a user (an alias, a hunt group) */
	} else if (r == 0) {
		struct db_stmt *st;
		r = db_prepare(db, sql_set, &st);
		if (r == 0) {
			db_bind_text(st, 1, d.text);
			db_bind_text(st, 2, id);
			db_bind_text(st, 3, d.text);
			r = row_exec(st, 0);
		}
	}
	arena_free(a);
	return r;
}

static const char SQL_COMPANY_NAME[] = "SELECT name FROM companies WHERE id = ?";
static const char SQL_DOC_NEW_USER[] =
    "SELECT c.first_name, c.infix, c.last_name, NULL, NULL, c.email, c.work_email, c.phone, "
    "c.mobile, c.work_phone, c.org_id FROM contacts c WHERE c.id = ?";

char *store_contact_search_doc(struct arena *a, struct db *db, const struct contact *c)
{
	const char *company = c->company_name;
	if (!company && c->company_id) {
		struct db_stmt *st;
		if (db_prepare(db, SQL_COMPANY_NAME, &st) < 0)
			return NULL;
		db_bind_text(st, 1, c->company_id);
		if (db_step(st) == DB_ROW)
			company = arena_strdup(a, db_col_text(st, 0));
		db_reset(st);
	}
	const char *col[DOC_COLS] = {c->first_name, c->infix,      c->last_name, company,
	                             c->email,      c->work_email, NULL,         c->phone,
	                             c->mobile,     c->work_phone, c->org_id};
	struct doc d = {.a = a};
	doc_cols(&d, col);
	return d.text;
}

char *store_user_search_doc(struct arena *a, struct db *db, const struct user *u)
{
	struct doc d = {.a = a};
	const char *col[DOC_COLS];
	if (doc_read(&d, db, SQL_DOC_NEW_USER, u->contact_id, col) < 0)
		return NULL;
	col[3] = u->login_name;
	col[4] = u->email;
	doc_cols(&d, col);
	return d.text;
}

/* A company's document: the token, its name, email (and domain), web site. */
static int company_doc_build(struct doc *d, struct db *db, const char *company_id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DOC_COMPANY, st);
	db_bind_text(st, 1, company_id);
	int r = db_step(st);
	if (r != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : -ENOENT;
	}
	const char *col[4];
	for (int i = 0; i < 4; i++)
		col[i] = db_col_null(st, i) ? NULL : arena_strdup(d->a, db_col_text(st, i));
	db_reset(st);
	char token[ORG_TOKEN_SIZE];
	org_token(col[3], token);
	d->text = arena_printf(d->a, MARK "%s" MARK, token);
	doc_add(d, col[0]);
	doc_add_email(d, col[1]);
	doc_add(d, col[2]);
	return 0;
}

static int contact_doc_build(struct doc *d, struct db *db, const char *contact_id)
{
	return doc_person(d, db, SQL_DOC_CONTACT, contact_id);
}

int store_user_search_refresh(struct db *db, const char *user_id)
{
	return user_id ? doc_write(db, user_id, SQL_DOC_SET, doc_build) : 0;
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
	int r = store_contact_search_write(db, contact_id);
	return r < 0 ? r : refresh_by(db, SQL_CONTACT_USER, contact_id);
}

/* Calls fn for every id sql lists (a batch of 200 after the last id, one
 * id bound before it when key is not NULL). */
static int each_id(struct db *db, const char *sql, const char *key,
                   int (*fn)(struct db *, const char *))
{
	char last[ID_LEN + 1] = "";
	for (;;) {
		struct db_stmt *st;
		PREPARE_OR_RETURN(db, sql, st);
		int i = 1;
		if (key)
			db_bind_text(st, i++, key);
		db_bind_text(st, i, last);
		char ids[BACKFILL_BATCH][ID_LEN + 1];
		int n = 0, r;
		while (n < BACKFILL_BATCH && (r = db_step(st)) == DB_ROW)
			snprintf(ids[n++], sizeof(ids[0]), "%s", db_col_text(st, 0));
		db_reset(st);
		if (r < 0)
			return r;
		for (int k = 0; k < n; k++)
			if ((r = fn(db, ids[k])) < 0)
				return r;
		if (n < BACKFILL_BATCH)
			return 0;
		memcpy(last, ids[n - 1], sizeof(last));
	}
}

int store_contact_search_write(struct db *db, const char *contact_id)
{
	return doc_write(db, contact_id, SQL_CONTACT_SET, contact_doc_build);
}

char *store_org_search_doc(struct arena *a, const char *name)
{
	char *f = str_search_fold(a, name);
	return arena_printf(a, MARK "%s" MARK, f ? f : "");
}

static int org_doc_build(struct doc *d, struct db *db, const char *org_id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_ORG_NAME, st);
	db_bind_text(st, 1, org_id);
	int r = db_step(st);
	if (r == DB_ROW)
		d->text = store_org_search_doc(d->a, db_col_text(st, 0));
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

static int org_write(struct db *db, const char *org_id)
{
	return doc_write(db, org_id, SQL_ORG_SET, org_doc_build);
}

int search_rank_of(const char *doc, const struct search_query *q, struct arena *a)
{
	if (strstr(doc, arena_printf(a, MARK "%s" MARK, q->whole)))
		return 0;
	if (strstr(doc, arena_printf(a, MARK "%s", q->whole)) ||
	    strstr(doc, arena_printf(a, " %s", q->whole)))
		return 1;
	return 2;
}

static int company_write(struct db *db, const char *company_id)
{
	return doc_write(db, company_id, SQL_COMPANY_SET, company_doc_build);
}

int store_company_search_refresh(struct db *db, const char *company_id)
{
	int r = company_write(db, company_id);
	return r < 0 ? r
	             : each_id(db, SQL_COMPANY_CONTACTS, company_id, store_contact_search_write);
}

int store_number_search_refresh(struct db *db, const char *number_id)
{
	return refresh_by(db, SQL_NUMBER_USER, number_id);
}

/* ---- deferring the index during a long write (SQLite) --------------------- */

int store_search_defer(struct db *db)
{
	if (db->drv != &db_sqlite_driver)
		return 0; /* PostgreSQL's GIN indexes need no deferring */
	return db_exec(db, "INSERT INTO search_defer (since) VALUES (0)");
}

int store_search_flush(struct db *db)
{
	if (db->drv != &db_sqlite_driver)
		return 0;
	/* Each index: what it held of a changed row out, the row as it is now
	 * in (022_search.sqlite.sql). */
	static const char *const sql[] = {
#define FLUSH(kind, fts, table)                                                                    \
	"INSERT INTO " fts " (" fts ", rowid, id, search_text) SELECT 'delete', row, old_id, "     \
	"old_text FROM search_pending WHERE tbl = '" kind "' AND old_text IS NOT NULL",            \
	    "INSERT INTO " fts                                                                     \
	    " (rowid, id, search_text) SELECT t.rowid, t.id, t.search_text FROM "                  \
	    "search_pending p JOIN " table " t ON t.rowid = p.row WHERE p.tbl = '" kind "'"
	    FLUSH("user", "user_search", "users"),
	    FLUSH("contact", "contact_search", "contacts"),
	    FLUSH("company", "company_search", "companies"),
	    FLUSH("org", "org_search", "orgs"),
#undef FLUSH
	    "DELETE FROM search_pending",
	    "DELETE FROM search_defer",
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		int r = db_exec(db, sql[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

int store_search_backfill(struct db *db)
{
	int r = each_id(db, SQL_BACKFILL, NULL, store_user_search_refresh);
	if (r >= 0)
		r = each_id(db, SQL_BACKFILL_COMPANIES, NULL, company_write);
	if (r >= 0)
		r = each_id(db, SQL_BACKFILL_ORGS, NULL, org_write);
	return r < 0 ? r : each_id(db, SQL_BACKFILL_CONTACTS, NULL, store_contact_search_write);
}

/* ---- the shared parts of ranked searches (search.h) ---------------------- */

/* The LIKE pattern pre, v escaped, post. */
static const char *pattern(struct arena *a, const char *pre, const char *v, const char *post)
{
	const char *esc = row_like(a, v, false); /* "v%", escaped */
	return arena_printf(a, "%s%.*s%s", pre, (int)strlen(esc) - 1, esc, post);
}

void search_binds_make(struct arena *a, const char *org_id, const struct search_query *q,
                       const char *after, struct search_binds *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->rank[0] = pattern(a, "%" MARK, q->whole, MARK "%");
	ret->rank[1] = pattern(a, "%" MARK, q->whole, "%");
	ret->rank[2] = pattern(a, "% ", q->whole, "%");
	for (int k = 0; k < q->n; k++)
		ret->terms[k] = pattern(a, "%", q->terms[k], "%");
	ret->fts = store_search_fts_query(a, org_id, q);
	const char *key = NULL, *id = "";
	row_cursor_split(a, after, &key, &id);
	if (key && key[0] >= '0' && key[0] <= '2')
		ret->after_rank = *key++ - '0';
	ret->after_key = key ? key : "";
	ret->after_id = id;
}

int search_bind_rank(struct db_stmt *st, int i, const struct search_binds *b)
{
	for (int k = 0; k < 3; k++)
		db_bind_text(st, i++, b->rank[k]);
	return i;
}

int search_bind_terms(struct db_stmt *st, int i, const struct search_binds *b)
{
	for (int k = 0; k < SEARCH_TERMS_MAX; k++) {
		db_bind_text(st, i++, b->terms[k]);
		db_bind_text(st, i++, b->terms[k] ? b->terms[k] : "");
	}
	return i;
}

int search_bind_after(struct db_stmt *st, int i, const struct search_binds *b)
{
	i = search_bind_rank(st, i, b);
	db_bind_int64(st, i++, b->after_rank);
	i = search_bind_rank(st, i, b);
	db_bind_int64(st, i++, b->after_rank);
	db_bind_text(st, i++, b->after_key);
	db_bind_text(st, i++, b->after_key);
	db_bind_text(st, i++, b->after_id);
	return i;
}

int search_rows(struct arena *a, struct db_stmt *st, search_reader *read, size_t size, int limit,
                void **ret, int **ret_ranks, int *ret_n)
{
	size_t cap = (size_t)(limit > 0 ? limit : 1);
	char *items = arena_alloc(a, size * cap);
	int *ranks = arena_alloc(a, sizeof(int) * cap);
	int n = 0, r = 0;
	while (n < limit && (r = db_step(st)) == DB_ROW) {
		ranks[n] = (int)db_col_int64(st, 0);
		read(a, st, 1, items + size * (size_t)n);
		n++;
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret = items;
	if (ret_ranks)
		*ret_ranks = ranks;
	*ret_n = n;
	return 0;
}
