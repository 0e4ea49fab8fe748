/* render.c: JSON renderings of the store's records, one function per kind,
 * shared by the API files (and kept here so a record looks the same
 * wherever it appears). */
#include "api/api.h"
#include "domain/contacts.h"

/* ---- address book: persons and companies ------------------------------- */

void render_person(struct ctx *c, json_t *j, const struct contact *ct)
{
	fields_json(j, contact_fields, contact_fields_n, ct);
	json_object_set_new(j, "company_id", jstr_or_null(ct->company_id));
	json_object_set_new(j, "company_name", jstr_or_null(ct->company_name));
	json_object_set_new(j, "display_name", json_string(contact_display_name(c->a, ct)));
}

json_t *render_contact(struct ctx *c, const struct contact *ct)
{
	json_t *j = json_pack("{s:s, s:s, s:o}", "id", ct->id, "org_id", ct->org_id, "user_id",
	                      jstr_or_null(ct->user_id));
	render_person(c, j, ct);
	json_object_set_new(j, "created_at", jtime(ct->created_at));
	json_object_set_new(j, "updated_at", jtime(ct->updated_at));
	return j;
}

json_t *render_company(struct ctx *c, const struct company *co)
{
	(void)c;
	json_t *j = json_pack("{s:s, s:s}", "id", co->id, "org_id", co->org_id);
	fields_json(j, company_fields, company_fields_n, co);
	json_object_set_new(j, "created_at", jtime(co->created_at));
	json_object_set_new(j, "updated_at", jtime(co->updated_at));
	return j;
}

/* ---- end of the address book section ------------------------------------ */
