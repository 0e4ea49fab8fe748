/* util.c: ids, time and text helpers. */
#include "base/util.h"
#include "base/arena.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

void id_new(char out[static ID_LEN + 1])
{
	unsigned char b[16];
	uint64_t ms = (uint64_t)time_now_ms();
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (40 - 8 * i));
	randombytes_buf(b + 6, 10);
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0f)); /* version 7 */
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f)); /* RFC 9562 variant */
	static const char hex[] = "0123456789abcdef";
	char *o = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = hex[b[i] >> 4];
		*o++ = hex[b[i] & 15];
	}
	*o = 0;
}

bool id_valid(const char *s)
{
	if (!s || strlen(s) != ID_LEN)
		return false;
	for (int i = 0; i < ID_LEN; i++) {
		char c = s[i];
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

int64_t time_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void time_format(int64_t ms, char out[static 25])
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&s, &tm);
	size_t n = strftime(out, 25, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 25 - n, ".%03dZ", (int)(ms % 1000));
}

/* n digits of s as a number, or -1. */
static int digits_at(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int time_parse(const char *s, int64_t *ret)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s || strlen(s) < 20)
		return -EINVAL;
	int y = digits_at(s, 4), mo = digits_at(s + 5, 2), d = digits_at(s + 8, 2);
	int h = digits_at(s + 11, 2), mi = digits_at(s + 14, 2), sec = digits_at(s + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    sec < 0 || sec > 59 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
	    s[13] != ':' || s[16] != ':')
		return -EINVAL;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[mo - 1] + (mo == 2 && leap))
		return -EINVAL;
	const char *p = s + 19;
	int ms = 0;
	if (*p == '.') {
		int n = 0;
		for (p++; *p >= '0' && *p <= '9'; p++, n++)
			if (n < 3)
				ms = ms * 10 + (*p - '0');
		if (n == 0)
			return -EINVAL;
		for (; n < 3; n++)
			ms *= 10;
	}
	int64_t off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh = digits_at(p + 1, 2), om = oh < 0 || p[3] != ':' ? -1 : digits_at(p + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return -EINVAL;
		off = (int64_t)(oh * 60 + om) * 60 * (*p == '+' ? 1 : -1);
		p += 6;
	} else {
		return -EINVAL;
	}
	if (*p)
		return -EINVAL;
	int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	*ret = t * 1000 + ms;
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

char *str_trim(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n && is_space(s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

char *str_lower(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *p = arena_strdup(a, s);
	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q + 32);
	return p;
}

/* The lower-case letter of an upper-case code point of U+00C0..U+017F, or
 * cp itself. */
static unsigned fold_latin(unsigned cp)
{
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 0x20;
	if (cp == 0x178)
		return 0xFF;
	bool even_upper = (cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177);
	bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
	if ((even_upper && cp % 2 == 0) || (odd_upper && cp % 2 == 1))
		return cp + 1;
	return cp;
}

char *str_search_fold(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *out = arena_alloc(a, strlen(s) + 1), *o = out;
	const unsigned char *p = (const unsigned char *)s;
	bool space = false;
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
		    *p == '\v') {
			space = o != out;
			p++;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		if (*p < 0x80) {
			*o++ = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			p++;
		} else if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
			/* two bytes: U+0080..U+07FF; the folded letter keeps two */
			unsigned cp = fold_latin(((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F));
			*o++ = (char)(0xC0 | (cp >> 6));
			*o++ = (char)(0x80 | (cp & 0x3F));
			p += 2;
		} else {
			*o++ = (char)*p++;
		}
	}
	*o = 0;
	return out;
}

char *str_upper(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *p = arena_strdup(a, s);
	for (char *q = p; *q; q++)
		if (*q >= 'a' && *q <= 'z')
			*q = (char)(*q - 32);
	return p;
}

bool str_empty(const char *s)
{
	return !s || !*s;
}

bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Valid UTF-8 without NUL or control characters; with multiline, \t, \n
 * and \r are allowed. A single line also refuses the C1 controls and the
 * Unicode line and paragraph separators, which some readers break on. */
static bool valid_utf8_text(const char *s, size_t len, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned char c = *p;
		if (c < 0x80) {
			if (c < 0x20 && !(multiline && (c == '\t' || c == '\n' || c == '\r')))
				return false;
			if (c == 0x7f)
				return false;
			p++;
			continue;
		}
		int n;
		uint32_t cp;
		if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (end - p <= n)
			return false;
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
		if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		if (!multiline && ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029))
			return false;
		p += n + 1;
	}
	return true;
}

bool str_valid_text(const char *s, size_t len)
{
	return valid_utf8_text(s, len, true);
}

bool str_valid_line(const char *s, size_t len)
{
	return valid_utf8_text(s, len, false);
}

char *b64url(struct arena *a, const unsigned char *data, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	sodium_bin2base64(out, len, data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

void hex_encode(const unsigned char *data, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, data, n);
}
