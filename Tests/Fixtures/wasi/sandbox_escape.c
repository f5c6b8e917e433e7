// Tries to get out of its sandbox. Preopens: fd 3 = /sandbox (read-write), fd 4 = /readonly (read-only).
// The host directory holding both also holds secret.txt, which must stay unreachable. Prints one line per attempt
// with the errno it got; the test compares them with sandbox_escape.expected and checks the host tree.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static const char *name(int e) {
    switch (e) {
    case 0: return "ok";
    case __WASI_ERRNO_NOTCAPABLE: return "ENOTCAPABLE";
    case __WASI_ERRNO_PERM: return "EPERM";
    case __WASI_ERRNO_ACCES: return "EACCES";
    case __WASI_ERRNO_BADF: return "EBADF";
    case __WASI_ERRNO_NOENT: return "ENOENT";
    case __WASI_ERRNO_NOTDIR: return "ENOTDIR";
    case __WASI_ERRNO_LOOP: return "ELOOP";
    case __WASI_ERRNO_EXIST: return "EEXIST";
    case __WASI_ERRNO_INVAL: return "EINVAL";
    case __WASI_ERRNO_ISDIR: return "EISDIR";
    case __WASI_ERRNO_ILSEQ: return "EILSEQ";
    case __WASI_ERRNO_FAULT: return "EFAULT";
    default: return "other";
    }
}

#define SANDBOX 3
#define READONLY 4
#define ALL_RIGHTS ((__wasi_rights_t)0x1FFFFFFF)

static int last;
static void result(const char *what, int e) {
    last = e;
    printf("%-58s %s\n", what, name(e));
}

// Raw path_open relative to a directory descriptor (bypassing wasi-libc's own path handling).
static int raw_open(int dir, const char *path, __wasi_lookupflags_t lookup, __wasi_oflags_t oflags,
                    __wasi_rights_t rights, __wasi_fd_t *fd) {
    return __wasi_path_open(dir, lookup, path, oflags, rights, rights, 0, fd);
}

static void try_open(const char *what, int dir, const char *path, __wasi_lookupflags_t lookup) {
    __wasi_fd_t fd;
    int e = raw_open(dir, path, lookup, 0, __WASI_RIGHTS_FD_READ, &fd);
    if (e == 0) {
        char buffer[64] = {0};
        read(fd, buffer, sizeof buffer - 1);
        printf("opened %s: read [%s]\n", path, buffer);
        close(fd);
    }
    result(what, e);
}

#define POSIX(what, expr) result(what, (expr) == -1 ? errno : 0)

int main(void) {
    char prestat_name[32] = {0};
    (void)__wasi_fd_prestat_dir_name(SANDBOX, (uint8_t *)prestat_name, 8);
    printf("fd 3 is %s\n", prestat_name);
    memset(prestat_name, 0, sizeof prestat_name);
    (void)__wasi_fd_prestat_dir_name(READONLY, (uint8_t *)prestat_name, 9);
    printf("fd 4 is %s\n", prestat_name);

    // Paths that climb or start at the root.
    try_open("open ../secret.txt", SANDBOX, "../secret.txt", 0);
    try_open("open sub/../../secret.txt", SANDBOX, "sub/../../secret.txt", 0);
    try_open("open ./../secret.txt", SANDBOX, "./../secret.txt", 0);
    try_open("open .. (directory itself)", SANDBOX, "..", 0);
    try_open("open /etc/passwd", SANDBOX, "/etc/passwd", 0);
    try_open("open //etc/passwd", SANDBOX, "//etc/passwd", 0);
    try_open("open ../readonly/file.txt from sandbox", SANDBOX, "../readonly/file.txt", 0);
    try_open("open sub/../hello.txt (stays inside)", SANDBOX, "sub/../hello.txt", 0);
    POSIX("libc open /sandbox/../secret.txt", open("/sandbox/../secret.txt", O_RDONLY));
    POSIX("libc open /secret.txt (no preopen)", open("/secret.txt", O_RDONLY));

    // Symbolic links planted by the host: absolute and relative targets outside.
    try_open("follow host link to /etc/passwd", SANDBOX, "host-absolute", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW);
    try_open("follow host link to ../secret.txt", SANDBOX, "host-relative", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW);
    try_open("open host link without following", SANDBOX, "host-relative", 0);
    try_open("host link to .. used as directory", SANDBOX, "host-up/secret.txt", 0);
    try_open("host link chain leaving", SANDBOX, "host-chain", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW);
    struct stat st;
    POSIX("libc stat through escaping link", stat("/sandbox/host-relative", &st));
    POSIX("libc lstat of escaping link (allowed)", lstat("/sandbox/host-relative", &st));
    char target[64] = {0};
    POSIX("readlink of escaping link (allowed)", readlink("/sandbox/host-relative", target, sizeof target));
    printf("  target [%s]\n", target);

    // Symbolic links made by the guest.
    POSIX("symlink to absolute /etc", symlink("/etc", "/sandbox/abs"));
    POSIX("symlink to ../secret.txt (creation allowed)", symlink("../secret.txt", "/sandbox/guest-esc"));
    POSIX("open through it", open("/sandbox/guest-esc", O_RDONLY));
    POSIX("symlink .. as up", symlink("..", "/sandbox/up"));
    POSIX("open up/secret.txt", open("/sandbox/up/secret.txt", O_RDONLY));
    POSIX("mkdir up/newdir", mkdir("/sandbox/up/newdir", 0755));
    POSIX("create up/created.txt", open("/sandbox/up/created.txt", O_CREAT | O_WRONLY, 0644));
    POSIX("rename hello.txt to up/moved.txt", rename("/sandbox/hello.txt", "/sandbox/up/moved.txt"));
    POSIX("unlink up/secret.txt", unlink("/sandbox/up/secret.txt"));
    POSIX("symlink deep loop a", symlink("b", "/sandbox/a"));
    POSIX("symlink deep loop b", symlink("a", "/sandbox/b"));
    POSIX("open loop", open("/sandbox/a", O_RDONLY));
    POSIX("open through loop as dir", open("/sandbox/a/x", O_RDONLY));

    // Hard links.
    result("link ../secret.txt into sandbox",
           __wasi_path_link(SANDBOX, 0, "../secret.txt", SANDBOX, "stolen"));
    result("link escaping symlink, following",
           __wasi_path_link(SANDBOX, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "host-relative", SANDBOX, "stolen"));
    result("link hello.txt to ../outside-link",
           __wasi_path_link(SANDBOX, 0, "hello.txt", SANDBOX, "../outside-link"));
    result("rename hello.txt to ../outside.txt", __wasi_path_rename(SANDBOX, "hello.txt", SANDBOX, "../outside.txt"));
    result("create directory ../outside-dir", __wasi_path_create_directory(SANDBOX, "../outside-dir"));
    result("unlink ../secret.txt", __wasi_path_unlink_file(SANDBOX, "../secret.txt"));
    result("symlink ../x named ../y", __wasi_path_symlink("x", SANDBOX, "../y"));
    __wasi_filestat_t fs;
    result("filestat ../secret.txt", __wasi_path_filestat_get(SANDBOX, 0, "../secret.txt", &fs));
    result("set times ../secret.txt", __wasi_path_filestat_set_times(SANDBOX, 0, "../secret.txt", 1, 1,
                                                                    __WASI_FSTFLAGS_MTIM));

    // Guessed descriptors.
    __wasi_size_t n;
    __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
    result("write to fd 99", __wasi_fd_write(99, &iov, 1, &n));
    result("write to fd 5 (never opened)", __wasi_fd_write(5, &iov, 1, &n));
    result("close fd 1000", __wasi_fd_close(1000));
    result("renumber 3 onto 77", __wasi_fd_renumber(SANDBOX, 77));
    __wasi_prestat_t prestat;
    result("prestat of fd 5", __wasi_fd_prestat_get(5, &prestat));
    __wasi_fd_t fd;
    result("path_open relative to stdin", raw_open(0, "hello.txt", 0, 0, __WASI_RIGHTS_FD_READ, &fd));
    result("path_open relative to fd 0x7fffffff", raw_open(0x7fffffff, "hello.txt", 0, 0, __WASI_RIGHTS_FD_READ, &fd));
#ifndef WASMTIME_TRAPS_ON_BAD_POINTERS
    // WasmVM answers EFAULT (the witx errno for it); wasmtime traps instead.
    __wasi_ciovec_t wild = {(const uint8_t *)0xfffffff0, 64};
    result("write from a buffer outside memory", __wasi_fd_write(1, &wild, 1, &n));
#endif

    // Read-only preopen.
    __wasi_fdstat_t fdstat;
    (void)__wasi_fd_fdstat_get(READONLY, &fdstat);
    printf("readonly rights lack write/create: %d\n",
           (fdstat.fs_rights_base & (__WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_UNLINK_FILE)) == 0 &&
           (fdstat.fs_rights_inheriting & __WASI_RIGHTS_FD_WRITE) == 0);
    result("raw open file.txt for write", raw_open(READONLY, "file.txt", 0, 0, __WASI_RIGHTS_FD_WRITE, &fd));
    if (last == 0) {
        result("  write through it", __wasi_fd_write(fd, &iov, 1, &n));
        close(fd);
    }
    POSIX("libc open file.txt O_WRONLY then write", (fd = open("/readonly/file.txt", O_WRONLY)) < 0 ? -1 : write(fd, "x", 1));
    POSIX("libc open O_TRUNC", open("/readonly/file.txt", O_WRONLY | O_TRUNC));
    POSIX("libc create new file", open("/readonly/new.txt", O_CREAT | O_WRONLY, 0644));
    POSIX("libc open O_APPEND and write", (fd = open("/readonly/file.txt", O_WRONLY | O_APPEND)) < 0 ? -1 : write(fd, "x", 1));
    fd = open("/readonly/file.txt", O_RDONLY);
    POSIX("ftruncate read-only file", ftruncate(fd, 0));
    struct timespec times[2] = {{1, 0}, {1, 0}};
    POSIX("futimens read-only file", futimens(fd, times));
    result("add write right back", __wasi_fd_fdstat_set_rights(fd, ALL_RIGHTS, ALL_RIGHTS));
    close(fd);
    POSIX("mkdir", mkdir("/readonly/newdir", 0755));
    POSIX("rmdir inner", rmdir("/readonly/inner"));
    POSIX("unlink file.txt", unlink("/readonly/file.txt"));
    POSIX("rename within", rename("/readonly/file.txt", "/readonly/renamed.txt"));
    POSIX("rename out to sandbox", rename("/readonly/file.txt", "/sandbox/taken.txt"));
    POSIX("rename sandbox file into readonly", rename("/sandbox/sub/inner.txt", "/readonly/given.txt"));
    POSIX("hard link within", link("/readonly/file.txt", "/readonly/linked.txt"));
    POSIX("hard link into sandbox (then writable?)", link("/readonly/file.txt", "/sandbox/linked.txt"));
    POSIX("symlink", symlink("file.txt", "/readonly/symlink"));
    POSIX("utimensat", utimensat(AT_FDCWD, "/readonly/file.txt", times, 0));
    POSIX("create in inner directory", open("/readonly/inner/new.txt", O_CREAT | O_WRONLY, 0644));
    POSIX("unlink in inner directory", unlink("/readonly/inner/deep.txt"));
    POSIX("read file.txt (allowed)", (fd = open("/readonly/file.txt", O_RDONLY)) < 0 ? -1 : (int)read(fd, target, 8));
    POSIX("list readonly (allowed)", opendir("/readonly") ? 0 : -1);
    return 0;
}
