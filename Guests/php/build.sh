#!/usr/bin/env bash
# Guests/php/build.sh -- build the WasmVM PHP guest: php-cgi.wasm, php.wasm and
# the snapshot-warm reactor php-cgi-warm.wasm (PHP 8.2, wasm32-wasi preview1,
# MVP + sign-ext) from Debian bookworm source packages with Debian's clang-16 /
# lld-16 / wasi-libc. See README.md beside it.
#
#   Guests/php/build.sh            build (or reuse the cached build) -> Guests/php/out/
#   WASMVM_CACHE=/dir build.sh     cache root (default ~/.cache/wasmvm); result in $WASMVM_CACHE/php/<key>/
#   PHP_GUEST_REBUILD=1 build.sh   ignore the cache and build again
#
# The cache key hashes this script, patches/, compat/ and the toolchain package
# versions, so a second run with the same inputs copies the cached wasm and exits.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$HERE/work                  # git-ignored: downloads (src/), build trees (build/), logs
SRC=$WORK/src
B=$WORK/build
LOGS=$WORK/logs
OUT=$HERE/out                    # git-ignored
CACHE_ROOT=${WASMVM_CACHE:-$HOME/.cache/wasmvm}/php
JOBS=2

# ---- pinned inputs ---------------------------------------------------------
# Source package versions (the newest security uploads of some of these 404 on
# the mirror at times, so every version is pinned and verified by dpkg-source).
PHP_VER=8.2.32-1~deb12u1
SQLITE_VER=3.40.1-2+deb12u2
LIBXML2_VER=2.9.14+dfsg-1.3~deb12u6
ZLIB_VER=1:1.2.13.dfsg-1
LIBPNG_VER=1.6.39-2+deb12u5
LIBJPEG_VER=1:2.1.5-2
SOURCES=("php8.2=$PHP_VER" "sqlite3=$SQLITE_VER" "libxml2=$LIBXML2_VER" "zlib=$ZLIB_VER"
         "libpng1.6=$LIBPNG_VER" "libjpeg-turbo=$LIBJPEG_VER")
TOOL_PACKAGES=(clang-16 lld-16 llvm-16 wasi-libc libclang-rt-16-dev-wasm32 libc6-dev tcl cmake make patch
               dpkg-dev xz-utils bzip2)
TOOLCHAIN_PACKAGES=(clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32)

# ---- progress and failure reporting ----------------------------------------
T0=$SECONDS
CURRENT_STAGE=start
elapsed() { local s=$((SECONDS - T0)); printf '%d:%02d' $((s / 60)) $((s % 60)); }
stage() { CURRENT_STAGE=$1; printf '[php-build +%s] %s\n' "$(elapsed)" "$*"; }
fail() { printf '[php-build +%s] FAILED in stage "%s": %s\n' "$(elapsed)" "$CURRENT_STAGE" "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "[php-build +%s] FAILED in stage \"%s\" (exit %d); logs in %s\n" "$(elapsed)" "$CURRENT_STAGE" $rc "$LOGS" >&2' EXIT
# run LOGNAME CMD...: run a command with its output in $LOGS/LOGNAME.log; on
# failure show the end of that log and stop.
run() {
  local log=$LOGS/$1.log; shift
  if ! "$@" >>"$log" 2>&1; then
    echo "---- last lines of $log ----" >&2; tail -n 40 "$log" >&2
    fail "command failed: $*"
  fi
}

# ---- host packages and Debian source lists ---------------------------------
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
APT_UPDATED=0
apt_update_once() {
  [ $APT_UPDATED = 1 ] && return 0
  echo "  apt-get update"
  as_root apt-get update -qq >/dev/null || fail "apt-get update failed"
  APT_UPDATED=1
}

ensure_tools() {
  local missing=() p
  for p in "${TOOL_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'install ok installed' >/dev/null || missing+=("$p")
  done
  [ ${#missing[@]} = 0 ] && return 0
  stage tools "installing ${missing[*]}"
  add_deb_src_line   # before the update, so that one apt-get update serves both
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
}

DEBSRC_LIST=/etc/apt/sources.list.d/wasmvm-bookworm-src.sources
have_pinned_sources() {
  local spec name ver
  for spec in "${SOURCES[@]}"; do
    name=${spec%%=*}; ver=${spec#*=}
    # (grep reads all input: with pipefail, grep -q could SIGPIPE apt-cache)
    apt-cache showsrc "$name" 2>/dev/null | grep -x "Version: $ver" >/dev/null || return 1
  done
}
add_deb_src_line() {
  if ! grep -rsE '^(deb-src .*bookworm|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/ >/dev/null; then
    echo "  adding $DEBSRC_LIST (deb-src for bookworm, bookworm-updates, bookworm-security)"
    as_root tee "$DEBSRC_LIST" >/dev/null <<'EOF'
# Added by WasmVM Guests/php/build.sh: Debian source packages for the PHP guest build.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
}
ensure_deb_src() {
  stage sources "deb-src lines and pinned source versions"
  have_pinned_sources && return 0
  add_deb_src_line
  apt_update_once
  have_pinned_sources || fail "apt cannot find the pinned source versions (${SOURCES[*]}); check the deb-src lines"
}

# ---- cache key -------------------------------------------------------------
cache_key() {
  {
    echo "script"; sha256sum < "$HERE/build.sh"
    (cd "$HERE" && find patches compat -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    dpkg-query -W -f='${Package} ${Version}\n' "${TOOLCHAIN_PACKAGES[@]}"
  } | sha256sum | cut -c1-16
}

# ---- toolchain -------------------------------------------------------------
TARGET=wasm32-wasi
WCC="clang-16 --target=$TARGET"
export AR=llvm-ar-16 RANLIB=llvm-ranlib-16
# Only the wasi sysroot: Debian's clang would otherwise also search /usr/include
# and silently pick up glibc headers (netdb.h, pwd.h, ...) for a wasm build.
SYSINC="-nostdlibinc -isystem /usr/lib/llvm-16/lib/clang/16/include -isystem /usr/include/wasm32-wasi"
# wasi-libc's emulations of mmap, signal(), clock() and getpid().
WASI_EMUL="-D_WASI_EMULATED_MMAN -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS -D_WASI_EMULATED_GETPID"
WASI_EMUL_LIBS="-lwasi-emulated-mman -lwasi-emulated-signal -lwasi-emulated-process-clocks -lwasi-emulated-getpid"
OPT=-O2
LIB_CFLAGS="$OPT $SYSINC $WASI_EMUL"
COMPAT_INC="-I$HERE/compat/include"

# ---- stages ----------------------------------------------------------------
fetch_sources() {
  stage fetch "apt-get source ${SOURCES[*]}"
  mkdir -p "$SRC"
  local spec name ver dsc
  for spec in "${SOURCES[@]}"; do
    name=${spec%%=*}; ver=${spec#*=}
    dsc="$SRC/${name}_${ver#*:}.dsc"
    [ -f "$dsc" ] && continue
    (cd "$SRC" && run fetch apt-get source --download-only "$spec")
    [ -f "$dsc" ] || fail "apt-get source $spec did not produce $dsc"
  done
}

# unpack NAME VERSION DIR [dpkg-source options]: extract a source package; with
# the default options Debian's patch series (security fixes) is applied.
unpack() {
  local name=$1 ver=$2 dir=$3; shift 3
  run unpack dpkg-source "$@" -x "$SRC/${name}_${ver#*:}.dsc" "$B/$dir"
}

unpack_all() {
  stage unpack "dpkg-source -x; project patches on PHP"
  rm -rf "$B"; mkdir -p "$B"
  # Debian's PHP patches are packaging choices (system tzdata, paths, phpdbg
  # linking); the guest needs upstream behaviour, so only ours are applied.
  unpack php8.2 "$PHP_VER" php --skip-patches
  unpack sqlite3 "$SQLITE_VER" sqlite3
  unpack libxml2 "$LIBXML2_VER" libxml2
  unpack zlib "$ZLIB_VER" zlib
  unpack libpng1.6 "$LIBPNG_VER" libpng
  unpack libjpeg-turbo "$LIBJPEG_VER" libjpeg
  # Reproducible output: clang-16 and cmake take __DATE__/__TIME__ and build
  # stamps from SOURCE_DATE_EPOCH; use the PHP package's changelog date.
  SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l "$B/php/debian/changelog" -S Timestamp) \
    || fail "cannot read the date of $B/php/debian/changelog"
  export SOURCE_DATE_EPOCH
  local p
  for p in "$HERE"/patches/*.patch; do
    echo "  patch $(basename "$p")"
    run patches patch -d "$B/php" -p1 --forward --fuzz=0 --no-backup-if-mismatch < "$p"
  done
  # The warm entry points are #included by cgi_main.c (patch 0009).
  cp "$HERE/compat/wasmvm_entry.c" "$B/php/sapi/cgi/wasmvm_entry.c"
}

build_sqlite() {
  stage sqlite "amalgamation (host tclsh + clang) and wasm32 build"
  local S=$B/sqlite3 A=$B/sqlite-amalg L=$B/lib/sqlite
  mkdir -p "$A" "$L"
  (cd "$A" && run sqlite env CC=clang-16 "$S/configure" --disable-tcl --disable-readline \
     && run sqlite make CC=clang-16 sqlite3.c)
  cp "$A/sqlite3.c" "$A/sqlite3.h" "$L/"
  # threads, extensions, WAL (needs shared memory) and mmap are off: a WASI
  # guest has one thread, no dlopen and no shared mappings.
  local defs="-DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_WAL -DSQLITE_MAX_MMAP_SIZE=0
    -DSQLITE_OMIT_SHARED_CACHE -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_MATH_FUNCTIONS
    -DSQLITE_TEMP_STORE=2"
  (cd "$L" && run sqlite $WCC $LIB_CFLAGS $defs -include "$HERE/compat/sqlite_wasi.h" -c sqlite3.c -o sqlite3.o \
     && run sqlite $AR rcs libsqlite3.a sqlite3.o && rm -f sqlite3.o)
}

build_libxml2() {
  stage libxml2 "configure + make (static, no threads/http/ftp/iconv)"
  local X=$B/libxml2 L=$B/lib/libxml2
  cp "$B/php/build/config.sub" "$X/config.sub"   # libxml2's 2014 config.sub predates "wasi"
  mkdir -p "$L"
  (cd "$L" && run libxml2 "$X/configure" --host=$TARGET --build="$(uname -m)-pc-linux-gnu" \
      --disable-shared --enable-static --disable-maintainer-mode \
      --without-python --without-threads --without-thread-alloc --without-http --without-ftp \
      --without-zlib --without-lzma --without-iconv --without-icu --without-modules \
      --without-readline --without-history --without-debug --without-legacy --without-catalog \
      CC="$WCC" CFLAGS="$LIB_CFLAGS" LIBS="$WASI_EMUL_LIBS" \
   && run libxml2 make -j$JOBS libxml2.la)
  cp "$L/.libs/libxml2.a" "$L/libxml2.a"   # headers: $X/include + generated $L/include/libxml/xmlversion.h
}

# static_lib NAME SRCDIR OUTDIR CFLAGS FILES...: compile plain C files into
# OUTDIR/libNAME.a with make -j2 (for libraries whose own build system is not
# needed for a static archive).
static_lib() {
  local name=$1 src=$2 out=$3 cflags=$4; shift 4
  mkdir -p "$out"
  local objs="" f
  for f in "$@"; do objs="$objs $f.o"; done
  cat > "$out/Makefile" <<EOF
VPATH = $src
lib$name.a: $objs
	$AR rcs \$@ \$^
%.o: %.c
	$WCC $cflags -c \$< -o \$@
EOF
  run "$name" make -C "$out" -j$JOBS "lib$name.a"
}

build_zlib() {
  stage zlib "static libz"
  local Z=$B/zlib L=$B/lib/zlib
  static_lib z "$Z" "$L" "$LIB_CFLAGS -Wno-deprecated-non-prototype -DHAVE_UNISTD_H -DHAVE_STDARG_H -DHAVE_HIDDEN -I$Z" \
    adler32 crc32 deflate infback inffast inflate inftrees trees zutil compress uncompr gzclose gzlib gzread gzwrite
  cp "$Z/zlib.h" "$Z/zconf.h" "$L/"
}

build_libpng() {
  stage libpng "static libpng16 (prebuilt pnglibconf, no SIMD)"
  local P=$B/libpng L=$B/lib/libpng
  cp "$P/scripts/pnglibconf.h.prebuilt" "$P/pnglibconf.h"
  # png.h includes <setjmp.h>: compat/include provides it (errors: patch 0008).
  static_lib png16 "$P" "$L" "$LIB_CFLAGS $COMPAT_INC -DPNG_ARM_NEON_OPT=0 -DPNG_INTEL_SSE_OPT=0 -I$P -I$B/lib/zlib" \
    png pngerror pngget pngmem pngpread pngread pngrio pngrtran pngrutil pngset pngtrans pngwio pngwrite pngwtran pngwutil
  cp "$P/png.h" "$P/pngconf.h" "$P/pnglibconf.h" "$L/"
}

build_libjpeg() {
  stage libjpeg "cmake + make jpeg-static (no SIMD, no TurboJPEG)"
  local J=$B/libjpeg L=$B/lib/libjpeg
  mkdir -p "$L"
  (cd "$L" && run libjpeg cmake "$J" -DCMAKE_SYSTEM_NAME=WASI -DCMAKE_SYSTEM_PROCESSOR=wasm32 \
      -DCMAKE_C_COMPILER=clang-16 -DCMAKE_C_COMPILER_TARGET=$TARGET \
      -DCMAKE_AR="$(command -v $AR)" -DCMAKE_RANLIB="$(command -v $RANLIB)" \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$LIB_CFLAGS" -DCMAKE_C_FLAGS_RELEASE="" \
      -DCMAKE_TRY_COMPILE_TARGET_TYPE=STATIC_LIBRARY \
      -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF -DWITH_JAVA=OFF \
      -DWITH_12BIT=OFF -DWITH_ARITH_ENC=ON -DWITH_ARITH_DEC=ON \
   && run libjpeg make -j$JOBS jpeg-static)
  cp "$J/jpeglib.h" "$J/jmorecfg.h" "$J/jerror.h" "$L/"
}

build_compat() {
  stage compat "libwasmvm_compat.a (POSIX stubs wasi-libc lacks, utime fix)"
  local L=$B/lib/compat
  mkdir -p "$L"
  local f
  for f in wasi_stubs wasi_utime; do
    run compat $WCC $LIB_CFLAGS -D_GNU_SOURCE $COMPAT_INC -I"$HERE/compat" -c "$HERE/compat/$f.c" -o "$L/$f.o"
  done
  rm -f "$L/libwasmvm_compat.a"
  run compat $AR rcs "$L/libwasmvm_compat.a" "$L/wasi_stubs.o" "$L/wasi_utime.o"
}

configure_php() {
  stage php-configure "PHP configure (cgi + cli, static extensions)"
  local L=$B/lib
  cd "$B/php"
  # Keep host .pc files out of a cross build: every library is given explicitly.
  export PKG_CONFIG_LIBDIR=$B/no-pkgconfig
  # The compat headers (netdb.h, pwd.h, setjmp.h, ucontext.h ...) are visible to
  # configure; the forced-include prototypes and stub library are added only
  # afterwards, so that configure's link checks see what wasi-libc really has.
  run php-configure ./configure --host=$TARGET --build="$(uname -m)-pc-linux-gnu" \
    --prefix=/usr/local --disable-all --disable-shared --enable-static --without-pear \
    --enable-cgi --enable-cli --disable-phpdbg \
    --disable-fiber-asm --disable-zend-signals --disable-gcc-global-regs \
    --without-pcre-jit --disable-opcache --disable-ipv6 --without-valgrind \
    --enable-ctype --enable-tokenizer --enable-session --enable-filter \
    --enable-pdo --with-pdo-sqlite --with-sqlite3 \
    --enable-mbstring --disable-mbregex \
    --with-libxml --enable-xml --enable-dom --enable-simplexml --enable-xmlreader --enable-xmlwriter \
    --with-zlib --enable-gd --with-jpeg \
    CC="$WCC" CFLAGS="$LIB_CFLAGS $COMPAT_INC" LDFLAGS="$PHP_LDFLAGS" LIBS="$WASI_EMUL_LIBS" \
    SQLITE_CFLAGS="-I$L/sqlite" SQLITE_LIBS="-L$L/sqlite -lsqlite3" \
    LIBXML_CFLAGS="-I$L/libxml2/include -I$B/libxml2/include" LIBXML_LIBS="-L$L/libxml2 -lxml2" \
    ZLIB_CFLAGS="-I$L/zlib" ZLIB_LIBS="-L$L/zlib -lz" \
    PNG_CFLAGS="-I$L/libpng" PNG_LIBS="-L$L/libpng -lpng16" \
    JPEG_CFLAGS="-I$L/libjpeg" JPEG_LIBS="-L$L/libjpeg -ljpeg" \
    ac_cv_func_flock=yes \
    PHP_UNAME="WASI wasm32" PHP_BUILD_SYSTEM="Debian bookworm, clang-16, wasi-libc (WasmVM Guests/php)"
  # Post-configure edits of the generated Makefile:
  #  - the stub library (kept out of configure's link checks, see above);
  #  - configure keeps LDFLAGS off the program link lines: put the stack size back;
  #  - no rpaths or -export-dynamic in a static wasm command module;
  #  - force-include compat/wasi_compat.h into every PHP translation unit.
  sed -i \
    -e "s|^EXTRA_LIBS = |EXTRA_LIBS = $L/compat/libwasmvm_compat.a |" \
    -e "s|^EXTRA_LDFLAGS_PROGRAM = |EXTRA_LDFLAGS_PROGRAM = $PHP_LDFLAGS |" \
    -e 's/^PHP_RPATHS = .*/PHP_RPATHS =/' -e 's/^NATIVE_RPATHS = .*/NATIVE_RPATHS =/' \
    -e 's/ -export-dynamic / /' \
    -e "s|^CFLAGS_CLEAN = \(.*\)|CFLAGS_CLEAN = \1 -include $HERE/compat/wasi_compat.h|" \
    Makefile
  grep -q "libwasmvm_compat.a" Makefile || fail "Makefile edit (EXTRA_LIBS) did not apply"
  grep -q "wasi_compat.h" Makefile || fail "Makefile edit (CFLAGS_CLEAN) did not apply"
  append_warm_rules Makefile
  cd "$HERE"
}

# The snapshot-warm guest sapi/cgi/php-cgi-warm: the same objects as php-cgi,
# but cgi_main.c compiled a second time with -DWASMVM_WARM_ENTRY (adds
# wasmvm_init/wasmvm_handle, patch 0009 + compat/wasmvm_entry.c) and linked as
# a WASI *reactor*. Why a reactor: wasm-ld wraps every extra export of a command
# module (one with _start) in __wasm_call_ctors/__wasm_call_dtors, so each
# call would re-run libc constructors (preopen table) and atexit handlers. A
# reactor runs the constructors once in _initialize and exports the functions
# unwrapped. Why a second object: php-cgi.wasm stays byte for byte unchanged.
append_warm_rules() {
  cat >> "$1" <<'MAKEFILE'

# ---- WasmVM: snapshot-warm reactor (appended by Guests/php/build.sh) ----
sapi/cgi/cgi_main_warm.lo: $(top_srcdir)/sapi/cgi/cgi_main.c $(top_srcdir)/sapi/cgi/wasmvm_entry.c
	$(LIBTOOL) --tag=CC --mode=compile $(CC) -Isapi/cgi/ -I$(top_srcdir)/sapi/cgi/ $(COMMON_FLAGS) $(CFLAGS_CLEAN) $(EXTRA_CFLAGS) -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -DWASMVM_WARM_ENTRY -c $(top_srcdir)/sapi/cgi/cgi_main.c -o sapi/cgi/cgi_main_warm.lo

sapi/cgi/php-cgi-warm: $(PHP_GLOBAL_OBJS) $(PHP_BINARY_OBJS) $(PHP_FASTCGI_OBJS) sapi/cgi/cgi_main_warm.lo
	$(LIBTOOL) --tag=CC --mode=link $(CC) $(CFLAGS_CLEAN) $(EXTRA_CFLAGS) $(EXTRA_LDFLAGS_PROGRAM) $(LDFLAGS) -mexec-model=reactor -Wl,--export=wasmvm_init -Wl,--export=wasmvm_handle $(PHP_RPATHS) $(PHP_GLOBAL_OBJS:.lo=.o) $(PHP_BINARY_OBJS:.lo=.o) $(PHP_FASTCGI_OBJS:.lo=.o) sapi/cgi/cgi_main_warm.o $(EXTRA_LIBS) $(ZEND_EXTRA_LIBS) -o sapi/cgi/php-cgi-warm
MAKEFILE
}
# 8 MiB shadow stack (wasm-ld's default 64 KiB overflows in the Zend VM and
# PCRE); DWARF is dropped, the name section is kept for backtraces.
PHP_LDFLAGS="-Wl,-z,stack-size=8388608 -Wl,--strip-debug"

make_php() {
  stage php-make "make -j$JOBS (php-cgi, php cli); the longest stage"
  run php-make make -C "$B/php" -j$JOBS
  [ -f "$B/php/sapi/cgi/php-cgi" ] && [ -f "$B/php/sapi/cli/php" ] || fail "make finished without sapi/cgi/php-cgi or sapi/cli/php"
  stage php-warm "php-cgi-warm (reactor exporting wasmvm_init, wasmvm_handle)"
  run php-warm make -C "$B/php" sapi/cgi/php-cgi-warm
  [ -f "$B/php/sapi/cgi/php-cgi-warm" ] || fail "make finished without sapi/cgi/php-cgi-warm"
}

store_result() {
  local dest=$1
  stage store "cache $dest"
  local tmp=$dest.tmp.$$
  rm -rf "$tmp"; mkdir -p "$tmp"
  cp "$B/php/sapi/cgi/php-cgi" "$tmp/php-cgi.wasm"
  cp "$B/php/sapi/cli/php" "$tmp/php.wasm"
  cp "$B/php/sapi/cgi/php-cgi-warm" "$tmp/php-cgi-warm.wasm"
  {
    echo "key: $KEY"
    echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) in $((SECONDS - T0)) s"
    printf 'source: %s\n' "${SOURCES[@]}"
    dpkg-query -W -f='toolchain: ${Package} ${Version}\n' "${TOOLCHAIN_PACKAGES[@]}"
    (cd "$tmp" && sha256sum php-cgi.wasm php.wasm php-cgi-warm.wasm)
  } > "$tmp/build-info.txt"
  rm -rf "$dest"; mv "$tmp" "$dest"
}

publish() {
  local from=$1
  mkdir -p "$OUT"
  cp -f "$from/php-cgi.wasm" "$from/php.wasm" "$from/php-cgi-warm.wasm" "$from/build-info.txt" "$OUT/"
}

# ---- main ------------------------------------------------------------------
# (everything runs inside main, so editing this file during a build is safe)
main() {
mkdir -p "$LOGS"
ensure_tools
KEY=$(cache_key)
DEST=$CACHE_ROOT/$KEY
if [ "${PHP_GUEST_REBUILD:-0}" != 1 ] && [ -f "$DEST/php-cgi.wasm" ] && [ -f "$DEST/php.wasm" ] \
   && [ -f "$DEST/php-cgi-warm.wasm" ]; then
  publish "$DEST"
  echo "[php-build +$(elapsed)] cached build $KEY: $DEST/php-cgi.wasm (copied to $OUT/)"
  exit 0
fi
stage start "building PHP guest, cache key $KEY, logs in $LOGS"
rm -f "$LOGS"/*.log
ensure_deb_src
fetch_sources
unpack_all
build_sqlite
build_libxml2
build_zlib
build_libpng
build_libjpeg
build_compat
configure_php
make_php
store_result "$DEST"
publish "$DEST"
stage done "$OUT/php-cgi.wasm ($(stat -c %s "$OUT/php-cgi.wasm") bytes), $OUT/php.wasm, $OUT/php-cgi-warm.wasm; cached in $DEST"
}
main "$@"; exit
