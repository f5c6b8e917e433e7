/* wasi_utime.c -- utime() and utimes() for the PHP guest, in place of
 * wasi-libc's (calls are renamed to these by wasi_compat.h).
 *
 * Why: wasi-libc 0.0~git20220510 turns a NULL `times` argument ("set both
 * timestamps to now") into explicit timestamps of 0, so the file ends up
 * dated 1970-01-01. PHP's session handler touches an unchanged session with
 * utime(path, NULL) (ext/session/mod_files.c, session.lazy_write=1); with
 * mtime 0 the next session GC run deletes the live session.
 *
 * "Now" is read from CLOCK_REALTIME (the clock_time_get import, the same
 * host clock the file system uses) and passed as explicit timestamps: in
 * this wasi-libc, utimensat() with UTIME_NOW fails with EINVAL and with
 * NULL also writes 0 (tried under wasmtime and WasmVM), so the *_NOW path
 * is not usable at all.
 *
 * Why renamed rather than overridden by name: wasi-libc defines utime and
 * utimes in libc.a's posix.o together with open(), stat() and the other
 * path wrappers, which every program pulls in; a second definition is a
 * duplicate-symbol error in wasm-ld. */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <utime.h>
#include "wasi_compat.h"

/* Both timestamps = the current wall-clock time, to the nanosecond. */
static int wasmvm_now(struct timespec ts[2])
{
	if (clock_gettime(CLOCK_REALTIME, &ts[0]) != 0) {
		return -1;
	}
	ts[1] = ts[0];
	return 0;
}

int wasmvm_utime(const char *path, const struct utimbuf *times)
{
	struct timespec ts[2];
	if (times == NULL) {
		if (wasmvm_now(ts) != 0) {
			return -1;
		}
	} else {
		ts[0].tv_sec = times->actime; ts[0].tv_nsec = 0;
		ts[1].tv_sec = times->modtime; ts[1].tv_nsec = 0;
	}
	return utimensat(AT_FDCWD, path, ts, 0);
}

int wasmvm_utimes(const char *path, const struct timeval times[2])
{
	struct timespec ts[2];
	if (times == NULL) {
		if (wasmvm_now(ts) != 0) {
			return -1;
		}
	} else {
		ts[0].tv_sec = times[0].tv_sec; ts[0].tv_nsec = (long)times[0].tv_usec * 1000;
		ts[1].tv_sec = times[1].tv_sec; ts[1].tv_nsec = (long)times[1].tv_usec * 1000;
	}
	return utimensat(AT_FDCWD, path, ts, 0);
}
