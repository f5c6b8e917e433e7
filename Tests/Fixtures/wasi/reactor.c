// A WASI reactor (built with -mexec-model=reactor): no `_start`; `_initialize` runs the constructor, which the
// exported functions depend on.
#include <stdio.h>

static int base;

__attribute__((constructor)) static void initialize(void) { base = 40; }

__attribute__((export_name("add"))) int add(int x) { return x + base; }

__attribute__((export_name("greet"))) void greet(void) {
    printf("hello from a reactor\n");
    fflush(stdout);
}

__attribute__((noinline)) static void fail(void) { __builtin_trap(); }

__attribute__((export_name("boom"))) void boom(void) { fail(); }
