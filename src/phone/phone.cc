// phone.cc: the extern "C" shim over libphonenumber's PhoneNumberUtil. The
// only C++ in Switchboard; nothing C++ crosses this file's interface.
#include "phone/phone.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// Parsing is most of a number's cost (about 20 us to parse and validate,
// 19 us more for its national digits), and an import or a user's save
// meets the same numbers again: a company's main number on every row, a
// number normalised and then indexed for search. Each thread keeps what it
// parsed last, in two small direct-mapped tables of its own (no lock, no
// allocation): the text as dialled in a country to its E.164 form (or to
// "not a number"), and an E.164 number to its national digits, which are
// worked out with the E.164 form, from the same parse. libphonenumber's
// answers depend on nothing else, so a hit is the answer parsing would give.
namespace {

constexpr size_t SLOTS = 64; // a power of two
constexpr size_t KEY_MAX = 64 + 1 + 3; // text, NUL, country

struct parsed {
	char key[KEY_MAX + 1]; // text NUL country NUL; "" when empty
	size_t key_len;
	int result;                 // 0 or -EINVAL
	char e164[PHONE_E164_MAX];  // with result 0
};

struct national {
	char e164[PHONE_E164_MAX]; // "" when empty
	char digits[PHONE_E164_MAX + 4];
};

thread_local parsed by_text[SLOTS];
thread_local national by_e164[SLOTS];

size_t slot_of(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603u; // FNV-1a
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211u;
	return (size_t)(h >> 32) & (SLOTS - 1);
}

// The national digits of number into out (out_size bytes): -EINVAL when
// there are none or they do not fit.
int digits_of(const PhoneNumberUtil *util, const PhoneNumber &number, char *out, size_t out_size)
{
	std::string national, digits;
	util->Format(number, PhoneNumberUtil::NATIONAL, &national);
	for (char ch : national)
		if (ch >= '0' && ch <= '9')
			digits += ch;
	if (digits.empty() || digits.size() + 1 > out_size)
		return -EINVAL;
	std::memcpy(out, digits.c_str(), digits.size() + 1);
	return 0;
}

void remember_digits(const char *e164, const char *digits)
{
	national &n = by_e164[slot_of(e164, std::strlen(e164))];
	std::snprintf(n.e164, sizeof(n.e164), "%s", e164);
	std::snprintf(n.digits, sizeof(n.digits), "%s", digits);
}

} // namespace

int phone_to_e164(const char *text, const char *country, char *out)
{
	size_t tn = text ? std::strlen(text) : 0, cn = country ? std::strlen(country) : 0;
	if (!text || tn > 64)
		return -EINVAL;
	char key[KEY_MAX + 1];
	size_t kn = 0;
	if (cn <= 3) {
		std::memcpy(key, text, tn + 1);
		std::memcpy(key + tn + 1, country ? country : "", cn + 1);
		kn = tn + 1 + cn + 1;
		parsed &hit = by_text[slot_of(key, kn)];
		if (hit.key_len == kn && std::memcmp(hit.key, key, kn) == 0) {
			if (hit.result == 0)
				std::memcpy(out, hit.e164, std::strlen(hit.e164) + 1);
			return hit.result;
		}
	}
	// PhoneNumberUtil is a thread-safe singleton; parsing keeps no state.
	const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
	PhoneNumber number;
	std::string region = country && *country ? country : "ZZ";
	std::string e164;
	int r = -EINVAL;
	if (util->Parse(text, region, &number) == PhoneNumberUtil::NO_PARSING_ERROR &&
	    util->IsValidNumber(number)) {
		util->Format(number, PhoneNumberUtil::E164, &e164);
		r = e164.size() + 1 > PHONE_E164_MAX ? -EINVAL : 0;
	}
	// the national form of a number with an extension has its digits too;
	// the E.164 form has none of them
	if (r == 0 && !number.has_extension()) {
		char digits[PHONE_E164_MAX + 4];
		if (digits_of(util, number, digits, sizeof(digits)) == 0)
			remember_digits(e164.c_str(), digits);
	}
	if (kn) {
		parsed &p = by_text[slot_of(key, kn)];
		std::memcpy(p.key, key, kn);
		p.key_len = kn;
		p.result = r;
		if (r == 0)
			std::memcpy(p.e164, e164.c_str(), e164.size() + 1);
	}
	if (r == 0)
		std::memcpy(out, e164.c_str(), e164.size() + 1);
	return r;
}

int phone_format_national(const char *e164, const char *country, char *out, size_t n)
{
	if (!e164 || std::strlen(e164) > 64 || n == 0)
		return -EINVAL;
	const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
	PhoneNumber number;
	if (util->Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
		return -EINVAL;
	std::string region;
	util->GetRegionCodeForNumber(number, &region);
	std::string text;
	bool home = country && region == country;
	util->Format(number, home ? PhoneNumberUtil::NATIONAL : PhoneNumberUtil::INTERNATIONAL, &text);
	if (text.size() + 1 > n)
		return -ENOSPC;
	std::memcpy(out, text.c_str(), text.size() + 1);
	return 0;
}

int phone_national_digits(const char *e164, char *out, size_t out_size)
{
	if (!e164 || *e164 != '+' || std::strlen(e164) > 16 || out_size == 0)
		return -EINVAL;
	const national &hit = by_e164[slot_of(e164, std::strlen(e164))];
	if (std::strcmp(hit.e164, e164) == 0) {
		if (std::strlen(hit.digits) + 1 > out_size)
			return -EINVAL;
		std::memcpy(out, hit.digits, std::strlen(hit.digits) + 1);
		return 0;
	}
	const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
	PhoneNumber number;
	if (util->Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
		return -EINVAL;
	char digits[PHONE_E164_MAX + 4];
	int r = digits_of(util, number, digits, sizeof(digits));
	if (r < 0 || std::strlen(digits) + 1 > out_size)
		return -EINVAL;
	remember_digits(e164, digits);
	std::memcpy(out, digits, std::strlen(digits) + 1);
	return 0;
}
