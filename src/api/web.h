/* web.h: the portal's static files (web/), embedded at build time or read
 * from a directory while developing, served on every path outside the API. */
#pragma once
#include "http/server.h"

/* Serve web/ from dir instead of the embedded copy (NULL: embedded). */
void web_set_dir(const char *dir);
/* The server's request callback: the portal's files for GET and HEAD on
 * paths outside /api/ and the system endpoints; everything else, and any
 * request the server flagged (headers_too_large, busy), goes to api_handle.
 * cls is the struct app. */
void web_handle(void *cls, struct http_req *req, struct http_res *res);
