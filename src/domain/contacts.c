/* contacts.c: persons of the address book ("Adresboek"), and the rules their
 * fields follow. contact_apply is shared with users.c, so a person created
 * from the user screen and one created from the address book are the same
 * (seed 000), employer added inline ("voeg 'xxx' toe") included. */
#include "domain/contacts.h"
#include "domain/orgs.h"
#include "base/arena.h"
#include "base/util.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

/* The declared fields (model.h), the employer, and what a client may send
 * back as it read it. */
static const struct field_spec person_specs[] = {
    CONTACT_FIELDS(FIELD_SPEC) /* and the rest: */
    {"company_id", F_STRING, F_NULLABLE, 64},
    {"company_name", F_STRING, F_NULLABLE, 120},
    {"id", F_ANY, F_READONLY, 0},
    {"org_id", F_ANY, F_READONLY, 0},
    {"user_id", F_ANY, F_READONLY, 0},
    {"display_name", F_ANY, F_READONLY, 0},
    {"created_at", F_ANY, F_READONLY, 0},
    {"updated_at", F_ANY, F_READONLY, 0},
};

char *contact_display_name(struct arena *a, const struct contact *ct)
{
	const char *parts[] = {ct->first_name, ct->infix, ct->last_name};
	size_t n = 1;
	for (size_t i = 0; i < 3; i++)
		n += parts[i] ? strlen(parts[i]) + 1 : 0;
	char *out = arena_alloc(a, n), *o = out;
	bool gap = false; /* a space is due before the next word */
	for (size_t i = 0; i < 3; i++, gap = true)
		for (const char *p = parts[i]; p && *p; p++) {
			if (isspace((unsigned char)*p)) {
				gap = true;
				continue;
			}
			if (gap && o > out)
				*o++ = ' ';
			gap = false;
			*o++ = *p;
		}
	*o = 0;
	return out;
}

static json_t *jtext(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Resolves the employer members of in into io: company_id (a company of
 * org), company_name (an existing company, or *ret_new_name to be created
 * by the caller once every check passed), or null to clear it. Bad input
 * goes into c->d; returns 0 or a store error. */
static int apply_employer(struct dctx *c, const struct org *org, json_t *in, struct contact *io,
                          const char **ret_new_name)
{
	bool has_id = field_has(in, "company_id"), has_name = field_has(in, "company_name");
	if ((!has_id && !has_name) || diag_has(c->d, "company_id") ||
	    diag_has(c->d, "company_name"))
		return 0;
	char *id = field_str(c->a, in, "company_id"), *name = field_str(c->a, in, "company_name");
	struct company co;
	int r;
	if (has_id && id) {
		r = id_valid(id) ? store_company_get(c->db, c->a, org->id, id, &co) : -ENOENT;
		if (r == -ENOENT) {
			diag_error(c->d, "company_id", "not_found",
			           "There is no company '%s' in this organization.", id);
			return 0;
		}
		if (r < 0)
			return r;
		/* Both given is only fine when they name the same company, as in
		 * a contact sent back the way it was read. */
		struct company named;
		r = name ? store_company_find_name(c->db, c->a, org->id, name, &named) : 0;
		if (r < 0 && r != -ENOENT)
			return r;
		if (name && (r == -ENOENT || strcmp(named.id, co.id) != 0)) {
			diag_error(c->d, "company_name", "conflict",
			           "Give the employer either as company_id or as company_name, "
			           "not both.");
			return 0;
		}
		io->company_id = co.id;
		io->company_name = co.name;
		return 0;
	}
	if (has_id && name) { /* company_id null, company_name set */
		diag_error(c->d, "company_name", "conflict",
		           "Give the employer either as company_id or as company_name, not both.");
		return 0;
	}
	if (!name) { /* null (or empty) clears the employer */
		io->company_id = NULL;
		io->company_name = NULL;
		return 0;
	}
	r = store_company_find_name(c->db, c->a, org->id, name, &co);
	if (r == -ENOENT) {
		*ret_new_name = name;
		return 0;
	}
	if (r < 0)
		return r;
	io->company_id = co.id;
	io->company_name = co.name;
	return 0;
}

int contact_apply(struct dctx *c, const struct org *org, json_t *in, bool creating,
                  struct contact *io)
{
	fields_check(c->d, in, person_specs, FIELDS_N(person_specs), creating);
	fields_apply(c, in, contact_fields, contact_fields_n, io, org->country);
	const char *new_name = NULL;
	int r = apply_employer(c, org, in, io, &new_name);
	if (r < 0)
		return r;
	if (c->d->n_errors)
		return -EINVAL;
	if (new_name) {
		struct company co;
		r = company_add_named(c, org, new_name, "company_name", &co);
		if (r < 0)
			return r;
		io->company_id = co.id;
		io->company_name = co.name;
	}
	return 0;
}

/* The fields of b that differ from a (every set field when a is NULL), for
 * the audit trail; the employer's name goes with its id. */
json_t *person_changes(const struct contact *a, const struct contact *b)
{
	json_t *ch = json_object();
	fields_diff(ch, contact_fields, contact_fields_n, a, b);
	if (a ? !str_eq(a->company_id, b->company_id) : b->company_id != NULL) {
		json_object_set_new(ch, "company_id", jtext(b->company_id));
		json_object_set_new(ch, "company_name", jtext(b->company_name));
		if (a)
			audit_before(ch, "company_name", jtext(a->company_name));
	}
	return ch;
}

int contact_create(struct dctx *c, const struct org *org, json_t *in, struct contact *ret)
{
	int r = dctx_need(c, org->path, PERM_CONTACTS_WRITE);
	if (r < 0)
		return r;
	struct contact ct = {0};
	if ((r = contact_apply(c, org, in, true, &ct)) < 0)
		return r;
	char id[ID_LEN + 1];
	id_new(id);
	ct.id = arena_strdup(c->a, id);
	ct.org_id = org->id;
	ct.created_at = ct.updated_at = c->now;
	if ((r = store_contact_insert(c->db, &ct)) < 0)
		return r;
	if ((r = audit_record(c, org->id, "contact", ct.id, "create", person_changes(NULL, &ct))) <
	    0)
		return r;
	return store_contact_get(c->db, c->a, org->id, ct.id, ret);
}

int contact_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                   struct contact *ret)
{
	int r = dctx_need(c, org->path, PERM_CONTACTS_WRITE);
	if (r < 0)
		return r;
	struct contact cur;
	if (!id_valid(id))
		return -ENOENT;
	if ((r = store_contact_get(c->db, c->a, org->id, id, &cur)) < 0)
		return r;
	/* A user's person is the user's: guarded as the user is. */
	if (cur.user_id && (r = user_guard(c, cur.user_id)) < 0)
		return r;
	struct contact ct = cur;
	if ((r = contact_apply(c, org, in, false, &ct)) < 0)
		return r;
	json_t *ch = person_changes(&cur, &ct);
	if (json_object_size(ch) == 0) {
		json_decref(ch);
		*ret = cur;
		return 0;
	}
	ct.updated_at = c->now;
	if ((r = store_contact_update(c->db, &ct)) < 0) {
		json_decref(ch);
		return r;
	}
	if ((r = audit_record(c, org->id, "contact", ct.id, "update", ch)) < 0)
		return r;
	return store_contact_get(c->db, c->a, org->id, ct.id, ret);
}

int contact_delete(struct dctx *c, const struct org *org, const char *id)
{
	int r = dctx_need(c, org->path, PERM_CONTACTS_WRITE);
	if (r < 0)
		return r;
	struct contact ct;
	if (!id_valid(id))
		return -ENOENT;
	if ((r = store_contact_get(c->db, c->a, org->id, id, &ct)) < 0)
		return r;
	if (ct.user_id) {
		struct user u;
		if (store_user_get(c->db, c->a, org->id, ct.user_id, &u) == 0 &&
		    u.status == USER_DELETED)
			return diag_fail(c->d, -ENOTEMPTY, "person_login_deleted",
			                 "This person's login was deleted but is kept so that it "
			                 "can be restored; the person can go once it is purged.");
		return diag_fail_p(
		    c->d, -ENOTEMPTY, "person_has_login", DP(DP_STR("user_id", ct.user_id)),
		    "This person has a login (user %s); delete the user first.", ct.user_id);
	}
	if ((r = store_contact_delete(c->db, org->id, ct.id)) < 0)
		return r;
	return audit_record(
	    c, org->id, "contact", ct.id, "delete",
	    json_pack("{s:s, s:s}", "first_name", ct.first_name, "last_name", ct.last_name));
}

int contact_get(struct dctx *c, const struct org *org, const char *id, struct contact *ret)
{
	int r = dctx_need(c, org->path, PERM_CONTACTS_READ);
	if (r < 0)
		return r;
	if (!id_valid(id))
		return -ENOENT;
	return store_contact_get(c->db, c->a, org->id, id, ret);
}

int contact_list(struct dctx *c, const struct org *org, const char *q, const char *company_id,
                 const char *after, int limit, struct contact **ret, int **ret_ranks, int *ret_n)
{
	int r = dctx_need(c, org->path, PERM_CONTACTS_READ);
	if (r < 0)
		return r;
	return store_contact_list(c->db, c->a, org->id, search_query_read(c, q, org->country),
	                          company_id, after, limit, ret, ret_ranks, ret_n);
}
