/* sqlite_wasi.h -- force-included (-include) when sqlite3.c is compiled for
 * the WasmVM PHP guest.
 *
 * SQLite 3.40's unix VFS predates SQLite's own WASI support and expects POSIX
 * record locks, fchmod/fchown and geteuid. WASI preview1 has none of them.
 * Locks become no-ops, the same semantics as SQLite's "unix-none" VFS: correct
 * while a single instance writes a database file at a time. */
#ifndef WASMVM_SQLITE_WASI_H
#define WASMVM_SQLITE_WASI_H
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/types.h>

/* wasi-libc defines struct flock but hides the lock commands and types. */
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

/* SQLite calls fcntl() for locks (struct flock *) and for F_GETFL/F_SETFD
 * style commands (int). Answer lock requests here, pass the rest through. */
static int wasmvm_sqlite_fcntl(int fd, int cmd, ...)
{
	__builtin_va_list args;
	__builtin_va_start(args, cmd);
	void *arg = __builtin_va_arg(args, void *);
	__builtin_va_end(args);
	if (cmd == F_GETLK) {
		((struct flock *)arg)->l_type = F_UNLCK; /* nobody else holds a lock */
		return 0;
	}
	if (cmd == F_SETLK || cmd == F_SETLKW) {
		return 0;
	}
	return fcntl(fd, cmd, (int)(long)arg);
}
#define fcntl wasmvm_sqlite_fcntl

static inline int wasmvm_sqlite_fchmod(int fd, mode_t mode) { (void)fd; (void)mode; return 0; }
static inline int wasmvm_sqlite_fchown(int fd, uid_t uid, gid_t gid) { (void)fd; (void)uid; (void)gid; return 0; }
static inline uid_t wasmvm_sqlite_geteuid(void) { return 0; }
#define fchmod wasmvm_sqlite_fchmod
#define fchown wasmvm_sqlite_fchown
#define geteuid wasmvm_sqlite_geteuid

/* unixFullPathname() lstat()s each directory of an absolute path to resolve
 * symlinks and accepts only ENOENT as "not there". A directory above a WASI
 * preopen (/var when /var/www is preopened) fails with ENOTCAPABLE, which made
 * every database below such a preopen "unable to open database file". Such a
 * directory is not a symlink we could follow anyway: report ENOENT. */
static int wasmvm_sqlite_lstat(const char *path, struct stat *st)
{
	int rc = lstat(path, st);
	if (rc != 0 && errno == ENOTCAPABLE) errno = ENOENT;
	return rc;
}
#define lstat wasmvm_sqlite_lstat
#endif
