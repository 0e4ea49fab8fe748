# Switchboard: a thin layer over Meson + ninja.
#   make run    install what is missing, build, initialise ./data, serve on :8080 with
#               Kamailio beside it (SIP on 127.0.0.1:5060)
#   make test   every test: unit (cmocka), fuzz (briefly), API (node) on SQLite and
#               PostgreSQL, browser (chromium); under ASan+UBSan
#   make bench  optimized build, 1,000,000 users, wrk against ceilings (SMALL=1: quick)
#   make bench-sip  only its SIP part: REGISTER, route lookups and calls through Kamailio
.PHONY: all deps test-deps build build-asan build-fuzz fuzz run test unit api clean format bench bench-scim \
	bench-sip

BUILD      ?= build
ASAN_BUILD ?= build-asan
DATA       ?= ./data
LISTEN     ?= 127.0.0.1:8080
ADMIN      ?= admin@example.com
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

all: build

deps:
	@bash scripts/install-deps.sh

test-deps:
	@bash scripts/install-deps.sh --test
	@[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error

# meson.build lists the migrations when it is configured (tools/list-migrations.sh):
# a file added to or removed from src/store/sql changes the folder's time, and the
# build directories made before are configured again (ninja alone would miss it).
MIGRATIONS_DIR := src/store/sql
# setup DIR OPTIONS [ENV]: a new build directory, or the existing one reconfigured.
setup = if [ -f $(1)/build.ninja ]; then $(3) meson setup --reconfigure $(1); \
	else $(3) meson setup $(1) $(2); fi && touch $(1)/build.ninja
ASAN_OPTS    = --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
FUZZ_OPTS    = --buildtype=debug -Dfuzz=true -Dtests=false -Db_sanitize=address,undefined \
	-Db_lundef=false
RELEASE_OPTS = --buildtype=release -Db_ndebug=true -Dtests=false -Dbench=true

$(BUILD)/build.ninja: $(MIGRATIONS_DIR)
	$(call setup,$(BUILD),--buildtype=debugoptimized)

$(ASAN_BUILD)/build.ninja: $(MIGRATIONS_DIR)
	$(call setup,$(ASAN_BUILD),$(ASAN_OPTS))

# libFuzzer harnesses (tests/fuzz): clang, instrumented, ASan+UBSan.
$(FUZZ_BUILD)/build.ninja: $(MIGRATIONS_DIR)
	$(call setup,$(FUZZ_BUILD),$(FUZZ_OPTS),CC=clang CXX=clang++)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

build-asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

build-fuzz: test-deps $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)

# Each harness for FUZZ_SECONDS; new inputs go to $(FUZZ_BUILD)/fuzz-corpus.
fuzz: build-fuzz
	bash tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BUILD)

# Kamailio runs beside the server (scripts/run.sh); Ctrl-C stops both.
run: build
	@bash scripts/run.sh $(BUILD) $(DATA) $(LISTEN) $(ADMIN)

test: test-deps build build-asan build-fuzz
	bash tests/run.sh

# The benchmark: its own optimized build dir; not part of `make test`.
RELEASE_BUILD ?= build-release
BENCH_ARGS    ?= $(if $(SMALL),--small)

$(RELEASE_BUILD)/build.ninja: $(MIGRATIONS_DIR)
	$(call setup,$(RELEASE_BUILD),$(RELEASE_OPTS))

bench: deps $(RELEASE_BUILD)/build.ninja
	@bash scripts/install-deps.sh --bench
	ninja -C $(RELEASE_BUILD)
	BENCH_BUILD=$(abspath $(RELEASE_BUILD)) bash bench/run.sh $(BENCH_ARGS)

bench-sip: deps $(RELEASE_BUILD)/build.ninja
	@bash scripts/install-deps.sh --bench
	ninja -C $(RELEASE_BUILD)
	BENCH_BUILD=$(abspath $(RELEASE_BUILD)) bash bench/run.sh --sip $(BENCH_ARGS)

# SCIM alone: creates and filter queries in one organization of 100,000 users.
bench-scim: deps $(RELEASE_BUILD)/build.ninja
	@bash scripts/install-deps.sh --bench
	ninja -C $(RELEASE_BUILD)
	BENCH_BUILD=$(abspath $(RELEASE_BUILD)) bash bench/run.sh --scim $(BENCH_ARGS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(RELEASE_BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')
