# The muses module's everyday commands. See README.md.
#
#   make run          install what is missing, build, run the paper's scenario (Fig. 6/7)
#   make test         build, then every test suite; ends with "N passed, N failed"
#   make test-ns3 NS3_SRC=<ns-3 tree or release tarball>
#                     the same suites and example checks with the module in-tree as
#                     contrib/muses of that ns-3 (CI: ../shared/ns-3/ns-3.48.tar.xz)
#   make build        build only (build/examples, build/utils, build/lib)
#   make bench        the benchmarks, built optimized (build-optimized/utils/muses-bench-*)
#   make docs         the documentation (doc/*.rst) as HTML with Sphinx, warnings are errors
#   make fuzz         libFuzzer targets under ASan+UBSan: sealed packets, CLOAK's parsers, the
#                     handshake's bodies (FUZZ_RUNS inputs each, default 1000000)
#   make test-asan    the test suites built with ASan+UBSan
#   make format       reformat the sources with clang-format; make format-check only checks
#   make check-lists  CMakeLists.txt and wscript list the same files
#   make check-layers model/'s layers include one way only (and the check catches a wrong one)
#   make clean

BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD_TYPE ?= RelWithDebInfo
FUZZ_RUNS ?= 1000000
RUN_DIR ?= results/paper-mobility
SOURCES = $(shell git ls-files --cached --others --exclude-standard '*.cc' '*.h' 2>/dev/null || find model helper test examples utils scratch -name '*.cc' -o -name '*.h')

.PHONY: all deps build run test test-ns3 check-layers bench bench-cloak docs fuzz test-asan format format-check check-lists clean

all: build

deps:
	@utils/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/examples/muses-paper-mobility --outDir=$(RUN_DIR)
	@echo "plot: $(RUN_DIR)/throughput.png   summary: $(RUN_DIR)/summary.json"

test: build check-lists check-layers
	@utils/run-tests --examples $(BUILD) $(BUILD)/utils/muses-test-runner

test-ns3: check-lists check-layers
	@test -n "$(NS3_SRC)" || { echo "usage: make test-ns3 NS3_SRC=<ns-3 source tree or tarball>" >&2; exit 2; }
	@utils/install-deps --ns3-src
	@JOBS=$(JOBS) utils/test-ns3 $(NS3_SRC)

# Benchmarks are measured in ns-3's "optimized" profile: no NS_LOG, no NS_ASSERT.
bench: deps
	cmake -S . -B build-optimized -DCMAKE_BUILD_TYPE=Release
	cmake --build build-optimized -j $(JOBS) --target muses-bench-crypto muses-bench-goodput \
		muses-bench-conditions
	build-optimized/utils/muses-bench-crypto
	build-optimized/utils/muses-bench-goodput
	build-optimized/utils/muses-bench-conditions

# The overlay at 1k, 10k and 100k peers: wall time, peak memory and their growth (about 25
# minutes on a 2-core machine; CLOAK_PEERS="1000 3000" to choose, CLOAK_UNDERLAY=routers for the
# routed underlay).
CLOAK_UNDERLAY ?= direct
bench-cloak: deps
	cmake -S . -B build-optimized -DCMAKE_BUILD_TYPE=Release
	cmake --build build-optimized -j $(JOBS) --target cloak-overlay
	utils/bench-cloak-scale build-optimized/examples/cloak-overlay $(CLOAK_PEERS) -- \
		--underlay=$(CLOAK_UNDERLAY)

check-lists:
	@utils/check-build-lists

check-layers:
	@utils/check-layers && utils/check-layers --self-test

fuzz:
	@utils/install-deps --fuzz
	cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DMUSES_FUZZ=ON -DMUSES_SANITIZE=ON \
	    -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j $(JOBS) --target muses-fuzz-open muses-fuzz-cloak \
	    muses-fuzz-handshake
	for target in open cloak handshake; do \
	    mkdir -p build-fuzz/corpus-$$target && \
	    build-fuzz/utils/muses-fuzz-$$target -runs=$(FUZZ_RUNS) -max_len=2048 \
	        -print_final_stats=1 build-fuzz/corpus-$$target || exit 1; \
	done

test-asan:
	@utils/install-deps
	cmake -S . -B build-asan -DMUSES_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-asan -j $(JOBS) --target muses-test-runner
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    utils/run-tests build-asan/utils/muses-test-runner

format:
	@utils/install-deps --format
	clang-format -i --style=file $(SOURCES)

docs:
	@utils/install-deps --docs
	sphinx-build -W -q -b html doc $(BUILD)/docs
	@echo "docs: $(BUILD)/docs/index.html"

format-check:
	@utils/install-deps --format
	@clang-format --dry-run --Werror --style=file $(SOURCES) && echo "format-check: clean"

clean:
	rm -rf $(BUILD) build-fuzz build-asan build-optimized build-ns3
