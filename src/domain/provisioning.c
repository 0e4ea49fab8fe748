/* provisioning.c: filling the provisioning templates (see provisioning.h). */
#include "domain/provisioning.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/embedded.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A zone's names as each vendor writes it: the standard offset from UTC in
 * hours (Yealink), Snom's code, and the POSIX TZ rule (Grandstream). A zone
 * outside this list is written as UTC (docs/security.md says so). */
struct tz_names {
	const char *iana, *offset, *snom, *posix;
};
#define CET "CET-1CEST,M3.5.0,M10.5.0/3"
static const struct tz_names zones[] = {
    {"UTC", "0", "GMT-0", "UTC0"},
    {"Europe/Amsterdam", "+1", "NLD+1", CET},
    {"Europe/Brussels", "+1", "BEL+1", CET},
    {"Europe/Berlin", "+1", "GER+1", CET},
    {"Europe/Paris", "+1", "FRA+1", CET},
    {"Europe/London", "0", "GBR-0", "GMT0BST,M3.5.0/1,M10.5.0"},
    {"Australia/Sydney", "+10", "AUS+10", "AEST-10AEDT,M10.1.0,M4.1.0/3"},
    {"Australia/Melbourne", "+10", "AUS+10", "AEST-10AEDT,M10.1.0,M4.1.0/3"},
    {"Australia/Brisbane", "+10", "AUS+10", "AEST-10"},
    {"Australia/Perth", "+8", "AUS+8", "AWST-8"},
    {"America/New_York", "-5", "USA-5", "EST5EDT,M3.2.0,M11.1.0"},
};

static const struct tz_names *zone(const char *iana)
{
	for (size_t i = 0; iana && i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strcmp(zones[i].iana, iana) == 0)
			return &zones[i];
	return &zones[0];
}

/* Grandstream's P-values of accounts 1 to 4: active, account name,
 * server, user id, authenticate id, password, display name. */
static const int gs_p[4][7] = {
    {271, 270, 47, 35, 36, 34, 3},
    {401, 417, 402, 404, 405, 406, 407},
    {501, 517, 502, 504, 505, 506, 507},
    {601, 617, 602, 604, 605, 606, 607},
};

static void put_escaped(struct buf *b, const char *s, bool xml)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			buf_puts(b, xml ? "&amp;" : "&");
			break;
		case '<':
			buf_puts(b, xml ? "&lt;" : "<");
			break;
		case '>':
			buf_puts(b, xml ? "&gt;" : ">");
			break;
		case '"':
			buf_puts(b, xml ? "&quot;" : "\"");
			break;
		case '\'':
			buf_puts(b, xml ? "&apos;" : "'");
			break;
		case '\r':
		case '\n':
			break;
		default:
			buf_append(b, s, 1);
		}
	}
}

/* The value of name ({{name}} or, with l, {{line.name}}); false for none. */
static bool value(struct arena *a, const struct prov_vars *v, const struct prov_line *l,
                  const char *name, size_t n, const char **ret)
{
#define IS(lit) (n == sizeof(lit) - 1 && memcmp(name, lit, n) == 0)
	const struct tz_names *z = zone(v->timezone);
	bool nl = v->language && strcmp(v->language, "nl") == 0;
	if (l && n > 5 && memcmp(name, "line.", 5) == 0) {
		name += 5;
		n -= 5;
		static const char *const gs[] = {"gs_active", "gs_name",     "gs_server", "gs_user",
		                                 "gs_auth",   "gs_password", "gs_display"};
		for (int i = 0; i < 7; i++)
			if (n == strlen(gs[i]) && memcmp(name, gs[i], n) == 0) {
				if (l->n < 1 || l->n > 4)
					return false;
				*ret = arena_printf(a, "%d", gs_p[l->n - 1][i]);
				return true;
			}
		*ret = IS("n")          ? arena_printf(a, "%d", l->n)
		       : IS("user")     ? l->user
		       : IS("auth")     ? l->auth
		       : IS("password") ? l->password
		       : IS("display")  ? l->display
		       : IS("domain")   ? l->domain
		       : IS("label")    ? l->label
		                        : NULL;
		return *ret != NULL;
	}
	*ret = IS("mac")            ? v->mac
	       : IS("model")        ? v->model
	       : IS("label")        ? (v->label ? v->label : "")
	       : IS("server_host")  ? v->server_host
	       : IS("server_port")  ? arena_printf(a, "%d", v->server_port)
	       : IS("ntp")          ? v->ntp
	       : IS("tz_offset")    ? z->offset
	       : IS("tz_snom")      ? z->snom
	       : IS("tz_posix")     ? z->posix
	       : IS("lang_yealink") ? (nl ? "Dutch" : "English")
	       : IS("lang_snom")    ? (nl ? "Nederlands" : "English")
	       : IS("lang_gs")      ? (nl ? "nl" : "en")
	                            : NULL;
	return *ret != NULL;
#undef IS
}

/* Fills text[0, len) into b with line l (NULL outside a repeat). */
static bool fill(struct arena *a, struct buf *b, const char *text, size_t len,
                 const struct prov_vars *v, const struct prov_line *l, bool xml)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *open = strstr(p, "{{");
		if (!open || open >= end) {
			buf_append(b, p, (size_t)(end - p));
			break;
		}
		buf_append(b, p, (size_t)(open - p));
		const char *close = strstr(open, "}}");
		if (!close || close >= end)
			return false;
		const char *name = open + 2;
		size_t n = (size_t)(close - name);
		p = close + 2;
		if (n == 6 && memcmp(name, "#lines", 6) == 0) {
			const char *stop = strstr(p, "{{/lines}}");
			if (l || !stop || stop >= end)
				return false;
			if (*p == '\n')
				p++;
			for (int i = 0; i < v->n_lines; i++)
				if (!fill(a, b, p, (size_t)(stop - p), v, &v->lines[i], xml))
					return false;
			p = stop + 10;
			if (p < end && *p == '\n')
				p++;
			continue;
		}
		const char *val;
		if (!value(a, v, l, name, n, &val))
			return false;
		put_escaped(b, val, xml);
	}
	return true;
}

char *prov_template_render(struct arena *a, const char *name, const struct prov_vars *v)
{
	const struct embedded_file *f = embedded_find(embedded_prov, name);
	if (!f)
		return NULL;
	size_t nl = strlen(name);
	bool xml = nl > 4 && strcmp(name + nl - 4, ".xml") == 0;
	struct buf b = BUF_INIT;
	bool ok = fill(a, &b, (const char *)f->data, f->len, v, NULL, xml);
	char *out = ok ? arena_strdup(a, b.p ? b.p : "") : NULL;
	/* the buffer held the lines' secrets */
	if (b.p)
		sodium_memzero(b.p, b.cap);
	buf_release(&b);
	return out;
}
