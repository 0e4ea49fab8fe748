/* jsonval.c: JSON values shared by the API and the domain. */
#include "base/jsonval.h"
#include "base/util.h"

json_t *jstr_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *jtime(int64_t ms)
{
	if (!ms)
		return json_null();
	char t[25];
	time_format(ms, t);
	return json_string(t);
}

int json_depth(json_t *v, int limit)
{
	if (limit < 0)
		return 1;
	int deepest = 0;
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
		{
			int d = json_depth(x, limit - 1);
			if (d > deepest)
				deepest = d;
		}
		return deepest + 1;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			int d = json_depth(x, limit - 1);
			if (d > deepest)
				deepest = d;
		}
		return deepest + 1;
	}
	return 0;
}
