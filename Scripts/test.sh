#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need, builds the PHP guest
# (cached after the first time), builds everything once in release mode, then runs all test targets.
#
#   Scripts/test.sh                 # everything
#   Scripts/test.sh --filter Spec   # extra arguments go to `swift test`
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s (%s)\n' "$1" "$(date +%H:%M:%S)"; }

step "installing system and Python packages"
Scripts/setup.sh

step "building the PHP guest (php-cgi.wasm, php-cgi-warm.wasm)"
Guests/php/build.sh

# Release mode: the spec suite, the fuzz corpus and the CGI tests run real guests, which is what the
# interpreter is tuned for. -enable-testing lets the white-box tests use `@testable import`.
step "fetching the third-party PHP apps the server tests serve (Adminer, DokuWiki from Debian)"
Scripts/fetch-apps.sh

step "building (release, with tests)"
swift build -c release -Xswiftc -enable-testing --build-tests

# Threaded dispatch is only safe if every handler ends in a tail jump (otherwise the native stack grows with
# each instruction); the generator checks the compiled binaries.
step "checking that every threaded handler is tail-called"
python3 Scripts/generate-interpreter.py --check-tail-calls .build/release/wasmvm

step "running the tests"
export WASMVM_BINARY="$PWD/.build/release/wasmvm"   # for the CLI tests
export PHP_SERVER_BINARY="$PWD/.build/release/php-server"   # for the HTTP tests
log=$(mktemp)
swift test -c release -Xswiftc -enable-testing --skip-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# A test that skips itself (a missing tool, a missing guest) would pass silently: on this project's own set-up
# nothing may be skipped, so a skip fails the run.
skipped=$(grep -E "^Test Case .* skipped" "$log" || true)
rm -f "$log"
if [ -n "$skipped" ]; then
  echo "test.sh: tests were skipped, which this set-up must never need:" >&2
  echo "$skipped" >&2
  exit 1
fi
[ "$status" -eq 0 ] || exit "$status"

if [ $# -eq 0 ]; then
  # The spec suite and the project's own scripts once more through the second dispatch form: the switch loop
  # (threaded handlers are the release default; see Docs/Dispatch.md).
  step "running the spec suite with the switch-loop dispatch"
  WASMVM_DISPATCH=loop swift test -c release -Xswiftc -enable-testing --skip-build --filter SpecTests
fi
