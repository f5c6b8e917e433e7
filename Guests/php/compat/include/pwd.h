/* pwd.h for wasm32-wasi (WasmVM PHP guest): a WASI sandbox has no user
 * database. Declarations only; every lookup in compat/wasi_stubs.c finds nothing. */
#ifndef WASMVM_COMPAT_PWD_H
#define WASMVM_COMPAT_PWD_H
#include <sys/types.h>
struct passwd {
	char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid;
	char *pw_gecos; char *pw_dir; char *pw_shell;
};
struct passwd *getpwnam(const char *name);
struct passwd *getpwuid(uid_t uid);
int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t len, struct passwd **result);
int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len, struct passwd **result);
#endif
