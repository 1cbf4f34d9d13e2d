#!/bin/sh
# Install everything stitch needs to build and test, from Debian 12 packages.
# Run as root (or with sudo). Safe to run more than once.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential cmake pkg-config \
    libgsl-dev libconfig-dev libcsv-dev libcriterion-dev \
    libcjson-dev libcairo2-dev libgraphviz-dev valgrind clang libclang-rt-14-dev \
    libxlsxwriter-dev unzip libreoffice-calc libreoffice-core chromium fonts-dejavu-core \
    >/dev/null
echo "stitch: dependencies installed"
