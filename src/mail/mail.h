/* mail.h: outgoing mail: an outbox table and a delivery worker.
 *
 * A request queues the intent to send a mail (its kind, the address, the
 * user it concerns) inside its own transaction, so a rolled-back request
 * sends nothing. A background thread builds and delivers it: over SMTP with
 * libcurl when an smtp:// URL is configured, retried with exponential
 * backoff, or otherwise written as .eml files into a directory.
 *
 * Mails with a sign-in link are built at delivery: the prepare callback
 * (the domain's) makes the link's token then, so no usable link ever rests
 * in the database, and a mail that can no longer be built, or is no longer
 * wanted, never fails the request that queued it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct outbox_msg;
struct store;
struct mailer;

/* Kinds of message, each with a Dutch and an English template. */
enum mail_kind { MAIL_INVITE, MAIL_RESET, MAIL_VOICEMAIL };

struct mail_vars {
	const char *to, *language; /* "nl" or "en"; anything else is English */
	const char *first_name, *org_name;
	const char *link; /* {public_url}/set-password?token=...; a voicemail's: the portal */
	int valid_hours;
	/* a voicemail message: who left it (NULL: unknown), when (as the
	 * organization's clock says it), how long, and the recording */
	const char *caller, *received;
	int seconds;
	const unsigned char *attachment;
	size_t attachment_n;
};

/* Builds the variables of a queued message m at delivery, inside a write
 * transaction open on db that the mailer commits before sending: 0 with ret
 * filled (in a), -ENOENT when the mail is not to be sent any more (the user
 * changed meanwhile), or another negative errno (tried again later). */
typedef int mail_prepare_fn(void *cls, struct db *db, struct arena *a, const struct outbox_msg *m,
                            struct mail_vars *ret);

struct mailer_config {
	const char *smtp_url;     /* smtp://host:port or smtps://...; NULL: files */
	const char *outbox_dir;   /* where .eml files go without SMTP */
	const char *from;         /* "Switchboard <noreply@switchboard.invalid>" by default */
	int max_attempts;         /* then the message is marked failed; default 8 */
	mail_prepare_fn *prepare; /* builds the variables of a mail at delivery */
	void *prepare_cls;
};

/* Starts the delivery thread. */
int mailer_start(struct store *store, const struct mailer_config *cfg, struct mailer **ret);
/* Tells the worker new mail may be waiting (after a commit). Cheap. */
void mailer_wake(struct mailer *m);
/* Delivers what is due, then stops the thread and frees m. */
void mailer_stop(struct mailer *m);

/* "invite", "reset", "voicemail": the outbox's kind column, and back (-1
 * for another text). */
const char *mail_kind_name(enum mail_kind kind);
int mail_kind_parse(const char *s);

/* Queues a mail of kind to the address to, about user_id (may be NULL: a
 * reset asked for by address, resolved at delivery), in the transaction
 * open on db, as of now (ms). Fails only when the row cannot be written. */
int mail_queue(struct db *db, int64_t now, enum mail_kind kind, const char *to,
               const char *user_id);
/* The same about the object ref_id (a voicemail message), which prepare
 * reads at delivery. */
int mail_queue_ref(struct db *db, int64_t now, enum mail_kind kind, const char *to,
                   const char *user_id, const char *ref_id);
