/* provisioning.h: the files phones fetch, made from templates compiled into
 * the binary (src/domain/templates, embedded_prov).
 *
 * A template is the file as the phone reads it with {{name}} where a value
 * goes and {{#lines}} ... {{/lines}} around what is repeated for each line
 * (inside, {{line.NAME}}). Values are escaped for the file: XML character
 * escapes in .xml templates; in .cfg (key = value) templates a value never
 * spans a line (line breaks dropped; our values have none). An unknown
 * name is an error, so a template and its values cannot drift apart. */
#pragma once
#include <stddef.h>

struct arena;

struct prov_line {
	int n; /* 1, 2, ... */
	const char *user, *auth, *password, *display, *domain, *label;
};

struct prov_vars {
	const char *mac, *model, *label;
	const char *server_host; /* the registrar */
	int server_port;
	const char *ntp, *timezone, *language; /* IANA name; nl or en */
	const struct prov_line *lines;
	int n_lines;
};

/* The template name ("yealink-mac.cfg") filled with v, in a; NULL when the
 * template is missing or names a value there is none of (a bug). */
char *prov_template_render(struct arena *a, const char *name, const struct prov_vars *v);
