/* test_phone.c: the libphonenumber shim: national and international input,
 * the organization's country deciding, invalid numbers refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "phone/phone.h"

#include <errno.h>

static void national_numbers_take_the_country(void **state)
{
	(void)state;
	char out[PHONE_E164_MAX];
	assert_int_equal(phone_to_e164("020 123 4567", "NL", out), 0);
	assert_string_equal(out, "+31201234567");
	assert_int_equal(phone_to_e164("06 12345678", "NL", out), 0);
	assert_string_equal(out, "+31612345678");
	assert_int_equal(phone_to_e164("06-12345678", "NL", out), 0);
	assert_string_equal(out, "+31612345678");
	assert_int_equal(phone_to_e164("0470 12 34 56", "BE", out), 0);
	assert_string_equal(out, "+32470123456");
}

static void international_numbers_need_no_country(void **state)
{
	(void)state;
	char out[PHONE_E164_MAX];
	assert_int_equal(phone_to_e164("+44 20 7946 0958", "NL", out), 0);
	assert_string_equal(out, "+442079460958");
	assert_int_equal(phone_to_e164("0031 20 123 4567", "NL", out), 0);
	assert_string_equal(out, "+31201234567");
	assert_int_equal(phone_to_e164("+31201234567", NULL, out), 0);
	assert_string_equal(out, "+31201234567");
}

static void invalid_numbers_are_refused(void **state)
{
	(void)state;
	char out[PHONE_E164_MAX] = "";
	assert_int_equal(phone_to_e164("call me", "NL", out), -EINVAL);
	assert_int_equal(phone_to_e164("123", "NL", out), -EINVAL);
	assert_int_equal(phone_to_e164("020 123 4567", NULL, out), -EINVAL); /* no country */
	assert_int_equal(phone_to_e164("+31 20 123 4567 8901 2345", "NL", out), -EINVAL);
	assert_int_equal(phone_to_e164(NULL, "NL", out), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(national_numbers_take_the_country),
	    cmocka_unit_test(international_numbers_need_no_country),
	    cmocka_unit_test(invalid_numbers_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
