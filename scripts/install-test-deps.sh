#!/bin/sh
# Install what only the test suite needs, from Debian 12 packages, on top of
# scripts/install-deps.sh: valgrind (memcheck on every example), clang and
# its sanitizer and libFuzzer runtimes, unzip and LibreOffice (the workbook
# is opened and printed), and Chromium (the HTML report is drawn headless).
# Run as root (or with sudo). Safe to run more than once.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    valgrind clang libclang-rt-14-dev unzip libreoffice-calc libreoffice-core chromium \
    >/dev/null
echo "stitch: test dependencies installed"
