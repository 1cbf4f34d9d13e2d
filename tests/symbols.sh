#!/bin/sh
# Every global symbol that the installed libstitch.a defines is named
# stitch_*: the library's helpers are local, so they cannot clash with a
# program's own names.   tests/symbols.sh LIBSTITCH_A
set -eu
bad=$(nm -g --defined-only "$1" | awk 'NF == 3 { print $3 }' | grep -v '^stitch_' || true)
n=$(nm -g --defined-only "$1" | awk 'NF == 3' | wc -l)
if [ -n "$bad" ]; then
    echo "libstitch.a exports names without the stitch_ prefix:"
    echo "$bad"
    exit 1
fi
echo "libstitch.a: $n global symbols, every one stitch_*"
