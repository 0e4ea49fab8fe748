/* contacts.h: the address book ("Adresboek"): persons and the companies
 * that employ them ("Werkgever").
 *
 * A person's employer is given as company_id (a company of the same
 * organization) or as company_name: an existing company of that name
 * (compared case-insensitively) or, the seeds' "voeg 'xxx' toe", a new one
 * created in the same transaction. Every change is in the audit trail.
 * The write functions refuse (-EACCES) an actor without contacts.write; the
 * read functions one without contacts.read. Records are in c->a. */
#pragma once
#include "domain/domain.h"

/* ---- persons ------------------------------------------------------------ */

/* Checks the person fields present in `in` (every bad one into c->d) and
 * applies them to *io, resolving the employer; with creating, first_name and
 * last_name are required. Unknown members are errors; the read-only members
 * of a rendered contact (id, org_id, user_id, display_name, created_at,
 * updated_at) are ignored. A company named by company_name that does not
 * exist yet is created (and audited) here, but only while c->d holds no
 * errors: the caller is about to fail otherwise. Leaves id, org_id and the
 * times of *io alone; fills company_name. The caller checks rights (users.c
 * calls it with users.write). Returns 0, -EINVAL, -EEXIST (a company of
 * that name was created meanwhile) or a store error. */
int contact_apply(struct dctx *c, const struct org *org, json_t *in, bool creating,
                  struct contact *io);
/* The fields of b that differ from a (every set one when a is NULL), as
 * the audit trail records them; the employer's name goes with its id. */
json_t *person_changes(const struct contact *a, const struct contact *b);

int contact_create(struct dctx *c, const struct org *org, json_t *in, struct contact *ret);
/* Partial update: only the members given change. */
int contact_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                   struct contact *ret);
/* Refuses (-ENOTEMPTY, 409) while a user login is tied to the person. */
int contact_delete(struct dctx *c, const struct org *org, const char *id);
int contact_get(struct dctx *c, const struct org *org, const char *id, struct contact *ret);
/* Persons of org by sort name; q (may be NULL) finds them by any part of
 * the name, an email or its domain, a phone number or the employer's name,
 * closest first (as users, store_contact_list); company_id (may be NULL)
 * keeps one company's staff; after (may be NULL) is the key of the last
 * row of the previous page: "last_name first_name\x1fid", or for a ranked
 * search (*ret_ranks set, else NULL) "Nsort_name\x1fid" with N the rank.
 * At most limit rows. */
int contact_list(struct dctx *c, const struct org *org, const char *q, const char *company_id,
                 const char *after, int limit, struct contact **ret, int **ret_ranks, int *ret_n);

/* First name, infix and last name joined by single spaces, in a. */
char *contact_display_name(struct arena *a, const struct contact *ct);

/* ---- companies ---------------------------------------------------------- */

/* The name is unique per organization, case-insensitively (-EEXIST with a
 * field error on "name"). */
int company_create(struct dctx *c, const struct org *org, json_t *in, struct company *ret);
int company_update(struct dctx *c, const struct org *org, const char *id, json_t *in,
                   struct company *ret);
/* Refuses (-ENOTEMPTY, 409) while persons work there. */
int company_delete(struct dctx *c, const struct org *org, const char *id);
int company_get(struct dctx *c, const struct org *org, const char *id, struct company *ret);
/* Companies of org by name; q finds them by any part of the name, email
 * (or its domain) and web site, closest first (store_company_list); after
 * is "name\x1fid" of the last row of the previous page, or for a ranked
 * search (*ret_ranks set, else NULL) "Nname\x1fid" with N the rank. */
int company_list(struct dctx *c, const struct org *org, const char *q, const char *after, int limit,
                 struct company **ret, int **ret_ranks, int *ret_n);

/* Creates a company of org with just a name (trimmed, not empty) and audits
 * it: the inline "voeg 'xxx' toe" of contact_apply. Rights are the caller's
 * business. -EEXIST with a field error on err_field when the name is taken. */
int company_add_named(struct dctx *c, const struct org *org, const char *name,
                      const char *err_field, struct company *ret);
