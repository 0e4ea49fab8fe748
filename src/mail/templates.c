/* templates.c: the text of every mail Switchboard sends, in Dutch and in
 * English. Only the variables of struct mail_vars go in; the link is the
 * one secret a mail may carry. */
#include "mail/mail_int.h"
#include "base/arena.h"
#include "base/util.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#define NAME_MAX_LEN 300  /* first_name, org_name: bytes */
#define LINK_MAX_LEN 2000 /* bytes */
#define HOURS_MAX (24 * 366)

/* One language's texts: printf formats. The greeting takes the first name;
 * the subject and intro of an invitation take the organization's name. */
struct lang_texts {
	const char *hello_name, *hello;
	const char *invite_subject, *invite_subject_anon, *invite_intro, *invite_intro_anon;
	const char *invite_action, *invite_unexpected;
	const char *reset_subject, *reset_intro;
	const char *valid_one, *valid_many; /* take the hours */
	const char *reset_unexpected, *closing;
	const char *vm_subject, *vm_subject_anon, *vm_intro, *vm_unknown, *vm_attached;
};

static const struct lang_texts texts_en = {
    .hello_name = "Hello %s,",
    .hello = "Hello,",
    .invite_subject = "You have been invited to %s",
    .invite_subject_anon = "You have been invited to Switchboard",
    .invite_intro = "You have been invited by %s to Switchboard, the portal for your\n"
                    "business telephony.",
    .invite_intro_anon = "You have been invited to Switchboard, the portal for your\n"
                         "business telephony.",
    .invite_action = "Choose your password with this link:",
    .invite_unexpected = "If you did not expect this invitation, you can ignore this mail.",
    .reset_subject = "Reset your password",
    .reset_intro = "We received a request to reset the password of your Switchboard\n"
                   "account. Choose a new password with this link:",
    .valid_one = "The link is valid for %d hour and can be used only once.",
    .valid_many = "The link is valid for %d hours and can be used only once.",
    .reset_unexpected = "If you did not ask for this, ignore this mail: your password stays\n"
                        "as it is.",
    .closing = "Kind regards,\nSwitchboard",
    .vm_subject = "New voicemail from %s",
    .vm_subject_anon = "New voicemail",
    .vm_intro = "%1$s left you a message of %2$d seconds on %3$s.",
    .vm_unknown = "An unknown caller",
    .vm_attached = "The message is attached as a WAV file. You can also listen to it in\n"
                   "Switchboard, under Voicemail:",
};

static const struct lang_texts texts_nl = {
    .hello_name = "Hallo %s,",
    .hello = "Hallo,",
    .invite_subject = "Je bent uitgenodigd voor %s",
    .invite_subject_anon = "Je bent uitgenodigd voor Switchboard",
    .invite_intro = "Je bent door %s uitgenodigd voor Switchboard, het portaal voor je\n"
                    "zakelijke telefonie.",
    .invite_intro_anon = "Je bent uitgenodigd voor Switchboard, het portaal voor je\n"
                         "zakelijke telefonie.",
    .invite_action = "Kies via deze link je wachtwoord:",
    .invite_unexpected = "Had je deze uitnodiging niet verwacht? Dan kun je deze mail negeren.",
    .reset_subject = "Stel je wachtwoord opnieuw in",
    .reset_intro = "We hebben een verzoek ontvangen om het wachtwoord van je\n"
                   "Switchboard-account opnieuw in te stellen. Kies via deze link een\n"
                   "nieuw wachtwoord:",
    .valid_one = "De link is %d uur geldig en kan maar één keer worden gebruikt.",
    .valid_many = "De link is %d uur geldig en kan maar één keer worden gebruikt.",
    .reset_unexpected = "Heb je hier niet om gevraagd? Negeer deze mail dan; je wachtwoord\n"
                        "blijft zoals het is.",
    .closing = "Met vriendelijke groet,\nSwitchboard",
    .vm_subject = "Nieuw voicemailbericht van %s",
    .vm_subject_anon = "Nieuw voicemailbericht",
    .vm_intro = "%1$s heeft op %3$s een bericht van %2$d seconden voor je ingesproken.",
    .vm_unknown = "Een onbekende beller",
    .vm_attached = "Het bericht zit als WAV-bestand bij deze mail. Je kunt het ook\n"
                   "beluisteren in Switchboard, onder Voicemail:",
};

/* "nl", "NL", "nl-BE", "nl_NL": Dutch. Anything else: English. */
static bool lang_is_dutch(const char *lang)
{
	if (!lang || (lang[0] | 0x20) != 'n' || (lang[1] | 0x20) != 'l')
		return false;
	return lang[2] == 0 || lang[2] == '-' || lang[2] == '_';
}

/* A variable fit for a one-line place in a mail: absent (when optional) or
 * UTF-8 text of at most max bytes without control characters. */
static bool var_ok(const char *s, size_t max, bool required)
{
	if (!s || !*s)
		return !required;
	size_t n = strlen(s);
	if (n > max || !str_valid_text(s, n))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static const char *const kind_names[] = {
    [MAIL_INVITE] = "invite", [MAIL_RESET] = "reset", [MAIL_VOICEMAIL] = "voicemail"};
#define N_KINDS (sizeof(kind_names) / sizeof(kind_names[0]))

const char *mail_kind_name(enum mail_kind kind)
{
	return (unsigned)kind < N_KINDS ? kind_names[kind] : NULL;
}

int mail_kind_parse(const char *s)
{
	for (size_t i = 0; s && i < N_KINDS; i++)
		if (strcmp(kind_names[i], s) == 0)
			return (int)i;
	return -1;
}

/* The formats here come from texts_en and texts_nl, not literals: each
 * takes one %s or %d, and tests/unit/test_mail.c renders every one of them
 * in both languages. Everywhere else a format must be a literal (meson.build
 * sets -Wformat-nonliteral), so a diag_fail missing its code is an error. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int mail_template(struct arena *a, enum mail_kind kind, const struct mail_vars *v,
                  struct mail_text *ret)
{
	bool vm = kind == MAIL_VOICEMAIL;
	if (!mail_kind_name(kind) || !var_ok(v->first_name, NAME_MAX_LEN, false) ||
	    !var_ok(v->org_name, NAME_MAX_LEN, false) || !var_ok(v->link, LINK_MAX_LEN, true) ||
	    strchr(v->link, ' ') || (!vm && (v->valid_hours <= 0 || v->valid_hours > HOURS_MAX)) ||
	    (vm &&
	     (!var_ok(v->caller, NAME_MAX_LEN, false) || !var_ok(v->received, NAME_MAX_LEN, true) ||
	      v->seconds < 0 || !v->attachment || !v->attachment_n)))
		return -EINVAL;
	const struct lang_texts *t = lang_is_dutch(v->language) ? &texts_nl : &texts_en;
	bool named = v->first_name && *v->first_name;
	bool org = v->org_name && *v->org_name;
	const char *hello = named ? arena_printf(a, t->hello_name, v->first_name) : t->hello;
	const char *valid =
	    arena_printf(a, v->valid_hours == 1 ? t->valid_one : t->valid_many, v->valid_hours);
	struct mail_text m = {0};
	switch (kind) {
	case MAIL_INVITE:
		m.subject = org ? arena_printf(a, t->invite_subject, v->org_name)
		                : arena_strdup(a, t->invite_subject_anon);
		m.body = arena_printf(
		    a, "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n", hello,
		    org ? arena_printf(a, t->invite_intro, v->org_name) : t->invite_intro_anon,
		    t->invite_action, v->link, valid, t->invite_unexpected, t->closing);
		break;
	case MAIL_RESET:
		m.subject = arena_strdup(a, t->reset_subject);
		m.body =
		    arena_printf(a, "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n", hello, t->reset_intro,
		                 v->link, valid, t->reset_unexpected, t->closing);
		break;
	case MAIL_VOICEMAIL: {
		bool known = v->caller && *v->caller;
		m.subject = known ? arena_printf(a, t->vm_subject, v->caller)
		                  : arena_strdup(a, t->vm_subject_anon);
		m.body =
		    arena_printf(a, "%s\n\n%s\n\n%s\n%s\n\n%s\n", hello,
		                 arena_printf(a, t->vm_intro, known ? v->caller : t->vm_unknown,
		                              v->seconds, v->received),
		                 t->vm_attached, v->link, t->closing);
		m.attachment = v->attachment;
		m.attachment_n = v->attachment_n;
		m.attachment_name = "voicemail.wav";
		m.attachment_type = "audio/wav";
		break;
	}
	}
	*ret = m;
	return 0;
}
#pragma GCC diagnostic pop
