# Shouhu's entry points. `make run` builds and starts a demo on SQLite; `make test` runs every
# check CI runs; `make bench` measures the server against nginx on this machine, then the
# statistics at 1 M cases against hand-written SQL (bench/stats.sh), then a school's 10 000-row
# registry import (bench/registry_import.sh).
# Each target installs what it needs (scripts/deps.sh is a no-op once everything is there).

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
# Ninja targets to build; empty builds everything (server, tests, benchmarks).
TARGETS ?=
# C++ sources that must be clang-format clean.
FORMAT_FILES = $(shell find src tests bench -type f \( -name '*.cc' -o -name '*.h' \) 2>/dev/null | sort)

.PHONY: all deps build run test bench format format-check clean

all: build

deps:
	@scripts/deps.sh

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	ninja -C $(BUILD_DIR) $(TARGETS)

run: build
	scripts/run.sh

test:
	scripts/test.sh

bench:
	bench/run.sh
	bench/cases.sh
	bench/stats.sh
	bench/registry_import.sh

format: deps
	$(if $(FORMAT_FILES),clang-format -i $(FORMAT_FILES),@echo "format: no C++ files")

format-check: deps
	@[ -n "$(FORMAT_FILES)" ] || { echo "format-check: no C++ files"; exit 0; }; \
	out=$$(clang-format --dry-run --Werror $(FORMAT_FILES) 2>&1); rc=$$?; \
	if [ $$rc -ne 0 ]; then \
	  bad=$$(printf '%s\n' "$$out" | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' | sort -u); \
	  if [ -n "$$bad" ]; then \
	    echo "format-check: these files need clang-format (run 'make format'):"; \
	    printf '%s\n' "$$bad" | sed 's/^/  /'; \
	  else printf '%s\n' "$$out" | head -n 20; fi; \
	  exit 1; \
	fi; echo "format-check: OK ($(words $(FORMAT_FILES)) files)"

clean:
	rm -rf $(BUILD_DIR) test-output bench/out
