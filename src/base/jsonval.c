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
