#!/usr/bin/env bash
# Runs the ../shared/bench programs under WasmVM and its peers side by side, in one run, and prints a
# Markdown table of median wall times and ratios (a benchmark, not a test).
#
#   Bench/run.sh                    # wasmvm vs WasmKit 0.4.2 (+ wasmtime and native when available)
#   RUNS=10 Bench/run.sh fib sieve  # more runs, a subset of programs
#   WASMVM=path/to/wasmvm Bench/run.sh   # use an already built binary
#   WASMVM_DISPATCH=loop Bench/run.sh    # time the switch-loop dispatch instead of the threaded default
#
# Peers: WasmKit 0.4.2 is built from the local mirror into $WASMVM_CACHE/wasmkit-0.4.2 (once; ~15-40 min on
# 2 cores), never inside this repository. wasmtime is PyPI's (via the shared runner script).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${WASMVM_SHARED:-$ROOT/../shared}
CACHE=${WASMVM_CACHE:-$HOME/.cache/wasmvm}
WORK=$ROOT/Bench/.work
RUNS=${RUNS:-5}
PROGRAMS=("$@")
[ ${#PROGRAMS[@]} -gt 0 ] || PROGRAMS=(fib sieve matmul hash interp strings trivial)
mkdir -p "$WORK" "$CACHE"

Scripts/setup.sh >/dev/null
if [ -z "${WASMVM:-}" ]; then
  # A statically linked Swift runtime, as a deployed binary would be: dynamic linking of Foundation and the
  # runtime's conformance scan cost ~40 M instructions per process start, more than a small program's run.
  echo "building wasmvm (release, static Swift runtime)" >&2
  swift build -c release --static-swift-stdlib --scratch-path .build-bench --product wasmvm >/dev/null
  WASMVM=$ROOT/.build-bench/release/wasmvm
fi

WASMKIT_DIR=$CACHE/wasmkit-0.4.2
WASMKIT=$WASMKIT_DIR/.build/release/wasmkit-cli
if [ ! -x "$WASMKIT" ] && [ -x /tmp/wasmkit/.build/release/wasmkit-cli ]; then WASMKIT=/tmp/wasmkit/.build/release/wasmkit-cli; fi
if [ ! -x "$WASMKIT" ]; then
  echo "building WasmKit 0.4.2 into $WASMKIT_DIR (once)" >&2
  rm -rf "$WASMKIT_DIR"
  git clone -q https://github.com/swiftwasm/WasmKit.git "$WASMKIT_DIR"
  git -C "$WASMKIT_DIR" checkout -q 0.4.2
  (cd "$WASMKIT_DIR" && swift build -c release --product wasmkit-cli >/dev/null)
fi

for p in "${PROGRAMS[@]}"; do
  [ "$WORK/$p.wasm" -nt "$SHARED/bench/programs/$p.c" ] || clang-16 --target=wasm32-wasi -O2 -o "$WORK/$p.wasm" "$SHARED/bench/programs/$p.c"
  [ "$WORK/$p.native" -nt "$SHARED/bench/programs/$p.c" ] || gcc -O2 -o "$WORK/$p.native" "$SHARED/bench/programs/$p.c"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Times one command RUNS times (after a warm-up), interleaving is done by the caller; prints the median.
time_runs() {
  local out; out=$(mktemp)
  "$@" >/dev/null 2>&1 || true
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f %e -o "$out" "$@" >/dev/null 2>&1 || { echo nan; rm -f "$out"; return; }
    cat "$out"
  done | median
  rm -f "$out"
}

# Every engine must print the native build's checksum line, or its times mean nothing.
for p in "${PROGRAMS[@]}"; do
  expected=$("$WORK/$p.native")
  for engine in "$WASMVM run" "$WASMKIT run"; do
    got=$($engine "$WORK/$p.wasm")
    if [ "$got" != "$expected" ]; then
      echo "checksum mismatch for $p under ${engine%% *}: expected '$expected', got '$got'" >&2
      exit 1
    fi
  done
done
echo "checksums: every program prints the same output under WasmVM, WasmKit and native" >&2

printf '| bench | native | wasmtime | WasmKit 0.4.2 | WasmVM | WasmVM / WasmKit |\n|---|---|---|---|---|---|\n'
logsum=0; n=0; worst=0
for p in "${PROGRAMS[@]}"; do
  native=$(time_runs "$WORK/$p.native")
  wasmtime=$(time_runs python3 "$SHARED/bench/peers/run_wasmtime.py" "$WORK/$p.wasm")
  wasmkit=$(time_runs "$WASMKIT" run "$WORK/$p.wasm")
  ours=$(time_runs "$WASMVM" run "$WORK/$p.wasm")
  # A program that finishes within the timer's resolution (`trivial`) measures start-up only: no ratio, and
  # it stays out of the geomean.
  if awk -v a="$ours" -v b="$wasmkit" 'BEGIN { exit !(a > 0 && b > 0) }'; then
    ratio=$(awk -v a="$ours" -v b="$wasmkit" 'BEGIN { printf "%.2f", a / b }')
    logsum=$(awk -v s="$logsum" -v r="$ratio" 'BEGIN { print s + log(r) }'); n=$((n + 1))
  else
    ratio="(start-up only)"
  fi
  printf '| %s | %s | %s | %s | %s | %s |\n' "$p" "$native" "$wasmtime" "$wasmkit" "$ours" "$ratio"
done
[ "$n" -gt 0 ] && awk -v s="$logsum" -v n="$n" 'BEGIN { printf "\ngeomean WasmVM / WasmKit over %d programs: %.2f (median of '"$RUNS"' runs each, wall seconds, start-up included)\n", n, exp(s / n) }'
