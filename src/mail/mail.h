/* mail.h: outgoing mail: an outbox table and a delivery worker.
 *
 * Messages are queued inside the caller's transaction (so a rolled-back
 * request sends nothing) and delivered by a background thread: over SMTP
 * with libcurl when an smtp:// URL is configured, retried with exponential
 * backoff, or otherwise written as .eml files into a directory. */
#pragma once
#include <stdbool.h>

struct dctx;
struct store;
struct mailer;

struct mailer_config {
	const char *smtp_url;   /* smtp://host:port or smtps://...; NULL: files */
	const char *outbox_dir; /* where .eml files go without SMTP */
	const char *from;       /* "Switchboard <noreply@switchboard.invalid>" by default */
	int max_attempts;       /* then the message is marked failed; default 8 */
};

/* Starts the delivery thread. */
int mailer_start(struct store *store, const struct mailer_config *cfg, struct mailer **ret);
/* Tells the worker new mail may be waiting (after a commit). Cheap. */
void mailer_wake(struct mailer *m);
/* Delivers what is due, then stops the thread and frees m. */
void mailer_stop(struct mailer *m);

/* Kinds of message, each with a Dutch and an English template. */
enum mail_kind { MAIL_INVITE, MAIL_RESET };

struct mail_vars {
	const char *to, *language; /* "nl" or "en"; anything else is English */
	const char *first_name, *org_name;
	const char *link; /* {public_url}/set-password?token=... */
	int valid_hours;
};

/* Renders the message for kind in the user's language and queues it in the
 * current transaction of c. Returns 0 or a negative errno. */
int mail_queue(struct dctx *c, enum mail_kind kind, const struct mail_vars *v);
