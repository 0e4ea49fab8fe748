/* numbers.c: an organization's phone numbers (DIDs). */
#include "domain/numbers.h"
#include "base/jsonval.h"
#include "base/arena.h"
#include "base/cursor.h"
#include "base/util.h"
#include "domain/contacts.h"
#include "domain/destinations.h"
#include "store/store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct field_spec number_fields[] = {
    {"number", F_STRING, F_REQUIRED, 64},  {"label", F_STRING, F_NULLABLE, 100},
    {"id", F_ANY, F_READONLY, 0},          {"org_id", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},  {"updated_at", F_ANY, F_READONLY, 0},
    {"destination", F_ANY, F_NULLABLE, 0},
};
#define N_NUMBER_FIELDS (sizeof(number_fields) / sizeof(number_fields[0]))

/* A number is one organization's: a clash anywhere is a 409 on "number". */
static int taken(struct dctx *c, int r)
{
	if (r == -EEXIST)
		diag_error(c->d, "number", "taken",
		           "This number already belongs to an organization.");
	return r;
}

/* The number's destination member of in, checked, as the text to keep
 * (*ret NULL: the user it belongs to): 0, -EINVAL or the store's error. */
static int dest_text(struct dctx *c, const struct org *org, json_t *in, char **ret)
{
	json_t *d;
	int r = destination_check(c, org, "destination", json_object_get(in, "destination"), &d);
	*ret = NULL;
	if (d) {
		char *text = json_dumps(d, JSON_COMPACT);
		*ret = text ? arena_strdup(c->a, text) : NULL;
		free(text);
		json_decref(d);
	}
	return r;
}

json_t *dest_json(const char *text)
{
	return text ? json_loads(text, 0, NULL) : NULL;
}

static int need_write(struct dctx *c, const struct org *org)
{
	if (dctx_can(c, org->path, PERM_TELEPHONY_WRITE))
		return 0;
	return diag_fail_p(c->d, -EACCES, "right_required", DP(DP_STR("right", "telephony.write")),
	                   "This needs the right 'telephony.write'.");
}

int number_create(struct dctx *c, const struct org *org, json_t *in, struct number *ret)
{
	int r = need_write(c, org);
	if (r < 0)
		return r;
	fields_check(c->d, in, number_fields, N_NUMBER_FIELDS, true);
	struct number n = {0};
	char *v = field_str(c->a, in, "number");
	if (v && !diag_has(c->d, "number"))
		n.number = phone_normalize(c, "number", v, org->country);
	if (c->d->n_errors)
		return -EINVAL;
	char id[ID_LEN + 1];
	id_new(id);
	n.id = arena_strdup(c->a, id);
	n.org_id = org->id;
	n.label = field_str(c->a, in, "label");
	if (json_object_get(in, "destination") && (r = dest_text(c, org, in, &n.destination)) < 0)
		return r;
	n.created_at = n.updated_at = c->now;
	if ((r = store_number_insert(c->db, &n)) < 0)
		return taken(c, r);
	r = audit_record(c, org->id, "number", n.id, "create",
	                 json_pack("{s:s, s:s?, s:o?}", "number", n.number, "label", n.label,
	                           "destination", dest_json(n.destination)));
	if (r < 0)
		return r;
	*ret = n;
	return 0;
}

int number_get(struct dctx *c, const struct org *org, const char *id, struct number *ret)
{
	return id_valid(id) ? store_number_get(c->db, c->a, org->id, id, ret) : -ENOENT;
}

int number_list(struct dctx *c, const struct org *org, const struct cursor *after, int limit,
                struct number **ret, int *ret_n, const char **ret_next)
{
	/* The cursor is the last number itself. */
	int n, r = store_number_list(c->db, c->a, org->id, after ? after->part[0] : NULL, limit + 1,
	                             ret, &n);
	if (r < 0)
		return r;
	*ret_next = n > limit ? cursor_encode(c->a, &cursor_numbers,
	                                      (const char *[]){(*ret)[limit - 1].number})
	                      : NULL;
	*ret_n = n > limit ? limit : n;
	return 0;
}

int number_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                  struct number *ret)
{
	int r = need_write(c, org);
	if (r < 0)
		return r;
	struct number cur;
	if ((r = number_get(c, org, id, &cur)) < 0 || (r = version_check(c, cur.updated_at)) < 0)
		return r;
	fields_check(c->d, in, number_fields, N_NUMBER_FIELDS, false);
	struct number n = cur;
	json_t *ch = json_object();
	if (field_has(in, "number") && !diag_has(c->d, "number")) {
		char *v = field_str(c->a, in, "number");
		if (!v)
			diag_error(c->d, "number", "required", "number is required.");
		else if ((v = phone_normalize(c, "number", v, org->country)) &&
		         strcmp(v, cur.number) != 0) {
			n.number = v;
			json_object_set_new(ch, "number", json_string(v));
		}
	}
	if (field_has(in, "label") && !diag_has(c->d, "label")) {
		n.label = field_str(c->a, in, "label");
		if (!str_eq(n.label, cur.label)) {
			json_object_set_new(ch, "label",
			                    n.label ? json_string(n.label) : json_null());
			audit_before(ch, "label", jstr_or_null(cur.label));
		}
	}
	int dr = 0;
	if (field_has(in, "destination") && !diag_has(c->d, "destination") &&
	    (dr = dest_text(c, org, in, &n.destination)) == 0 &&
	    !str_eq(n.destination, cur.destination)) {
		json_object_set_new(ch, "destination", dest_json(n.destination));
		audit_before(ch, "destination",
		             cur.destination ? dest_json(cur.destination) : json_null());
	}
	if (dr < 0 && dr != -EINVAL) {
		json_decref(ch);
		return dr;
	}
	if (c->d->n_errors || json_object_size(ch) == 0) {
		json_decref(ch);
		*ret = cur;
		return c->d->n_errors ? -EINVAL : 0;
	}
	n.updated_at = c->now;
	if ((r = store_number_update(c->db, &n)) < 0) {
		json_decref(ch);
		return taken(c, r);
	}
	if ((r = audit_record(c, org->id, "number", n.id, "update", ch)) < 0)
		return r;
	*ret = n;
	return 0;
}

int number_delete(struct dctx *c, const struct org *org, const char *id)
{
	int r = need_write(c, org);
	if (r < 0)
		return r;
	struct number n;
	if ((r = number_get(c, org, id, &n)) < 0 || (r = version_check(c, n.updated_at)) < 0)
		return r;
	if (str_eq(org->trunk_number_id, id))
		return diag_fail_p(c->d, -ENOTEMPTY, "trunk_number", DP(DP_STR("number", n.number)),
		                   "%s is the trunk's default caller ID; choose another one first.",
		                   n.number);
	if ((r = store_number_delete(c->db, org->id, id)) < 0)
		return r;
	return audit_record(c, org->id, "number", id, "delete",
	                    json_pack("{s:s}", "number", n.number));
}
