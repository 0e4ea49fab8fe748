/* media.c: the media library: what it lists, and the sounds. */
#include "store/rows.h"
#include "store/store.h"
#include "base/arena.h"

#include <errno.h>
#include <string.h>

#define MEDIA_SELECT                                                                               \
	"SELECT m.id, m.org_id, m.user_id, m.name, m.name_norm, m.kind, m.duration_ms, m.bytes, "  \
	"m.format, m.origin, m.uploaded_by, m.created_at, m.updated_at, "                          \
	"c.first_name || ' ' || COALESCE(c.infix || ' ', '') || c.last_name FROM media m "         \
	"LEFT JOIN users u ON u.id = m.uploaded_by LEFT JOIN contacts c ON c.id = u.contact_id "

static const char SQL_INSERT[] =
    "INSERT INTO media (id, org_id, user_id, name, name_norm, kind, duration_ms, bytes, format, "
    "origin, uploaded_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, lower(?), ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_AUDIO[] = "INSERT INTO media_audio (media_id, rate, wav) VALUES (?, ?, ?)";
static const char SQL_UPDATE[] = "UPDATE media SET name = ?, name_norm = lower(?), kind = ?, "
                                 "updated_at = ? WHERE id = ? AND org_id = ?";
static const char SQL_DEL_AUDIO[] = "DELETE FROM media_audio WHERE media_id = ?";
static const char SQL_DELETE[] = "DELETE FROM media WHERE id = ? AND org_id = ?";
static const char SQL_GET[] = MEDIA_SELECT "WHERE m.id = ? AND m.org_id = ?";
static const char SQL_LIST[] = MEDIA_SELECT "WHERE m.org_id = ? AND m.name_norm > ? "
                                            "AND (CAST(? AS TEXT) IS NULL OR m.user_id = ?) "
                                            "ORDER BY m.name_norm LIMIT ?";
static const char SQL_SOUND[] = "SELECT a.wav FROM media_audio a JOIN media m ON m.id = a.media_id "
                                "WHERE a.media_id = ? AND m.org_id = ? AND a.rate = ?";
static const char SQL_ORG[] = "SELECT org_id FROM media WHERE id = ?";
static const char SQL_REFS[] =
    "SELECT t.user_id, c.first_name || ' ' || COALESCE(c.infix || ' ', '') || c.last_name, "
    "CASE WHEN t.vm_greeting = ? THEN 'greeting' ELSE 'hold_music' END "
    "FROM user_telephony t JOIN users u ON u.id = t.user_id "
    "JOIN contacts c ON c.id = u.contact_id "
    "WHERE t.org_id = ? AND (t.vm_greeting = ? OR t.music_on_hold = ?) "
    "UNION ALL SELECT o.id, o.name, 'hold_music' FROM orgs o WHERE o.id = ? AND o.music_on_hold = "
    "? "
    "ORDER BY 2";
static const char SQL_USAGE[] = "SELECT COALESCE(SUM(bytes), 0) FROM media WHERE org_id = ?";

static int audio_insert(struct db *db, const char *id, int rate, const char *b64)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_AUDIO, st);
	db_bind_text(st, 1, id);
	db_bind_int64(st, 2, rate);
	db_bind_text(st, 3, b64);
	return row_exec(st, 0);
}

int store_media_insert(struct db *db, const struct media *m, const char *wav8_b64,
                       const char *wav16_b64)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_INSERT, st);
	db_bind_text(st, 1, m->id);
	db_bind_text(st, 2, m->org_id);
	db_bind_text(st, 3, m->user_id);
	db_bind_text(st, 4, m->name);
	db_bind_text(st, 5, m->name);
	db_bind_text(st, 6, m->kind);
	db_bind_int64(st, 7, m->duration_ms);
	db_bind_int64(st, 8, m->bytes);
	db_bind_text(st, 9, m->format);
	db_bind_text(st, 10, m->origin);
	db_bind_text(st, 11, m->uploaded_by);
	db_bind_int64(st, 12, m->created_at);
	db_bind_int64(st, 13, m->updated_at);
	int r = row_exec(st, 0);
	if (r >= 0)
		r = audio_insert(db, m->id, 8000, wav8_b64);
	if (r >= 0)
		r = audio_insert(db, m->id, 16000, wav16_b64);
	return r < 0 ? r : 0;
}

int store_media_update(struct db *db, const struct media *m)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_UPDATE, st);
	db_bind_text(st, 1, m->name);
	db_bind_text(st, 2, m->name);
	db_bind_text(st, 3, m->kind);
	db_bind_int64(st, 4, m->updated_at);
	db_bind_text(st, 5, m->id);
	db_bind_text(st, 6, m->org_id);
	return row_exec(st, 1);
}

int store_media_delete(struct db *db, const char *org_id, const char *id)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_DELETE, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	int r = row_exec(st, 1);
	if (r < 0)
		return r;
	PREPARE_OR_RETURN(db, SQL_DEL_AUDIO, st);
	db_bind_text(st, 1, id);
	return row_exec(st, 0);
}

static void read_media(struct arena *a, struct db_stmt *st, void *rec)
{
	struct media *m = rec;
	m->id = row_text(a, st, 0);
	m->org_id = row_text(a, st, 1);
	m->user_id = row_text(a, st, 2);
	m->name = row_text(a, st, 3);
	m->name_norm = row_text(a, st, 4);
	m->kind = row_text(a, st, 5);
	m->duration_ms = db_col_int64(st, 6);
	m->bytes = db_col_int64(st, 7);
	m->format = row_text(a, st, 8);
	m->origin = row_text(a, st, 9);
	m->uploaded_by = row_text(a, st, 10);
	m->created_at = db_col_int64(st, 11);
	m->updated_at = db_col_int64(st, 12);
	m->uploaded_by_name = row_text(a, st, 13);
}

int store_media_get(struct db *db, struct arena *a, const char *org_id, const char *id,
                    struct media *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_GET, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	int r = db_step(st);
	if (r == DB_ROW)
		read_media(a, st, ret);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_media_list(struct db *db, struct arena *a, const char *org_id, const char *user_id,
                     const char *after, int limit, struct media **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_LIST, st);
	db_bind_text(st, 1, org_id);
	db_bind_text(st, 2, after ? after : "");
	db_bind_text(st, 3, user_id);
	db_bind_text(st, 4, user_id);
	db_bind_int64(st, 5, limit);
	void *page;
	int r = row_list(a, st, read_media, sizeof(struct media), limit, &page, ret_n);
	if (r == 0)
		*ret = page;
	return r;
}

int store_media_audio(struct db *db, struct arena *a, const char *org_id, const char *id, int rate,
                      char **ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_SOUND, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	db_bind_int64(st, 3, rate);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = row_text(a, st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_media_usage(struct db *db, const char *org_id, int64_t *ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_USAGE, st);
	db_bind_text(st, 1, org_id);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -EIO;
}

int store_media_org(struct db *db, struct arena *a, const char *id, const char **ret)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_ORG, st);
	db_bind_text(st, 1, id);
	int r = db_step(st);
	if (r == DB_ROW)
		*ret = row_text(a, st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : -ENOENT;
}

int store_media_refs(struct db *db, struct arena *a, const char *org_id, const char *id,
                     struct store_ref **ret, int *ret_n)
{
	struct db_stmt *st;
	PREPARE_OR_RETURN(db, SQL_REFS, st);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_id);
	db_bind_text(st, 3, id);
	db_bind_text(st, 4, id);
	db_bind_text(st, 5, org_id);
	db_bind_text(st, 6, id);
	int cap = 4, n = 0, r;
	struct store_ref *refs = arena_alloc(a, sizeof(*refs) * (size_t)cap);
	while ((r = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct store_ref *more = arena_alloc(a, sizeof(*refs) * (size_t)cap * 2);
			memcpy(more, refs, sizeof(*refs) * (size_t)n);
			refs = more;
			cap *= 2;
		}
		char *rid = row_text(a, st, 0);
		refs[n] = (struct store_ref){.type = strcmp(rid, org_id) == 0 ? "org" : "user",
		                             .id = rid,
		                             .number = row_text(a, st, 1),
		                             .as = row_text(a, st, 2)};
		n++;
	}
	db_reset(st);
	if (r < 0)
		return r;
	*ret = refs;
	*ret_n = n;
	return 0;
}
