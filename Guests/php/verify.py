#!/usr/bin/env python3
"""Smoke test of the built PHP guest (Guests/php/out/) on PyPI's wasmtime.

Runs php-cgi.wasm as a CGI program (fresh instance per request, a temporary
directory preopened as /app) on small scripts and checks their output:
hello world, PDO SQLite + SQLite3, sessions, random_bytes, hrtime, XML, gd,
a fatal error (the no-longjmp bailout path), fibers, and php.wasm's CLI.
Post-MVP wasm features are switched off in wasmtime, so passing also shows
the module needs nothing beyond MVP + sign-extension.

  python3 Guests/php/verify.py            exit 0 when every check passes
"""
import os
import sys
import tempfile
import time

import wasmtime

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'out')

SCRIPTS = {
    'hello.php': '<?php echo 1;',
    'pdo.php': r'''<?php
$pdo = new PDO('sqlite:/app/test.sqlite');
$pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
$pdo->exec('DROP TABLE IF EXISTS posts');
$pdo->exec('CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT, score REAL)');
$ins = $pdo->prepare('INSERT INTO posts (title, score) VALUES (?, ?)');
$pdo->beginTransaction();
foreach (['alpha', 'beta', 'gamma'] as $i => $t) { $ins->execute([$t, $i * 1.5]); }
$pdo->commit();
$rows = $pdo->query('SELECT title FROM posts ORDER BY score DESC')->fetchAll(PDO::FETCH_COLUMN);
echo implode(',', $rows), ' ', $pdo->query('SELECT sqlite_version()')->fetchColumn(), "\n";
$db = new SQLite3('/app/test.sqlite');
echo 'sqlite3:', $db->querySingle('SELECT COUNT(*) FROM posts'), "\n";
''',
    'misc.php': r'''<?php
session_save_path('/app'); session_start(); $_SESSION['n'] = 1;
echo 'session:', strlen(session_id()) > 10 ? 'ok' : 'bad', "\n";
echo 'random:', strlen(random_bytes(1000)), ' ', random_int(5, 5), "\n";
$h = hrtime(); $t = hrtime(true); // (as ns int it overflows 32-bit PHP ints: then a float)
echo 'hrtime:', is_array($h) && count($h) === 2 && $t !== false && $t > 0 ? 'ok' : 'bad', "\n";
$x = simplexml_load_string('<a><b n="1">x</b><b n="2">y</b></a>');
echo 'xml:', count($x->b), (string)$x->b[1]['n'], "\n";
$d = new DOMDocument(); $d->loadXML('<r><i/></r>'); echo 'dom:', $d->documentElement->childNodes->length, "\n";
echo 'mb:', mb_strlen('héllo wörld'), ' ', mb_strtoupper('é'), "\n";
echo 'zlib:', gzuncompress(gzcompress(str_repeat('ab', 100))) === str_repeat('ab', 100) ? 'ok' : 'bad', "\n";
$im = imagecreatetruecolor(8, 8); imagefill($im, 0, 0, imagecolorallocate($im, 255, 0, 0));
ob_start(); imagepng($im); $png = ob_get_clean();
ob_start(); imagejpeg($im); $jpg = ob_get_clean();
ob_start(); imagegif($im); $gif = ob_get_clean();
$back = imagecreatefromstring($png);
echo 'gd:', substr($png, 1, 3), ' ', substr($jpg, 0, 2) === "\xff\xd8" ? 'jpeg' : 'bad', ' ', substr($gif, 0, 3), ' ', imagesx($back), "\n";
echo 'ints:', PHP_INT_SIZE, "\n";
''',
    'fatal.php': r'''<?php
register_shutdown_function(function () { echo "shutdown ran\n"; });
echo "before\n";
ini_set('memory_limit', '4M');
$s = str_repeat('x', 16 * 1024 * 1024);
echo "not reached\n";
''',
    'fatal_in_shutdown.php': r'''<?php
ob_start();
echo "buffered before shutdown\n";
register_shutdown_function(function () { echo "in shutdown\n"; no_such_function(); });
''',
    'fiber.php': r'''<?php
try { (new Fiber(function () {}))->start(); echo "fiber ran\n"; }
catch (FiberError $e) { echo 'FiberError: ', $e->getMessage(), "\n"; }
''',
}

# (script, expected exit status, substrings the output must contain)
CHECKS = [
    ('hello.php', 0, ['X-Powered-By: PHP/8.2', '\r\n\r\n1']),
    ('pdo.php', 0, ['gamma,beta,alpha 3.40.1', 'sqlite3:3']),
    ('misc.php', 0, ['session:ok', 'random:1000 5', 'hrtime:ok', 'xml:22', 'dom:1', 'mb:11 É',
                     'zlib:ok', 'gd:PNG jpeg GIF 8', 'ints:4']),
    ('fatal.php', 1, ['before', 'Allowed memory size', 'shutdown ran']),
    ('fatal_in_shutdown.php', 1, ['buffered before shutdown', 'in shutdown', 'Call to undefined function no_such_function']),
    ('fiber.php', 0, ['FiberError: Fibers are not available']),
]


def mvp_engine():
    cfg = wasmtime.Config()
    for feature in ('wasm_bulk_memory', 'wasm_multi_value', 'wasm_simd', 'wasm_relaxed_simd',
                    'wasm_tail_call', 'wasm_threads', 'wasm_memory64', 'wasm_multi_memory',
                    'wasm_gc', 'wasm_function_references', 'wasm_exceptions'):
        try:
            setattr(cfg, feature, False)
        except Exception:
            pass  # not every wasmtime version has every switch
    return wasmtime.Engine(cfg)


def run(engine, module, argv, env, appdir):
    """One fresh instance; returns (exit status, stdout+stderr text, seconds)."""
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    store = wasmtime.Store(engine)
    with tempfile.NamedTemporaryFile() as out, tempfile.NamedTemporaryFile() as err:
        wasi = wasmtime.WasiConfig()
        wasi.argv = argv
        wasi.env = list(env.items())
        wasi.preopen_dir(appdir, '/app')
        wasi.stdout_file = out.name
        wasi.stderr_file = err.name
        store.set_wasi(wasi)
        t = time.perf_counter()
        status = 0
        try:
            linker.instantiate(store, module).exports(store)['_start'](store)
        except wasmtime.ExitTrap as e:
            status = e.code
        seconds = time.perf_counter() - t
        return status, open(out.name, 'rb').read().decode('utf-8', 'replace') + \
            open(err.name, 'rb').read().decode('utf-8', 'replace'), seconds


def main():
    engine = mvp_engine()
    t = time.perf_counter()
    cgi = wasmtime.Module.from_file(engine, os.path.join(OUT, 'php-cgi.wasm'))
    cli = wasmtime.Module.from_file(engine, os.path.join(OUT, 'php.wasm'))
    print(f'compiled both modules with post-MVP features off in {time.perf_counter() - t:.1f} s')
    failures = 0
    with tempfile.TemporaryDirectory() as app:
        for name, text in SCRIPTS.items():
            with open(os.path.join(app, name), 'w') as f:
                f.write(text)
        for script, want_status, needles in CHECKS:
            env = {'REDIRECT_STATUS': '200', 'GATEWAY_INTERFACE': 'CGI/1.1', 'REQUEST_METHOD': 'GET',
                   'SCRIPT_FILENAME': '/app/' + script, 'SERVER_PROTOCOL': 'HTTP/1.1'}
            status, text, seconds = run(engine, cgi, ['php-cgi'], env, app)
            missing = [n for n in needles if n not in text]
            ok = status == want_status and not missing
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {script:22s} exit={status} {seconds * 1000:.0f} ms"
                  + ('' if ok else f'  missing={missing}\n{text}'))
        status, text, _ = run(engine, cli, ['php', '-r', 'echo PHP_VERSION, " ", count(get_loaded_extensions()), "\\n";'], {}, app)
        ok = status == 0 and text.startswith('8.2.32 ')
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} php.wasm -r   exit={status} {text.strip()}")
    print('ALL OK' if failures == 0 else f'{failures} FAILED')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
