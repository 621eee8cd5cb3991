#!/usr/bin/env bash
# deps.sh - installs what asyncc needs to build and test on Debian 12.
#
# Idempotent and quiet when everything is present: it asks dpkg which
# packages are missing and only then runs apt-get (update once, install).
# Uses sudo only when not root. Packages and why:
#   re2c lemon          generate the translator's lexer and parser
#   libuv1-dev          the runtime's event loop
#   libcriterion-dev    unit tests
#   cmake gcc clang     build; generated code is checked under both compilers
#   pkg-config          finds libuv and Criterion; tests asyncc.pc
#   python3             the Python twins of the tests, benchmarks
#   gdb                 debugging failed tests
#   csmith libcsmith-dev python3-pycparser
#                       the differential test on random C (tests/csmith)
#   ninja-build         the external consumer is built with Ninja as well as Make
#   socat               a TCP client nobody here wrote, for the echo server (tests/tcp)
#   libopenmpi-dev openmpi-bin python3-mpi4py
#                       libasyncc_mpi (mpi/), its tests under mpirun, the
#                       samples' mpi4py.futures twins and benchmark W9
#   nginx-light openssl a real HTTP server (HTTP/1.1, TLS, HTTP/2) and its self-signed
#                       certificate for the HTTP client tests and the W8 benchmark
#   libcjson-dev        the HTTP samples parse JSON with cJSON (only they link it)
#   python3-httpx python3-aiohttp
#                       the HTTP samples' Python twins and W8's Python peers
set -euo pipefail

# libsqlite3-dev, libcurl4-openssl-dev: their headers are real C that the
# pass-through test copies byte for byte (tests/cli/test_passthrough.sh);
# libcurl is also what libasyncc_http (http/) is built on.
# libclang-rt-dev: clang's sanitizer and libFuzzer runtimes (only recommended
# by clang, so --no-install-recommends would leave them out)
packages=(re2c lemon libuv1-dev libcriterion-dev cmake gcc clang libclang-rt-dev tcc pkg-config
          gdb python3 libsqlite3-dev libcurl4-openssl-dev
          csmith libcsmith-dev python3-pycparser ninja-build socat
          libopenmpi-dev openmpi-bin python3-mpi4py
          nginx-light openssl libcjson-dev python3-httpx python3-aiohttp)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "deps.sh: missing ${missing[*]}, and no apt-get to install them" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
