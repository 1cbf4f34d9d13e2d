#!/bin/sh
# Install what stitch needs to build and run, from Debian 12 packages: the
# README's first command. What only the tests need (valgrind, clang,
# LibreOffice, Chromium) is in scripts/install-test-deps.sh.
# Run as root (or with sudo). Safe to run more than once.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential cmake pkg-config \
    libgsl-dev libconfig-dev libcsv-dev libcriterion-dev \
    libcjson-dev libcairo2-dev libgraphviz-dev libxlsxwriter-dev fonts-dejavu-core \
    >/dev/null
echo "stitch: dependencies installed"
