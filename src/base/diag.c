/* diag.c: collecting field errors and warnings. */
#include "base/diag.h"
#include "base/arena.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

void diag_init(struct diag *d, struct arena *a)
{
	memset(d, 0, sizeof(*d));
	d->a = a;
}

__attribute__((format(printf, 7, 0))) static void diag_add(struct diag *d, struct diag_item *items,
                                                           size_t *n, size_t max, const char *field,
                                                           const char *code, const char *fmt,
                                                           va_list ap)
{
	if (*n >= max) {
		d->last = NULL;
		return;
	}
	items[*n] = (struct diag_item){field, code, arena_vprintf(d->a, fmt, ap), {0}};
	d->last = &items[*n].params;
	(*n)++;
}

/* The params with their texts copied into the diag's arena: a text may come
 * from memory its caller frees before the answer is made (a batch's arena). */
static struct diag_params params_own(struct diag *d, struct diag_params p)
{
	for (int i = 0; d->a && i < p.n; i++)
		if (p.v[i].text)
			p.v[i].text = arena_strdup(d->a, p.v[i].text);
	return p;
}

int diag_error(struct diag *d, const char *field, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, d->errors, &d->n_errors, DIAG_MAX, field, code, fmt, ap);
	va_end(ap);
	d->last_err = -EINVAL;
	return -EINVAL;
}

void diag_warning(struct diag *d, const char *field, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, d->warnings, &d->n_warnings, sizeof(d->warnings) / sizeof(d->warnings[0]),
	         field, code, fmt, ap);
	va_end(ap);
	d->last_err = 0;
}

int diag_fail(struct diag *d, int err, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	d->detail = arena_vprintf(d->a, fmt, ap);
	va_end(ap);
	d->code = code;
	d->params.n = 0;
	d->last = &d->params;
	d->last_err = err;
	return err;
}

int diag_fail_p(struct diag *d, int err, const char *code, struct diag_params p, const char *fmt,
                ...)
{
	va_list ap;
	va_start(ap, fmt);
	d->detail = arena_vprintf(d->a, fmt, ap);
	va_end(ap);
	d->code = code;
	d->params = params_own(d, p);
	d->last = &d->params;
	d->last_err = err;
	return err;
}

int diag_error_p(struct diag *d, const char *field, const char *code, struct diag_params p,
                 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, d->errors, &d->n_errors, DIAG_MAX, field, code, fmt, ap);
	va_end(ap);
	if (d->last)
		*d->last = params_own(d, p);
	d->last_err = -EINVAL;
	return -EINVAL;
}

static int param_add(struct diag *d, struct diag_param p)
{
	if (d->last && d->last->n < DIAG_PARAMS_MAX)
		d->last->v[d->last->n++] = p;
	return d->last_err;
}

int diag_param_int(struct diag *d, const char *name, long long v)
{
	return param_add(d, (struct diag_param){.name = name, .num = v});
}

int diag_param_str(struct diag *d, const char *name, const char *v)
{
	const char *t = !v ? "" : d->a ? arena_strdup(d->a, v) : v;
	return param_add(d, (struct diag_param){.name = name, .text = t});
}

int diag_has(const struct diag *d, const char *field)
{
	for (size_t i = 0; i < d->n_errors; i++)
		if (d->errors[i].field && strcmp(d->errors[i].field, field) == 0)
			return 1;
	return 0;
}
