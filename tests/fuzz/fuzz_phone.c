/* fuzz_phone.c: libFuzzer harness for the phone-number shim (phone/phone.cc,
 * C++ over libphonenumber), which every phone field of the API goes through.
 *
 * Input: "CC\nTEXT" (a country code, then the number as typed); without a
 * newline the whole input is the text, dialled from NL. Checks besides
 * ASan/UBSan: a number accepted comes out as E.164 ("+" and 1 to 15 digits,
 * within PHONE_E164_MAX) and parses again, with no country, to itself. */
#include "phone/phone.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = 0;
	const char *country = "NL", *number = text;
	char *nl = strchr(text, '\n');
	if (nl) {
		*nl = 0;
		country = text;
		number = nl + 1;
	}
	char out[PHONE_E164_MAX];
	memset(out, 'x', sizeof(out));
	if (phone_to_e164(number, country, out) == 0) {
		size_t n = strnlen(out, sizeof(out));
		if (n == sizeof(out) || n < 2 || out[0] != '+' ||
		    strspn(out + 1, "0123456789") != n - 1)
			abort();
		char again[PHONE_E164_MAX];
		if (phone_to_e164(out, NULL, again) != 0 || strcmp(again, out) != 0)
			abort();
	}
	free(text);
	return 0;
}
