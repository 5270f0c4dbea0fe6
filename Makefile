# Innermost -- the two commands are `make run` and `make test`.
# Everything real lives in CMake; this file only strings the steps together.

BUILD      ?= build
BENCH_BUILD ?= build-release
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_GEN  := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

ARM64_BUILD ?= build-arm64
ARMHF_BUILD ?= build-armhf
# Under qemu a KDF or fork-and-kill cycle is 5-10x slower: loop-heavy tests
# scale their counts by this (tests/support/check.h, im_test_scale).
ARM_TEST_SCALE ?= 0.05

.PHONY: run test build build-asan setup setup-test clean deb crash-test bench-journal \
        test-arm test-arm64 test-armhf screenshots bench reliability build-release \
        format format-check

setup:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: setup $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)

# The sanitizer build uses clang so the libFuzzer targets build too.
$(ASAN_BUILD)/CMakeCache.txt:
	CC=clang cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug \
	  -DINNERMOST_SANITIZE=ON -DINNERMOST_FUZZ=ON

build-asan: setup-test $(ASAN_BUILD)/CMakeCache.txt
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

run: build
	@scripts/run-app.sh $(BUILD)

# The whole suite, then the whole suite again under ASan+UBSan (which also
# runs the fuzzers), then the core's suite cross-built for arm64 under qemu
# (installs its packages on first use: scripts/setup-arm.sh, as root).
# Exit status is non-zero if anything failed.
test: setup-test build build-asan
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-arm64

# The core and its tests cross-compiled for ARM (no app: SDL is not
# cross-installed) and run under qemu-user; see docs/platforms.md.
# test-arm64 runs in `make test` (CI); test-arm adds 32-bit armhf.
# ARM_CTEST_ARGS passes extra ctest arguments, e.g. ARM_CTEST_ARGS="-LE crash".
ARM_CTEST_ARGS ?=
$(ARM64_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ARM64_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DINNERMOST_BUILD_APP=OFF -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake

$(ARMHF_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ARMHF_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DINNERMOST_BUILD_APP=OFF -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-arm-linux-gnueabihf.cmake

test-arm64:
	@scripts/setup-arm.sh arm64
	@$(MAKE) --no-print-directory $(ARM64_BUILD)/CMakeCache.txt
	@cmake --build $(ARM64_BUILD) -j $(JOBS)
	IM_TEST_SCALE=$(ARM_TEST_SCALE) ctest --test-dir $(ARM64_BUILD) --output-on-failure -j $(JOBS) $(ARM_CTEST_ARGS)

test-armhf:
	@scripts/setup-arm.sh armhf
	@$(MAKE) --no-print-directory $(ARMHF_BUILD)/CMakeCache.txt
	@cmake --build $(ARMHF_BUILD) -j $(JOBS)
	IM_TEST_SCALE=$(ARM_TEST_SCALE) ctest --test-dir $(ARMHF_BUILD) --output-on-failure -j $(JOBS) $(ARM_CTEST_ARGS)

test-arm: test-arm64 test-armhf

# Source style (checked in `make test` as test_source_format): core/, app/ and tests/ each have a
# .clang-format matching how that tree is written; clang-format 14.
# format rewrites what differs; format-check only reports it (exit 1).
format:
	@scripts/check-format.sh --fix

format-check:
	@scripts/check-format.sh

# The long kill test: 1,000 SIGKILL cycles, prints its figure.
crash-test: build
	$(BUILD)/tests/vault/test_kill 1000

# A .deb of the desktop app (stripped, system Noto fonts), checked by lintian.
deb: setup
	sh packaging/deb/make-deb.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD) $(ARM64_BUILD) $(ARMHF_BUILD)

# The journal benchmark: a Release build, then its figures.
bench-journal: setup
	cmake -S . -B $(BENCH_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release
	@cmake --build $(BENCH_BUILD) -j $(JOBS) --target journal_bench
	$(BENCH_BUILD)/tests/journal/journal_bench

# Every screen, headless through the script driver: phone 390x844 pt x3 and
# tablet 1180x820 pt x2, light and dark, text at 85, 100 and 200 %, into
# shots/ (git-ignored; 100 % in shots/SIZE-THEME/, the others in
# shots/SIZE-THEME-PCT/).  The scripts are tests/screenshots/*.txt.
screenshots: build
	@scripts/screenshots.sh $(BUILD) shots

# The Release build the figures are taken from.
build-release: setup
	cmake -S . -B $(BENCH_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release
	@cmake --build $(BENCH_BUILD) -j $(JOBS)

# One table of performance figures, also written to
# docs/performance.md.  Figures only: nothing fails on a slow machine.
bench: build-release
	@scripts/setup.sh bench
	@FIG_COMMAND="$(strip make bench $(MAKEOVERRIDES))" scripts/bench.sh $(BENCH_BUILD)

# One table of reliability figures (kills, tampering, canaries on
# disk and in memory, fuzzing, wrong passphrases, bad input), also written
# to docs/reliability.md.  About 15 minutes on an idle 2-core machine.
# KILL_CYCLES=1000, WRONG_TRIES=10000 and MANY_ENTRIES=100000 size the
# long runs (e.g. `make reliability WRONG_TRIES=2000` on a loaded machine).
reliability: setup-test build-release build-asan
	@FIG_COMMAND="$(strip make reliability $(MAKEOVERRIDES))" scripts/reliability.sh $(BENCH_BUILD) $(ASAN_BUILD)
