#!/usr/bin/env bash
# tests/run.sh: every test, as `make test` runs it.
#  0. lint: api/ and cli/ reach the store only through the domain
#     (tests/lint/layering.sh); every C file is clang-formatted
#  1. unit tests (cmocka) in the normal build and under ASan+UBSan
#  2. each libFuzzer harness (tests/fuzz) for 5 s, from its seed corpus
#  3. black-box API tests (node's test runner) against the ASan+UBSan binary,
#     so a leak or undefined behaviour in the server fails the run: once on
#     SQLite, once on a throwaway PostgreSQL cluster (plus the restart test)
#  4. SIP tests: a real Kamailio with the configuration `switchboard sip-config`
#     writes, in front of the ASan+UBSan binary on SQLite; sipp as the phone;
#     then, on the PostgreSQL cluster, two nodes in front of one Kamailio
#     (tests/sip/failover.test.mjs: failover, invalidations from either node)
#  5. browser tests of the portal (chromium through playwright-core) against
#     the ASan+UBSan binary too, on SQLite: real browser traffic through the
#     static file server and the API, for about a minute on two cores
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/pg.sh
trap pg_stop EXIT

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Debian's libcurl, libmicrohttpd and friends are not built with ASan.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"

# Two test files at a time where node can (20.10+); Debian 12's node 18 runs
# them one by one.
CONC=""
node --test-concurrency=2 -e 0 >/dev/null 2>&1 && CONC="--test-concurrency=2"

echo "== lint: layering (api/ and cli/ call the domain), formatting"
bash tests/lint/layering.sh
bash tests/lint/format.sh

echo "== unit tests (build)"
meson test -C build --print-errorlogs
echo "== unit tests (build-asan)"
meson test -C build-asan --print-errorlogs
echo "== fuzzing, 5 s per harness (build-fuzz)"
bash tests/fuzz/run.sh 5 build-fuzz build-fuzz/fuzz-corpus-test

echo "== API tests (SQLite, ASan+UBSan binary)"
SWITCHBOARD_BIN="$PWD/build-asan/switchboard" node --test $CONC tests/api/

echo "== SIP tests (Kamailio, sipp; SQLite, ASan+UBSan binary)"
SWITCHBOARD_TEST_PG="" SWITCHBOARD_BIN="$PWD/build-asan/switchboard" node --test tests/sip/

pg_start
# The fault test restarts the cluster, so it runs alone, before the suite.
echo "== PostgreSQL restart under load (ASan+UBSan binary)"
SWITCHBOARD_BIN="$PWD/build-asan/switchboard" node --test tests/fault/

echo "== API tests (PostgreSQL, ASan+UBSan binary)"
SWITCHBOARD_BIN="$PWD/build-asan/switchboard" node --test $CONC tests/api/

# Alone, as its timings (a push within 1 s) should not share the cores.
echo "== SIP failover: two nodes on PostgreSQL, one Kamailio (ASan+UBSan binary)"
SWITCHBOARD_BIN="$PWD/build-asan/switchboard" node --test tests/sip/failover.test.mjs

echo "== browser tests (chromium, SQLite, ASan+UBSan binary)"
SWITCHBOARD_TEST_PG="" SWITCHBOARD_BIN="$PWD/build-asan/switchboard" node --test $CONC tests/browser/
