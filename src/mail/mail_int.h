/* mail_int.h: private to mail/ (and its unit test): the texts of each kind
 * of mail (templates.c) and their assembly into an RFC 5322 message
 * (mail.c). */
#pragma once
#include "mail/mail.h"

#include <stdint.h>

struct arena;

/* The Subject and body of one mail, UTF-8, body lines ended by "\n". */
struct mail_text {
	char *subject, *body;
	/* a file sent along (multipart/mixed), or NULL */
	const unsigned char *attachment;
	size_t attachment_n;
	const char *attachment_name, *attachment_type;
};

/* Fills ret with the texts for kind in v->language, in a. Returns -EINVAL
 * when a variable is missing, too long, not UTF-8 or holds a line break. */
int mail_template(struct arena *a, enum mail_kind kind, const struct mail_vars *v,
                  struct mail_text *ret);

/* Assembles the complete message (CRLF line ends) in a: headers From, To,
 * Subject (RFC 2047 when needed), Date of now (ms), Message-ID made of id and
 * the domain of from, MIME headers, then the body. Returns -EINVAL when to or
 * from would inject a header. */
int mail_render(struct arena *a, const char *from, const char *id, int64_t now, const char *to,
                const struct mail_text *t, char **ret);

/* The From of queued mail: the one mailer_start was given, else the default;
 * copied into a. */
const char *mail_from_get(struct arena *a);

#define MAIL_FROM_DEFAULT "Switchboard <noreply@switchboard.invalid>"
