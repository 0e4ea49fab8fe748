/* test_devices.c: the MAC notations a device takes (and what it refuses),
 * the file names phones ask for, and the provisioning templates: values
 * escaped for XML, kept on one line in key = value files, lines repeated,
 * Grandstream's P-values per account. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "domain/devices.h"
#include "domain/provisioning.h"

#include <errno.h>
#include <string.h>

static void mac_notations(void **state)
{
	(void)state;
	const char *good[] = {"00:15:65:AA:BB:CC", "00-15-65-aa-bb-cc", "0015.65aa.bbcc",
	                      "001565AABBCC", "001565aabbcc"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char out[13];
		assert_true(device_mac_normalize(good[i], out));
		assert_string_equal(out, "001565aabbcc");
	}
	const char *bad[] = {"",
	                     "00:15:65:aa:bb",
	                     "00:15:65:aa:bb:cc:dd",
	                     "00:15-65:aa:bb:cc",
	                     "00.15.65.aa.bb.cc",
	                     "0015:65aa:bbcc",
	                     "001565aabbcg",
	                     "00:15:65:aa:bb:c ",
	                     "000000000000",
	                     "00:00:00:00:00:00"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char out[13];
		assert_false(device_mac_normalize(bad[i], out));
	}
	char out[13];
	assert_false(device_mac_normalize(NULL, out));
}

static void file_names(void **state)
{
	(void)state;
	enum prov_file k;
	char mac[13];
	assert_int_equal(prov_file_parse("y000000000000.cfg", &k, mac), 0);
	assert_int_equal(k, PROV_YEALINK_COMMON);
	assert_int_equal(prov_file_parse("001565aabbcc.cfg", &k, mac), 0);
	assert_int_equal(k, PROV_YEALINK_MAC);
	assert_string_equal(mac, "001565aabbcc");
	assert_int_equal(prov_file_parse("001565AABBCC.xml", &k, mac), 0);
	assert_int_equal(k, PROV_SNOM);
	assert_string_equal(mac, "001565aabbcc");
	assert_int_equal(prov_file_parse("cfg000b82aabbcc.xml", &k, mac), 0);
	assert_int_equal(k, PROV_GRANDSTREAM);
	assert_string_equal(mac, "000b82aabbcc");
	const char *bad[] = {"",
	                     "x.cfg",
	                     "001565aabbc.cfg",
	                     "001565aabbcg.cfg",
	                     "../etc/passwd",
	                     "cfg001565aabbcc",
	                     "001565aabbcc.cfg.bak",
	                     "000000000000.cfg"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(prov_file_parse(bad[i], &k, mac), -ENOENT);
}

static const struct prov_line lines[] = {
    {1, "k7qm2xw9bd", "k7qm2xw9bd", "S3cr3t<&>\"'", "Ann & Bob <B>", "sip.example.net", "R&D"},
    {2, "m8rn3yx2ce", "m8rn3yx2ce", "two\nlines", "Carl", "sip.example.net", "Line\r2"},
};
static const struct prov_vars vars = {.mac = "001565aabbcc",
                                      .model = "T46U",
                                      .server_host = "sip.example.net",
                                      .server_port = 5070,
                                      .ntp = "ntp.example.net",
                                      .timezone = "Europe/Amsterdam",
                                      .language = "nl",
                                      .lines = lines,
                                      .n_lines = 2};

static void templates(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *y = prov_template_render(a, "yealink-mac.cfg", &vars);
	assert_non_null(y);
	assert_non_null(strstr(y, "account.1.password = S3cr3t<&>\"'\n"));
	/* a value never spans lines in a key = value file */
	assert_non_null(strstr(y, "account.2.password = twolines\n"));
	assert_non_null(strstr(y, "account.2.label = Line2\n"));
	assert_non_null(strstr(y, "local_time.time_zone = +1\n"));
	assert_non_null(strstr(y, "lang.gui = Dutch\n"));
	assert_null(strstr(y, "account.3."));
	char *g = prov_template_render(a, "grandstream.xml", &vars);
	assert_non_null(g);
	assert_non_null(strstr(g, "<P34>S3cr3t&lt;&amp;&gt;&quot;&apos;</P34>"));
	assert_non_null(strstr(g, "<P3>Ann &amp; Bob &lt;B&gt;</P3>"));
	assert_non_null(strstr(g, "<P406>twolines</P406>"));
	assert_non_null(strstr(g, "<P64>CET-1CEST,M3.5.0,M10.5.0/3</P64>"));
	char *sn = prov_template_render(a, "snom.xml", &vars);
	assert_non_null(strstr(sn, "<user_pass idx=\"2\" perm=\"\">twolines</user_pass>"));
	assert_non_null(strstr(sn, "<timezone perm=\"\">NLD+1</timezone>"));
	/* Grandstream files have the P-values of four accounts, no more */
	struct prov_line five[5];
	for (int i = 0; i < 5; i++)
		five[i] = (struct prov_line){i + 1, "u", "u", "p", "d", "dom", "l"};
	struct prov_vars v5 = vars;
	v5.lines = five;
	v5.n_lines = 5;
	assert_null(prov_template_render(a, "grandstream.xml", &v5));
	v5.n_lines = 4;
	assert_non_null(prov_template_render(a, "grandstream.xml", &v5));
	assert_null(prov_template_render(a, "no-such.cfg", &vars));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(mac_notations),
	    cmocka_unit_test(file_names),
	    cmocka_unit_test(templates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
