#!/usr/bin/env bash
# Tests/Fixtures/sqlite/build.sh -- build the sqlite3 command-line shell (shell.c + sqlite3.c) from Debian
# bookworm's sqlite3 source package for wasm32-wasi (preview1, clang-16 -O2), for SQLiteShellTests:
# a real program that nobody on this project wrote, run by WasmVM against a preopened directory.
#
#   Tests/Fixtures/sqlite/build.sh     -> Tests/Fixtures/.generated/sqlite3.wasm (git-ignored)
#
# The result is reused while it is newer than this script and the compat headers beside it. The source
# package is the one Guests/php/build.sh already downloads (same pinned version) when that exists, else it is
# fetched here with `apt-get source` (the deb-src lines must be set up: Guests/php/build.sh adds them).
# Work files and logs: Tests/Fixtures/.generated/sqlite-work/; own downloads: .generated/sqlite-src/.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
GENERATED=$ROOT/Tests/Fixtures/.generated
OUT=$GENERATED/sqlite3.wasm
WORK=$GENERATED/sqlite-work       # rebuilt from scratch each time
DOWNLOADS=$GENERATED/sqlite-src   # kept: apt-get source downloads (when the PHP guest has none)
LOGS=$WORK/logs

# Same pinned version as Guests/php/build.sh (its SQLITE_VER), so the two builds share one download; the
# host's sqlite3 package (Scripts/setup.sh) is this version too, which keeps the differential test honest.
SQLITE_VER=3.40.1-2+deb12u2
DSC_NAME=sqlite3_${SQLITE_VER}.dsc
INPUTS=("$HERE/build.sh" "$HERE/sqlite_shell_wasi.h" "$HERE/include/pwd.h")

T0=$SECONDS
stage() { echo "[sqlite-build +$((SECONDS - T0))s] $1: $2"; }
fail() { echo "[sqlite-build] FAILED: $*" >&2; exit 1; }
# run LOG COMMAND...: the command's output goes to LOGS/LOG.log; on failure its end is shown.
run() {
  local log=$LOGS/$1.log; shift
  echo "+ $*" >> "$log"
  if ! "$@" >> "$log" 2>&1; then
    echo "[sqlite-build] command failed: $*" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

up_to_date() {
  [ -f "$OUT" ] || return 1
  local input
  for input in "${INPUTS[@]}"; do [ "$OUT" -nt "$input" ] || return 1; done
}

main() {
  mkdir -p "$GENERATED"
  # Two test processes may ask for the build at once; the second waits and then finds it done.
  exec 9> "$GENERATED/sqlite-build.lock"
  flock 9
  if up_to_date; then
    echo "[sqlite-build] up to date: $OUT"
    exit 0
  fi

  local tool
  for tool in clang-16 dpkg-source tclsh make flock; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (run Scripts/setup.sh)"
  done
  [ -d /usr/include/wasm32-wasi ] || fail "wasi-libc is not installed (run Scripts/setup.sh)"

  rm -rf "$WORK"; mkdir -p "$LOGS"

  # ---- source: reuse the PHP guest's download, else apt-get source ----
  local dsc=""
  for candidate in "$ROOT/Guests/php/work/src/$DSC_NAME" "$DOWNLOADS/$DSC_NAME"; do
    [ -f "$candidate" ] && { dsc=$candidate; break; }
  done
  if [ -z "$dsc" ]; then
    stage fetch "apt-get source --download-only sqlite3=$SQLITE_VER"
    apt-cache showsrc sqlite3 2>/dev/null | grep -x "Version: $SQLITE_VER" >/dev/null \
      || fail "apt does not know source package sqlite3 $SQLITE_VER: run Guests/php/build.sh once (it adds the bookworm deb-src lines)"
    mkdir -p "$DOWNLOADS"
    (cd "$DOWNLOADS" && run fetch apt-get source --download-only "sqlite3=$SQLITE_VER")
    dsc=$DOWNLOADS/$DSC_NAME
    [ -f "$dsc" ] || fail "apt-get source did not produce $dsc"
  fi

  # ---- unpack: dpkg-source verifies the checksums and applies Debian's patches (the CVE fixes) ----
  stage unpack "dpkg-source -x $(basename "$dsc")"
  run unpack dpkg-source -x "$dsc" "$WORK/sqlite3"

  # ---- amalgamation: sqlite3.c and shell.c are generated from src/ by host tools (tclsh, a host C compiler) ----
  stage amalgamation "configure + make sqlite3.c shell.c (host)"
  mkdir -p "$WORK/host"
  (cd "$WORK/host" && run amalgamation env CC=clang-16 "$WORK/sqlite3/configure" --disable-tcl --disable-readline \
     && run amalgamation make CC=clang-16 sqlite3.c shell.c)

  # ---- wasm32-wasi compile and link ----
  stage compile "clang-16 --target=wasm32-wasi -O2 (sqlite3.c and shell.c in parallel)"
  # Only the wasi sysroot on the include path: Debian's clang would also search /usr/include (glibc).
  local sysinc="-nostdlibinc -isystem /usr/lib/llvm-16/lib/clang/16/include -isystem /usr/include/wasm32-wasi"
  # wasi-libc's emulations: signal() (the shell installs a SIGINT handler), clock()/getrusage() (.timer),
  # getpid() (temporary file names).
  local emulations="-D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS -D_WASI_EMULATED_GETPID"
  # One thread, no dlopen, no shared memory (WAL's index and mmap need it), no processes (.system, .shell,
  # .once -e and pipes to/from commands need popen/system); temporary tables live in memory, so no temporary
  # directory needs to be preopened.
  local sqlite_defines="-DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_WAL
    -DSQLITE_MAX_MMAP_SIZE=0 -DSQLITE_OMIT_SHARED_CACHE -DSQLITE_TEMP_STORE=2
    -DSQLITE_OMIT_POPEN=1 -DSQLITE_NOHAVE_SYSTEM"
  # The work directory's path would otherwise reach the binary through assert()'s __FILE__ in shell.c.
  local reproducible="-ffile-prefix-map=$WORK=/sqlite -ffile-prefix-map=$HERE=/compat"
  local cflags="-O2 $sysinc -I$HERE/include -include $HERE/sqlite_shell_wasi.h $emulations $sqlite_defines $reproducible"
  local host=$WORK/host
  # shellcheck disable=SC2086  # the flag strings are meant to split
  run compile-shell clang-16 --target=wasm32-wasi $cflags -c "$host/shell.c" -o "$host/shell.o" &
  local shell_job=$!
  # shellcheck disable=SC2086
  run compile-sqlite3 clang-16 --target=wasm32-wasi $cflags -c "$host/sqlite3.c" -o "$host/sqlite3.o"
  wait "$shell_job" || fail "compiling shell.c failed (see $LOGS/compile-shell.log)"

  stage link "wasm-ld (1 MiB stack, no DWARF)"
  # wasm-ld's default 64 KiB shadow stack is tight for SQLite's recursive parser and expression code.
  run link clang-16 --target=wasm32-wasi -Wl,-z,stack-size=1048576 -Wl,--strip-debug \
    "$host/shell.o" "$host/sqlite3.o" \
    -lwasi-emulated-signal -lwasi-emulated-process-clocks -lwasi-emulated-getpid \
    -o "$OUT.tmp"
  if command -v wasm-tools >/dev/null; then
    run link wasm-tools validate --features=mvp,sign-extension "$OUT.tmp"
  fi
  mv -f "$OUT.tmp" "$OUT"
  stage done "$OUT ($(stat -c %s "$OUT") bytes)"
}
main "$@"; exit
