#!/bin/sh
# Install the build tree into a new folder, then compile and run a program
# outside stitch against it with pkg-config alone, as a user of the library
# would: `cc use_libstitch.c $(pkg-config --cflags --libs stitch)`.
#   tests/install/run.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1 src=$2
dest=$(mktemp -d /tmp/stitch-install-XXXXXX)
trap 'rm -rf "$dest"' EXIT
cmake --install "$build" --prefix "$dest/usr" >/dev/null
pc=$(dirname "$(find "$dest" -name stitch.pc)")
# The .pc file names the prefix it was configured with; point it here.
export PKG_CONFIG_PATH="$pc"
flags=$(pkg-config --define-variable=prefix="$dest/usr" --cflags --libs stitch)
cc -std=c11 -Wall -Wextra -Werror -o "$dest/use_libstitch" \
    "$src/tests/install/use_libstitch.c" $flags
STITCH_UNITCOSTS_PATH="$dest/usr/share/stitch/unitcosts" \
    "$dest/use_libstitch" "$dest/usr/share/stitch/models/befriending.cfg"
