/* test_phone.c: the libphonenumber shim: national and international input,
 * the organization's country deciding, invalid numbers refused, and the
 * answers a thread keeps the same as parsing anew. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "phone/phone.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

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

static const char *const kept_in[][2] = {
    {"020 123 4567", "NL"},   {"020 123 4567", "GB"},         {"020 123 4567", NULL},
    {"call me", "NL"},        {"020 123 4567 ext. 12", "NL"}, {"06 1234 5678", "IT"},
    {"(201) 555-0123", "US"}, {"+7 495 123-45-67", ""},       {"+352 26 12 34 56", "NL"},
};
#define KEPT_N (sizeof(kept_in) / sizeof(kept_in[0]))

struct answers {
	int r[KEPT_N];
	char e164[KEPT_N][PHONE_E164_MAX], digits[KEPT_N][PHONE_E164_MAX + 4];
};

static void answer_all(struct answers *a)
{
	memset(a, 0, sizeof(*a));
	for (size_t i = 0; i < KEPT_N; i++) {
		a->r[i] = phone_to_e164(kept_in[i][0], kept_in[i][1], a->e164[i]);
		if (a->r[i] == 0)
			assert_int_equal(
			    phone_national_digits(a->e164[i], a->digits[i], sizeof(a->digits[i])),
			    0);
	}
}

static void *answer_fresh(void *p)
{
	answer_all(p); /* a new thread has kept nothing */
	return NULL;
}

static void kept_answers_are_parsed_ones(void **state)
{
	(void)state;
	struct answers fresh, again, evicted;
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, answer_fresh, &fresh), 0);
	pthread_join(t, NULL);
	answer_all(&again);
	answer_all(&again); /* kept from the line before */
	char out[PHONE_E164_MAX], digits[PHONE_E164_MAX + 4];
	for (int i = 0; i < 500; i++) { /* others take every slot */
		char text[24];
		snprintf(text, sizeof(text), "06 %08d", 10000000 + i);
		assert_int_equal(phone_to_e164(text, "NL", out), 0);
		assert_int_equal(phone_national_digits(out, digits, sizeof(digits)), 0);
	}
	answer_all(&evicted);
	assert_memory_equal(&fresh, &again, sizeof(fresh));
	assert_memory_equal(&fresh, &evicted, sizeof(fresh));
	/* the country is part of what is kept */
	assert_string_equal(fresh.e164[0], "+31201234567");
	assert_true(fresh.r[1] != 0 || strcmp(fresh.e164[1], fresh.e164[0]) != 0);
	assert_int_equal(fresh.r[2], -EINVAL);
	assert_int_equal(fresh.r[3], -EINVAL);
	/* an extension is not part of the E.164 form, nor of its digits */
	assert_string_equal(fresh.e164[4], "+31201234567");
	assert_string_equal(fresh.digits[4], "0201234567");
	assert_string_equal(fresh.digits[7], "84951234567");
	/* a too small buffer is refused from what is kept as from a parse */
	assert_int_equal(phone_national_digits("+31201234567", digits, 5), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(national_numbers_take_the_country),
	    cmocka_unit_test(international_numbers_need_no_country),
	    cmocka_unit_test(invalid_numbers_are_refused),
	    cmocka_unit_test(kept_answers_are_parsed_ones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
