# Innermost -- the two commands are `make run` and `make test`.
# Everything real lives in CMake; this file only strings the steps together.

BUILD      ?= build
BENCH_BUILD ?= build-release
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_GEN  := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: run test build build-asan setup setup-test clean crash-test bench-journal screenshots

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
# runs the fuzzers).  Exit status is non-zero if anything failed.
test: setup-test build build-asan
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# The long kill test: 1,000 SIGKILL cycles, prints its figure.
crash-test: build
	$(BUILD)/tests/vault/test_kill 1000

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD)

# The journal benchmark (issue 4): a Release build, then its figures.
bench-journal: setup
	cmake -S . -B $(BENCH_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release
	@cmake --build $(BENCH_BUILD) -j $(JOBS) --target journal_bench
	$(BENCH_BUILD)/tests/journal/journal_bench

# Every screen, headless through the script driver: phone 390x844 pt x3 and
# tablet 1180x820 pt x2, light and dark, into shots/ (git-ignored).  The
# scripts are tests/screenshots/*.txt.
screenshots: build
	@scripts/screenshots.sh $(BUILD) shots
