/* form.c: form bodies (multipart/form-data) split into their parts by
 * libmicrohttpd's post processor, fed the body the server read whole. */
#include "http/server.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

/* The post processor's own buffer (for the keys and headers of parts). */
#define PP_BUFFER 65536

struct form {
	struct http_part *parts;
	int n;
	int err;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static enum MHD_Result part(void *cls, enum MHD_ValueKind kind, const char *key,
                            const char *filename, const char *content_type,
                            const char *transfer_encoding, const char *data, uint64_t off,
                            size_t size)
{
	(void)kind;
	(void)transfer_encoding;
	struct form *f = cls;
	struct http_part *p = f->n ? &f->parts[f->n - 1] : NULL;
	/* a new part begins at offset 0 (a part continues at the offset it
	 * reached) */
	if (!p || off == 0 || strcmp(p->name, key) != 0 || off != p->n) {
		if (f->n == HTTP_PARTS_MAX) {
			f->err = -E2BIG;
			return MHD_NO;
		}
		p = &f->parts[f->n++];
		memset(p, 0, sizeof(*p));
		p->name = strdup(key ? key : "");
		p->filename = dup_or_null(filename);
		p->content_type = dup_or_null(content_type);
		if (!p->name) {
			f->err = -ENOMEM;
			return MHD_NO;
		}
	}
	unsigned char *more = realloc(p->data, p->n + size + 1);
	if (!more) {
		f->err = -ENOMEM;
		return MHD_NO;
	}
	memcpy(more + p->n, data, size);
	p->data = more;
	p->n += size;
	p->data[p->n] = 0;
	return MHD_YES;
}

int http_form_parts(struct http_req *r, struct http_part *parts, int *ret_n)
{
	struct form f = {.parts = parts};
	*ret_n = 0;
	struct MHD_PostProcessor *pp =
	    MHD_create_post_processor((struct MHD_Connection *)r->conn, PP_BUFFER, part, &f);
	if (!pp)
		return -EINVAL;
	enum MHD_Result ok = MHD_post_process(pp, r->body ? r->body : "", r->body_len);
	enum MHD_Result done = MHD_destroy_post_processor(pp);
	if (f.err || ok != MHD_YES || done != MHD_YES) {
		http_parts_free(parts, f.n);
		return f.err ? f.err : -EINVAL;
	}
	*ret_n = f.n;
	return 0;
}

void http_parts_free(struct http_part *parts, int n)
{
	for (int i = 0; i < n; i++) {
		free(parts[i].name);
		free(parts[i].filename);
		free(parts[i].content_type);
		free(parts[i].data);
	}
}
