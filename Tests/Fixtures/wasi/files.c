// Exercises the file system through a preopened directory mapped at /sandbox. The tree it starts from is made by
// the test: /sandbox/hello.txt ("hello, world\n"), /sandbox/sub/inner.txt ("inner\n").
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(expr) report(#expr, (expr) == -1 ? errno : 0)

static void report(const char *what, int error) {
    printf("%-60s %s\n", what, error ? strerror(error) : "ok");
}

static const char *type_name(mode_t mode) {
    if (S_ISREG(mode)) return "file";
    if (S_ISDIR(mode)) return "dir";
    if (S_ISLNK(mode)) return "symlink";
    return "other";
}

static void show_stat(const char *path, int follow) {
    struct stat st;
    int r = follow ? stat(path, &st) : lstat(path, &st);
    if (r != 0) {
        printf("stat %s: %s\n", path, strerror(errno));
        return;
    }
    printf("stat %s: type=%s size=%lld nlink=%llu\n", path, type_name(st.st_mode), (long long)st.st_size,
           (unsigned long long)st.st_nlink);
}

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path) {
    DIR *dir = opendir(path);
    if (!dir) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return;
    }
    char *names[256];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < 256) {
        char line[300];
        const char *kind = entry->d_type == DT_DIR ? "dir" : entry->d_type == DT_REG ? "file"
                         : entry->d_type == DT_LNK ? "symlink" : "other";
        snprintf(line, sizeof line, "%s(%s)", entry->d_name, kind);
        names[count++] = strdup(line);
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], compare);
    printf("list %s:", path);
    for (int i = 0; i < count; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void cat(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("cat %s: %s\n", path, strerror(errno));
        return;
    }
    char buffer[256];
    size_t n = fread(buffer, 1, sizeof buffer - 1, f);
    buffer[n] = 0;
    fclose(f);
    printf("cat %s: [%s]\n", path, buffer);
}

int main(void) {
    cat("/sandbox/hello.txt");
    cat("/sandbox/sub/inner.txt");
    list("/sandbox");

    // Create, write, seek, read back.
    int fd = open("/sandbox/new.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    report("open new.txt", fd < 0 ? errno : 0);
    printf("write=%zd\n", write(fd, "0123456789", 10));
    printf("lseek end=%lld\n", (long long)lseek(fd, 0, SEEK_END));
    printf("lseek set 3=%lld\n", (long long)lseek(fd, 3, SEEK_SET));
    char buffer[64] = {0};
    printf("read=%zd [%.*s]\n", read(fd, buffer, 4), 4, buffer);
    printf("tell=%lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("pwrite=%zd\n", pwrite(fd, "AB", 2, 8));
    memset(buffer, 0, sizeof buffer);
    printf("pread=%zd [%s]\n", pread(fd, buffer, 20, 0), buffer);
    CHECK(ftruncate(fd, 5));
    struct stat st;
    fstat(fd, &st);
    printf("fstat size after truncate=%lld type=%s\n", (long long)st.st_size, type_name(st.st_mode));
    CHECK(ftruncate(fd, 12));
    fstat(fd, &st);
    printf("fstat size after extend=%lld\n", (long long)st.st_size);
    CHECK(fsync(fd));
    CHECK(fdatasync(fd));
    CHECK(close(fd));
    printf("lseek on closed fd=%lld errno=%s\n", (long long)lseek(fd, 0, SEEK_SET), strerror(errno));

    // Append mode.
    fd = open("/sandbox/new.txt", O_WRONLY | O_APPEND);
    printf("append write=%zd\n", write(fd, "+tail", 5));
    close(fd);
    fd = open("/sandbox/new.txt", O_RDONLY);
    memset(buffer, 0, sizeof buffer);
    ssize_t n = read(fd, buffer, sizeof buffer);
    printf("after append: %zd bytes, tail [%s]\n", n, buffer + 12);
    printf("write to read-only fd=%zd errno=%s\n", write(fd, "x", 1), strerror(errno));
    close(fd);

    // Exclusive create and missing files.
    fd = open("/sandbox/new.txt", O_CREAT | O_EXCL | O_WRONLY, 0644);
    printf("O_EXCL on existing: fd=%d errno=%s\n", fd, strerror(errno));
    fd = open("/sandbox/missing.txt", O_RDONLY);
    printf("open missing: fd=%d errno=%s\n", fd, strerror(errno));
    fd = open("/sandbox/hello.txt/x", O_RDONLY);
    printf("open through file: fd=%d errno=%s\n", fd, strerror(errno));

    // Directories.
    CHECK(mkdir("/sandbox/dir", 0755));
    CHECK(mkdir("/sandbox/dir", 0755));
    CHECK(mkdir("/sandbox/dir/nested", 0755));
    fd = open("/sandbox/dir/nested/deep.txt", O_CREAT | O_WRONLY, 0644);
    write(fd, "deep", 4);
    close(fd);
    CHECK(rmdir("/sandbox/dir/nested"));
    show_stat("/sandbox/dir", 1);
    show_stat("/sandbox/dir/nested/deep.txt", 1);
    show_stat("/sandbox/dir/nested/../nested/./deep.txt", 1);
    list("/sandbox/dir/nested");

    // Rename and unlink.
    CHECK(rename("/sandbox/dir/nested/deep.txt", "/sandbox/moved.txt"));
    CHECK(rename("/sandbox/missing.txt", "/sandbox/other.txt"));
    cat("/sandbox/moved.txt");
    CHECK(unlink("/sandbox/moved.txt"));
    CHECK(unlink("/sandbox/moved.txt"));
    CHECK(unlink("/sandbox/dir"));
    CHECK(rmdir("/sandbox/dir/nested"));
    CHECK(rmdir("/sandbox/dir"));
    CHECK(rename("/sandbox/sub", "/sandbox/sub2"));
    cat("/sandbox/sub2/inner.txt");
    CHECK(rename("/sandbox/sub2", "/sandbox/sub"));

    // Times.
    struct timespec times[2] = {{1000000000, 123}, {1200000000, 456000}};
    CHECK(utimensat(AT_FDCWD, "/sandbox/hello.txt", times, 0));
    stat("/sandbox/hello.txt", &st);
    printf("times atime=%lld.%09ld mtime=%lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    fd = open("/sandbox/hello.txt", O_RDONLY);
    struct timespec only_mtime[2] = {{0, UTIME_OMIT}, {1300000000, 0}};
    CHECK(futimens(fd, only_mtime));
    fstat(fd, &st);
    printf("futimens mtime=%lld atime unchanged=%d\n", (long long)st.st_mtim.tv_sec, st.st_atim.tv_sec == 1000000000);
    close(fd);

    // Symbolic links (relative, inside the sandbox).
    CHECK(symlink("hello.txt", "/sandbox/link"));
    CHECK(symlink("sub", "/sandbox/dirlink"));
    CHECK(symlink("nowhere", "/sandbox/dangling"));
    char target[64] = {0};
    printf("readlink=%zd [%s]\n", readlink("/sandbox/link", target, sizeof target), target);
    show_stat("/sandbox/link", 0);
    show_stat("/sandbox/link", 1);
    show_stat("/sandbox/dangling", 0);
    show_stat("/sandbox/dangling", 1);
    cat("/sandbox/link");
    cat("/sandbox/dirlink/inner.txt");
    fd = open("/sandbox/link", O_RDONLY | O_NOFOLLOW);
    printf("O_NOFOLLOW on link: fd=%d errno=%s\n", fd, strerror(errno));
    CHECK(symlink("loop2", "/sandbox/loop1"));
    CHECK(symlink("loop1", "/sandbox/loop2"));
    fd = open("/sandbox/loop1", O_RDONLY);
    printf("open loop: fd=%d errno=%s\n", fd, strerror(errno));
    list("/sandbox");
    CHECK(unlink("/sandbox/link"));
    CHECK(unlink("/sandbox/loop1"));
    CHECK(unlink("/sandbox/loop2"));
    CHECK(unlink("/sandbox/dangling"));
    CHECK(unlink("/sandbox/dirlink"));

    // Hard links.
    CHECK(link("/sandbox/hello.txt", "/sandbox/hard.txt"));
    show_stat("/sandbox/hello.txt", 1);
    cat("/sandbox/hard.txt");
    CHECK(unlink("/sandbox/hard.txt"));
    show_stat("/sandbox/hello.txt", 1);

    // A big directory, listed through several readdir buffers.
    CHECK(mkdir("/sandbox/many", 0755));
    for (int i = 0; i < 150; i++) {
        char name[64];
        snprintf(name, sizeof name, "/sandbox/many/entry-with-a-long-name-%03d", i);
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    DIR *dir = opendir("/sandbox/many");
    int entries = 0;
    long resume = -1;
    while (readdir(dir)) {
        entries++;
        if (entries == 70) resume = telldir(dir);
    }
    int after = 0;
    seekdir(dir, resume);
    while (readdir(dir)) after++;
    closedir(dir);
    printf("many: %d entries, %d after entry 70\n", entries, after);

    CHECK(unlink("/sandbox/new.txt"));
    list("/sandbox");
    return 0;
}
