/* ucontext.h for wasm32-wasi (WasmVM PHP guest).
 * PHP 8.2's configure stops with "fibers not available on this platform" unless
 * it finds either a boost.context port (none for wasm) or <ucontext.h>. This
 * header satisfies that check and lets Zend/zend_fibers.c compile; the functions
 * are never reached because patches/0002 refuses to create a fiber on WASI. */
#ifndef WASMVM_COMPAT_UCONTEXT_H
#define WASMVM_COMPAT_UCONTEXT_H
#include <stddef.h>
#include <errno.h>
typedef struct { void *ss_sp; size_t ss_size; int ss_flags; } wasmvm_stack_t;
typedef struct wasmvm_ucontext {
	struct wasmvm_ucontext *uc_link;
	wasmvm_stack_t uc_stack;
} ucontext_t;
static inline int getcontext(ucontext_t *ctx) { (void)ctx; errno = ENOSYS; return -1; }
static inline void makecontext(ucontext_t *ctx, void (*fn)(void), int argc, ...) { (void)ctx; (void)fn; (void)argc; }
static inline int swapcontext(ucontext_t *from, const ucontext_t *to) { (void)from; (void)to; __builtin_trap(); }
#endif
