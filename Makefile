# The front door: `make run` and `make test` are the README's two commands. It only
# bootstraps what is missing and drives the CMake presets; the build lives in CMake.
.PHONY: run build test bench bootstrap clean

DATA ?= ./mlgate-data
LISTEN ?= 127.0.0.1:8080
STAMP := .deps/.bootstrapped

# Re-bootstrap when the script changes or its results are gone.
$(STAMP): scripts/bootstrap.sh
	@bash scripts/bootstrap.sh
	@touch $@

bootstrap: $(STAMP)

build: $(STAMP)
	@test -f build/build.ninja || cmake --preset native
	cmake --build --preset native

run: build
	./build/bin/mlgate serve --listen $(LISTEN) --data $(DATA)

test: build
	ctest --preset native -j2

# Sanitizers (README, "Sanitizers"): the whole Catch2 suite under ASan + UBSan, and mlgate's
# own threads under TSan; each in its own build folder, without the wasm client.
.PHONY: test-asan test-tsan
test-asan: $(STAMP)
	@test -f build-asan/build.ninja || cmake --preset asan
	cmake --build --preset asan -j2
	ctest --preset asan -j2

test-tsan: $(STAMP)
	@test -f build-tsan/build.ninja || cmake --preset tsan
	cmake --build --preset tsan -j2
	ctest --preset tsan -j2

bench: build
	bash bench/run.sh

clean:
	rm -rf build build-debug

# [fuzz] libFuzzer harnesses (fuzz/, scripts/fuzz.sh). `fuzz` is CI's: replay the committed
# corpora, then fuzz each target briefly. `fuzz-campaign` runs long: FUZZ_TIME seconds or
# FUZZ_RUNS executions per target, FUZZ_TARGETS to choose them, FUZZ_MERGE=1 to add new
# inputs to the corpora. Needs only Debian packages (no .deps).
.PHONY: fuzz fuzz-build fuzz-campaign
FUZZ_TIME ?= 3600
fuzz-build:
	@dpkg -s clang-14 libclang-rt-14-dev >/dev/null 2>&1 || bash scripts/bootstrap.sh
	@test -f build-fuzz/build.ninja || cmake --preset fuzz
	cmake --build --preset fuzz

fuzz: fuzz-build
	bash scripts/fuzz.sh replay

fuzz-campaign: fuzz-build
	bash scripts/fuzz.sh campaign $(if $(FUZZ_RUNS),--runs $(FUZZ_RUNS),--time $(FUZZ_TIME)) \
	  $(if $(FUZZ_MERGE),--merge) $(FUZZ_TARGETS)
