// phone.cc: the extern "C" shim over libphonenumber's PhoneNumberUtil. The
// only C++ in Switchboard; nothing C++ crosses this file's interface.
#include "phone/phone.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

int phone_to_e164(const char *text, const char *country, char *out)
{
	if (!text || std::strlen(text) > 64)
		return -EINVAL;
	// PhoneNumberUtil is a thread-safe singleton; parsing keeps no state.
	const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
	PhoneNumber number;
	std::string region = country && *country ? country : "ZZ";
	if (util->Parse(text, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR)
		return -EINVAL;
	if (!util->IsValidNumber(number))
		return -EINVAL;
	std::string e164;
	util->Format(number, PhoneNumberUtil::E164, &e164);
	if (e164.size() + 1 > PHONE_E164_MAX)
		return -EINVAL;
	std::memcpy(out, e164.c_str(), e164.size() + 1);
	return 0;
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
	const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
	PhoneNumber number;
	if (util->Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
		return -EINVAL;
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
