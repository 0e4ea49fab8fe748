/* system.c: health, readiness, metrics, the OpenAPI description and the
 * time zones a person picks from. */
#include "api/handlers.h"
#include "base/embedded.h"
#include "base/tz.h"
#include "base/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int sys_healthz(struct ctx *c)
{
	return reply_json(c, 200, json_pack("{s:s}", "status", "ok"));
}

/* Ready when the server has finished starting, the database answers and
 * takes writes: after a write failed for lack of space (db_storage_full)
 * until one commits, each call tries a one-row write of its own. */
int sys_readyz(struct ctx *c)
{
	struct db *db = atomic_load(&c->app->ready) ? store_conn(&c->app->store) : NULL;
	int v = db ? store_schema_version(db) : -1;
	if (v < 0) {
		if (db)
			store_conn_close();
		reply_header(c, "Retry-After", "2");
		return reply_json(c, 503, json_pack("{s:s}", "status", "unavailable"));
	}
	int r = db_storage_full() ? store_write_probe(db) : 0;
	if (r == -ENOSPC)
		api_log_storage_full(db->full_msg);
	if (r < 0) {
		reply_header(c, "Retry-After", "2");
		return reply_json(c, 503,
		                  json_pack("{s:s, s:s}", "status", "unavailable", "reason",
		                            r == -ENOSPC ? "storage_full" : "unwritable"));
	}
	return reply_json(c, 200, json_pack("{s:s, s:i}", "status", "ready", "schema", v));
}

int sys_metrics(struct ctx *c)
{
	return reply_text(c, 200, "text/plain; version=0.0.4", metrics_render(c->app));
}

int sys_openapi(struct ctx *c)
{
	const struct embedded_file *f = embedded_find(embedded_api, "openapi.json");
	if (!f)
		return reply_problem(c, 404, "Not found", "No API description is built in.");
	char *copy = malloc(f->len + 1);
	if (!copy)
		return reply_problem(c, 500, "Internal error", NULL);
	memcpy(copy, f->data, f->len + 1);
	reply_header(c, "Cache-Control", "public, max-age=300");
	return reply_text(c, 200, "application/json", copy);
}

int sys_timezones(struct ctx *c)
{
	const char **v;
	int n;
	if (tz_list(c->a, &v, &n) < 0)
		return reply_problem(c, 503, "Service unavailable",
		                     "The system's time zone data (tzdata) is not installed.");
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_string(v[i]));
	return reply_json(c, 200, json_pack("{s:o}", "items", items));
}
