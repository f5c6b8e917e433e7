/* setjmp.h for wasm32-wasi (WasmVM PHP guest).
 * The Debian wasi-libc snapshot ships no <setjmp.h>: a real setjmp/longjmp needs
 * the wasm exception-handling proposal, which this guest does not use (MVP +
 * sign-ext only). This header exists so that code which merely mentions
 * jmp_buf compiles (Zend/zend_globals.h, png.h, libgd). Zend's own SETJMP and
 * LONGJMP are redirected by patches/0001; any other setjmp() returns 0 once and
 * a later longjmp() aborts the instance (defined in compat/wasi_stubs.c). */
#ifndef WASMVM_COMPAT_SETJMP_H
#define WASMVM_COMPAT_SETJMP_H
typedef struct { long unused; } jmp_buf[1];
typedef jmp_buf sigjmp_buf;
#define setjmp(env) ((void)(env), 0)
#define _setjmp(env) setjmp(env)
#define sigsetjmp(env, savemask) ((void)(savemask), setjmp(env))
_Noreturn void longjmp(jmp_buf env, int value);
_Noreturn void _longjmp(jmp_buf env, int value);
_Noreturn void siglongjmp(sigjmp_buf env, int value);
#endif
