/* janitor.h: the server's background housekeeping. Every purge interval it
 * purges the deleted users whose organization's retention has passed; every
 * import heartbeat it writes the heartbeat of this node's import jobs and
 * marks interrupted the jobs whose node stopped reporting
 * (api/imports.c). Each pass is one transaction per batch; with several
 * nodes every node runs one, and what one has done is simply done for the
 * others. */
#pragma once
#include "domain/domain.h"

#include <stdint.h>

struct janitor;
struct store;

struct janitor_config {
	unsigned purge_interval_s;     /* between purges of deleted users */
	int64_t import_heartbeat_ms;   /* between heartbeats and sweeps of import jobs */
	int64_t import_stale_after_ms; /* a job whose heartbeat is older is interrupted */
};

int janitor_start(struct store *s, const struct settings *cfg, const struct janitor_config *jc,
                  struct janitor **ret);
/* Stops the thread after its current pass and frees it; NULL is fine. */
void janitor_stop(struct janitor *j);
