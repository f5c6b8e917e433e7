#!/usr/bin/env bash
# Scripts/serve.sh -- the one command that takes a fresh machine to a running PHP server:
#
#   1. Scripts/setup.sh        installs the apt / pip packages the builds need (returns at once when done before)
#   2. Guests/php/build.sh     builds php-cgi.wasm and php-cgi-warm.wasm, or reuses the cached build
#                              (~/.cache/wasmvm/php/<key>/)
#   3. swift run -c release php-server "$@"
#
# Without arguments it serves the bundled guestbook demo on http://127.0.0.1:8080/ (data in
# ~/.cache/wasmvm/demo). Every argument is passed to php-server, e.g.
#   Scripts/serve.sh --port 9000
#   Scripts/serve.sh --config my-sites.conf --host 0.0.0.0
# See Docs/PHPServer.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# No `cd`: relative paths the user passes (--config, --data-dir) keep meaning what they meant in their shell.
T0=$SECONDS

step() { printf '\n==> [%3ds] %s\n' "$((SECONDS - T0))" "$*"; }

step "1/3 system packages (Scripts/setup.sh)"
"$ROOT/Scripts/setup.sh"
echo "    packages ready"

step "2/3 PHP guest (Guests/php/build.sh: cached build is reused, a first build takes about 10 minutes)"
"$ROOT/Guests/php/build.sh"
PHP_CGI=$ROOT/Guests/php/out/php-cgi.wasm
if [[ ! -s $PHP_CGI ]]; then
  echo "serve.sh: Guests/php/build.sh finished but $PHP_CGI is missing" >&2
  exit 1
fi
echo "    $(du -h "$PHP_CGI" | cut -f1) $PHP_CGI"
# The warm guest (a reactor exporting wasmvm_init/wasmvm_handle) lets the demo restore every request from a
# snapshot instead of starting PHP afresh. build.sh produces it beside php-cgi.wasm; without it the server
# still runs, cold, and says so in its log.
PHP_CGI_WARM=$ROOT/Guests/php/out/php-cgi-warm.wasm
if [[ -s $PHP_CGI_WARM ]]; then
  echo "    $(du -h "$PHP_CGI_WARM" | cut -f1) $PHP_CGI_WARM (warm start)"
  export WASMVM_PHP_CGI_WARM=${WASMVM_PHP_CGI_WARM:-$PHP_CGI_WARM}
else
  echo "    note: $PHP_CGI_WARM is missing, so the demo runs cold (a fresh PHP start-up per request)"
fi

step "3/3 php-server (swift build -c release, then run; first build takes a few minutes)"
swift build --package-path "$ROOT" -c release --product php-server
echo "    starting: php-server $*"
echo "    (Ctrl-C stops the server)"
# The module is passed by environment so that a --module among the arguments still takes precedence.
export WASMVM_PHP_CGI=${WASMVM_PHP_CGI:-$PHP_CGI}
exec swift run --package-path "$ROOT" --skip-build -c release php-server "$@"
