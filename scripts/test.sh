#!/bin/sh
# The whole test suite: a warnings-as-errors build and its tests (with the
# example models under valgrind memcheck), then the same tests under
# AddressSanitizer and UndefinedBehaviorSanitizer, then a short fuzzing run.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
# What only the tests need: without it, tests would be left out, not failed.
for tool in valgrind clang unzip libreoffice chromium; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "stitch: $tool is not installed; the tests need it: run" \
             "sh scripts/install-test-deps.sh first (as root)" >&2
        exit 2
    fi
done

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTITCH_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSTITCH_WERROR=ON \
      -DSTITCH_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
    ctest --test-dir build-asan --output-on-failure
# Each libFuzzer harness for a short, fixed time on top of its seed corpus
# (docs/hardening.md: longer runs while developing).
sh scripts/fuzz.sh "${STITCH_FUZZ_SECONDS:-30}"
echo "stitch: all tests passed (release with valgrind, sanitizer build, fuzzing)"
