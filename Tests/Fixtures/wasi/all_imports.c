// Imports every function of wasi_snapshot_preview1 with the exact signatures wasi-libc declares, so merely
// instantiating it checks that the runtime defines all of them with the right types. The calls are behind a
// condition that never holds; sched_yield really runs.
#include <stdint.h>
#include <stdio.h>
#include <wasi/api.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
int32_t raw_proc_raise(int32_t signal);

int main(int argc, char **argv) {
    if (argc == 12345) {
        uint8_t buffer[64];
        __wasi_size_t size;
        __wasi_fd_t fd;
        __wasi_filesize_t offset;
        __wasi_timestamp_t time;
        __wasi_fdstat_t fdstat;
        __wasi_filestat_t filestat;
        __wasi_prestat_t prestat;
        __wasi_iovec_t iov = {buffer, sizeof buffer};
        __wasi_ciovec_t ciov = {buffer, sizeof buffer};
        __wasi_subscription_t subscription = {0};
        __wasi_event_t event;
        __wasi_roflags_t roflags;
        char *pointers[4];
        int r = 0;
        r |= __wasi_args_get((uint8_t **)pointers, buffer);
        r |= __wasi_args_sizes_get(&size, &size);
        r |= __wasi_environ_get((uint8_t **)pointers, buffer);
        r |= __wasi_environ_sizes_get(&size, &size);
        r |= __wasi_clock_res_get(0, &time);
        r |= __wasi_clock_time_get(0, 1, &time);
        r |= __wasi_fd_advise(3, 0, 0, 0);
        r |= __wasi_fd_allocate(3, 0, 0);
        r |= __wasi_fd_close(3);
        r |= __wasi_fd_datasync(3);
        r |= __wasi_fd_fdstat_get(3, &fdstat);
        r |= __wasi_fd_fdstat_set_flags(3, 0);
        r |= __wasi_fd_fdstat_set_rights(3, 0, 0);
        r |= __wasi_fd_filestat_get(3, &filestat);
        r |= __wasi_fd_filestat_set_size(3, 0);
        r |= __wasi_fd_filestat_set_times(3, 0, 0, 0);
        r |= __wasi_fd_pread(3, &iov, 1, 0, &size);
        r |= __wasi_fd_prestat_get(3, &prestat);
        r |= __wasi_fd_prestat_dir_name(3, buffer, 1);
        r |= __wasi_fd_pwrite(3, &ciov, 1, 0, &size);
        r |= __wasi_fd_read(3, &iov, 1, &size);
        r |= __wasi_fd_readdir(3, buffer, 1, 0, &size);
        r |= __wasi_fd_renumber(3, 4);
        r |= __wasi_fd_seek(3, 0, 0, &offset);
        r |= __wasi_fd_sync(3);
        r |= __wasi_fd_tell(3, &offset);
        r |= __wasi_fd_write(3, &ciov, 1, &size);
        r |= __wasi_path_create_directory(3, "x");
        r |= __wasi_path_filestat_get(3, 0, "x", &filestat);
        r |= __wasi_path_filestat_set_times(3, 0, "x", 0, 0, 0);
        r |= __wasi_path_link(3, 0, "x", 3, "y");
        r |= __wasi_path_open(3, 0, "x", 0, 0, 0, 0, &fd);
        r |= __wasi_path_readlink(3, "x", buffer, 1, &size);
        r |= __wasi_path_remove_directory(3, "x");
        r |= __wasi_path_rename(3, "x", 3, "y");
        r |= __wasi_path_symlink("x", 3, "y");
        r |= __wasi_path_unlink_file(3, "x");
        r |= __wasi_poll_oneoff(&subscription, &event, 1, &size);
        r |= __wasi_random_get(buffer, 1);
        r |= __wasi_sock_accept(3, 0, &fd);
        r |= __wasi_sock_recv(3, &iov, 1, 0, &size, &roflags);
        r |= __wasi_sock_send(3, &ciov, 1, 0, &size);
        r |= __wasi_sock_shutdown(3, 0);
        r |= raw_proc_raise(0);
        __wasi_proc_exit(r);
    }
    printf("sched_yield=%d\n", __wasi_sched_yield());
    printf("linked\n");
    return 0;
}
