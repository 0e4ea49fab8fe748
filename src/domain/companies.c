/* companies.c: companies (employers, "Werkgever") of the address book. A
 * name is unique within its organization, compared case-insensitively; a
 * company cannot go while persons work there. */
#include "domain/contacts.h"
#include "base/arena.h"
#include "base/util.h"
#include "store/store.h"

#include <errno.h>
#include <string.h>

/* The declared fields (model.h), and what a client may send back as read. */
static const struct field_spec company_specs[] = {
    COMPANY_FIELDS(FIELD_SPEC) /* and the rest: */
    {"id", F_ANY, F_READONLY, 0},
    {"org_id", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},
    {"updated_at", F_ANY, F_READONLY, 0},
};

static int name_taken(struct dctx *c, const char *field, const char *name)
{
	diag_error(c->d, field, "taken", "There is already a company named '%s'.", name);
	return -EEXIST;
}

/* -EEXIST (with the field error) when another company of org than self_id
 * has this name; 0 when it is free. */
static int check_name(struct dctx *c, const struct org *org, const char *field, const char *name,
                      const char *self_id)
{
	struct company other;
	int r = store_company_find_name(c->db, c->a, org->id, name, &other);
	if (r == -ENOENT || (r == 0 && str_eq(other.id, self_id)))
		return 0;
	return r < 0 ? r : name_taken(c, field, other.name);
}

/* The fields of b that differ from a (all set fields of b when a is NULL). */
static json_t *company_changes(const struct company *a, const struct company *b)
{
	json_t *ch = json_object();
	fields_diff(ch, company_fields, company_fields_n, a, b);
	return ch;
}

/* Inserts co (id and times set here) and audits its creation with the
 * fields set. */
static int insert(struct dctx *c, const struct org *org, const char *field, struct company *co)
{
	char id[ID_LEN + 1];
	id_new(id);
	co->id = arena_strdup(c->a, id);
	co->org_id = org->id;
	co->created_at = co->updated_at = c->now;
	int r = store_company_insert(c->db, co);
	if (r == -EEXIST)
		return name_taken(c, field, co->name);
	if (r < 0)
		return r;
	return audit_record(c, org->id, "company", co->id, "create", company_changes(NULL, co));
}

int company_add_named(struct dctx *c, const struct org *org, const char *name,
                      const char *err_field, struct company *ret)
{
	struct company co = {.name = str_trim(c->a, name)};
	int r = check_name(c, org, err_field, co.name, NULL);
	if (r < 0 || (r = insert(c, org, err_field, &co)) < 0)
		return r;
	*ret = co;
	return 0;
}

int company_create(struct dctx *c, const struct org *org, json_t *in, struct company *ret)
{
	int r = dctx_need(c, org->path, PERM_CONTACTS_WRITE);
	if (r < 0)
		return r;
	fields_check(c->d, in, company_specs, FIELDS_N(company_specs), true);
	struct company co = {0};
	fields_apply(c, in, company_fields, company_fields_n, &co, org->country);
	if (c->d->n_errors)
		return -EINVAL;
	if ((r = check_name(c, org, "name", co.name, NULL)) < 0 ||
	    (r = insert(c, org, "name", &co)) < 0)
		return r;
	*ret = co;
	return 0;
}

int company_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                   struct company *ret)
{
	int r = dctx_need(c, org->path, PERM_CONTACTS_WRITE);
	if (r < 0)
		return r;
	struct company cur;
	if ((r = store_company_get(c->db, c->a, org->id, id, &cur)) < 0)
		return r;
	fields_check(c->d, in, company_specs, FIELDS_N(company_specs), false);
	struct company co = cur;
	fields_apply(c, in, company_fields, company_fields_n, &co, org->country);
	if (c->d->n_errors)
		return -EINVAL;
	json_t *ch = company_changes(&cur, &co);
	if (json_object_size(ch) == 0) {
		json_decref(ch);
		*ret = cur;
		return 0;
	}
	if (!str_eq(co.name, cur.name) && (r = check_name(c, org, "name", co.name, co.id)) < 0) {
		json_decref(ch);
		return r;
	}
	co.updated_at = c->now;
	if ((r = store_company_update(c->db, &co)) < 0) {
		json_decref(ch);
		return r == -EEXIST ? name_taken(c, "name", co.name) : r;
	}
	if ((r = audit_record(c, org->id, "company", co.id, "update", ch)) < 0)
		return r;
	*ret = co;
	return 0;
}

int company_delete(struct dctx *c, const struct org *org, const char *id)
{
	int r = dctx_need(c, org->path, PERM_CONTACTS_WRITE);
	if (r < 0)
		return r;
	struct company co;
	int64_t n = 0;
	if ((r = store_company_get(c->db, c->a, org->id, id, &co)) < 0 ||
	    (r = store_company_count_contacts(c->db, co.id, &n)) < 0)
		return r;
	if (n > 0)
		return diag_fail_p(
		    c->d, -ENOTEMPTY, "company_in_use",
		    DP(DP_STR("company", co.name), DP_INT("count", (long long)n)),
		    "'%s' is the employer of %lld %s; give %s another employer first.", co.name,
		    (long long)n, n == 1 ? "person" : "persons", n == 1 ? "that person" : "them");
	if ((r = store_company_delete(c->db, org->id, co.id)) < 0)
		return r;
	return audit_record(c, org->id, "company", co.id, "delete",
	                    json_pack("{s:s}", "name", co.name));
}

int company_get(struct dctx *c, const struct org *org, const char *id, struct company *ret)
{
	int r = dctx_need(c, org->path, PERM_CONTACTS_READ);
	if (r < 0)
		return r;
	if (!id_valid(id))
		return -ENOENT;
	return store_company_get(c->db, c->a, org->id, id, ret);
}

int company_list(struct dctx *c, const struct org *org, const char *q, const char *after, int limit,
                 struct company **ret, int **ret_ranks, int *ret_n)
{
	int r = dctx_need(c, org->path, PERM_CONTACTS_READ);
	if (r < 0)
		return r;
	return store_company_list(c->db, c->a, org->id, search_query_read(c, q, org->country),
	                          after, limit, ret, ret_ranks, ret_n);
}
