#!/bin/sh
# Build the libFuzzer harnesses with clang and run each for SECONDS (default
# 60) on its seed corpus: the model loader, the unit-cost CSV loader, the
# whole load -> link -> evaluate -> simulate -> report path, and the
# monitoring tables. A crash, leak or
# hang stops the run with the input saved as build-fuzz/crash-<harness>-*.
# Usage: sh scripts/fuzz.sh [SECONDS] [HARNESS...]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
harnesses=${*:-model table run monitor}
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTITCH_FUZZ=ON \
    -DSTITCH_TESTS=OFF >/dev/null
for h in $harnesses; do
    cmake --build build-fuzz -j"$(nproc 2>/dev/null || echo 2)" --target "fuzz_$h" >/dev/null
done
# libconfig 1.5 leaks on some syntax errors (see fuzz/lsan.supp).
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0"
rm -f build-fuzz/crash-*
for h in $harnesses; do
    corpus=build-fuzz/corpus/$h
    mkdir -p "$corpus"
    case $h in
    table) seeds="unitcosts tests/bad tests/data/hand" ;;
    monitor) seeds="models tests/bad/monitoring tests/data/hand" ;;
    *) seeds="models tests/bad tests/data tests/data/hand" ;;
    esac
    echo "stitch: fuzzing $h for $secs s"
    # shellcheck disable=SC2086
    "./build-fuzz/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="build-fuzz/crash-$h-" "$corpus" $seeds \
        2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|INFO: -max_total_time)|ERROR|Done [0-9]+ runs" || true
    if ls build-fuzz/crash-"$h"-* >/dev/null 2>&1; then
        echo "stitch: fuzz_$h found a failing input:" build-fuzz/crash-"$h"-*
        exit 1
    fi
done
echo "stitch: fuzzing found nothing ($secs s per harness)"
