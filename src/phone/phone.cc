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
