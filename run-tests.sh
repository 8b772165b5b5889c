#!/usr/bin/env bash
# Runs every test: builds imsdoc (build/, Release, warnings as errors) and runs all of ctest —
# unit tests, bad-input catalogue, golden and determinism tests, CLI tests (among them the
# install and the .deb, cli.package), and end-to-end tests with headless Chromium — then builds
# the unit tests and the bad-input catalogue with clang, warnings as errors, AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/) and runs them; with clang there, also the libFuzzer
# targets: the inputs that once crashed them, then a short smoke run of each (fuzz/run.sh).
set -euo pipefail
cd "$(dirname "$0")"
jobs=$(nproc 2>/dev/null || echo 2)

# Release, as packaged, with warnings as errors: proves the optimised build warning-free (GCC;
# the sanitizer build below does the same with clang), and cli.package packages this tree.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DIMSDOC_WERROR=ON >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== sanitizers (ASan + UBSan) =="
fuzz=()
if command -v clang++-14 >/dev/null; then
  fuzz=(-DCMAKE_CXX_COMPILER=clang++-14 -DIMSDOC_FUZZ=ON)
else
  echo "sanitizers: clang++-14 not found, no fuzz targets (apt-get install clang-14 libclang-rt-14-dev)"
fi
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DIMSDOC_SANITIZE=ON -DIMSDOC_WERROR=ON \
  "${fuzz[@]}" >/dev/null
cmake --build build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# cli.package packages the Release tree above; a sanitizer build is not a package.
ctest --test-dir build-asan --output-on-failure -j "$jobs" -R '^(unit|bad_input|golden|cli|fuzz)\.' \
  -E 'e2e|^cli\.package$'
if [ ${#fuzz[@]} -gt 0 ]; then
  echo "== fuzz smoke run =="
  FUZZ_BUILD=build-asan fuzz/run.sh "" 15
fi
