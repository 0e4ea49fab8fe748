# Switchboard: a thin layer over Meson + ninja.
#   make run    install what is missing, build, initialise ./data, serve on :8080
#   make test   every test: unit (cmocka), API (node) on SQLite, under ASan+UBSan too
.PHONY: all deps test-deps build build-asan run test unit api clean format

BUILD      ?= build
ASAN_BUILD ?= build-asan
DATA       ?= ./data
LISTEN     ?= 127.0.0.1:8080
ADMIN      ?= admin@example.com

all: build

deps:
	@bash scripts/install-deps.sh

test-deps:
	@bash scripts/install-deps.sh --test
	@[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

build-asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

run: build
	@$(BUILD)/switchboard init --data $(DATA) --admin-email $(ADMIN)
	$(BUILD)/switchboard serve --data $(DATA) --listen $(LISTEN)

test: test-deps build build-asan
	bash tests/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')
