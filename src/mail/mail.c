/* mail.c: outgoing mail: messages assembled (RFC 5322, UTF-8 text) and
 * queued in the outbox inside the caller's transaction, and the worker
 * thread that delivers them, over SMTP with libcurl or as .eml files.
 *
 * Delivery is at least once: a batch is claimed (its next attempt moved a
 * lease ahead) in one transaction; each message is built in its own (the
 * prepare callback makes its link then) and delivered outside any
 * transaction, and the batch's results are recorded together in one more.
 * A process that dies in between delivers the claimed messages again when
 * the lease runs out, with a new link that retires the earlier one: at most
 * a batch is sent twice. The built message is never
 * stored: a row delivered or given up keeps its address and kind only. */
#include "mail/mail_int.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>

#define MAIL_ADDR_MAX 254              /* bytes of an address (RFC 5321 path limit) */
#define MAIL_FROM_MAX 300              /* bytes of the configured From */
#define MAIL_LINE_MAX 998              /* octets of a line, RFC 5322 2.1.1 */
#define MAIL_FOLD_AT 78                /* where header lines are folded when they can be */
#define MAIL_EW_CHUNK 39               /* bytes of text per encoded-word: 52 base64 chars */
#define MAILER_BATCH 20                /* messages claimed per transaction */
#define MAILER_LEASE_MS (10 * 60000)   /* a claim's hold on its messages */
#define MAILER_BACKOFF_MAX_S (15 * 60) /* longest wait between two attempts */
#define MAILER_POLL_MS 1000            /* retries are looked for this often */
#define MAILER_ERROR_MAX 500           /* bytes of last_error kept */

/* ---- the process-wide From ---------------------------------------------- */

/* mail_queue has no mailer at hand; the running mailer's From is kept here. */
static pthread_mutex_t from_lock = PTHREAD_MUTEX_INITIALIZER;
static char *from_setting; /* NULL: MAIL_FROM_DEFAULT */

const char *mail_from_get(struct arena *a)
{
	pthread_mutex_lock(&from_lock);
	char *s = arena_strdup(a, from_setting ? from_setting : MAIL_FROM_DEFAULT);
	pthread_mutex_unlock(&from_lock);
	return s;
}

/* ---- header values ------------------------------------------------------- */

/* A header value may not hold CR, LF or any other control character. */
static bool header_ok(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* An addr-spec as it goes into To and RCPT TO: one '@', no space, nothing
 * that could turn it into several addresses or a display name. */
static bool addr_ok(const char *s)
{
	if (!s || !*s || strlen(s) > MAIL_ADDR_MAX || !header_ok(s))
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@'))
		return false;
	return strpbrk(s, " \t<>()[],;:\"\\") == NULL;
}

/* Splits "Name <addr>" or "addr" into its parts (in a). */
static int from_split(struct arena *a, const char *from, char **ret_name, char **ret_addr)
{
	if (!from || strlen(from) > MAIL_FROM_MAX || !header_ok(from))
		return -EINVAL;
	const char *lt = strrchr(from, '<');
	char *name = NULL, *addr;
	if (lt) {
		const char *gt = strchr(lt, '>');
		if (!gt || !str_empty(str_trim(a, gt + 1)))
			return -EINVAL;
		addr = arena_strndup(a, lt + 1, (size_t)(gt - lt - 1));
		name = str_trim(a, arena_strndup(a, from, (size_t)(lt - from)));
		if (!*name)
			name = NULL;
	} else {
		addr = str_trim(a, from);
	}
	if (!addr_ok(addr))
		return -EINVAL;
	*ret_name = name;
	*ret_addr = addr;
	return 0;
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* ---- assembling a message ------------------------------------------------ */

/* A buf whose first failure sticks, so assembly reads straight down. */
struct out {
	struct buf b;
	int err;
};

static void out_put(struct out *o, const char *s, size_t n)
{
	if (!o->err)
		o->err = buf_append(&o->b, s, n);
}

static void out_puts(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

/* The length of the line being written. */
static size_t out_col(const struct out *o)
{
	size_t n = o->b.len;
	while (n && o->b.p[n - 1] != '\n')
		n--;
	return o->b.len - n;
}

/* s as RFC 2047 encoded-words (UTF-8, base64), folded between words and cut
 * at character boundaries only. */
static void put_encoded_words(struct out *o, const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		size_t n = len - i < MAIL_EW_CHUNK ? len - i : MAIL_EW_CHUNK;
		while (n < len - i && n > 1 && ((unsigned char)s[i + n] & 0xc0) == 0x80)
			n--;
		char b64[sodium_base64_ENCODED_LEN(MAIL_EW_CHUNK, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s + i, n,
		                  sodium_base64_VARIANT_ORIGINAL);
		if (i)
			out_puts(o, "\r\n ");
		out_puts(o, "=?UTF-8?B?");
		out_puts(o, b64);
		out_puts(o, "?=");
		i += n;
	}
}

/* Plain ASCII text, folded at spaces where a line would pass MAIL_FOLD_AT. */
static void put_folded(struct out *o, const char *s)
{
	while (*s) {
		const char *sp = strchr(s + 1, ' ');
		size_t n = sp ? (size_t)(sp - s) : strlen(s);
		if (*s == ' ' && out_col(o) + n > MAIL_FOLD_AT)
			out_puts(o, "\r\n");
		out_put(o, s, n);
		s += n;
	}
}

/* Unstructured text (Subject): encoded when not plain ASCII, or when it
 * holds "=?" that a reader would take for an encoded-word. */
static void put_text(struct out *o, const char *s)
{
	if (is_ascii(s) && !strstr(s, "=?"))
		put_folded(o, s);
	else
		put_encoded_words(o, s);
}

/* A display name: encoded-words, a quoted-string when it holds specials, or
 * as it is. */
static void put_phrase(struct out *o, struct arena *a, const char *s)
{
	size_t n = strlen(s);
	bool quoted = n >= 2 && s[0] == '"' && s[n - 1] == '"';
	if (!is_ascii(s) || strstr(s, "=?")) {
		put_encoded_words(o, quoted ? arena_strndup(a, s + 1, n - 2) : s);
	} else if (quoted || !strpbrk(s, "()<>[]:;@\\,.\"")) {
		out_puts(o, s);
	} else {
		out_puts(o, "\"");
		for (; *s; s++) {
			if (*s == '"' || *s == '\\')
				out_puts(o, "\\");
			out_put(o, s, 1);
		}
		out_puts(o, "\"");
	}
}

/* RFC 5322 date-time of ms since the epoch, in UTC, into out. */
static void format_date(int64_t ms, char out[static 40])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&s, &tm);
	snprintf(out, 40, "%s, %d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
	         months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static size_t longest_line(const char *s)
{
	size_t max = 0;
	while (*s) {
		size_t n = strcspn(s, "\n");
		if (n > max)
			max = n;
		s += n;
		if (*s)
			s++;
	}
	return max;
}

/* body (lines ended by "\n") as quoted-printable with CRLF line ends. A dot
 * opening a line is encoded too, for transports that do not stuff dots. */
static void put_quoted_printable(struct out *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n') {
			out_puts(o, "\r\n");
			col = 0;
			continue;
		}
		bool at_end = s[1] == '\n' || s[1] == 0;
		bool enc = c == '=' || c >= 0x7f || (c < 0x20 && c != '\t') ||
		           ((c == ' ' || c == '\t') && at_end) || (c == '.' && col == 0);
		size_t w = enc ? 3 : 1;
		if (col + w > 75) {
			out_puts(o, "=\r\n");
			col = 0;
		}
		if (enc) {
			char e[3] = {'=', hex[c >> 4], hex[c & 15]};
			out_put(o, e, 3);
		} else {
			out_put(o, s, 1);
		}
		col += w;
	}
}

/* The file of t as the second part, base64 in lines of 76, and the end. */
static void put_attachment(struct out *o, const char *boundary, const struct mail_text *t)
{
	out_puts(o, "--");
	out_puts(o, boundary);
	out_puts(o, "\r\nContent-Type: ");
	out_puts(o, t->attachment_type);
	out_puts(o, "; name=\"");
	out_puts(o, t->attachment_name);
	out_puts(o, "\"\r\nContent-Disposition: attachment; filename=\"");
	out_puts(o, t->attachment_name);
	out_puts(o, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	size_t len = sodium_base64_ENCODED_LEN(t->attachment_n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(len);
	if (!b64) {
		o->err = -ENOMEM;
		return;
	}
	sodium_bin2base64(b64, len, t->attachment, t->attachment_n, sodium_base64_VARIANT_ORIGINAL);
	for (size_t at = 0, n = strlen(b64); at < n; at += 76) {
		out_put(o, b64 + at, n - at < 76 ? n - at : 76);
		out_puts(o, "\r\n");
	}
	free(b64);
	out_puts(o, "--");
	out_puts(o, boundary);
	out_puts(o, "--\r\n");
}

int mail_render(struct arena *a, const char *from, const char *id, int64_t now, const char *to,
                const struct mail_text *t, char **ret)
{
	char *from_name, *from_addr;
	if (!addr_ok(to) || !id || !header_ok(id) || !t->subject || !header_ok(t->subject) ||
	    !str_valid_text(t->subject, strlen(t->subject)) || !t->body ||
	    !str_valid_text(t->body, strlen(t->body)) || strchr(t->body, '\r') ||
	    from_split(a, from, &from_name, &from_addr) < 0)
		return -EINVAL;
	char date[40];
	format_date(now, date);
	bool qp = longest_line(t->body) > MAIL_LINE_MAX;

	struct out o = {BUF_INIT, 0};
	out_puts(&o, "From: ");
	if (from_name) {
		put_phrase(&o, a, from_name);
		out_puts(&o, " ");
	}
	out_puts(&o, "<");
	out_puts(&o, from_addr);
	out_puts(&o, ">\r\nTo: ");
	out_puts(&o, to);
	out_puts(&o, "\r\nSubject: ");
	put_text(&o, t->subject);
	out_puts(&o, "\r\nDate: ");
	out_puts(&o, date);
	out_puts(&o, "\r\nMessage-ID: <");
	out_puts(&o, id);
	out_puts(&o, strchr(from_addr, '@'));
	out_puts(&o, ">\r\nMIME-Version: 1.0\r\n");
	/* with a file: multipart/mixed, the text its first part (RFC 2046) */
	const char *boundary = t->attachment ? arena_printf(a, "sb-%s", id) : NULL;
	if (boundary) {
		out_puts(&o, "Content-Type: multipart/mixed; boundary=\"");
		out_puts(&o, boundary);
		out_puts(&o, "\"\r\nAuto-Submitted: auto-generated\r\n\r\n--");
		out_puts(&o, boundary);
		out_puts(&o, "\r\n");
	}
	out_puts(&o, "Content-Type: text/plain; charset=UTF-8\r\n"
	             "Content-Transfer-Encoding: ");
	out_puts(&o, qp ? "quoted-printable" : "8bit");
	out_puts(&o, boundary ? "\r\n\r\n" : "\r\nAuto-Submitted: auto-generated\r\n\r\n");
	if (qp) {
		put_quoted_printable(&o, t->body);
	} else {
		for (const char *s = t->body; *s;) {
			size_t n = strcspn(s, "\n");
			out_put(&o, s, n);
			out_puts(&o, "\r\n");
			s += n;
			if (*s)
				s++;
		}
	}
	if (boundary)
		put_attachment(&o, boundary, t);
	if (o.err) {
		buf_release(&o.b);
		return o.err;
	}
	*ret = arena_strndup(a, o.b.p, o.b.len);
	buf_release(&o.b);
	return 0;
}

int mail_queue(struct db *db, int64_t now, enum mail_kind kind, const char *to, const char *user_id)
{
	return mail_queue_ref(db, now, kind, to, user_id, NULL);
}

int mail_queue_ref(struct db *db, int64_t now, enum mail_kind kind, const char *to,
                   const char *user_id, const char *ref_id)
{
	if (!mail_kind_name(kind) || !to)
		return -EINVAL;
	char id[ID_LEN + 1];
	id_new(id);
	/* No message yet: it is built at delivery (prepare), where a link's
	 * token is made, so the row holds nothing that signs anyone in. */
	struct outbox_msg m = {.id = id,
	                       .to_addr = (char *)to,
	                       .user_id = (char *)user_id,
	                       .ref_id = (char *)ref_id,
	                       .message = "",
	                       .kind = (char *)mail_kind_name(kind),
	                       .status = "pending",
	                       .next_attempt_at = now,
	                       .created_at = now};
	return store_outbox_insert(db, &m);
}

/* ---- the delivery worker -------------------------------------------------- */

struct mailer {
	struct store *store;
	char *smtp_url, *outbox_dir;
	char *from;          /* as configured (or the default) */
	char *envelope_from; /* "<addr>" for MAIL FROM */
	int max_attempts;
	mail_prepare_fn *prepare;
	void *prepare_cls;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool wake, stop, curl_ready;
};

/* Creates dir and its parents (mode 0700: mails hold sign-in links). */
static int mkdir_p(const char *dir)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != 0)
			continue;
		char saved = *p;
		*p = 0;
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return -errno;
		*p = saved;
		if (!saved)
			break;
	}
	struct stat st;
	if (stat(path, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes the message as <id>.eml: a temporary name first, then renamed, so
 * a reader never sees half a message. */
static int deliver_file(struct mailer *m, const struct outbox_msg *msg, const char *text, char *err,
                        size_t errlen)
{
	if (!id_valid(msg->id)) {
		snprintf(err, errlen, "invalid message id");
		return -EINVAL;
	}
	char tmp[PATH_MAX], path[PATH_MAX];
	int r = mkdir_p(m->outbox_dir);
	if (r >= 0 &&
	    (snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", m->outbox_dir, msg->id) >= (int)sizeof(tmp) ||
	     snprintf(path, sizeof(path), "%s/%s.eml", m->outbox_dir, msg->id) >=
	         (int)sizeof(path)))
		r = -ENAMETOOLONG;
	if (r < 0) {
		snprintf(err, errlen, "outbox directory: %s", strerror(-r));
		return r;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot create %.36s.eml: %s", msg->id, strerror(-r));
		return r;
	}
	r = write_all(fd, text, strlen(text));
	if (r >= 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r >= 0)
		r = -errno;
	if (r >= 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		snprintf(err, errlen, "cannot write %.36s.eml: %s", msg->id, strerror(-r));
		unlink(tmp);
		return r;
	}
	int dfd = open(m->outbox_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

struct upload {
	const char *p;
	size_t left;
};

static size_t upload_read(char *buffer, size_t size, size_t nitems, void *userdata)
{
	struct upload *u = userdata;
	size_t n = size * nitems < u->left ? size * nitems : u->left;
	memcpy(buffer, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* Sends the message text over SMTP. libcurl stuffs dots (a line opening with
 * "." goes out as "..") and ends the data with CRLF.CRLF itself, so the text
 * is sent as it is. */
static int deliver_smtp(struct mailer *m, const struct outbox_msg *msg, const char *to,
                        const char *text, char *err, size_t errlen)
{
	if (!addr_ok(to)) {
		snprintf(err, errlen, "invalid recipient");
		return -EINVAL;
	}
	char rcpt[MAIL_ADDR_MAX + 3];
	snprintf(rcpt, sizeof(rcpt), "<%s>", to);
	CURL *h = curl_easy_init();
	struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
	if (!h || !rcpts) {
		curl_slist_free_all(rcpts);
		curl_easy_cleanup(h);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	char errbuf[CURL_ERROR_SIZE] = "";
	size_t len = strlen(text);
	struct upload u = {text, len};
	curl_easy_setopt(h, CURLOPT_URL, m->smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, m->envelope_from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	CURLcode rc = curl_easy_perform(h);
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK)
		return 0;
	snprintf(err, errlen, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	return -EIO;
}

/* Seconds to wait after the n-th failed attempt: 2^n, at most 15 minutes. */
static int64_t backoff_s(int64_t n)
{
	return n >= 10 ? MAILER_BACKOFF_MAX_S : (int64_t)1 << n;
}

/* Takes up to MAILER_BATCH due messages, moving their next attempt a lease
 * ahead so no other pass takes them meanwhile. */
static int claim(struct db *db, struct arena *a, int64_t now, struct outbox_msg **ret, int *ret_n)
{
	/* Most passes find nothing: look first without taking the write lock. */
	struct outbox_msg *v = NULL;
	int n = 0;
	int r = db_begin(db, false);
	if (r < 0)
		return r;
	if ((r = store_outbox_due(db, a, now, 1, &v, &n)) < 0) {
		db_rollback(db);
		return r;
	}
	if ((r = db_commit(db)) < 0)
		return r;
	if (n == 0) {
		*ret = v;
		*ret_n = 0;
		return 0;
	}
	if ((r = db_begin_shared(db)) < 0)
		return r;
	r = store_outbox_due(db, a, now, MAILER_BATCH, &v, &n);
	for (int i = 0; r >= 0 && i < n; i++)
		r = store_outbox_mark(db, v[i].id, "pending", v[i].attempts, now + MAILER_LEASE_MS,
		                      v[i].last_error, 0);
	if (r >= 0)
		r = db_commit(db);
	else
		db_rollback(db);
	if (r < 0)
		return r;
	*ret = v;
	*ret_n = n;
	return 0;
}

/* An attempt's outcome, written with the rest of its batch (marks). */
struct outcome {
	const struct outbox_msg *msg;
	const char *status, *error;
	int64_t attempts, next, sent_at;
};

/* Writes a batch's outcomes in one transaction: the mail worker takes the
 * write lock once a batch, not once a message. A crash before it leaves
 * the batch's messages claimed but unmarked, so the ones already delivered
 * are delivered again when the claim's lease ends: at most MAILER_BATCH
 * messages twice (docs/architecture.md, "Mail"). */
static int marks(struct db *db, const struct outcome *o, int n)
{
	if (n == 0)
		return 0;
	int r = db_begin_shared(db);
	for (int i = 0; r >= 0 && i < n; i++)
		r = store_outbox_mark(db, o[i].msg->id, o[i].status, o[i].attempts, o[i].next,
		                      o[i].error, o[i].sent_at);
	if (r < 0) {
		db_rollback(db);
		return r;
	}
	return db_commit(db);
}

static void outcome_set(struct outcome *o, const struct outbox_msg *msg, const char *status,
                        int64_t attempts, int64_t next, const char *error, int64_t sent_at)
{
	*o = (struct outcome){.msg = msg,
	                      .status = status,
	                      .error = error,
	                      .attempts = attempts,
	                      .next = next,
	                      .sent_at = sent_at};
}

/* The outcome of one attempt; err is NULL on success. */
static void record(struct mailer *m, struct arena *a, struct outcome *o,
                   const struct outbox_msg *msg, const char *err)
{
	int64_t now = time_now_ms(), attempts = msg->attempts + 1;
	if (!err)
		outcome_set(o, msg, "sent", attempts, msg->next_attempt_at, msg->last_error, now);
	else if (attempts >= m->max_attempts)
		outcome_set(o, msg, "failed", attempts, msg->next_attempt_at, arena_strdup(a, err),
		            0);
	else
		outcome_set(o, msg, "pending", attempts, now + backoff_s(attempts) * 1000,
		            arena_strdup(a, err), 0);
}

static bool stop_requested(struct mailer *m)
{
	pthread_mutex_lock(&m->lock);
	bool stop = m->stop;
	pthread_mutex_unlock(&m->lock);
	return stop;
}

/* The text of msg into *ret (in a): as stored by a version that stored
 * it, else built now in a transaction of its own, committed before the
 * mail goes out so that its link works when it arrives. -ENOENT: the mail
 * is not wanted any more; -EINVAL: it cannot be built (given up at once);
 * another error: tried again later. err says why. */
static int build(struct mailer *m, struct db *db, struct arena *a, const struct outbox_msg *msg,
                 char **ret, const char **ret_to, char *err, size_t errlen)
{
	*ret_to = msg->to_addr;
	if (msg->message && *msg->message) {
		*ret = msg->message;
		return 0;
	}
	int kind = mail_kind_parse(msg->kind);
	if (kind < 0 || !m->prepare) {
		snprintf(err, errlen, "no way to build a mail of kind %.40s", msg->kind);
		return -EINVAL;
	}
	int r = db_begin_shared(db);
	if (r < 0) {
		snprintf(err, errlen, "database: %s", strerror(-r));
		return r;
	}
	struct mail_vars v = {0};
	struct mail_text t;
	r = m->prepare(m->prepare_cls, db, a, msg, &v);
	if (r < 0) {
		db_rollback(db);
		snprintf(err, errlen, "%s", r == -ENOENT ? "no longer wanted" : strerror(-r));
		return r == -ENOENT || r == -EINVAL ? r : -EIO;
	}
	/* The recipient is the user's address as it is now: a reset asked
	 * for by login name is queued under that name. */
	const char *to = v.to ? v.to : msg->to_addr;
	if ((r = mail_template(a, (enum mail_kind)kind, &v, &t)) < 0 ||
	    (r = mail_render(a, m->from, msg->id, time_now_ms(), to, &t, ret)) < 0) {
		db_rollback(db);
		snprintf(err, errlen,
		         "the mail cannot be built: a name or address in it is not "
		         "valid in a mail");
		return -EINVAL;
	}
	if ((r = db_commit(db)) < 0) {
		snprintf(err, errlen, "database: %s", strerror(-r));
		return -EIO;
	}
	*ret_to = to;
	return 0;
}

/* Delivers everything due now, batch after batch. After a failure while
 * stopping, the rest is handed back untried (the server is likely down and
 * each attempt could take the whole timeout). */
static void deliver_due(struct mailer *m, struct db *db)
{
	for (int round = 0; round < 100; round++) {
		struct arena *a = arena_new();
		if (!a)
			return;
		struct outbox_msg *v = NULL;
		int n = 0;
		if (claim(db, a, time_now_ms(), &v, &n) < 0 || n == 0) {
			arena_free(a);
			return;
		}
		bool give_up = false;
		struct outcome *o = arena_alloc(a, sizeof(*o) * (size_t)n);
		for (int i = 0; i < n; i++) {
			const struct outbox_msg *msg = &v[i];
			if (give_up) {
				outcome_set(&o[i], msg, "pending", msg->attempts,
				            msg->next_attempt_at, msg->last_error, 0);
				continue;
			}
			char err[MAILER_ERROR_MAX];
			char *text;
			const char *to;
			int r = build(m, db, a, msg, &text, &to, err, sizeof(err));
			if (r == -ENOENT) {
				outcome_set(&o[i], msg, "cancelled", msg->attempts,
				            msg->next_attempt_at, NULL, 0);
				continue;
			}
			if (r == -EINVAL) {
				outcome_set(&o[i], msg, "failed", msg->attempts + 1,
				            msg->next_attempt_at, arena_strdup(a, err), 0);
				continue;
			}
			if (r >= 0)
				r = m->smtp_url ? deliver_smtp(m, msg, to, text, err, sizeof(err))
				                : deliver_file(m, msg, text, err, sizeof(err));
			record(m, a, &o[i], msg, r < 0 ? err : NULL);
			if (r < 0 && stop_requested(m))
				give_up = true;
		}
		marks(db, o, n);
		arena_free(a);
		if (give_up)
			return;
	}
}

static void *worker(void *arg)
{
	struct mailer *m = arg;
	pthread_mutex_lock(&m->lock);
	for (;;) {
		bool stopping = m->stop;
		m->wake = false;
		pthread_mutex_unlock(&m->lock);
		struct db *db = store_conn(m->store);
		if (db)
			deliver_due(m, db);
		pthread_mutex_lock(&m->lock);
		if (stopping)
			break;
		if (!m->wake && !m->stop) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += MAILER_POLL_MS / 1000;
			pthread_cond_timedwait(&m->cond, &m->lock, &ts);
		}
	}
	pthread_mutex_unlock(&m->lock);
	store_conn_close();
	return NULL;
}

static void mailer_free(struct mailer *m)
{
	if (!m)
		return;
	if (m->curl_ready)
		curl_global_cleanup();
	free(m->smtp_url);
	free(m->outbox_dir);
	free(m->from);
	free(m->envelope_from);
	free(m);
}

int mailer_start(struct store *store, const struct mailer_config *cfg, struct mailer **ret)
{
	const char *smtp = cfg->smtp_url && *cfg->smtp_url ? cfg->smtp_url : NULL;
	const char *from = cfg->from && *cfg->from ? cfg->from : MAIL_FROM_DEFAULT;
	if (smtp &&
	    ((strncasecmp(smtp, "smtp://", 7) != 0 && strncasecmp(smtp, "smtps://", 8) != 0) ||
	     !header_ok(smtp)))
		return -EINVAL;
	if (!smtp && (!cfg->outbox_dir || !*cfg->outbox_dir))
		return -EINVAL;
	struct arena *a = arena_new();
	if (!a)
		return -ENOMEM;
	char *from_name, *from_addr;
	int r = from_split(a, from, &from_name, &from_addr);
	struct mailer *m = r < 0 ? NULL : calloc(1, sizeof(*m));
	if (!m) {
		arena_free(a);
		return r < 0 ? r : -ENOMEM;
	}
	m->store = store;
	m->prepare = cfg->prepare;
	m->prepare_cls = cfg->prepare_cls;
	m->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : 8;
	m->smtp_url = smtp ? strdup(smtp) : NULL;
	m->outbox_dir = cfg->outbox_dir ? strdup(cfg->outbox_dir) : NULL;
	m->from = strdup(from);
	if (asprintf(&m->envelope_from, "<%s>", from_addr) < 0)
		m->envelope_from = NULL;
	arena_free(a);
	if ((smtp && !m->smtp_url) || (cfg->outbox_dir && !m->outbox_dir) || !m->from ||
	    !m->envelope_from) {
		mailer_free(m);
		return -ENOMEM;
	}
	if (smtp) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			mailer_free(m);
			return -EIO;
		}
		m->curl_ready = true;
	} else if ((r = mkdir_p(m->outbox_dir)) < 0) {
		mailer_free(m);
		return r;
	}
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&m->cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&m->lock, NULL);
	char *setting = strdup(m->from);
	if (!setting || (r = -pthread_create(&m->thread, NULL, worker, m)) < 0) {
		free(setting);
		pthread_cond_destroy(&m->cond);
		pthread_mutex_destroy(&m->lock);
		mailer_free(m);
		return setting ? r : -ENOMEM;
	}
	pthread_mutex_lock(&from_lock);
	free(from_setting);
	from_setting = setting;
	pthread_mutex_unlock(&from_lock);
	*ret = m;
	return 0;
}

void mailer_wake(struct mailer *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->wake = true;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

void mailer_stop(struct mailer *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->stop = true;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->cond);
	pthread_mutex_destroy(&m->lock);
	pthread_mutex_lock(&from_lock);
	if (from_setting && strcmp(from_setting, m->from) == 0) {
		free(from_setting);
		from_setting = NULL;
	}
	pthread_mutex_unlock(&from_lock);
	mailer_free(m);
}
