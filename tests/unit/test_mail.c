/* test_mail.c: outgoing mail: the templates in both languages, the RFC 5322
 * message (CRLF, encoded-word subjects, header injection refused), the
 * outbox queries, and the worker delivering into .eml files or failing
 * against an SMTP port nobody listens on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/util.h"
#include "domain/domain.h"
#include "mail/mail.h"
#include "mail/mail_int.h"
#include "store/store.h"
#include "testdb.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LINK "https://portal.example.com/set-password?token=abc_DEF-123"

/* ---- helpers ------------------------------------------------------------ */

/* Builds kind for v as the mailer does at delivery: 0 or -EINVAL. */
static int build_rc(struct arena *a, enum mail_kind kind, const struct mail_vars *v)
{
	struct mail_text t;
	char *msg;
	int r = mail_template(a, kind, v, &t);
	return r < 0 ? r : mail_render(a, MAIL_FROM_DEFAULT, "id", 1, v->to ? v->to : "", &t, &msg);
}

/* Renders kind for v the way the mailer does, with a fixed id and time. */
static char *render(struct arena *a, enum mail_kind kind, const struct mail_vars *v)
{
	struct mail_text t;
	assert_int_equal(mail_template(a, kind, v, &t), 0);
	char *msg = NULL;
	assert_int_equal(mail_render(a, MAIL_FROM_DEFAULT, "0190c3e2-7a3b-7c4d-8e5f-0123456789ab",
	                             1739440800000, v->to, &t, &msg),
	                 0);
	return msg;
}

/* The value of header name (unfolded, as raw text), in a; NULL if absent. */
static char *header(struct arena *a, const char *msg, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = msg; *p && !(p[0] == '\r' && p[1] == '\n');) {
		const char *eol = strstr(p, "\r\n");
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			/* take continuation lines along, dropping the CRLF */
			char *out = arena_alloc(a, strlen(v) + 1), *o = out;
			for (const char *q = v;; q = eol + 2, eol = strstr(q, "\r\n")) {
				memcpy(o, q, (size_t)(eol - q));
				o += eol - q;
				if (eol[2] != ' ' && eol[2] != '\t')
					break;
			}
			*o = 0;
			return out;
		}
		p = eol + 2;
	}
	return NULL;
}

static const char *body_of(const char *msg)
{
	const char *b = strstr(msg, "\r\n\r\n");
	return b ? b + 4 : NULL;
}

/* Every line ends with CRLF and no line is longer than limit. */
static void assert_crlf_lines(const char *msg, size_t limit)
{
	size_t col = 0;
	for (const char *p = msg; *p; p++) {
		if (*p == '\r') {
			assert_int_equal(p[1], '\n');
			p++;
			col = 0;
			continue;
		}
		assert_int_not_equal(*p, '\n');
		col++;
		assert_true(col <= limit);
	}
	assert_int_equal(col, 0); /* ends with CRLF */
}

/* Decodes a header of RFC 2047 B encoded-words separated by white space. */
static char *decode_words(struct arena *a, const char *v)
{
	char *out = arena_alloc(a, strlen(v) + 1);
	size_t n = 0;
	while (*v) {
		while (*v == ' ')
			v++;
		if (!*v)
			break;
		assert_int_equal(strncmp(v, "=?UTF-8?B?", 10), 0);
		const char *end = strstr(v + 10, "?=");
		assert_non_null(end);
		assert_true(end + 2 - v <= 75); /* RFC 2047: at most 75 characters */
		size_t got = 0;
		assert_int_equal(sodium_base642bin((unsigned char *)out + n, strlen(v), v + 10,
		                                   (size_t)(end - v - 10), NULL, &got, NULL,
		                                   sodium_base64_VARIANT_ORIGINAL),
		                 0);
		/* each word holds whole characters: valid UTF-8 by itself */
		assert_true(str_valid_text(out + n, got));
		n += got;
		v = end + 2;
	}
	out[n] = 0;
	return out;
}

/* ---- rendering ------------------------------------------------------------ */

static void english_invite(void **state)
{
	struct arena *a = arena_new();
	struct mail_vars v = {.to = "jan@example.com",
	                      .language = "en",
	                      .first_name = "Jan",
	                      .org_name = "Acme BV",
	                      .link = LINK,
	                      .valid_hours = 72};
	char *msg = render(a, MAIL_INVITE, &v);
	assert_crlf_lines(msg, 998);
	assert_string_equal(header(a, msg, "Subject"), "You have been invited to Acme BV");
	assert_string_equal(header(a, msg, "To"), "jan@example.com");
	assert_string_equal(header(a, msg, "From"), MAIL_FROM_DEFAULT);
	assert_string_equal(header(a, msg, "Date"), "Thu, 13 Feb 2025 10:00:00 +0000");
	assert_string_equal(header(a, msg, "Message-ID"),
	                    "<0190c3e2-7a3b-7c4d-8e5f-0123456789ab@switchboard.invalid>");
	assert_string_equal(header(a, msg, "MIME-Version"), "1.0");
	assert_string_equal(header(a, msg, "Content-Type"), "text/plain; charset=UTF-8");
	assert_string_equal(header(a, msg, "Content-Transfer-Encoding"), "8bit");
	const char *body = body_of(msg);
	assert_non_null(strstr(body, "Hello Jan,\r\n"));
	assert_non_null(strstr(body, "Acme BV"));
	assert_non_null(strstr(body, "\r\n" LINK "\r\n"));
	assert_non_null(strstr(body, "72 hours"));
	assert_non_null(strstr(body, "only once"));
	arena_free(a);
}

static void dutch_invite_and_reset(void **state)
{
	struct arena *a = arena_new();
	struct mail_vars v = {.to = "jan@example.nl",
	                      .language = "nl",
	                      .first_name = "Jan",
	                      .org_name = "Bakkerij De Vries",
	                      .link = LINK,
	                      .valid_hours = 72};
	char *msg = render(a, MAIL_INVITE, &v);
	assert_crlf_lines(msg, 998);
	assert_string_equal(header(a, msg, "Subject"),
	                    "Je bent uitgenodigd voor Bakkerij De Vries");
	const char *body = body_of(msg);
	assert_non_null(strstr(body, "Hallo Jan,\r\n"));
	assert_non_null(strstr(body, "Je bent door Bakkerij De Vries uitgenodigd"));
	assert_non_null(strstr(body, "\r\n" LINK "\r\n"));
	assert_non_null(strstr(body, "72 uur geldig"));
	assert_non_null(strstr(body, "één keer"));

	v.language = "nl-BE";
	v.valid_hours = 1;
	msg = render(a, MAIL_RESET, &v);
	assert_crlf_lines(msg, 998);
	assert_string_equal(header(a, msg, "Subject"), "Stel je wachtwoord opnieuw in");
	body = body_of(msg);
	assert_non_null(strstr(body, "Hallo Jan,"));
	assert_non_null(strstr(body, "\r\n" LINK "\r\n"));
	assert_non_null(strstr(body, "1 uur geldig"));
	assert_non_null(strstr(body, "Heb je hier niet om gevraagd? Negeer deze mail"));
	arena_free(a);
}

static void english_reset_and_other_languages(void **state)
{
	struct arena *a = arena_new();
	struct mail_vars v = {
	    .to = "x@example.com", .language = "de", .link = LINK, .valid_hours = 2};
	char *msg = render(a, MAIL_RESET, &v);
	assert_string_equal(header(a, msg, "Subject"), "Reset your password");
	const char *body = body_of(msg);
	assert_true(strncmp(body, "Hello,\r\n", 8) == 0); /* no name: a plain greeting */
	assert_non_null(strstr(body, "\r\n" LINK "\r\n"));
	assert_non_null(strstr(body, "2 hours"));
	assert_non_null(strstr(body, "If you did not ask for this, ignore this mail"));
	v.language = NULL;
	msg = render(a, MAIL_RESET, &v);
	assert_string_equal(header(a, msg, "Subject"), "Reset your password");
	v.language = "nlx"; /* not Dutch */
	msg = render(a, MAIL_RESET, &v);
	assert_string_equal(header(a, msg, "Subject"), "Reset your password");
	arena_free(a);
}

/* A voicemail mail: the text, then the recording as a base64 attachment in
 * lines of 76 (multipart/mixed); without a recording it cannot be built. */
static void voicemail_with_attachment(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	unsigned char wav[300];
	for (size_t i = 0; i < sizeof(wav); i++)
		wav[i] = (unsigned char)(i * 7);
	struct mail_vars v = {.to = "box@example.com",
	                      .language = "nl",
	                      .first_name = "Jan",
	                      .org_name = "Acme BV",
	                      .link = "https://portal.example/voicemail",
	                      .caller = "Piet (+31612345678)",
	                      .received = "2 maart 2027 om 16:40",
	                      .seconds = 12,
	                      .attachment = wav,
	                      .attachment_n = sizeof(wav)};
	char *msg = render(a, MAIL_VOICEMAIL, &v);
	assert_crlf_lines(msg, 998);
	assert_string_equal(header(a, msg, "Subject"),
	                    "Nieuw voicemailbericht van Piet (+31612345678)");
	assert_string_equal(
	    header(a, msg, "Content-Type"),
	    "multipart/mixed; boundary=\"sb-0190c3e2-7a3b-7c4d-8e5f-0123456789ab\"");
	assert_non_null(strstr(msg,
	                       "Piet (+31612345678) heeft op 2 maart 2027 om 16:40 een bericht "
	                       "van 12 seconden voor je ingesproken."));
	assert_non_null(strstr(msg, "Content-Disposition: attachment; filename=\"voicemail.wav\""));
	char b64[sodium_base64_ENCODED_LEN(sizeof(wav), sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(b64, sizeof(b64), wav, sizeof(wav), sodium_base64_VARIANT_ORIGINAL);
	char first[77];
	memcpy(first, b64, 76);
	first[76] = 0;
	assert_non_null(strstr(msg, arena_printf(a, "\r\n%s\r\n", first)));
	assert_non_null(strstr(msg, "--sb-0190c3e2-7a3b-7c4d-8e5f-0123456789ab--\r\n"));
	v.language = "en";
	v.caller = NULL;
	msg = render(a, MAIL_VOICEMAIL, &v);
	assert_string_equal(header(a, msg, "Subject"), "New voicemail");
	assert_non_null(strstr(msg, "An unknown caller left you a message of 12 seconds on"));
	struct mail_text t;
	v.attachment = NULL;
	assert_int_equal(mail_template(a, MAIL_VOICEMAIL, &v, &t), -EINVAL);
	arena_free(a);
}

static void non_ascii_subject_is_encoded(void **state)
{
	struct arena *a = arena_new();
	const char *org = "Café Ñandú & Zoë Ölmann Telefonie Groningen – Noord-Nederland BV";
	struct mail_vars v = {.to = "z@example.com",
	                      .language = "nl",
	                      .first_name = "Zoë",
	                      .org_name = org,
	                      .link = LINK,
	                      .valid_hours = 72};
	char *msg = render(a, MAIL_INVITE, &v);
	assert_crlf_lines(msg, 998);
	char *subject = header(a, msg, "Subject");
	assert_true(strncmp(subject, "=?UTF-8?B?", 10) == 0);
	assert_non_null(strstr(msg, "?=\r\n =?UTF-8?B?")); /* long: folded between words */
	assert_string_equal(decode_words(a, subject),
	                    arena_printf(a, "Je bent uitgenodigd voor %s", org));
	/* 8bit UTF-8 in the body as it is */
	assert_non_null(strstr(body_of(msg), "Hallo Zoë,"));
	/* text that looks like an encoded-word is encoded as well */
	v.org_name = "=?UTF-8?B?SGk=?=";
	msg = render(a, MAIL_INVITE, &v);
	assert_string_equal(decode_words(a, header(a, msg, "Subject")),
	                    "Je bent uitgenodigd voor =?UTF-8?B?SGk=?=");
	arena_free(a);
}

static void long_ascii_subject_is_folded(void **state)
{
	struct arena *a = arena_new();
	struct mail_vars v = {.to = "z@example.com",
	                      .language = "en",
	                      .org_name = "The Very Long Name Of An Organization That Goes On And "
	                                  "On Far Beyond Seventy Eight Columns BV",
	                      .link = LINK,
	                      .valid_hours = 72};
	char *msg = render(a, MAIL_INVITE, &v);
	assert_crlf_lines(msg, 998);
	assert_string_equal(header(a, msg, "Subject"),
	                    arena_printf(a, "You have been invited to %s", v.org_name));
	/* every header line within 78 columns */
	const char *end = strstr(msg, "\r\n\r\n");
	for (const char *p = msg; p < end;) {
		const char *eol = strstr(p, "\r\n");
		assert_true(eol - p <= 78);
		p = eol + 2;
	}
	arena_free(a);
}

static void overlong_line_uses_quoted_printable(void **state)
{
	struct arena *a = arena_new();
	char *link = arena_alloc(a, 1200);
	strcpy(link, "https://portal.example.com/set-password?token=");
	memset(link + strlen(link), 'x', 1100);
	struct mail_vars v = {.to = "q@example.com",
	                      .language = "nl",
	                      .first_name = "Zoë",
	                      .link = link,
	                      .valid_hours = 72};
	char *msg = render(a, MAIL_RESET, &v);
	assert_string_equal(header(a, msg, "Content-Transfer-Encoding"), "quoted-printable");
	assert_crlf_lines(msg, 78);
	assert_non_null(strstr(body_of(msg), "Hallo Zo=C3=AB,"));
	arena_free(a);
}

/* Found by tests/fuzz/fuzz_user_create: an email the domain accepted
 * (a ':' in it) that the mailer then refused, so creating an invited user
 * failed with a 422 naming no field. Every address mail refuses, the
 * domain's email check refuses too. */
static void email_valid_refuses_what_mail_refuses(void **state)
{
	static const char *bad[] = {
	    "jan@exa:mple.com",    "jan:x@example.com", "jan@exam\nple.com",  "jan@exam\rple.com",
	    "jan@exam\x7fple.com", "jan@exam\tple.com", "jan@exam\x01ple.com"};
	struct arena *a = arena_new();
	struct mail_vars v = {.language = "en",
	                      .first_name = "Jan",
	                      .org_name = "Acme",
	                      .link = LINK,
	                      .valid_hours = 72};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v.to = bad[i];
		assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);
		assert_false(email_valid(bad[i]));
	}
	assert_true(email_valid("jan.de-vries+pbx@example.co.uk"));
	arena_free(a);
}

static void header_injection_refused(void **state)
{
	struct arena *a = arena_new();
	struct mail_vars v = {.to = "jan@example.com\r\nBcc: all@example.com",
	                      .language = "en",
	                      .first_name = "Jan",
	                      .org_name = "Acme",
	                      .link = LINK,
	                      .valid_hours = 72};
	assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);
	v.to = "jan@example.com\nBcc: all@example.com";
	assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);
	v.to = "jan@example.com, all@example.com";
	assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);
	v.to = "Jan <jan@example.com>";
	assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);
	v.to = NULL;
	assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);
	v.to = "jan@example.com";
	v.org_name = "Acme\r\nBcc: all@example.com"; /* goes into the Subject */
	assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);
	v.org_name = "Acme";
	v.first_name = "Jan\n.\nQUIT";
	assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);
	v.first_name = "Jan";
	v.link = NULL;
	assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);
	v.link = LINK;
	v.valid_hours = 0;
	assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);
	v.valid_hours = 72;
	v.first_name = "\xff\xfe"; /* not UTF-8 */
	assert_int_equal(build_rc(a, MAIL_INVITE, &v), -EINVAL);

	/* a From or Subject with a line break is refused when rendering */
	struct mail_text t = {.subject = "Hi\r\nBcc: all@example.com", .body = "x\n"};
	char *msg;
	assert_int_equal(mail_render(a, MAIL_FROM_DEFAULT, "id", 1, "a@example.com", &t, &msg),
	                 -EINVAL);
	t.subject = "Hi";
	assert_int_equal(mail_render(a, "Me <me@example.com>\r\nBcc: x@example.com", "id", 1,
	                             "a@example.com", &t, &msg),
	                 -EINVAL);
	assert_int_equal(mail_render(a, "Me <me@example.com", "id", 1, "a@example.com", &t, &msg),
	                 -EINVAL);
	/* and by the mailer */
	struct store s = {0};
	struct mailer *m = NULL;
	struct mailer_config mc = {.outbox_dir = "/tmp", .from = "x@example.com\nBcc: y@e.com"};
	assert_int_equal(mailer_start(&s, &mc, &m), -EINVAL);
	mc = (struct mailer_config){.smtp_url = "http://example.com/", .from = "x@example.com"};
	assert_int_equal(mailer_start(&s, &mc, &m), -EINVAL);
	assert_null(m);
	arena_free(a);
}

static void from_display_names(void **state)
{
	struct arena *a = arena_new();
	struct mail_text t = {.subject = "Hi", .body = "x\n"};
	char *msg;
	assert_int_equal(mail_render(a, "noreply@example.com", "i", 1, "a@example.com", &t, &msg),
	                 0);
	assert_string_equal(header(a, msg, "From"), "<noreply@example.com>");
	assert_string_equal(header(a, msg, "Message-ID"), "<i@example.com>");
	assert_int_equal(
	    mail_render(a, "Acme B.V. <noreply@example.com>", "i", 1, "a@example.com", &t, &msg),
	    0);
	assert_string_equal(header(a, msg, "From"), "\"Acme B.V.\" <noreply@example.com>");
	assert_int_equal(
	    mail_render(a, "Télécom <noreply@example.com>", "i", 1, "a@example.com", &t, &msg), 0);
	assert_string_equal(header(a, msg, "From"),
	                    "=?UTF-8?B?VMOpbMOpY29t?= <noreply@example.com>");
	/* with no mailer running, queued mail has the default From */
	assert_string_equal(mail_from_get(a), MAIL_FROM_DEFAULT);
	arena_free(a);
}

/* ---- the store and the worker -------------------------------------------- */

struct fixture {
	struct testdb t;
	struct arena *a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	if (testdb_open(&f->t, "mail", 0) < 0)
		return -1;
	f->a = arena_new();
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int r = testdb_close(&f->t);
	arena_free(f->a);
	free(f);
	return r;
}

static void outbox_due_and_mark(void **state)
{
	struct fixture *f = *state;
	struct outbox_msg m1 = {.id = "m1",
	                        .to_addr = "a@x.nl",
	                        .message = "M1",
	                        .kind = "invite",
	                        .status = "pending",
	                        .next_attempt_at = 100,
	                        .created_at = 10};
	struct outbox_msg m2 = m1, m3 = m1;
	m2.id = "m2", m2.created_at = 5;        /* older: comes first */
	m3.id = "m3", m3.next_attempt_at = 500; /* not due yet */
	assert_int_equal(store_outbox_insert(f->t.db, &m1), 0);
	assert_int_equal(store_outbox_insert(f->t.db, &m2), 0);
	assert_int_equal(store_outbox_insert(f->t.db, &m3), 0);
	assert_int_equal(store_outbox_insert(f->t.db, &m3), -EEXIST);
	struct outbox_msg *v;
	int n;
	assert_int_equal(store_outbox_due(f->t.db, f->a, 100, 10, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].id, "m2");
	assert_string_equal(v[1].id, "m1");
	assert_string_equal(v[1].message, "M1");
	assert_string_equal(v[1].status, "pending");
	assert_null(v[1].last_error);
	assert_int_equal(v[1].sent_at, 0);
	assert_int_equal(store_outbox_due(f->t.db, f->a, 100, 1, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_outbox_due(f->t.db, f->a, 99, 10, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_outbox_due(f->t.db, f->a, 99, 0, &v, &n), -EINVAL);

	assert_int_equal(store_outbox_mark(f->t.db, "m2", "sent", 1, 100, NULL, 150), 0);
	assert_int_equal(store_outbox_mark(f->t.db, "m1", "pending", 1, 300, "boom", 0), 0);
	assert_int_equal(store_outbox_mark(f->t.db, "nope", "sent", 1, 1, NULL, 1), -ENOENT);
	assert_int_equal(store_outbox_due(f->t.db, f->a, 299, 10, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_outbox_due(f->t.db, f->a, 1000, 10, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].id, "m1");
	assert_int_equal(v[0].attempts, 1);
	assert_string_equal(v[0].last_error, "boom");
	assert_string_equal(v[1].id, "m3");
}

static const char SQL_ONE[] =
    "SELECT id, status, attempts, last_error, message, next_attempt_at FROM outbox "
    "ORDER BY created_at, id LIMIT 1";

struct row {
	char *id, *status, *last_error, *message;
	int64_t attempts, next_attempt_at;
};

static struct row first_row(struct fixture *f)
{
	struct db_stmt *st;
	struct row r = {0};
	assert_int_equal(db_prepare(f->t.db, SQL_ONE, &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	const char *t;
	r.id = arena_strdup(f->a, db_col_text(st, 0));
	r.status = arena_strdup(f->a, db_col_text(st, 1));
	r.attempts = db_col_int64(st, 2);
	r.last_error = (t = db_col_text(st, 3)) ? arena_strdup(f->a, t) : NULL;
	r.message = arena_strdup(f->a, db_col_text(st, 4));
	r.next_attempt_at = db_col_int64(st, 5);
	db_reset(st);
	return r;
}

/* The prepare of these tests: the variables of a mail to m->to_addr, in
 * Dutch for a .nl address; "gone@..." is no longer wanted, and "bad@..."
 * has an organization name that cannot go into a Subject. */
static int test_prepare(void *cls, struct db *db, struct arena *a, const struct outbox_msg *m,
                        struct mail_vars *ret)
{
	(void)cls, (void)db;
	if (strncmp(m->to_addr, "gone@", 5) == 0)
		return -ENOENT;
	size_t n = strlen(m->to_addr);
	*ret = (struct mail_vars){
	    .to = arena_strdup(a, m->to_addr),
	    .language = n > 3 && strcmp(m->to_addr + n - 3, ".nl") == 0 ? "nl" : "en",
	    .first_name = "Jan",
	    .org_name =
	        strncmp(m->to_addr, "bad@", 4) == 0 ? "Acme\r\nBcc: evil@example.com" : "Acme BV",
	    .link = LINK,
	    .valid_hours = 72};
	return 0;
}

static void queue(struct fixture *f, const char *to)
{
	assert_int_equal(db_begin(f->t.db, true), 0);
	assert_int_equal(mail_queue(f->t.db, time_now_ms(), MAIL_INVITE, to, NULL), 0);
	assert_int_equal(db_commit(f->t.db), 0);
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

/* Reads path whole into a; NULL when it does not exist. */
static char *slurp(struct arena *a, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *p = arena_alloc(a, 65536);
	size_t n = fread(p, 1, 65535, fp);
	fclose(fp);
	p[n] = 0;
	return p;
}

static void delivers_into_eml_files(void **state)
{
	struct fixture *f = *state;
	char out[128];
	snprintf(out, sizeof(out), "%s/data/outbox", f->t.dir); /* made by the mailer */
	struct mailer_config mc = {
	    .outbox_dir = out, .from = "Switchboard Test <mail@sb.test>", .prepare = test_prepare};
	struct mailer *m = NULL;
	assert_int_equal(mailer_start(&f->t.s, &mc, &m), 0);
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	queue(f, "jan@example.nl");
	mailer_wake(m);
	struct row r;
	for (int i = 0; i < 500; i++) {
		r = first_row(f);
		if (strcmp(r.status, "sent") == 0)
			break;
		sleep_ms(10);
	}
	assert_string_equal(r.status, "sent");
	assert_int_equal(r.attempts, 1);
	char path[200];
	snprintf(path, sizeof(path), "%s/%s.eml", out, r.id);
	char *file = slurp(f->a, path);
	assert_non_null(file);
	assert_string_equal(r.message, ""); /* the row keeps no text, links neither */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_crlf_lines(file, 998);
	assert_string_equal(header(f->a, file, "From"), "Switchboard Test <mail@sb.test>");
	assert_string_equal(header(f->a, file, "To"), "jan@example.nl");
	assert_string_equal(header(f->a, file, "Subject"), "Je bent uitgenodigd voor Acme BV");
	assert_string_equal(header(f->a, file, "Message-ID"),
	                    arena_printf(f->a, "<%s@sb.test>", r.id));
	assert_non_null(strstr(body_of(file), "Hallo Jan,"));
	assert_non_null(strstr(body_of(file), LINK));

	/* mail queued and not announced is delivered by the time stop returns */
	queue(f, "piet@example.com");
	mailer_stop(m);
	DIR *d = opendir(out);
	assert_non_null(d);
	int files = 0;
	for (struct dirent *e; (e = readdir(d));)
		if (e->d_name[0] != '.') {
			assert_non_null(strstr(e->d_name, ".eml"));
			files++;
		}
	closedir(d);
	assert_int_equal(files, 2);
	/* and the From is the default again */
	assert_string_equal(mail_from_get(f->a), MAIL_FROM_DEFAULT);
}

static void smtp_failure_is_retried_then_failed(void **state)
{
	struct fixture *f = *state;
	/* port 1 on the loopback: nobody listens, the connection is refused */
	struct mailer_config mc = {
	    .smtp_url = "smtp://127.0.0.1:1", .max_attempts = 2, .prepare = test_prepare};
	struct mailer *m = NULL;
	assert_int_equal(mailer_start(&f->t.s, &mc, &m), 0);
	int64_t t0 = time_now_ms();
	queue(f, "jan@example.nl");
	mailer_wake(m);
	struct row r;
	for (int i = 0; i < 500; i++) {
		r = first_row(f);
		if (r.attempts >= 1)
			break;
		sleep_ms(10);
	}
	assert_int_equal(r.attempts, 1);
	assert_string_equal(r.status, "pending");
	assert_non_null(r.last_error);
	assert_true(r.next_attempt_at >= t0 + 2000); /* backoff: 2 s after the first */
	/* the second attempt, after the backoff, is the last */
	for (int i = 0; i < 800; i++) {
		r = first_row(f);
		if (strcmp(r.status, "failed") == 0)
			break;
		sleep_ms(10);
	}
	assert_string_equal(r.status, "failed");
	assert_int_equal(r.attempts, 2);
	assert_non_null(r.last_error);
	mailer_stop(m);
}

/* Waits until the first row is no longer pending; returns it. */
static struct row settled(struct fixture *f)
{
	struct row r;
	for (int i = 0; i < 500; i++) {
		r = first_row(f);
		if (strcmp(r.status, "pending") != 0)
			break;
		sleep_ms(10);
	}
	return r;
}

static int files_in(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* A mail no longer wanted is cancelled; one that cannot be built fails at
 * once, untried again: neither was ever the request's problem. */
static void unwanted_and_unbuildable_mail(void **state)
{
	struct fixture *f = *state;
	char out[128];
	snprintf(out, sizeof(out), "%s/out", f->t.dir);
	struct mailer_config mc = {.outbox_dir = out, .prepare = test_prepare};
	struct mailer *m = NULL;
	assert_int_equal(mailer_start(&f->t.s, &mc, &m), 0);
	queue(f, "gone@example.com");
	mailer_wake(m);
	struct row r = settled(f);
	assert_string_equal(r.status, "cancelled");
	assert_int_equal(files_in(out), 0);
	assert_int_equal(db_exec(f->t.db, "DELETE FROM outbox"), 0);
	queue(f, "bad@example.com");
	mailer_wake(m);
	r = settled(f);
	assert_string_equal(r.status, "failed");
	assert_int_equal(r.attempts, 1);
	assert_non_null(strstr(r.last_error, "cannot be built"));
	assert_int_equal(files_in(out), 0);
	mailer_stop(m);
}

/* A row queued by a version that stored the whole text is sent as it is,
 * and then keeps none. */
static void stored_text_is_sent_then_wiped(void **state)
{
	struct fixture *f = *state;
	char out[128];
	snprintf(out, sizeof(out), "%s/out", f->t.dir);
	struct outbox_msg old = {.id = "0190c3e2-7a3b-7c4d-8e5f-0123456789ab",
	                         .to_addr = "a@example.com",
	                         .message = "Subject: old\r\n\r\nlink " LINK "\r\n",
	                         .kind = "invite",
	                         .status = "pending",
	                         .next_attempt_at = 1,
	                         .created_at = 1};
	assert_int_equal(store_outbox_insert(f->t.db, &old), 0);
	struct mailer_config mc = {.outbox_dir = out, .prepare = test_prepare};
	struct mailer *m = NULL;
	assert_int_equal(mailer_start(&f->t.s, &mc, &m), 0);
	mailer_wake(m);
	struct row r = settled(f);
	mailer_stop(m);
	assert_string_equal(r.status, "sent");
	assert_string_equal(r.message, "");
	char path[200];
	snprintf(path, sizeof(path), "%s/%s.eml", out, old.id);
	assert_string_equal(slurp(f->a, path), old.message);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(english_invite),
	    cmocka_unit_test(dutch_invite_and_reset),
	    cmocka_unit_test(english_reset_and_other_languages),
	    cmocka_unit_test(voicemail_with_attachment),
	    cmocka_unit_test(non_ascii_subject_is_encoded),
	    cmocka_unit_test(long_ascii_subject_is_folded),
	    cmocka_unit_test(overlong_line_uses_quoted_printable),
	    cmocka_unit_test(header_injection_refused),
	    cmocka_unit_test(email_valid_refuses_what_mail_refuses),
	    cmocka_unit_test(from_display_names),
	    cmocka_unit_test_setup_teardown(outbox_due_and_mark, setup, teardown),
	    cmocka_unit_test_setup_teardown(delivers_into_eml_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(smtp_failure_is_retried_then_failed, setup, teardown),
	    cmocka_unit_test_setup_teardown(unwanted_and_unbuildable_mail, setup, teardown),
	    cmocka_unit_test_setup_teardown(stored_text_is_sent_then_wiped, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
