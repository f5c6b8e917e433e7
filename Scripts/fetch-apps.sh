#!/usr/bin/env bash
# Scripts/fetch-apps.sh -- fetches the third-party PHP applications that php-server is tested with, from Debian:
#
#   adminer  4.8.1-1            (database manager, one compiled adminer.php)
#   dokuwiki 0.0.20220731.a-2   (wiki on plain files), together with the libraries its code loads from other
#            Debian packages (its Depends): php-phpseclib, php-random-compat, libphp-simplepie, php-geshi,
#            libjs-jquery, libjs-jquery-ui, libjs-jquery-cookie (bookworm's current versions, recorded in .complete)
#
# Each package is fetched with `apt-get download` (pinned version, verified by apt) and unpacked with `dpkg -x`
# into ${WASMVM_CACHE:-~/.cache/wasmvm}/apps/<name>-<version>/. Nothing is installed on the host and no
# maintainer script runs. When the directory is complete already the script only prints it (fast, offline).
#
# Debian's dokuwiki spreads over /usr/share/dokuwiki (code), /etc/dokuwiki (configuration) and /var/lib/dokuwiki
# (data, templates, plugins), tied together by absolute symbolic links. A sandbox only sees its preopened
# directories and php-server refuses to serve files through links leaving the document root, so after unpacking
# the links are resolved once, inside the unpacked tree:
#   usr/share/dokuwiki/lib/tpl, lib/plugins  -> real copies of var/lib/dokuwiki/lib/{tpl,plugins}
#   etc/dokuwiki/{acl,users}.auth.php        -> copies of the packaged .dist files
#   usr/share/dokuwiki/.htaccess, var/lib/dokuwiki/inc -> removed (Apache-only / a second name for the code)
#   usr/share/php/{phpseclib,random_compat}  -> removed, then the dependency packages are unpacked into the same
#                                              tree (the package's links point at files it does not ship; an
#                                              installed system gets these directories from php-phpseclib and
#                                              php-random-compat)
# Every file of the package stays byte-identical; only those links change. The tests and Scripts/screenshots.sh
# copy etc/dokuwiki and var/lib/dokuwiki/data into a fresh writable directory per run.
#
# Output: one line per application, `<name>=<directory>`. Exit status non-zero if a package cannot be fetched.
set -euo pipefail

CACHE=${WASMVM_CACHE:-$HOME/.cache/wasmvm}/apps
PACKAGES=("adminer=4.8.1-1" "dokuwiki=0.0.20220731.a-2")
DOKUWIKI_DEPENDENCIES=(php-phpseclib php-random-compat libphp-simplepie php-geshi libjs-jquery libjs-jquery-ui
                       libjs-jquery-cookie)
mkdir -p "$CACHE"

# Resolves the absolute links of Debian's dokuwiki layout inside the unpacked tree (see the header).
lay_out_dokuwiki() {
  local root=$1 link
  for link in tpl plugins; do
    rm "$root/usr/share/dokuwiki/lib/$link"
    cp -a "$root/var/lib/dokuwiki/lib/$link" "$root/usr/share/dokuwiki/lib/$link"
  done
  for link in acl users; do
    rm "$root/etc/dokuwiki/$link.auth.php"
    cp "$root/etc/dokuwiki/$link.auth.php.dist" "$root/etc/dokuwiki/$link.auth.php"
  done
  rm -f "$root/usr/share/dokuwiki/.htaccess" "$root/var/lib/dokuwiki/inc"
  rm -f "$root/usr/share/php/phpseclib" "$root/usr/share/php/random_compat"
  # Anything absolute left over would point at the host's own file system: refuse to produce such a tree.
  local leftover
  leftover=$(find "$root/usr/share/dokuwiki" "$root/etc/dokuwiki" "$root/var/lib/dokuwiki" -type l -lname '/*' -print)
  if [[ -n $leftover ]]; then
    echo "fetch-apps.sh: absolute symbolic links left in dokuwiki:" >&2
    echo "$leftover" >&2
    return 1
  fi
}

fetch() {
  local name=${1%%=*} version=${1#*=}
  local target="$CACHE/$name-$version"
  if [[ -f $target/.complete ]]; then
    echo "$name=$target"
    return
  fi
  local work
  work=$(mktemp -d "$CACHE/.fetch-$name.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  # apt-get download writes into the current directory; run it as root without the _apt sandbox warning
  # mattering (the file is checked against the signed index either way).
  local wanted=("$name=$version")
  if [[ $name == dokuwiki ]]; then wanted+=("${DOKUWIKI_DEPENDENCIES[@]}"); fi
  if ! (cd "$work" && apt-get download -q "${wanted[@]}" >"$work/apt.log" 2>&1); then
    echo "fetch-apps.sh: apt does not know ${wanted[*]}, running apt-get update once" >&2
    apt-get update -q >/dev/null
    (cd "$work" && apt-get download -q "${wanted[@]}" >"$work/apt.log" 2>&1) || {
      cat "$work/apt.log" >&2
      echo "fetch-apps.sh: cannot download ${wanted[*]}" >&2
      return 1
    }
  fi
  mkdir "$work/root"
  dpkg -x "$(ls "$work"/"${name}"_*.deb)" "$work/root"
  if [[ $name == dokuwiki ]]; then
    lay_out_dokuwiki "$work/root"
    local dependency
    for dependency in "${DOKUWIKI_DEPENDENCIES[@]}"; do
      dpkg -x "$(ls "$work"/"${dependency}"_*.deb)" "$work/root"
    done
  fi
  local deb
  for deb in "$work"/*.deb; do
    echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version) $(sha256sum "$deb" | cut -d' ' -f1)"
  done >"$work/root/.complete"
  rm -rf "$target"
  mv "$work/root" "$target"
  echo "$name=$target"
}

for package in "${PACKAGES[@]}"; do
  fetch "$package"
done
