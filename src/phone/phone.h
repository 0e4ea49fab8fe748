/* phone.h: phone numbers, parsed and formatted by libphonenumber (through a
 * small C++ shim, phone.cc). */
#pragma once
#include <stddef.h>

#define PHONE_E164_MAX 17 /* "+" and at most 15 digits, and the NUL */

/* Parses text as dialled in country (ISO 3166 alpha-2, such as "NL"; a
 * number starting with + or 00 needs none) and writes the valid number in
 * E.164 form ("+31201234567") into out (PHONE_E164_MAX bytes). -EINVAL when it is not a valid
 * number. Safe to call from any thread. Each thread keeps its last answers
 * (phone.cc): the same text again, or its national digits next, costs no
 * second parse. */
#ifdef __cplusplus
extern "C" {
#endif
int phone_to_e164(const char *text, const char *country, char *out);
/* Writes the E.164 number e164 as people of country (ISO alpha-2) write it:
 * nationally when it is a number of that country ("020 123 4567"), else
 * internationally ("+32 2 123 45 67"), into out (n bytes, PHONE_TEXT_MAX
 * is enough). -EINVAL for no number, -ENOSPC when out is too small. */
#define PHONE_TEXT_MAX 40
int phone_format_national(const char *e164, const char *country, char *out, size_t n);
/* The digits of e164 ("+31201234567") as dialled within its own country,
 * with the trunk prefix ("0201234567"), into out (out_size bytes). -EINVAL
 * when e164 is not an E.164 number or out is too small. */
int phone_national_digits(const char *e164, char *out, size_t out_size);
#ifdef __cplusplus
}
#endif
