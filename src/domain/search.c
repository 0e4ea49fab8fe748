/* search.c: a search query (?q=) read into what the store matches (the
 * document it matches against is store/search.c's). */
#include "domain/domain.h"
#include "base/arena.h"
#include "base/util.h"
#include "phone/phone.h"
#include "store/store.h"

#include <string.h>

/* Digits and the marks people write phone numbers with, and 3 digits or
 * more: "020 123 4567", "+31 (0)20-123.45.67", "7001". */
static bool phone_like(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +-()./", *p))
			return false;
	}
	return digits >= 3;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

const struct search_query *search_query_read(struct dctx *c, const char *q, const char *country)
{
	char *whole = str_search_fold(c->a, q);
	if (!whole || !*whole)
		return NULL;
	struct search_query *sq = arena_alloc(c->a, sizeof(*sq));
	memset(sq, 0, sizeof(*sq));
	if (phone_like(whole)) {
		char e164[PHONE_E164_MAX];
		char *digits = arena_alloc(c->a, strlen(whole) + 1), *o = digits;
		if (phone_to_e164(whole, country, e164) == 0) {
			o = stpcpy(digits, e164 + 1);
		} else {
			for (const char *p = whole; *p; p++)
				if (*p >= '0' && *p <= '9')
					*o++ = *p;
			*o = 0;
		}
		sq->whole = digits;
		sq->terms[sq->n++] = digits;
	} else {
		sq->whole = whole;
		char *rest = arena_strdup(c->a, whole), *save = NULL;
		for (char *t = strtok_r(rest, " ", &save); t && sq->n < SEARCH_TERMS_MAX;
		     t = strtok_r(NULL, " ", &save))
			sq->terms[sq->n++] = t;
	}
	sq->prefix_only = true;
	for (int i = 0; i < sq->n; i++)
		if (utf8_chars(sq->terms[i]) >= 3)
			sq->prefix_only = false;
	return sq;
}
