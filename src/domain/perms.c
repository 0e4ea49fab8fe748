/* perms.c: the fixed permission catalogue and the four default groups. */
#include "domain/domain.h"
#include "base/arena.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const struct perm_info perm_catalogue[PERM__COUNT] = {
    [PERM_ORGS_READ] = {"orgs.read", "See the organization and the ones below it",
                        "Organisatie en onderliggende organisaties inzien"},
    [PERM_ORGS_WRITE] = {"orgs.write",
                         "Change organization settings and create or remove "
                         "the organizations below it",
                         "Organisatie-instellingen wijzigen, onderliggende organisaties "
                         "aanmaken of verwijderen"},
    [PERM_MODULES_WRITE] = {"modules.write", "Change modules and turn them off",
                            "Modules wijzigen en uitzetten"},
    [PERM_MODULES_ENABLE] = {"modules.enable", "Turn modules on", "Modules aanzetten"},
    [PERM_USERS_READ] = {"users.read", "See users", "Gebruikers inzien"},
    [PERM_USERS_WRITE] = {"users.write", "Create, change and remove users",
                          "Gebruikers aanmaken, wijzigen en verwijderen"},
    [PERM_CONTACTS_READ] = {"contacts.read", "See the address book", "Adresboek inzien"},
    [PERM_CONTACTS_WRITE] = {"contacts.write", "Change the address book", "Adresboek wijzigen"},
    [PERM_GROUPS_READ] = {"groups.read", "See permission groups", "Rechtengroepen inzien"},
    [PERM_GROUPS_WRITE] = {"groups.write", "Change permission groups", "Rechtengroepen wijzigen"},
    [PERM_AUDIT_READ] = {"audit.read", "See the audit trail", "Wijzigingslog inzien"},
    [PERM_INVOICES_READ] = {"invoices.read", "See invoice data", "Factuurgegevens inzien"},
    [PERM_TELEPHONY_READ] = {"telephony.read", "See numbers, extensions and accounts",
                             "Nummers, toestelnummers en accounts inzien"},
    [PERM_TELEPHONY_WRITE] = {"telephony.write", "Change numbers, extensions and accounts",
                              "Nummers, toestelnummers en accounts wijzigen"},
    [PERM_CALLS_READ_ALL] = {"calls.read_all", "See all call details of the organization",
                             "Alle gespreksdetails van de organisatie inzien"},
    [PERM_CALLS_READ_OWN] = {"calls.read_own", "See own call history",
                             "Eigen gespreksgeschiedenis inzien"},
    [PERM_DESTINATION_OWN] = {"destination.write_own", "Change own destination",
                              "Eigen bestemming wijzigen"},
    [PERM_MEDIA_OWN] = {"media.write_own", "Manage own media", "Eigen media beheren"},
    [PERM_API_TOKENS_READ] = {"api_tokens.read", "See API tokens", "API-tokens inzien"},
    [PERM_API_TOKENS_WRITE] = {"api_tokens.write", "Create and revoke API tokens",
                               "API-tokens aanmaken en intrekken"},
    [PERM_SIP_PROXY] = {"sip.proxy",
                        "Read the digest credentials (HA1) of SIP accounts: for the SIP proxy",
                        "Digest-gegevens (HA1) van SIP-accounts lezen: voor de SIP-proxy"},
    [PERM_SCIM] = {"scim",
                   "Provision users and groups over SCIM 2.0 (/scim/v2): for an identity provider",
                   "Gebruikers en groepen inrichten via SCIM 2.0 (/scim/v2): voor een identity "
                   "provider"},
};

/* Every right an organization's groups start with; the platform's Admin
 * group also gets PERMS_PLATFORM (builtin_group_perms). */
#define ALL_PERMS (((PERM_BIT(PERM__COUNT)) - 1) & ~PERMS_PLATFORM)
#define SELF_PERMS                                                                                 \
	(PERM_BIT(PERM_DESTINATION_OWN) | PERM_BIT(PERM_CALLS_READ_OWN) | PERM_BIT(PERM_MEDIA_OWN))

/* Seed 001: Beheer sees and changes everything and turns modules on and off;
 * Accountbeheer also sees invoices but may only turn some modules off;
 * Gespreksdetails changes its own destination and sees all call details;
 * Eindgebruiker only changes its own destination. */
const struct builtin_group builtin_groups[4] = {
    {"admin", "Admin", "Beheer",
     "Sees all data of the organization, changes modules and turns them on and off",
     ALL_PERMS & ~PERM_BIT(PERM_INVOICES_READ)},
    {"account_management", "Account management", "Accountbeheer",
     "Sees all data of the organization including invoices, changes modules and turns "
     "some off",
     ALL_PERMS & ~PERM_BIT(PERM_MODULES_ENABLE)},
    {"call_details", "Call details", "Gespreksdetails",
     "Changes own destination and sees all call details of the organization",
     SELF_PERMS | PERM_BIT(PERM_CALLS_READ_ALL)},
    {"end_user", "End user", "Eindgebruiker", "Only changes own destination", SELF_PERMS},
};

uint64_t builtin_group_perms(const struct builtin_group *b, bool platform)
{
	return platform && strcmp(b->key, "admin") == 0 ? b->perms | PERMS_PLATFORM : b->perms;
}

const struct builtin_group *builtin_group_find(const char *key)
{
	for (size_t i = 0; i < 4; i++)
		if (key && strcmp(builtin_groups[i].key, key) == 0)
			return &builtin_groups[i];
	return NULL;
}

int perm_parse(const char *names, uint64_t *ret, const char **ret_bad)
{
	uint64_t mask = 0;
	const char *p = names ? names : "";
	static _Thread_local char bad[64];
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		int found = -1;
		for (int i = 0; i < PERM__COUNT; i++)
			if (strlen(perm_catalogue[i].name) == n &&
			    memcmp(perm_catalogue[i].name, p, n) == 0)
				found = i;
		if (found < 0) {
			snprintf(bad, sizeof(bad), "%.*s", (int)(n < 60 ? n : 60), p);
			if (ret_bad)
				*ret_bad = bad;
			return -EINVAL;
		}
		mask |= PERM_BIT(found);
		p += n;
	}
	*ret = mask;
	return 0;
}

char *perm_format(struct arena *a, uint64_t mask)
{
	char *out = arena_strdup(a, "");
	for (int i = 0; i < PERM__COUNT; i++)
		if (mask & PERM_BIT(i))
			out =
			    arena_printf(a, "%s%s%s", out, *out ? " " : "", perm_catalogue[i].name);
	return out;
}

json_t *perm_to_json(uint64_t mask)
{
	json_t *arr = json_array();
	for (int i = 0; i < PERM__COUNT; i++)
		if (mask & PERM_BIT(i))
			json_array_append_new(arr, json_string(perm_catalogue[i].name));
	return arr;
}
