/* janitor.h: the server's background housekeeping. Every purge interval it
 * purges the deleted users whose organization's retention has passed, and
 * the call records older than their organization's call_retention_days (the
 * jobs' heartbeat and sweep are the jobs module's, domain/jobs.h). Each pass is one transaction per
 * batch; with several nodes every node runs one, and what one has done is simply done for the
 * others. */
#pragma once
#include "domain/domain.h"

#include <stdint.h>

struct janitor;
struct store;

struct janitor_config {
	unsigned purge_interval_s; /* between purges of deleted users and old calls */
};

int janitor_start(struct store *s, const struct settings *cfg, const struct janitor_config *jc,
                  struct janitor **ret);
/* Stops the thread after its current pass and frees it; NULL is fine. */
void janitor_stop(struct janitor *j);
