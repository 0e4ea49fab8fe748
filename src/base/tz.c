/* tz.c: IANA time zones from the system's tzdata (see tz.h). */
#include "base/tz.h"
#include "base/arena.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TZ_NAME_MAX 64
#define TZ_LIST_MAX 1024

static const char *tz_dir(void)
{
	const char *d = getenv("TZDIR");
	return d && *d ? d : "/usr/share/zoneinfo";
}

bool tz_exists(const char *name)
{
	/* Area/Location of letters, digits, '_', '-', '+': no "..", no
	 * leading '/', nothing a path could escape with. */
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > TZ_NAME_MAX || name[0] == '/' || name[n - 1] == '/' ||
	    strstr(name, "..") || strncmp(name, "posix/", 6) == 0 ||
	    strncmp(name, "right/", 6) == 0)
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_-+/", *p))
			return false;
	char path[512];
	if (snprintf(path, sizeof(path), "%s/%s", tz_dir(), name) >= (int)sizeof(path))
		return false;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ELOOP) /* a link zone (Europe/Brussels → ...) */
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	char magic[4];
	ssize_t got = read(fd, magic, sizeof(magic)); /* a directory fails with EISDIR */
	close(fd);
	return got == 4 && memcmp(magic, "TZif", 4) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int tz_list(struct arena *a, const char ***ret, int *ret_n)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/zone.tab", tz_dir());
	FILE *f = fopen(path, "re");
	if (!f)
		return -ENOENT;
	const char **v = arena_alloc(a, sizeof(*v) * (TZ_LIST_MAX + 1));
	int n = 0;
	v[n++] = "UTC";
	char line[1024];
	/* country codes, coordinates, TZ, comments: tab-separated */
	while (n < TZ_LIST_MAX && fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		char *save = NULL, *cc = strtok_r(line, "\t\n", &save);
		char *coord = cc ? strtok_r(NULL, "\t\n", &save) : NULL;
		char *zone = coord ? strtok_r(NULL, "\t\n", &save) : NULL;
		if (zone && strlen(zone) <= TZ_NAME_MAX)
			v[n++] = arena_strdup(a, zone);
	}
	fclose(f);
	qsort(v + 1, (size_t)(n - 1), sizeof(*v), cmp_str);
	*ret = v;
	*ret_n = n;
	return 0;
}
