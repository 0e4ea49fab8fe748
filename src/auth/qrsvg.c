/* qrsvg.c: a QR code (libqrencode) drawn as SVG: one path, a horizontal run
 * of dark modules per subpath, on a white square with a quiet zone of four
 * modules. Small enough to send inline in a JSON answer. */
#include "auth/totp.h"
#include "base/arena.h"
#include "base/buf.h"

#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define QUIET 4

char *qr_svg(struct arena *a, const char *text)
{
	/* Level M (15% recovery): a phone reads it off any screen. */
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return NULL;
	int w = q->width, size = w + 2 * QUIET;
	struct buf b = BUF_INIT;
	int r = buf_printf(&b,
	                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	                   "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
	                   "fill=\"#fff\"/><path fill=\"#000\" d=\"",
	                   size, size, size, size);
	for (int y = 0; y < w && r == 0; y++) {
		for (int x = 0; x < w && r == 0;) {
			/* bit 0 of each module's byte: dark */
			if (!(q->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			r = buf_printf(&b, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	}
	if (r == 0)
		r = buf_puts(&b, "\"/></svg>");
	/* The modules spell the secret: wipe them before handing them back. */
	sodium_memzero(q->data, (size_t)w * (size_t)w);
	QRcode_free(q);
	char *out = r == 0 ? arena_strdup(a, b.p) : NULL;
	if (b.p)
		sodium_memzero(b.p, b.len);
	buf_release(&b);
	return out;
}
