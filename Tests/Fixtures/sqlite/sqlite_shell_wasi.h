/* sqlite_shell_wasi.h -- force-included (-include) into sqlite3.c and shell.c
 * when build.sh compiles the sqlite3 shell for wasm32-wasi.
 *
 * Why: SQLite 3.40's unix VFS and its shell were written for POSIX. WASI
 * preview1 (wasi-libc 2022-05) has no record locks, no permission bits and no
 * owners, so wasi-libc leaves those calls out; this header supplies harmless
 * stand-ins instead of patching Debian's source:
 *  - fcntl() lock requests succeed and report "unlocked": the semantics of
 *    SQLite's own "unix-none" VFS, correct while one process writes a database
 *    at a time (the test runs one guest, then the host's sqlite3 after it);
 *  - fchmod/fchown/chmod succeed without effect (WASI files have no mode);
 *  - geteuid() is 0 (only used to decide whether to fchown journal files);
 *  - lstat() failing with ENOTCAPABLE (a directory above a preopen, which the
 *    sandbox will not describe) reads as ENOENT, the only "not a symlink, not
 *    there" answer unixFullPathname() accepts. */
#ifndef WASMVM_SQLITE_SHELL_WASI_H
#define WASMVM_SQLITE_SHELL_WASI_H
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/types.h>

/* wasi-libc has struct flock but not the lock commands or lock types. */
#ifndef F_GETLK
# define F_GETLK 5
# define F_SETLK 6
# define F_SETLKW 7
#endif
#ifndef F_RDLCK
# define F_RDLCK 0
# define F_WRLCK 1
# define F_UNLCK 2
#endif

/* SQLite passes a struct flock * for locks and an int for F_GETFL/F_SETFD;
 * answer the former here and hand everything else to wasi-libc. */
static int wasmvm_shell_fcntl(int fd, int cmd, ...)
{
	__builtin_va_list list;
	__builtin_va_start(list, cmd);
	void *argument = __builtin_va_arg(list, void *);
	__builtin_va_end(list);
	switch (cmd) {
	case F_GETLK:
		((struct flock *)argument)->l_type = F_UNLCK;
		return 0;
	case F_SETLK:
	case F_SETLKW:
		return 0;
	default:
		return fcntl(fd, cmd, (int)(long)argument);
	}
}
#define fcntl wasmvm_shell_fcntl

static inline int wasmvm_shell_fchmod(int fd, mode_t mode) { (void)fd; (void)mode; return 0; }
static inline int wasmvm_shell_chmod(const char *path, mode_t mode) { (void)path; (void)mode; return 0; }
static inline int wasmvm_shell_fchown(int fd, uid_t owner, gid_t group) { (void)fd; (void)owner; (void)group; return 0; }
static inline uid_t wasmvm_shell_geteuid(void) { return 0; }
#define fchmod wasmvm_shell_fchmod
#define chmod wasmvm_shell_chmod
#define fchown wasmvm_shell_fchown
#define geteuid wasmvm_shell_geteuid

static int wasmvm_shell_lstat(const char *path, struct stat *status)
{
	int result = lstat(path, status);
	if (result != 0 && errno == ENOTCAPABLE) errno = ENOENT;
	return result;
}
#define lstat wasmvm_shell_lstat
#endif
