#!/usr/bin/env bash
# Bench/php.sh -- the PHP serving benchmarks of issues 4 and 5, side by side in one run (a benchmark, not a
# test). Prints Markdown tables on stdout (progress on stderr); Docs/PHPBenchmarks.md shows a run.
#
#   Bench/php.sh                      # everything: wrk (issue 4 + 5) and php-request-bench (issue 5)
#   ROUNDS=5 DURATION=20s Bench/php.sh
#   SKIP_WRK=1 Bench/php.sh           # only the in-process per-request timings
#
# What it runs:
#   wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency on loopback against
#     - php-server (release, static Swift runtime) cold: a fresh php-cgi.wasm instance + PHP start-up per request
#     - php-server warm: every request restored from a snapshot (when Guests/php/out/php-cgi-warm.wasm exists)
#     - native-cgi-server: the same Hummingbird stack spawning Debian's /usr/bin/php-cgi8.2 per request
#   for hello.php (`<?php echo "Hello";`, a one-location config) and the demo guestbook's list page (php-server
#   without --config: the bundled demo, PDO SQLite; 25 entries, page 1 of 3; an existing session). Every server
#   is started once; then $ROUNDS rounds each run every configuration once, interleaved, and the tables give the
#   median over rounds of requests/s, p50, p99 and the server's CPU time per request (process + waited-for
#   children, from /proc/PID/stat: robust against a loaded machine).
#   php-request-bench: per-request time in-process (cold / warm / native php-cgi), see Bench/PHPRequest.
#
# Needs: apt packages wrk php8.2-cgi php8.2-sqlite3 (installed here if missing), python3 (seeds the demo database),
# Guests/php/out/php-cgi.wasm (Guests/php/build.sh). Works in Bench/.work/php (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/Bench/.work/php
SCRATCH=${SCRATCH:-.build-phpbench}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-4}
PHP_CGI_NATIVE=${PHP_CGI_NATIVE:-/usr/bin/php-cgi8.2}
COLD_MODULE=$ROOT/Guests/php/out/php-cgi.wasm
WARM_MODULE=${WARM_MODULE:-$ROOT/Guests/php/out/php-cgi-warm.wasm}
DEMO_APP=$ROOT/Sources/Examples/php-server/DemoApp
BASE_PORT=${BASE_PORT:-18400}

say() { echo "php.sh: $*" >&2; }

# --- packages --------------------------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x "$PHP_CGI_NATIVE" ] || missing+=(php8.2-cgi)
php-cgi8.2 -m 2>/dev/null | grep -qx pdo_sqlite || missing+=(php8.2-sqlite3)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "${missing[@]}" >/dev/null || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
fi
[ -s "$COLD_MODULE" ] || Guests/php/build.sh >&2

# --- builds ----------------------------------------------------------------------------------------------------
# Statically linked Swift runtime, as deployed: the same flags for both servers.
mkdir -p "$WORK"
for product in php-server native-cgi-server php-request-bench; do
  say "building $product (release, static Swift runtime)"
  # A shared checkout may change under the build ("modified during the build"): try again a little later.
  for attempt in 1 2 3; do
    swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product "$product" > "$WORK/build.log" 2>&1 && break
    grep -q "modified during the build" "$WORK/build.log" && [ $attempt -lt 3 ] || { tail -30 "$WORK/build.log" >&2; exit 1; }
    sleep 20
  done
done
BIN=$ROOT/$SCRATCH/release

# --- sites -----------------------------------------------------------------------------------------------------
rm -rf "$WORK"
mkdir -p "$WORK/hello" "$WORK/logs"
printf '<?php echo "Hello";' > "$WORK/hello/hello.php"

# The demo's database, identical for every server: the schema index.php creates, 25 entries (page 1 of 3).
seed_demo_data() {
  mkdir -p "$1/sessions"
  python3 - "$1/guestbook.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("""CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, message TEXT NOT NULL, created_at INTEGER NOT NULL)""")
db.executemany("INSERT INTO entries (name, message, created_at) VALUES (?, ?, ?)",
               [(f"Visitor {i}", f"Message number {i}.\nSecond line <b>escaped</b> & all.", 1764000000 + 60 * i)
                for i in range(1, 26)])
db.commit()
PY
}

# php-server configuration for hello.php (the demo runs without one: it is php-server's built-in site, with
# --snapshot off / on choosing cold or warm).
hello_conf() {  # $1 = extra directives
  cat <<EOF
<Location />
    DocumentRoot $WORK/hello
    WasmMapDir   /var/www $WORK/hello ro
$1
</Location>
EOF
}
WARM_DIRECTIVES="    WasmModule $WARM_MODULE
    WasmSnapshot On"
warm_available=0
warm_reason=""
if [ ! -s "$WARM_MODULE" ]; then
  warm_reason="$WARM_MODULE does not exist yet (Guests/php/build.sh builds it once the warm entry points land)"
else
  warm_available=1
fi

# --- servers ---------------------------------------------------------------------------------------------------
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# start_server NAME PORT URL EXPECT COMMAND...: starts it, waits until URL answers 200 containing EXPECT.
CONFIGS=()
declare -A URL PID COOKIE
start_server() {
  local name=$1 port=$2 path=$3 expect=$4; shift 4
  "$@" > "$WORK/logs/$name.out" 2> "$WORK/logs/$name.err" &
  local pid=$!
  PIDS+=("$pid")
  local url="http://127.0.0.1:$port$path"
  for _ in $(seq 600); do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "$name exited at start: $(tail -3 "$WORK/logs/$name.err" | tr '\n' ' ')"; return 1
    fi
    curl -sf -o /dev/null "$url" 2>/dev/null && break
    sleep 0.2
  done
  local body
  body=$(curl -s -D "$WORK/logs/$name.headers" "$url")
  if [[ $body != *"$expect"* ]]; then
    say "$name does not answer as expected: ${body:0:200}"; return 1
  fi
  # The demo keeps its CSRF token in the session: reuse the session wrk's requests would have after a first visit.
  COOKIE[$name]=$(grep -i '^set-cookie:' "$WORK/logs/$name.headers" | head -1 | sed -E 's/^[^:]*: *([^;]*).*/\1/' | tr -d '\r' || true)
  URL[$name]=$url
  PID[$name]=$pid
  CONFIGS+=("$name")
  say "$name ready on $url"
}

# require_mode NAME cold|warm: php-server falls back to cold when a warm start fails; such a server must not be
# timed under the warm label (nor a warm one under cold). Its start-up banner says "[CGI, warm]" or "[CGI, cold]".
require_mode() {
  local name=$1 mode=$2
  [[ " ${CONFIGS[*]} " == *" $name "* ]] || return 0
  if ! grep -q "CGI, $mode\]" "$WORK/logs/$name.out"; then
    CONFIGS=("${CONFIGS[@]/$name}")
    say "$name is not running $mode: $(grep -m1 -iE 'warm start failed|cold' "$WORK/logs/$name.out" || true)"
    return 1
  fi
}

if [ -z "${SKIP_WRK:-}" ]; then
  hello_conf "" > "$WORK/hello-cold.conf"
  seed_demo_data "$WORK/demo-cold"
  seed_demo_data "$WORK/demo-native"

  start_server hello-native $((BASE_PORT + 0)) /hello.php Hello \
    "$BIN/native-cgi-server" --port $((BASE_PORT + 0)) --document-root "$WORK/hello" || true
  start_server hello-cold $((BASE_PORT + 1)) /hello.php Hello \
    "$BIN/php-server" --port $((BASE_PORT + 1)) --config "$WORK/hello-cold.conf" --module "$COLD_MODULE" || true
  start_server demo-native $((BASE_PORT + 3)) / "Visitor 25" \
    "$BIN/native-cgi-server" --port $((BASE_PORT + 3)) --document-root "$DEMO_APP" \
    --env "GUESTBOOK_DATA=$WORK/demo-native" --env "TMPDIR=$WORK/demo-native" || true
  start_server demo-cold $((BASE_PORT + 4)) / "Visitor 25" \
    "$BIN/php-server" --port $((BASE_PORT + 4)) --data-dir "$WORK/demo-cold" --snapshot off --module "$COLD_MODULE" || true
  if [ $warm_available = 1 ]; then
    hello_conf "$WARM_DIRECTIVES" > "$WORK/hello-warm.conf"
    seed_demo_data "$WORK/demo-warm"
    start_server hello-warm $((BASE_PORT + 2)) /hello.php Hello \
      "$BIN/php-server" --port $((BASE_PORT + 2)) --config "$WORK/hello-warm.conf" --module "$COLD_MODULE" \
      || warm_reason="php-server did not start or answer with WasmSnapshot On (see Bench/.work/php/logs/hello-warm.err)"
    start_server demo-warm $((BASE_PORT + 5)) / "Visitor 25" \
      "$BIN/php-server" --port $((BASE_PORT + 5)) --data-dir "$WORK/demo-warm" --snapshot on --snapshot-store none \
      --module "$COLD_MODULE" --warm-module "$WARM_MODULE" \
      || warm_reason="php-server did not start or answer with --snapshot on (see Bench/.work/php/logs/demo-warm.err)"
    for name in hello-warm demo-warm; do
      require_mode $name warm || warm_reason="php-server fell back to cold: $(grep -m1 'warm start failed' "$WORK/logs/$name.out" || echo "see Bench/.work/php/logs/$name.out")"
    done
  fi
  require_mode hello-cold cold || true
  require_mode demo-cold cold || true

  # --- wrk -------------------------------------------------------------------------------------------------------
  # wrk prints latencies as 812.00us / 3.41ms / 1.02s: in milliseconds.
  to_ms() { awk '{ v = $1 + 0; if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /ms$/) v += 0; else if ($1 ~ /m$/) v *= 60000; else if ($1 ~ /s$/) v *= 1000; printf "%.2f", v }'; }
  # CPU time of a server and the children it has waited for (native php-cgi), in clock ticks: fields 14-17 of
  # /proc/PID/stat (utime stime cutime cstime). Per request it does not grow when other processes take the cores,
  # unlike latency and requests/s.
  cpu_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
  TICKS=$(getconf CLK_TCK)
  run_wrk() {  # NAME ROUND -> appends "rps p50 p99 errors cpu_ms_per_request" to $WORK/results/NAME
    local name=$1 round=$2 out="$WORK/logs/wrk-$1-$2.txt" header=()
    [ -n "${COOKIE[$name]:-}" ] && header=(-H "Cookie: ${COOKIE[$name]}")
    local before after
    before=$(cpu_ticks "${PID[$name]}")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${header[@]}" "${URL[$name]}" > "$out" 2>&1 || true
    after=$(cpu_ticks "${PID[$name]}")
    local rps p50 p99 bad requests cpu
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out" | to_ms)
    p99=$(awk '$1 == "99%" { print $2 }' "$out" | to_ms)
    bad=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
    requests=$(awk '/ requests in / { print $1 }' "$out")
    cpu=$(awk -v t=$((after - before)) -v hz="$TICKS" -v n="${requests:-0}" 'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "nan" }')
    echo "${rps:-nan} ${p50:-nan} ${p99:-nan} $bad $cpu" >> "$WORK/results/$name"
  }
  mkdir -p "$WORK/results"
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  say "warm-up: 2 s of wrk per server (lazy translation, page cache)"
  for name in "${CONFIGS[@]}"; do
    [ -n "$name" ] || continue
    header=()
    [ -n "${COOKIE[$name]:-}" ] && header=(-H "Cookie: ${COOKIE[$name]}")
    wrk -t1 -c1 -d2s "${header[@]}" "${URL[$name]}" >/dev/null 2>&1 || true
  done
  for round in $(seq "$ROUNDS"); do
    for name in "${CONFIGS[@]}"; do
      [ -n "$name" ] || continue
      say "round $round/$ROUNDS: $name"
      run_wrk "$name" "$round"
    done
  done
  LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
  cleanup; PIDS=()
fi

# --- in-process per-request timings ----------------------------------------------------------------------------
say "php-request-bench"
BENCH_ARGS=(--module "$COLD_MODULE" --warm-module "$WARM_MODULE" --cli-module "$ROOT/Guests/php/out/php.wasm")
[ -z "${BENCH_ROUNDS:-}" ] || BENCH_ARGS+=(--rounds "$BENCH_ROUNDS")
REQUEST_TABLES=$("$BIN/php-request-bench" "${BENCH_ARGS[@]}")

# --- report ----------------------------------------------------------------------------------------------------
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# field NAME COLUMN: the median over rounds of one column (1 rps, 2 p50, 3 p99, 4 errors, 5 CPU ms per request).
field() { [ -s "$WORK/results/$1" ] && awk -v c="$2" '{ print $c }' "$WORK/results/$1" | median || echo nan; }
# spread NAME COLUMN: "min–max" of one column over the rounds, to show how much the shared machine moved it.
spread() { [ -s "$WORK/results/$1" ] && awk -v c="$2" 'NR == 1 || $c < lo { lo = $c } NR == 1 || $c > hi { hi = $c } END { printf "%.0f–%.0f", lo, hi }' "$WORK/results/$1" || echo "–"; }
fmt() { awk -v v="$1" -v d="$2" 'BEGIN { if (v == "nan" || v == "") print "–"; else printf "%." d "f", v }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || a == "" || b == "" || b == 0) print "–"; else printf "%.1f×", a / b }'; }

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "# PHP serving benchmarks ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "Machine: $(nproc) cores ($CPU), $(uname -sr); php-cgi.wasm: PHP $(grep -m1 '^source: php8.2' Guests/php/out/build-info.txt | cut -d= -f2) on WasmVM; native: $("$PHP_CGI_NATIVE" -v | head -1 | cut -d'(' -f1)(Debian's php.ini and extensions)."
if [ -z "${SKIP_WRK:-}" ]; then
  echo
  echo "## wrk: requests/s and latency (issue 4; issue 5 before/after)"
  echo
  echo "\`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\` on loopback, wrk on the same 2 cores as the server; median of $ROUNDS interleaved rounds. Load average $LOAD_BEFORE before, $LOAD_AFTER after."
  echo
  echo "| page | server | requests/s (min–max over rounds) | p50 ms | p99 ms | server CPU ms / request | non-2xx/errors |"
  echo "|---|---|---|---|---|---|---|"
  for page in hello demo; do
    label=$([ $page = hello ] && echo '`hello.php`' || echo 'demo list page `/`')
    for mode in native cold warm; do
      name=$page-$mode
      case $mode in
        native) server="native php-cgi per request (native-cgi-server)";;
        cold) server="php-server cold (php-cgi.wasm, start-up per request)";;
        warm) server="php-server warm (snapshot per request)";;
      esac
      if [ -s "$WORK/results/$name" ]; then
        echo "| $label | $server | $(fmt "$(field $name 1)" 1) ($(spread $name 1)) | $(fmt "$(field $name 2)" 1) | $(fmt "$(field $name 3)" 1) | $(fmt "$(field $name 5)" 2) | $(fmt "$(field $name 4)" 0) |"
      else
        echo "| $label | $server | not measured | | | | |"
      fi
    done
  done
  echo
  echo "| page | cold / native req/s | warm / cold req/s | warm / native req/s | cold / warm CPU per request | native / warm CPU per request |"
  echo "|---|---|---|---|---|---|"
  for page in hello demo; do
    c=$(field $page-cold 1); n=$(field $page-native 1); w=$(field $page-warm 1)
    cc=$(field $page-cold 5); nc=$(field $page-native 5); wc=$(field $page-warm 5)
    echo "| $page | $(div "$c" "$n") | $(div "$w" "$c") | $(div "$w" "$n") | $(div "$cc" "$wc") | $(div "$nc" "$wc") |"
  done
  [ $warm_available = 1 ] && [ -z "$warm_reason" ] || echo -e "\nWarm not measured: $warm_reason."
fi
echo
echo "$REQUEST_TABLES" | sed 's/^## /## php-request-bench: /'
