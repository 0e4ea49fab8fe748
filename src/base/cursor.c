/* cursor.c: list cursors, encoded and checked in one place (cursor.h). */
#include "base/cursor.h"
#include "base/arena.h"
#include "base/util.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

#define SEP '\x1f'
#define TEXT_MAX 512

const struct cursor_spec cursor_users = {"users", 2, {CP_TEXT, CP_ID}};
const struct cursor_spec cursor_contacts = {"contacts", 2, {CP_TEXT, CP_ID}};
const struct cursor_spec cursor_companies = {"companies", 2, {CP_TEXT, CP_ID}};
const struct cursor_spec cursor_hunt = {"hunt-groups", 1, {CP_TEXT}};
const struct cursor_spec cursor_numbers = {"numbers", 1, {CP_E164}};
const struct cursor_spec cursor_extensions = {"extensions", 1, {CP_DIGITS}};
const struct cursor_spec cursor_audit = {"audit", 1, {CP_ID}};
const struct cursor_spec cursor_orgs = {"orgs", 1, {CP_PATH}};
const struct cursor_spec cursor_sip = {"sip-accounts", 1, {CP_ID}};
const struct cursor_spec cursor_api_tokens = {"api-tokens", 1, {CP_ID}};
const struct cursor_spec cursor_devices = {"devices", 1, {CP_TEXT}};
const struct cursor_spec cursor_schedules = {"schedules", 1, {CP_TEXT}};
const struct cursor_spec cursor_media = {"media", 1, {CP_TEXT}};
/* newest first: the time received (ms) and the id of the last message */
const struct cursor_spec cursor_voicemail = {"voicemail", 2, {CP_DIGITS, CP_ID}};
/* newest first: the start time (ms) and the id of the last call */
const struct cursor_spec cursor_calls = {"calls", 2, {CP_DIGITS, CP_ID}};

static bool digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool path_valid(const char *s)
{
	if (*s++ != '/' || !*s)
		return false;
	char id[ID_LEN + 1];
	while (*s) {
		const char *slash = strchr(s, '/');
		if (!slash || slash - s != ID_LEN)
			return false;
		memcpy(id, s, ID_LEN);
		id[ID_LEN] = 0;
		if (!id_valid(id))
			return false;
		s = slash + 1;
	}
	return true;
}

static bool part_valid(enum cursor_part k, const char *s)
{
	switch (k) {
	case CP_TEXT:
		return strlen(s) <= TEXT_MAX && str_valid_line(s, strlen(s));
	case CP_ID:
		return id_valid(s);
	case CP_E164:
		return s[0] == '+' && s[1] != '0' && digits(s + 1, 1, 15);
	case CP_DIGITS:
		return digits(s, 1, 16);
	case CP_PATH:
		return path_valid(s);
	}
	return false;
}

char *cursor_encode(struct arena *a, const struct cursor_spec *spec, const char *const *parts)
{
	size_t n = strlen(spec->tag);
	for (int i = 0; i < spec->n; i++)
		n += 1 + strlen(parts[i]);
	char *raw = arena_alloc(a, n + 1), *p = raw;
	size_t k = strlen(spec->tag);
	memcpy(p, spec->tag, k);
	p += k;
	for (int i = 0; i < spec->n; i++) {
		*p++ = SEP;
		k = strlen(parts[i]);
		memcpy(p, parts[i], k);
		p += k;
	}
	*p = 0;
	return b64url(a, (const unsigned char *)raw, n);
}

int cursor_decode(struct arena *a, const struct cursor_spec *spec, const char *token,
                  struct cursor *ret)
{
	size_t n = strlen(token), len = 0;
	if (n == 0 || n > CURSOR_MAX)
		return -EINVAL;
	char *raw = arena_alloc(a, n + 1);
	if (sodium_base642bin((unsigned char *)raw, n, token, n, NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -EINVAL;
	raw[len] = 0;
	if (strlen(raw) != len) /* a NUL inside */
		return -EINVAL;
	size_t tag = strlen(spec->tag);
	if (len <= tag || strncmp(raw, spec->tag, tag) != 0 || raw[tag] != SEP)
		return -EINVAL;
	struct cursor c = {.n = spec->n, .key = arena_strdup(a, raw + tag + 1)};
	char *p = raw + tag + 1;
	for (int i = 0; i < spec->n; i++) {
		char *sep = strchr(p, SEP);
		if ((sep != NULL) != (i < spec->n - 1))
			return -EINVAL;
		if (sep)
			*sep = 0;
		if (!part_valid(spec->parts[i], p))
			return -EINVAL;
		c.part[i] = p;
		p = sep ? sep + 1 : p + strlen(p);
	}
	*ret = c;
	return 0;
}
