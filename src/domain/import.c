/* import.c: bulk import of users from CSV and the export that writes the
 * same columns; see import.h. A row becomes the JSON a client would send to
 * POST or PATCH .../users, so the rules and messages are those of the API;
 * this file adds only what a spreadsheet needs: column names (English, or
 * the Dutch labels of the user form), group names instead of ids, yes/no
 * words, and matching rows to users by email. */
#include "domain/import.h"
#include "base/arena.h"
#include "base/csv.h"
#include "base/util.h"
#include "domain/extensions.h"
#include "domain/users.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

enum col {
	C_SALUTATION,
	C_FIRST_NAME,
	C_INFIX,
	C_LAST_NAME,
	C_EMAIL,
	C_LOGIN_NAME,
	C_PHONE,
	C_MOBILE,
	C_JOB_TITLE,
	C_EMPLOYER,
	C_LANGUAGE,
	C_GROUPS,
	C_EXTENSION,
	C_INVITE,
	C__N
};

const char *const import_columns[] = {
    "salutation", "first_name", "infix",    "last_name", "email",  "login_name", "phone",
    "mobile",     "job_title",  "employer", "language",  "groups", "extension",  "invite",
};
const size_t import_columns_n = C__N;
_Static_assert(sizeof(import_columns) / sizeof(import_columns[0]) == C__N, "one name a column");

/* Other names a header may use, normalised (lower case, '_' for spaces and
 * dashes, no '*'): the labels of the Dutch user form (seed 003). */
static const struct {
	const char *alias;
	enum col col;
} aliases[] = {
    {"aanspreektitel", C_SALUTATION}, {"voornaam", C_FIRST_NAME}, {"tussenvoegsel", C_INFIX},
    {"achternaam", C_LAST_NAME},      {"e_mail", C_EMAIL},        {"telefoonnummer", C_PHONE},
    {"mobiel_nummer", C_MOBILE},      {"functie", C_JOB_TITLE},   {"werkgever", C_EMPLOYER},
    {"loginnaam", C_LOGIN_NAME},      {"taal", C_LANGUAGE},       {"rechtengroepen", C_GROUPS},
    {"toestelnummer", C_EXTENSION},   {"uitnodigen", C_INVITE},
};

/* The header of a Dutch export: labels the aliases above read back. */
static const char *const labels_nl[C__N] = {
    [C_SALUTATION] = "Aanspreektitel", [C_FIRST_NAME] = "Voornaam",  [C_INFIX] = "Tussenvoegsel",
    [C_LAST_NAME] = "Achternaam",      [C_EMAIL] = "E-mail",         [C_LOGIN_NAME] = "Loginnaam",
    [C_PHONE] = "Telefoonnummer",      [C_MOBILE] = "Mobiel nummer", [C_JOB_TITLE] = "Functie",
    [C_EMPLOYER] = "Werkgever",        [C_LANGUAGE] = "Taal",        [C_GROUPS] = "Rechtengroepen",
    [C_EXTENSION] = "Toestelnummer",   [C_INVITE] = "Uitnodigen"};

const char *import_column_label(size_t i, bool dutch)
{
	return i >= C__N ? NULL : dutch ? labels_nl[i] : import_columns[i];
}

/* Strings of a row that go to the JSON as they are. */
static const enum col text_cols[] = {C_SALUTATION, C_FIRST_NAME, C_INFIX,  C_LAST_NAME,
                                     C_LOGIN_NAME, C_PHONE,      C_MOBILE, C_JOB_TITLE};

struct header {
	int n;                      /* fields in the header line */
	int col_of[CSV_MAX_FIELDS]; /* field -> enum col */
	int field_of[C__N];         /* enum col -> field, or -1 */
};

struct group_ref {
	const char *key, *name, *id; /* key: the builtin key or NULL */
};

struct groups {
	struct group_ref *v;
	int n;
};

int import_mode_parse(const char *s, enum import_mode *ret)
{
	if (!s || strcmp(s, "create") == 0)
		*ret = IMPORT_CREATE;
	else if (strcmp(s, "update") == 0)
		*ret = IMPORT_UPDATE;
	else if (strcmp(s, "upsert") == 0)
		*ret = IMPORT_UPSERT;
	else
		return -EINVAL;
	return 0;
}

const char *import_mode_name(enum import_mode m)
{
	return m == IMPORT_UPDATE ? "update" : m == IMPORT_UPSERT ? "upsert" : "create";
}

/* A header cell as we compare it: trimmed, lower case, no '*' (the form
 * marks required fields so), '_' for spaces and dashes. */
static char *norm_name(struct arena *a, const char *s)
{
	char *t = str_lower(a, str_trim(a, s));
	size_t k = 0;
	for (char *p = t; *p; p++)
		if (*p != '*')
			t[k++] = (*p == ' ' || *p == '-') ? '_' : *p;
	while (k && t[k - 1] == '_')
		k--;
	t[k] = 0;
	return t;
}

static int col_find(const char *name)
{
	for (int i = 0; i < C__N; i++)
		if (strcmp(import_columns[i], name) == 0)
			return i;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(aliases[i].alias, name) == 0)
			return (int)aliases[i].col;
	return -1;
}

static int csv_problem(struct dctx *c, int r, int line)
{
	if (r == -E2BIG)
		return diag_error(c->d, "file", "too_many_fields",
		                  "Line %d has more than %d fields.", line, CSV_MAX_FIELDS);
	return diag_error(c->d, "file", "malformed",
	                  "Line %d: a quoted field is not closed, or text follows its closing "
	                  "quote.",
	                  line);
}

/* Column names for a message: the first NAMES_SHOWN, each cut to
 * NAME_SHOWN_MAX bytes, then how many more, so a huge header line (a 32 MiB
 * one) makes a short answer and no quadratic copying. */
#define NAMES_SHOWN 10
#define NAME_SHOWN_MAX 60
struct name_list {
	const char *text;
	int n;
};

static void name_list_add(struct arena *a, struct name_list *l, const char *name)
{
	if (l->n++ >= NAMES_SHOWN)
		return;
	size_t len = strlen(name), keep = len;
	if (len > NAME_SHOWN_MAX) /* cut between two UTF-8 characters */
		for (keep = NAME_SHOWN_MAX; keep && ((unsigned char)name[keep] & 0xc0) == 0x80;)
			keep--;
	const char *cut = arena_printf(a, "%.*s%s", (int)keep, name, keep < len ? "..." : "");
	l->text = l->text ? arena_printf(a, "%s, %s", l->text, cut) : cut;
}

static const char *name_list_text(struct arena *a, const struct name_list *l)
{
	return l->n > NAMES_SHOWN ? arena_printf(a, "%s and %d more", l->text, l->n - NAMES_SHOWN)
	                          : l->text;
}

/* Whether field i of the record cv just read holds a NUL byte (which every
 * string function would take for its end). */
static bool has_nul(const struct csv *cv, char **f, int i)
{
	return strlen(f[i]) != cv->field_len[i];
}

static int read_header(struct dctx *c, struct csv *cv, struct header *h)
{
	char **f;
	int n = csv_next(cv, c->a, &f);
	if (n == 0)
		return diag_error(c->d, "file", "empty",
		                  "The file is empty: it needs a header line.");
	if (n < 0)
		return csv_problem(c, n, cv->line);
	h->n = n;
	for (int i = 0; i < C__N; i++)
		h->field_of[i] = -1;
	struct name_list unknown = {0}, repeated = {0};
	for (int i = 0; i < n; i++) {
		if (has_nul(cv, f, i)) {
			h->col_of[i] = -1;
			diag_error(c->d, "columns", "invalid_text",
			           "Column %d of the header line contains a NUL byte, which is not "
			           "allowed.",
			           i + 1);
			continue;
		}
		char *name = norm_name(c->a, f[i]);
		int col = col_find(name);
		h->col_of[i] = col;
		if (col < 0) {
			if (!*name && i == n - 1)
				continue; /* a trailing separator */
			name_list_add(c->a, &unknown, f[i]);
		} else if (h->field_of[col] >= 0) {
			name_list_add(c->a, &repeated, f[i]);
		} else {
			h->field_of[col] = i;
		}
	}
	if (unknown.n)
		diag_error(c->d, "columns", "unknown_columns",
		           "Unknown columns: %s. Known are salutation, first_name, infix, "
		           "last_name, email, login_name, phone, mobile, job_title, language, "
		           "groups, extension and invite.",
		           name_list_text(c->a, &unknown));
	if (repeated.n)
		diag_error(c->d, "columns", "repeated_columns", "Columns given twice: %s.",
		           name_list_text(c->a, &repeated));
	if (h->field_of[C_EMAIL] < 0)
		diag_error(c->d, "columns", "required", "The file needs an email column.");
	return c->d->n_errors ? -EINVAL : 0;
}

int import_check_header(struct dctx *c, const char *data, size_t len, bool *ret_extension)
{
	struct csv cv;
	struct header h;
	csv_init(&cv, data, len);
	int r = read_header(c, &cv, &h);
	if (r < 0)
		return r;
	*ret_extension = h.field_of[C_EXTENSION] >= 0;
	return 0;
}

static int load_groups(struct dctx *c, const struct org *org, struct groups *ret)
{
	struct group *g;
	int n;
	int r = store_group_list(c->db, c->a, org->id, &g, &n);
	if (r < 0)
		return r;
	ret->v = arena_alloc(c->a, sizeof(*ret->v) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		ret->v[i] = (struct group_ref){g[i].builtin, g[i].name, g[i].id};
	ret->n = n;
	return 0;
}

/* yes/no/ja/nee/true/false/1/0, any case; -1 for anything else. */
static int parse_yes_no(const char *s)
{
	static const char *yes[] = {"yes", "ja", "true", "1", "y", "j"};
	static const char *no[] = {"no", "nee", "false", "0", "n"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

/* The ids of the group names in s (separated by '|' or ','), each a
 * builtin key or a group's name, any case; unknown names go to the diag. */
static json_t *resolve_group_names(struct dctx *c, const struct groups *gs, const char *s)
{
	json_t *ids = json_array();
	char *copy = arena_strdup(c->a, s), *save = NULL;
	for (char *tok = strtok_r(copy, "|,", &save); tok; tok = strtok_r(NULL, "|,", &save)) {
		char *name = str_trim(c->a, tok);
		if (!*name)
			continue;
		const struct group_ref *hit = NULL;
		/* a builtin group also by the names the portal shows it with */
		for (int i = 0; i < gs->n && !hit; i++) {
			const struct builtin_group *b = builtin_group_find(gs->v[i].key);
			if ((gs->v[i].key && strcasecmp(gs->v[i].key, name) == 0) ||
			    strcasecmp(gs->v[i].name, name) == 0 ||
			    (b && (strcasecmp(b->name_nl, name) == 0 ||
			           strcasecmp(b->name_en, name) == 0)))
				hit = &gs->v[i];
		}
		if (!hit)
			diag_error(c->d, "groups", "not_found", "There is no group '%s' here.",
			           name);
		else
			json_array_append_new(ids, json_string(hit->id));
	}
	return ids;
}

/* Whether the group ids in want are exactly the user's groups. */
static bool same_groups(struct dctx *c, const char *user_id, json_t *want)
{
	struct group *g;
	int n;
	if (store_user_groups(c->db, c->a, user_id, &g, &n) < 0)
		return false;
	size_t i;
	json_t *v;
	int matched = 0;
	json_array_foreach(want, i, v)
	{
		bool found = false;
		for (int k = 0; k < n && !found; k++)
			found = strcmp(g[k].id, json_string_value(v)) == 0;
		if (!found)
			return false;
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup |= strcmp(json_string_value(json_array_get(want, j)),
			              json_string_value(v)) == 0;
		matched += !dup;
	}
	return matched == n;
}

enum outcome { O_CREATED, O_UPDATED, O_UNCHANGED };

/* One row: c is the row's own context (arena and diag). Row problems are
 * -EINVAL, -EEXIST, -EACCES or -ENOENT with the diag filled; anything else
 * is the database's. */
static int import_row(struct dctx *c, const struct org *org, const struct import_opts *o,
                      const struct header *h, const struct groups *gs, const struct csv *cv,
                      char **f, int nf, enum outcome *ret)
{
	const char *v[C__N] = {0};
	for (int i = 0; i < nf; i++) {
		char *t = str_trim(c->a, f[i]);
		if (csv_unguard(t) != t) /* export's guard against formulas */
			t = str_trim(c->a, csv_unguard(t));
		bool nul = has_nul(cv, f, i);
		if (i >= h->n || h->col_of[i] < 0) {
			if (*t || nul)
				return diag_error(c->d, "row", "too_many_fields",
				                  "This row has more fields than the header line.");
			continue;
		}
		const char *col = import_columns[h->col_of[i]];
		if (nul)
			diag_error(c->d, col, "invalid_text",
			           "%s contains characters that are not allowed (a NUL byte).",
			           col);
		v[h->col_of[i]] = *t ? t : NULL;
	}
	if (c->d->n_errors)
		return -EINVAL; /* a value cut at its NUL is not the value */
	const char *email = v[C_EMAIL];
	struct user cur;
	bool existing = false;
	int r;
	if (email) {
		r = store_user_find_email(c->db, c->a, email, &cur);
		if (r < 0 && r != -ENOENT)
			return r;
		existing = r == 0 && strcmp(cur.org_id, org->id) == 0 && cur.status != USER_DELETED;
	}
	bool update = o->mode == IMPORT_UPDATE || (o->mode == IMPORT_UPSERT && existing);
	if (update && !existing)
		return email ? diag_error(c->d, "email", "not_found",
		                          "There is no user with this email here.")
		             : diag_error(c->d, "email", "required", "email is required.");

	int invite = -1;
	if (v[C_INVITE] && (invite = parse_yes_no(v[C_INVITE])) < 0)
		diag_error(c->d, "invite", "invalid",
		           "invite must be yes or no (also ja/nee, true/false, 1/0).");
	json_t *in = json_object();
	for (size_t i = 0; i < sizeof(text_cols) / sizeof(text_cols[0]); i++) {
		enum col k = text_cols[i];
		if (v[k])
			json_object_set_new(in, import_columns[k], json_string(v[k]));
		else if (update && h->field_of[k] >= 0)
			json_object_set_new(in, import_columns[k], json_null()); /* cleared */
	}
	/* the employer by name: an existing company, or a new one (as the form's
	 * "voeg 'xxx' toe") */
	if (v[C_EMPLOYER])
		json_object_set_new(in, "company_name", json_string(v[C_EMPLOYER]));
	else if (update && h->field_of[C_EMPLOYER] >= 0)
		json_object_set_new(in, "company_name", json_null()); /* cleared */
	if (v[C_LANGUAGE])
		json_object_set_new(in, "language", json_string(v[C_LANGUAGE]));
	if (v[C_GROUPS]) {
		json_t *ids = resolve_group_names(c, gs, v[C_GROUPS]);
		if (json_array_size(ids) && !(update && same_groups(c, cur.id, ids)))
			json_object_set_new(in, "groups", ids);
		else
			json_decref(ids);
	}
	struct user u;
	bool changed = true;
	if (!update) {
		if (email)
			json_object_set_new(in, "email", json_string(email));
		if (v[C_EXTENSION])
			json_object_set_new(in, "extension", json_string(v[C_EXTENSION]));
		if (invite == 1)
			json_object_set_new(in, "invite", json_true());
		r = user_create_ex(c, org, in, invite != 0, NULL);
	} else {
		r = user_update_ex(c, org, cur.id, in, &u, &changed);
	}
	json_decref(in);
	if (r < 0)
		return r;
	if (update && v[C_EXTENSION]) {
		/* a user may have several: add this one unless it has it ("auto":
		 * unless it has any) */
		struct extension *ext, e;
		int n;
		if ((r = store_ext_list(c->db, c->a, org->id, u.id, NULL, 100, &ext, &n)) < 0)
			return r;
		bool has = strcmp(v[C_EXTENSION], "auto") == 0 && n > 0;
		for (int i = 0; i < n && !has; i++)
			has = strcmp(ext[i].number, v[C_EXTENSION]) == 0;
		if (!has) {
			if ((r = ext_assign(c, org, "extension", v[C_EXTENSION], OWNER_USER, u.id,
			                    &e)) < 0)
				return r;
			changed = true;
		}
	}
	if (c->d->n_errors)
		return -EINVAL; /* our own findings (invite, groups) beside a success */
	*ret = !update ? O_CREATED : changed ? O_UPDATED : O_UNCHANGED;
	return 0;
}

static bool is_row_problem(int r)
{
	return r == -EINVAL || r == -EEXIST || r == -EACCES || r == -ENOENT || r == -E2BIG;
}

static void add_error(struct import_report *rep, int line, const char *field, const char *code,
                      const char *message)
{
	if (json_array_size(rep->errors) >= IMPORT_MAX_ERRORS)
		return;
	json_array_append_new(rep->errors, json_pack("{s:i, s:s?, s:s, s:s}", "line", line, "field",
	                                             field, "code", code, "message", message));
}

static void add_row_errors(struct import_report *rep, int line, const struct diag *d, int r)
{
	for (size_t i = 0; i < d->n_errors; i++)
		add_error(rep, line, d->errors[i].field, d->errors[i].code, d->errors[i].message);
	if (!d->n_errors)
		add_error(rep, line, NULL,
		          r == -EACCES   ? "forbidden"
		          : r == -ENOENT ? "not_found"
		          : r == -EEXIST ? "conflict"
		                         : "invalid",
		          d->detail ? d->detail : "This row cannot be imported.");
}

/* The savepoint of one row: undone when the row fails, so the rows before
 * it stay and the transaction goes on (also on PostgreSQL). */
static const char ROW_SAVEPOINT[] = "import_row";

int user_import(struct dctx *c, const struct org *org, const char *data, size_t len,
                const struct import_opts *o, struct import_report *rep, import_progress_fn fn,
                void *ud)
{
	memset(rep, 0, sizeof(*rep));
	rep->errors = json_array();
	if (!dctx_can(c, org->path, PERM_USERS_WRITE))
		return diag_fail_p(c->d, -EACCES, "right_required",
		                   DP(DP_STR("right", "users.write")),
		                   "This needs the right 'users.write'.");
	struct csv cv;
	struct header h;
	struct groups gs;
	csv_init(&cv, data, len);
	int r = read_header(c, &cv, &h);
	if (r < 0)
		return r;
	rep->total = csv_count(&cv);
	if ((r = db_begin(c->db, true)) < 0)
		return r;
	if ((r = store_search_defer(c->db)) < 0 || (r = load_groups(c, org, &gs)) < 0)
		goto fail;
	for (;;) {
		struct arena *ra = arena_new();
		if (!ra) {
			r = -ENOMEM;
			goto fail;
		}
		struct diag rd;
		diag_init(&rd, ra);
		struct dctx rc = *c;
		rc.a = ra;
		rc.d = &rd;
		char **f;
		int nf = csv_next(&cv, ra, &f);
		if (nf <= 0) {
			arena_free(ra);
			if (nf < 0) {
				r = csv_problem(c, nf, cv.line);
				goto fail;
			}
			break;
		}
		enum outcome out = O_UNCHANGED;
		if ((r = db_savepoint(c->db, ROW_SAVEPOINT)) < 0) {
			arena_free(ra);
			goto fail;
		}
		r = import_row(&rc, org, o, &h, &gs, &cv, f, nf, &out);
		if (r < 0 && is_row_problem(r)) {
			add_row_errors(rep, cv.record_line, &rd, r);
			rep->failed++;
			r = db_rollback_to(c->db, ROW_SAVEPOINT);
		} else if (r == 0) {
			rep->created += out == O_CREATED;
			rep->updated += out == O_UPDATED;
			rep->unchanged += out == O_UNCHANGED;
		}
		if (r >= 0)
			r = db_release(c->db, ROW_SAVEPOINT);
		arena_free(ra);
		if (r < 0)
			goto fail;
		rep->processed++;
		if (rep->processed > rep->total)
			rep->total = rep->processed;
		if (fn && fn(ud, rep)) {
			r = diag_fail(c->d, -ECANCELED, "import_stopped",
			              "The import was stopped.");
			goto fail;
		}
	}
	if (o->dry_run || (rep->failed && !o->skip_invalid)) {
		db_rollback(c->db);
		return 0;
	}
	/* the caller's last word inside the transaction: what it writes now is
	 * committed with the rows, or neither is */
	rep->written = true;
	if (fn && (r = fn(ud, rep)) != 0) {
		rep->written = false;
		if (r > 0)
			r = diag_fail(c->d, -ECANCELED, "import_stopped",
			              "The import was stopped.");
		goto fail;
	}
	if ((r = store_search_flush(c->db)) < 0 || (r = db_commit(c->db)) < 0) {
		rep->written = false;
		return r;
	}
	return 0;
fail:
	db_rollback(c->db);
	return r;
}

void import_report_release(struct import_report *r)
{
	if (!r)
		return;
	json_decref(r->errors);
	r->errors = NULL;
}

json_t *import_report_json(const struct import_report *r)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:O}", "total", (json_int_t)r->total,
	                 "processed", (json_int_t)r->processed, "created", (json_int_t)r->created,
	                 "updated", (json_int_t)r->updated, "unchanged", (json_int_t)r->unchanged,
	                 "failed", (json_int_t)r->failed, "written", r->written, "errors",
	                 r->errors ? r->errors : json_array());
}

/* ---- export -------------------------------------------------------------- */

static int export_user(struct dctx *c, const struct org *org, const struct user *u,
                       const struct export_opts *o, export_row_fn fn, void *ud)
{
	const char *row[C__N] = {0};
	const struct contact *ct = &u->contact;
	row[C_SALUTATION] = ct->salutation;
	row[C_FIRST_NAME] = ct->first_name;
	row[C_INFIX] = ct->infix;
	row[C_LAST_NAME] = ct->last_name;
	row[C_EMAIL] = u->email;
	row[C_LOGIN_NAME] = u->login_name;
	row[C_PHONE] = ct->phone;
	row[C_MOBILE] = ct->mobile;
	row[C_JOB_TITLE] = ct->job_title;
	row[C_EMPLOYER] = ct->company_name;
	row[C_LANGUAGE] = u->language;
	struct group *g;
	int n;
	int r = store_user_groups(c->db, c->a, u->id, &g, &n);
	if (r < 0)
		return r;
	/* keys or names, sorted: the same in every installation and language */
	const char **names = arena_alloc(c->a, sizeof(char *) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		const struct builtin_group *b = builtin_group_find(g[i].builtin);
		const char *name = b && o->dutch ? b->name_nl : b ? b->key : g[i].name;
		int k = i;
		for (; k > 0 && strcmp(names[k - 1], name) > 0; k--)
			names[k] = names[k - 1];
		names[k] = name;
	}
	char *groups = NULL;
	for (int i = 0; i < n; i++)
		groups = groups ? arena_printf(c->a, "%s|%s", groups, names[i])
		                : arena_strdup(c->a, names[i]);
	row[C_GROUPS] = groups;
	struct extension *ext;
	if ((r = store_ext_list(c->db, c->a, org->id, u->id, NULL, 1, &ext, &n)) < 0)
		return r;
	row[C_EXTENSION] = n ? ext[0].number : NULL;
	row[C_INVITE] = "no"; /* an export is not a reason to mail anyone */
	return fn(ud, row);
}

/* Every page of org's users to fn, in the open transaction. */
static int export_pages(struct dctx *c, const struct org *org, const struct export_opts *o,
                        export_row_fn fn, void *ud)
{
	const char *after = NULL;
	for (;;) {
		struct arena *pa = arena_new();
		if (!pa)
			return -ENOMEM;
		struct dctx pc = *c;
		pc.a = pa;
		struct user *items;
		int n, r = store_user_list(c->db, pa, org->id, NULL, NULL, after, 200, &items, &n);
		for (int i = 0; r >= 0 && i < n; i++)
			r = export_user(&pc, org, &items[i], o, fn, ud);
		if (r >= 0 && n == 200)
			after = arena_printf(c->a, "%s\x1f%s", items[n - 1].contact.sort_name,
			                     items[n - 1].id);
		arena_free(pa);
		if (r < 0)
			return r;
		if (n < 200)
			return 0;
	}
}

int user_export_ex(struct dctx *c, const struct org *org, const struct export_opts *o,
                   export_row_fn fn, void *ud)
{
	int r = dctx_need(c, org->path, PERM_USERS_READ);
	if (r < 0)
		return r;
	if (o->in_tx)
		return export_pages(c, org, o, fn, ud);
	if ((r = db_begin(c->db, false)) < 0)
		return r;
	r = export_pages(c, org, o, fn, ud);
	db_rollback(c->db);
	return r;
}

int user_export(struct dctx *c, const struct org *org, export_row_fn fn, void *ud)
{
	return user_export_ex(c, org, &(struct export_opts){0}, fn, ud);
}
