/* embedded.h: files compiled into the binary by tools/embed.c. */
#pragma once
#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data; /* NUL-terminated for convenience */
	size_t len;
};

/* The tables end with an entry whose name is NULL. */
extern const struct embedded_file embedded_migrations[];
extern const struct embedded_file embedded_api[];
extern const struct embedded_file embedded_web[];  /* the portal, web/ */
extern const struct embedded_file embedded_sip[];  /* src/cli/kamailio.cfg.in */
extern const struct embedded_file embedded_prov[]; /* src/domain/templates: provisioning */

const struct embedded_file *embedded_find(const struct embedded_file *table, const char *name);
