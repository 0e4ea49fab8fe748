/* password.c: the password policy of an organization (see password.h).
 *
 * The rules run in order of cost: class rules and personal data first, then
 * the zxcvbn estimate, then the history (one argon2id verification per old
 * hash). Every failed rule is reported, so a form can show them together.
 *
 * Thread safety: libzxcvbn as Debian packages it has its dictionary compiled
 * in (USE_DICT_FILE undefined, ZxcvbnInit() is a no-op macro). The library
 * then keeps no writable global state (its objects have no .data or .bss
 * symbols): ZxcvbnMatch reads const tables and allocates its match list per
 * call, so many threads may call it at once. It only reads the C locale
 * through <ctype.h>; nothing in Switchboard calls setlocale(). */
#include "domain/password.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/util.h"
#include "store/store.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <string.h>
#include <zxcvbn.h>

#define PW_MAX_BYTES 256
/* The domain accepts at most 24 (orgs.c); this bounds the argon2id work. */
#define PW_HISTORY_MAX 24
/* Personal data shorter than this is too common to forbid. */
#define PERSONAL_MIN_CHARS 3

/* Words people put in passwords here, beyond zxcvbn's English dictionary:
 * Dutch greetings and words for passwords, seasons, months and days, clubs,
 * cities, and our own product and trade. zxcvbn ranks a user word by its
 * position, so the most common ones come first. Lower case ASCII. */
static const char *const dutch_words[] = {
    "welkom",    "wachtwoord", "geheim",    "hallo",    "liefde",      "schatje",   "zomer",
    "winter",    "lente",      "herfst",    "voorjaar", "najaar",      "januari",   "februari",
    "maart",     "april",      "mei",       "juni",     "juli",        "augustus",  "september",
    "oktober",   "november",   "december",  "maandag",  "dinsdag",     "woensdag",  "donderdag",
    "vrijdag",   "zaterdag",   "zondag",    "voetbal",  "ajax",        "feyenoord", "psv",
    "twente",    "amsterdam",  "rotterdam", "utrecht",  "eindhoven",   "groningen", "denhaag",
    "nederland", "holland",    "oranje",    "kerstmis", "sinterklaas", "vakantie",  "prinses",
    "konijn",    "poesje",     "hond",      "bedrijf",  "kantoor",     "werk",      "klant",
    "gebruiker", "beheerder",  "beheer",    "admin",    "switchboard", "telefoon",  "telefonie",
    "centrale",  "toestel",    "bellen",    "voip",     "inloggen",
};

#define N_DUTCH (sizeof(dutch_words) / sizeof(dutch_words[0]))

/* ---- UTF-8 ------------------------------------------------------------ */

/* Decodes one code point at s (NUL-terminated); returns its length in bytes.
 * A byte that does not start valid UTF-8 is taken alone as U+FFFD, so every
 * input can be walked. */
static size_t utf8_next(const unsigned char *s, uint32_t *ret)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;
	if (c < 0x80) {
		*ret = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 2;
		cp = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		cp = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		cp = c & 0x07;
	} else {
		*ret = 0xfffd;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*ret = 0xfffd;
			return 1;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		*ret = 0xfffd;
		return 1;
	}
	*ret = cp;
	return n;
}

static size_t utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static size_t utf8_count(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	return n;
}

/* Simple lower-casing for comparisons: ASCII, Latin-1, Latin Extended-A
 * (which has the Dutch IJ), Greek and Cyrillic. Each mapping keeps the
 * length of the UTF-8 encoding. */
static uint32_t cp_fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	if (c >= 0x100 && c <= 0x17f) {
		if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17f)
			return c;
		if (c == 0x178)
			return 0xff;
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
			return (c & 1) ? c + 1 : c;
		return (c & 1) ? c : c + 1;
	}
	if (c >= 0x391 && c <= 0x3ab && c != 0x3a2)
		return c + 32;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	return c;
}

/* Case-folded copy of s in a (NULL stays NULL). Invalid bytes are kept. */
static char *str_fold(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t len = strlen(s);
	char *out = arena_alloc(a, len + 1), *o = out;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		size_t n = utf8_next(p, &cp);
		if (cp == 0xfffd && n == 1 && *p >= 0x80)
			*o++ = (char)*p; /* keep an invalid byte as it is */
		else
			o += utf8_put(cp_fold(cp), o);
		p += n;
	}
	*o = 0;
	assert((size_t)(o - out) <= len);
	return out;
}

/* Whether a code point outside ASCII is punctuation or a symbol rather than
 * a letter: Latin-1 signs, general punctuation, currency (the euro), arrows,
 * mathematical and technical signs, CJK and full-width punctuation, emoji.
 * Everything else outside ASCII counts as a letter. */
static bool cp_is_symbol(uint32_t c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		         (c >= 'A' && c <= 'Z'));
	return (c >= 0x80 && c <= 0xbf) || c == 0xd7 || c == 0xf7 || (c >= 0x2000 && c <= 0x2bff) ||
	       (c >= 0x2e00 && c <= 0x2e7f) || (c >= 0x3000 && c <= 0x303f) ||
	       (c >= 0xfe10 && c <= 0xfe6f) || (c >= 0xff01 && c <= 0xff0f) ||
	       (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) ||
	       (c >= 0xff5b && c <= 0xff65) || (c >= 0x1f000 && c <= 0x1faff);
}

/* ---- personal data ------------------------------------------------------ */

/* The part of an email address before the @, in a (NULL when none). */
static char *email_local(struct arena *a, const char *email)
{
	if (!email)
		return NULL;
	const char *at = strrchr(email, '@');
	return at ? arena_strndup(a, email, (size_t)(at - email)) : arena_strdup(a, email);
}

enum personal_kind { P_EMAIL, P_LOGIN, P_FIRST, P_LAST, P__COUNT };

static const char *const personal_names[P__COUNT] = {"email address", "login name", "first name",
                                                     "last name"};

/* The folded personal values worth checking, by kind (NULL when absent or
 * too short), in a. */
static void personal_values(struct arena *a, const struct password_subject *who,
                            char *ret[P__COUNT])
{
	const char *raw[P__COUNT] = {NULL};
	if (who) {
		raw[P_EMAIL] = email_local(a, who->email);
		raw[P_LOGIN] = who->login_name;
		raw[P_FIRST] = who->first_name;
		raw[P_LAST] = who->last_name;
	}
	for (int k = 0; k < P__COUNT; k++) {
		char *t = str_trim(a, raw[k]);
		ret[k] = t && utf8_count(t) >= PERSONAL_MIN_CHARS ? str_fold(a, t) : NULL;
	}
}

static int check_personal(struct dctx *c, const char *field, const char *folded_pw,
                          char *const personal[P__COUNT])
{
	const char *found[P__COUNT];
	int n = 0;
	for (int k = 0; k < P__COUNT; k++)
		if (personal[k] && strstr(folded_pw, personal[k]))
			found[n++] = personal_names[k];
	if (!n)
		return 0;
	/* "a", "a or b", "a, b or c" */
	char *list = arena_strdup(c->a, found[0]);
	for (int i = 1; i < n; i++)
		list = arena_printf(c->a, "%s%s%s", list, i == n - 1 ? " or " : ", ", found[i]);
	diag_error(c->d, field, "contains_personal", "The password must not contain the user's %s.",
	           list);
	return diag_param_str(c->d, "what", list);
}

/* ---- strength ------------------------------------------------------------ */

/* Bits of entropy zxcvbn estimates for pw, with the person's data and our
 * Dutch and product words as extra dictionary words. */
static double strength_bits(struct arena *a, const char *pw, char *const personal[P__COUNT])
{
	/* personal values, the pieces of the email's local part, our words */
	const char *dict[P__COUNT + 8 + N_DUTCH + 1];
	size_t n = 0;
	for (int k = 0; k < P__COUNT; k++)
		if (personal[k])
			dict[n++] = personal[k];
	if (personal[P_EMAIL]) {
		char *copy = arena_strdup(a, personal[P_EMAIL]), *save = NULL;
		int pieces = 0;
		for (char *t = strtok_r(copy, "._-+", &save); t && pieces < 8;
		     t = strtok_r(NULL, "._-+", &save))
			if (utf8_count(t) >= PERSONAL_MIN_CHARS &&
			    strcmp(t, personal[P_EMAIL]) != 0) {
				dict[n++] = t;
				pieces++;
			}
	}
	for (size_t i = 0; i < N_DUTCH; i++)
		dict[n++] = dutch_words[i];
	dict[n] = NULL;
	return ZxcvbnMatch(pw, dict, NULL);
}

/* ---- history -------------------------------------------------------------- */

/* -EINVAL (with a diag) when pw is one of the last n passwords of user_id,
 * 0 when not, another negative errno when the database fails. */
static int check_history(struct dctx *c, const char *field, const char *pw, const char *user_id,
                         int n)
{
	if (n > PW_HISTORY_MAX)
		n = PW_HISTORY_MAX;
	char **hashes;
	int k;
	int r = store_pwhist_list(c->db, c->a, user_id, n, &hashes, &k);
	if (r < 0)
		return r;
	for (int i = 0; i < k; i++)
		if (hashes[i] && auth_password_verify(hashes[i], pw) == 0)
			diag_error(c->d, field, "reused",
			           n == 1 ? "The password must differ from the previous password."
			                  : "The password must differ from the last %d passwords.",
			           n);
	return diag_param_int(c->d, "count", n);
	return 0;
}

/* ---- the policy ----------------------------------------------------------- */

int password_check(struct dctx *c, const struct org *policy, const char *field, const char *pw,
                   const struct password_subject *who)
{
	if (!pw)
		pw = "";
	/* Tracked here, not from d->n_errors: the diag stops at DIAG_MAX. */
	bool failed = false;
#define FAIL(...) (failed = true, diag_error(c->d, field, __VA_ARGS__))
	size_t len = strlen(pw);
	bool too_long = len > PW_MAX_BYTES;

	if (too_long)
		FAIL("too_long", "The password must not be longer than %d bytes.", PW_MAX_BYTES),
		    diag_param_int(c->d, "max", PW_MAX_BYTES);
	else if (!str_valid_text(pw, len))
		FAIL("invalid_text", "The password contains characters that are not allowed.");

	size_t chars = 0;
	bool digit = false, lower = false, upper = false, symbol = false;
	for (const unsigned char *p = (const unsigned char *)pw; *p;) {
		uint32_t cp;
		p += utf8_next(p, &cp);
		chars++;
		if (cp >= '0' && cp <= '9')
			digit = true;
		else if (cp >= 'a' && cp <= 'z')
			lower = true;
		else if (cp >= 'A' && cp <= 'Z')
			upper = true;
		else if (cp_is_symbol(cp))
			symbol = true;
	}
	if (chars < (size_t)(policy->pw_min_length > 0 ? policy->pw_min_length : 0))
		FAIL("too_short", "The password must be at least %d characters long.",
		     policy->pw_min_length),
		    diag_param_int(c->d, "min", policy->pw_min_length);
	if (policy->pw_require_digit && !digit)
		FAIL("needs_digit", "The password must contain at least one digit.");
	if (policy->pw_require_lower && !lower)
		FAIL("needs_lower",
		     "The password must contain at least one lowercase letter (a-z).");
	if (policy->pw_require_upper && !upper)
		FAIL("needs_upper",
		     "The password must contain at least one uppercase letter (A-Z).");
	if (policy->pw_require_symbol && !symbol)
		FAIL("needs_symbol",
		     "The password must contain at least one symbol, such as ! ? - or a "
		     "space.");

	/* The rest looks at the content; a password over the limit is refused
	 * anyway and is not worth hashing or matching. */
	if (!too_long) {
		char *personal[P__COUNT];
		personal_values(c->a, who, personal);
		char *folded = str_fold(c->a, pw);
		if (policy->pw_forbid_personal)
			failed |= check_personal(c, field, folded, personal) < 0;
		sodium_memzero(folded, strlen(folded));

		if (policy->pw_min_entropy > 0 && *pw) {
			double bits = strength_bits(c->a, pw, personal);
			if (bits < policy->pw_min_entropy)
				FAIL("too_weak",
				     "The password is too easy to guess. Use a longer "
				     "passphrase, for example four or more unrelated words.");
		}

		if (policy->pw_history > 0 && who && who->user_id && *pw) {
			int r = check_history(c, field, pw, who->user_id, policy->pw_history);
			if (r < 0 && r != -EINVAL)
				return r;
			failed |= r < 0;
		}
	}
#undef FAIL
	return failed ? -EINVAL : 0;
}

json_t *password_policy_json(const struct org *policy)
{
	return json_pack("{s:i, s:b, s:b, s:b, s:b, s:b, s:i, s:i}", "min_length",
	                 policy->pw_min_length, "require_digit", policy->pw_require_digit,
	                 "require_lower", policy->pw_require_lower, "require_upper",
	                 policy->pw_require_upper, "require_symbol", policy->pw_require_symbol,
	                 "forbid_personal", policy->pw_forbid_personal, "history",
	                 policy->pw_history, "min_entropy_bits", policy->pw_min_entropy);
}
