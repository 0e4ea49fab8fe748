/* model.c: the tables of the fields each resource declares in model.h,
 * which the store binds and reads and the domain checks, applies, shows and
 * audits. */
#include "domain/model.h"

#define CONTACT_DESC(name, kind, flags, max) FIELD_DESC(struct contact, name, kind, flags, max)
#define ORG_DESC(name, kind, flags, max) FIELD_DESC(struct org, name, kind, flags, max)
#define USER_DESC(name, kind, flags, max) FIELD_DESC(struct user, name, kind, flags, max)
#define COMPANY_DESC(name, kind, flags, max) FIELD_DESC(struct company, name, kind, flags, max)
#define CALL_DESC(name, kind, flags, max) FIELD_DESC(struct call, name, kind, flags, max)

const struct field contact_fields[] = {CONTACT_FIELDS(CONTACT_DESC)};
const size_t contact_fields_n = FIELDS_N(contact_fields);
const struct field company_fields[] = {COMPANY_FIELDS(COMPANY_DESC)};
const size_t company_fields_n = FIELDS_N(company_fields);
const struct field user_fields[] = {USER_FIELDS(USER_DESC)};
const size_t user_fields_n = FIELDS_N(user_fields);
const struct field org_fields[] = {ORG_FIELDS(ORG_DESC)};
const size_t org_fields_n = FIELDS_N(org_fields);
const struct field call_fields[] = {CALL_FIELDS(CALL_DESC)};
const size_t call_fields_n = FIELDS_N(call_fields);
