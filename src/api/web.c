/* web.c: the portal's static files. The portal is a single page
 * application: an asset path (one with a file extension) answers that file
 * or 404; any other path answers the app shell, index.html, which routes on
 * the client. Files carry a content-hash ETag and "no-cache", so a browser
 * revalidates and gets 304 until the binary (or the file on disk) changes. */
#include "api/web.h"
#include "api/api.h"
#include "base/arena.h"
#include "base/embedded.h"
#include "base/log.h"
#include "base/util.h"

#include <jansson.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *web_dir;

void web_set_dir(const char *dir)
{
	web_dir = dir;
}

/* Scripts, styles, images, sounds (the media library's player) and fonts
 * from this server only; nothing inline; the QR code of 2FA enrolment is
 * shown as a data: image. */
#define WEB_CSP                                                                                    \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "          \
	"media-src 'self'; connect-src 'self'; font-src 'self'; manifest-src 'self'; "             \
	"form-action 'self'; "                                                                     \
	"base-uri 'none'; frame-ancestors 'none'"

/* The API answers everything under /api and /scim/v2 (an unknown path
 * there is its 404, SCIM's in SCIM's error schema) and every path of its
 * route table (/healthz, /readyz, /metrics): one table decides, not a
 * second list here. */
static bool is_api_path(const char *p)
{
	return strncmp(p, "/api/", 5) == 0 || strcmp(p, "/api") == 0 ||
	       strncmp(p, "/scim/v2/", 9) == 0 || strcmp(p, "/scim/v2") == 0 || api_path_known(p);
}

static const char *content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".mjs", "text/javascript; charset=utf-8"},
	    {".json", "application/json"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* A relative name made of [A-Za-z0-9._-/], with no empty, "." or ".."
 * segment: nothing outside web/ can be named. */
static bool name_ok(const char *n)
{
	if (!*n || strlen(n) > 200)
		return false;
	for (const char *s = n; *s; s++) {
		char ch = *s;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' || ch == '/'))
			return false;
		if ((s == n || s[-1] == '/') && (ch == '/' || ch == '.'))
			return false;
	}
	return true;
}

/* The file's bytes (malloc'd) from the directory or the embedded table. */
static int load(const char *name, char **ret, size_t *ret_len)
{
	if (web_dir) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", web_dir, name);
		FILE *f = fopen(path, "rb");
		if (!f)
			return -1;
		char *buf = NULL;
		size_t len = 0, cap = 0, n;
		char chunk[8192];
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
			if (len + n > cap) {
				cap = (len + n) * 2;
				char *nb = realloc(buf, cap);
				if (!nb) {
					free(buf);
					fclose(f);
					return -1;
				}
				buf = nb;
			}
			memcpy(buf + len, chunk, n);
			len += n;
		}
		fclose(f);
		*ret = buf ? buf : strdup("");
		*ret_len = len;
		return *ret ? 0 : -1;
	}
	const struct embedded_file *e = embedded_find(embedded_web, name);
	if (!e)
		return -1;
	*ret = malloc(e->len ? e->len : 1);
	if (!*ret)
		return -1;
	memcpy(*ret, e->data, e->len);
	*ret_len = e->len;
	return 0;
}

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void headers(struct http_res *res)
{
	http_res_header(res, "Content-Security-Policy", WEB_CSP);
	http_res_header(res, "X-Content-Type-Options", "nosniff");
	http_res_header(res, "Referrer-Policy", "no-referrer");
	http_res_header(res, "X-Frame-Options", "DENY");
}

static void not_found(struct http_res *res)
{
	static const char msg[] = "Not found\n";
	res->status = 404;
	res->content_type = "text/plain; charset=utf-8";
	res->body = strdup(msg);
	res->body_len = res->body ? sizeof(msg) - 1 : 0;
	http_res_header(res, "Cache-Control", "no-store");
	headers(res);
}

/* The same access log line as the API's, without a route or a user. */
static void access_log(struct http_req *req, int status)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:f, s:s, s:s}", "msg", "request", "method",
	                      req->method, "path", req->path, "status", status, "duration_ms",
	                      (double)(time_mono_ns() - req->start_ns) / 1e6, "route", "web",
	                      "client", req->client_addr ? req->client_addr : "");
	if (!o)
		return;
	char ts[25];
	time_format(time_now_ms(), ts);
	json_object_set_new(o, "time", json_string(ts));
	char *line = json_dumps(o, JSON_COMPACT);
	if (line)
		log_json_line(line);
	free(line);
	json_decref(o);
}

/* The file for a GET or HEAD of a portal path: an asset, or the app shell. */
static void serve_file(struct http_req *req, struct http_res *res)
{
	const char *p = req->path;
	const char *name = p + 1;
	const char *last = strrchr(p, '/');
	bool asset = strchr(last, '.') != NULL;
	if (!asset)
		name = "index.html"; /* a client-side route */
	char *body;
	size_t len;
	if (!name_ok(name) || load(name, &body, &len) < 0) {
		not_found(res);
		return;
	}
	char *etag = arena_printf(req->a, "\"%016llx\"", (unsigned long long)fnv1a(body, len));
	headers(res);
	http_res_header(res, "ETag", etag);
	http_res_header(res, "Cache-Control", "no-cache");
	const char *inm = http_req_header(req, "If-None-Match");
	if (inm && strcmp(inm, etag) == 0) {
		free(body);
		res->status = 304;
		return;
	}
	res->status = 200;
	res->content_type = content_type(name);
	res->body = body;
	res->body_len = len;
}

void web_handle(void *cls, struct http_req *req, struct http_res *res)
{
	const char *p = req->path;
	bool get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
	/* A request the server flagged (request line and headers too large,
	 * no memory for its body) is answered by the API whatever its path:
	 * one limit, one answer (431, 503). */
	if (req->headers_too_large || req->busy || is_api_path(p) || !get || p[0] != '/') {
		api_handle(cls, req, res);
		return;
	}
	serve_file(req, res);
	access_log(req, res->status);
}
