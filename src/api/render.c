/* render.c: JSON renderings of the store's records, one function per kind,
 * shared by the API files (and kept here so a record looks the same
 * wherever it appears). */
#include "api/api.h"
#include "domain/contacts.h"

/* ---- address book: persons and companies ------------------------------- */

void render_person(struct ctx *c, json_t *j, const struct contact *ct)
{
	struct {
		const char *name, *value;
	} fields[] = {
	    {"salutation", ct->salutation},
	    {"first_name", ct->first_name},
	    {"infix", ct->infix},
	    {"last_name", ct->last_name},
	    {"phone", ct->phone},
	    {"mobile", ct->mobile},
	    {"job_title", ct->job_title},
	    {"company_id", ct->company_id},
	    {"company_name", ct->company_name},
	    {"work_phone", ct->work_phone},
	    {"work_email", ct->work_email},
	    {"web", ct->web},
	    {"street", ct->street},
	    {"postal_code", ct->postal_code},
	    {"city", ct->city},
	    {"country", ct->country},
	    {"notes", ct->notes},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		json_object_set_new(j, fields[i].name, jstr_or_null(fields[i].value));
	json_object_set_new(j, "display_name", json_string(contact_display_name(c->a, ct)));
}

json_t *render_contact(struct ctx *c, const struct contact *ct)
{
	json_t *j = json_pack("{s:s, s:s, s:o, s:o}", "id", ct->id, "org_id", ct->org_id, "email",
	                      jstr_or_null(ct->email), "user_id", jstr_or_null(ct->user_id));
	render_person(c, j, ct);
	json_object_set_new(j, "created_at", jtime(ct->created_at));
	json_object_set_new(j, "updated_at", jtime(ct->updated_at));
	return j;
}

json_t *render_company(struct ctx *c, const struct company *co)
{
	(void)c;
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id", co->id, "org_id",
	                 co->org_id, "name", co->name, "website", jstr_or_null(co->website),
	                 "phone", jstr_or_null(co->phone), "email", jstr_or_null(co->email),
	                 "created_at", jtime(co->created_at), "updated_at", jtime(co->updated_at));
}

/* ---- end of the address book section ------------------------------------ */
