#!/usr/bin/env bash
# Scripts/screenshots.sh -- takes Docs/images/adminer.png and Docs/images/dokuwiki.png: Debian's Adminer and
# DokuWiki running in php-server (php-cgi.wasm on WasmVM), photographed by a headless Chromium.
#
#   Scripts/screenshots.sh                         # builds php-server (release) if needed
#   PHP_SERVER_BINARY=.build-x/debug/php-server Scripts/screenshots.sh
#
# Steps: installs Debian's `chromium` if missing; Scripts/fetch-apps.sh; lays out one run directory per app with
# the same configuration files the tests use (Tests/PHPServerTests/Fixtures/*.conf); starts php-server on free
# ports; then
#   Adminer:  a local HTML page that posts Adminer's login form (SQLite, /db/shop.sqlite) and is redirected to
#             the database page: the table list (the screenshot needs the session cookie, so the browser has to
#             log in itself);
#   DokuWiki: saves an edit of the start page through the edit form (curl, with the form's date/changecheck),
#             then photographs the page showing the new revision.
# Everything runs in a temporary directory that is removed at the end, and the servers are stopped.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
FIXTURES=$ROOT/Tests/PHPServerTests/Fixtures
OUT=$ROOT/Docs/images
mkdir -p "$OUT"

step() { printf '==> %s\n' "$*"; }

step "chromium"
if ! command -v chromium >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends chromium >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium >/dev/null; }
fi
chromium --version 2>/dev/null | grep -v "unexpected operator" || true

step "applications (Scripts/fetch-apps.sh)"
declare -A APP
while IFS='=' read -r name directory; do APP[$name]=$directory; done < <(Scripts/fetch-apps.sh)
echo "    adminer:  ${APP[adminer]}"
echo "    dokuwiki: ${APP[dokuwiki]}"

step "php-server and php-cgi.wasm"
SERVER=${PHP_SERVER_BINARY:-}
if [[ -z $SERVER ]]; then
  swift build -c release --product php-server
  SERVER=$ROOT/.build/release/php-server
fi
MODULE=${WASMVM_PHP_CGI:-$ROOT/Guests/php/out/php-cgi.wasm}
[[ -s $MODULE ]] || Guests/php/build.sh
echo "    $SERVER"
echo "    $MODULE"

RUN=$(mktemp -d /tmp/php-server-screenshots.XXXXXX)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server CONFIG PORT: runs php-server in the background and waits until it accepts connections.
start_server() {
  local config=$1 port=$2 log=${1%.conf}
  "$SERVER" --config "$config" --host 127.0.0.1 --port "$port" --module "$MODULE" >"$log.out" 2>"$log.err" &
  PIDS+=($!)
  local tries
  for tries in $(seq 600); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then return 0; fi
    if ! kill -0 "${PIDS[-1]}" 2>/dev/null; then cat "$log.err" >&2; echo "php-server did not start" >&2; exit 1; fi
    sleep 0.1
  done
  echo "php-server did not listen on $port" >&2
  exit 1
}

# shoot URL FILE: a 1280x900 screenshot. --screen-info makes the screen as wide as the window (Adminer's CSS
# switches to its narrow layout on small device widths); the virtual time budget lets scripts, style sheets and
# redirects finish first (it pauses while requests are in flight, so a slow guest is waited for).
shoot() {
  local url=$1 file=$2
  rm -rf "$RUN/chrome"
  timeout 600 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$RUN/chrome" --window-size=1280,900 --screen-info='{1280x900}' \
    --virtual-time-budget=60000 --screenshot="$file" "$url" 2>"$RUN/chrome.log" >/dev/null || {
      cat "$RUN/chrome.log" >&2
      echo "chromium failed for $url" >&2
      exit 1
    }
  [[ -s $file ]] || { echo "no screenshot written for $url" >&2; exit 1; }
  echo "    $file ($(stat -c %s "$file") bytes)"
}

step "Adminer"
A=$RUN/adminer
mkdir -p "$A/db" "$A/tmp"
cp "$FIXTURES/adminer.conf" "$A/"
cp -r "$FIXTURES/adminer-site" "$A/site"
ln -s "${APP[adminer]}" "$A/adminer-package"
sqlite3 "$A/db/shop.sqlite" <<'SQL'
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT);
CREATE TABLE products (id INTEGER PRIMARY KEY, title TEXT NOT NULL, price REAL NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customers(id),
                     product INTEGER REFERENCES products(id), quantity INTEGER NOT NULL);
CREATE INDEX orders_customer ON orders(customer);
CREATE VIEW order_totals AS
  SELECT c.name, SUM(p.price * o.quantity) AS total FROM orders o JOIN customers c ON c.id = o.customer
  JOIN products p ON p.id = o.product GROUP BY c.name;
INSERT INTO customers (name, city) VALUES ('Ada', 'London'), ('Linus', 'Helsinki'), ('Grace', 'New York');
INSERT INTO products (title, price) VALUES ('Keyboard', 49.5), ('Monitor', 189), ('Cable', 7.25);
INSERT INTO orders (customer, product, quantity) VALUES (1, 1, 1), (1, 3, 4), (2, 2, 2), (3, 1, 1);
SQL
PORT_A=$(free_port)
start_server "$A/adminer.conf" "$PORT_A"
cat >"$A/login.html" <<HTML
<!DOCTYPE html>
<form method="post" action="http://127.0.0.1:$PORT_A/">
<input name="auth[driver]" value="sqlite"><input name="auth[server]" value=""><input name="auth[username]" value="">
<input name="auth[password]" value=""><input name="auth[db]" value="/db/shop.sqlite">
</form>
<script>document.forms[0].submit();</script>
HTML
shoot "file://$A/login.html" "$OUT/adminer.png"
grep -q '"GET /?sqlite=&username=&db=%2Fdb%2Fshop.sqlite HTTP/1.1" 200' "$A/adminer.out" \
  || { cat "$A/adminer.out" "$A/adminer.err" >&2; echo "Adminer's database page was not served" >&2; exit 1; }

step "DokuWiki"
W=$RUN/dokuwiki
mkdir -p "$W/tmp"
cp "$FIXTURES/dokuwiki.conf" "$W/"
ln -s "${APP[dokuwiki]}" "$W/dokuwiki-package"
cp -r "${APP[dokuwiki]}/etc/dokuwiki" "$W/conf"
cp "$FIXTURES/dokuwiki-local.php" "$W/conf/local.php"
cp -r "${APP[dokuwiki]}/var/lib/dokuwiki/data" "$W/data"
chmod -R u+rwX "$W/conf" "$W/data"
PORT_W=$(free_port)
start_server "$W/dokuwiki.conf" "$PORT_W"
BASE=http://127.0.0.1:$PORT_W
curl -s -c "$W/jar" -b "$W/jar" "$BASE/doku.php?id=start&do=edit" >"$W/edit.html"
field() { grep -o "name=\"$1\" value=\"[^\"]*\"" "$W/edit.html" | tail -1 | sed 's/.*value="//; s/"$//'; }
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$W/jar" -b "$W/jar" "$BASE/doku.php?id=start&do=edit" \
  --data-urlencode "sectok=$(field sectok)" --data-urlencode "id=start" --data-urlencode "rev=$(field rev)" \
  --data-urlencode "date=$(field date)" --data-urlencode "prefix=$(field prefix)" \
  --data-urlencode "suffix=$(field suffix)" --data-urlencode "changecheck=$(field changecheck)" \
  --data-urlencode "target=$(field target)" --data-urlencode "summary=first edit inside the sandbox" \
  --data-urlencode "do[save]=1" --data-urlencode "wikitext@-" <<'WIKI'
====== Welcome to the sandboxed wiki ======

This is Debian's **DokuWiki** package, unchanged, served by ''php-server'': every request runs in a fresh
instance of ''php-cgi.wasm'' on the WasmVM interpreter. This text was saved through the edit form a moment ago.

===== What the guest may touch =====

^ Guest path               ^ Access      ^ Holds                               ^
| /usr/share/dokuwiki      | read-only   | the application code                |
| /etc/dokuwiki            | read-only   | configuration (with a local.php)    |
| /var/lib/dokuwiki/data   | read-write  | pages, revisions, caches, locks     |
| /tmp                     | read-write  | temporary files                     |

Nothing else of the host is visible: no network, no processes, no other files.

  * [[wiki:dokuwiki|About DokuWiki]]
  * [[wiki:syntax|Formatting syntax]]
  * [[playground:playground|Playground]]
WIKI
)
[[ $status == 302 ]] || { cat "$W/dokuwiki.err" >&2; echo "DokuWiki did not accept the edit (HTTP $status)" >&2; exit 1; }
curl -s "$BASE/doku.php?id=start" >"$W/page.html"
grep -q "Welcome to the sandboxed wiki" "$W/page.html" \
  || { echo "the edited page does not show the new text" >&2; exit 1; }
shoot "$BASE/doku.php?id=start" "$OUT/dokuwiki.png"

step "done: Docs/images/adminer.png Docs/images/dokuwiki.png"
