/* fields.h: a resource's fields, declared once. A resource lists its plain
 * fields in an X-macro, one line a field:
 *
 *     X(name, KIND, flags, max)
 *
 * name is at once the struct member, the table's column and the JSON
 * member; KIND is TEXT, BOOL or INT; flags are the input rules (F_*) and
 * what else the field is (F_PHONE, F_SELF); max is a text's limit in
 * bytes. From that line come the struct's member (FIELD_MEMBER), the
 * store's column lists, placeholders and assignments (FIELD_SQL_*), its
 * binds and reads (store/rows.h), the input check (FIELD_SPEC), the
 * apply, the JSON and the audit trail's diff (domain.h: fields_*), through
 * a table of struct field made with FIELD_DESC. Fields with rules of
 * their own (an employer, a login's email) stay outside the list and are
 * written out where they are used. */
#pragma once
#include <stddef.h>

/* ---- the rules of a field of input (fields_check) ---------------------- */

enum field_type { F_STRING, F_BOOL, F_INT, F_ARRAY, F_OBJECT, F_ANY };

enum field_flags {
	F_REQUIRED = 1, /* must be present and non-empty on create */
	F_NULLABLE = 2, /* null clears it */
	F_READONLY = 4, /* accepted (ignored) so a client may send back what it read */
	F_EMAIL = 8,
	F_NO_TRIM = 16,   /* passwords: kept exactly as typed */
	F_MULTILINE = 32, /* may hold tabs and line breaks (notes); other text is one line */
	F_PHONE = 64,     /* a phone number, kept as E.164 (the organization's country) */
	F_LANGUAGE = 128, /* a language of ours: nl or en */
	F_TIMEZONE = 256, /* an IANA time zone name such as Europe/Amsterdam */
	F_SELF = 512,     /* its owner may change it (a user's own settings) */
};

struct field_spec {
	const char *name;
	enum field_type type;
	unsigned flags;
	size_t max_len; /* strings: bytes; 0 means 200 */
};

/* ---- a declared field ---------------------------------------------------- */

enum field_kind { FK_TEXT, FK_BOOL, FK_INT };

struct field {
	const char *name; /* member, column and JSON name */
	enum field_kind kind;
	unsigned flags;
	size_t max_len;
	size_t off; /* where it lives in the record */
};

#define FIELD_CTYPE_TEXT char *
#define FIELD_CTYPE_BOOL bool
#define FIELD_CTYPE_INT int
#define FIELD_SPECTYPE_TEXT F_STRING
#define FIELD_SPECTYPE_BOOL F_BOOL
#define FIELD_SPECTYPE_INT F_INT

/* The struct member of a field. */
#define FIELD_MEMBER(name, kind, flags, max) FIELD_CTYPE_##kind name;
/* Its struct field entry, for the record type T. */
#define FIELD_DESC(T, name, kind, flags, max) {#name, FK_##kind, flags, max, offsetof(T, name)},
/* Its field_spec entry. */
#define FIELD_SPEC(name, kind, flags, max) {#name, FIELD_SPECTYPE_##kind, flags, max},
/* SQL text: ", name" (a column list), ", ?" (its placeholders), "name = ?, "
 * (an UPDATE's assignments), ", t.name" for the aliases the store uses. */
#define FIELD_SQL_COL(name, kind, flags, max) ", " #name
#define FIELD_SQL_QMARK(name, kind, flags, max) ", ?"
#define FIELD_SQL_SET(name, kind, flags, max) #name " = ?, "
#define FIELD_SQL_COL_c(name, kind, flags, max) ", c." #name
#define FIELD_SQL_COL_u(name, kind, flags, max) ", u." #name
#define FIELD_SQL_COL_o(name, kind, flags, max) ", o." #name
#define FIELD_SQL_COL_k(name, kind, flags, max) ", k." #name

#define FIELDS_N(table) (sizeof(table) / sizeof((table)[0]))
