/* pwd.h -- the wasi sysroot has no user database, but shell.c includes
 * <pwd.h> on every non-Windows system to find the home directory for
 * ~/.sqliterc. There are no users in a WASI sandbox: getpwuid() finds nobody,
 * so the shell falls back to $HOME (and, without it, skips ~/.sqliterc). */
#ifndef WASMVM_SHELL_PWD_H
#define WASMVM_SHELL_PWD_H
#include <sys/types.h>

struct passwd {
	char *pw_name;
	char *pw_dir;
};

static inline uid_t getuid(void) { return 0; }
static inline struct passwd *getpwuid(uid_t uid) { (void)uid; return 0; }
#endif
