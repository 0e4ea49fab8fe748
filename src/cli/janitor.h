/* janitor.h: the server's background housekeeping: every interval it purges
 * the deleted users whose organization's retention has passed. Each pass is
 * one transaction per batch; with several nodes every node runs one, and a
 * user purged by one is simply gone for the other. */
#pragma once
#include "domain/domain.h"

struct janitor;
struct store;

int janitor_start(struct store *s, const struct settings *cfg, unsigned interval_s,
                  struct janitor **ret);
/* Stops the thread after its current pass and frees it; NULL is fine. */
void janitor_stop(struct janitor *j);
