/* grp.h for wasm32-wasi (WasmVM PHP guest): a WASI sandbox has no group
 * database. Declarations only; every lookup in compat/wasi_stubs.c finds nothing. */
#ifndef WASMVM_COMPAT_GRP_H
#define WASMVM_COMPAT_GRP_H
#include <sys/types.h>
struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; };
struct group *getgrnam(const char *name);
struct group *getgrgid(gid_t gid);
int getgrnam_r(const char *name, struct group *gr, char *buf, size_t len, struct group **result);
int getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t len, struct group **result);
#endif
