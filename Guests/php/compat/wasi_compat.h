/* wasi_compat.h -- force-included (-include) into every PHP translation unit
 * of the WasmVM PHP guest, after configure has run (autoconf's "char f();"
 * link probes would clash with these prototypes, and configure must see what
 * wasi-libc really provides).
 *
 * The Debian wasi-libc snapshot (0.0~git20220510, WASI preview1) hides the
 * POSIX functions that WASI cannot implement: processes, users, signals,
 * permissions, the BSD socket calls. PHP's sources use them unconditionally
 * on "unix", so they are declared here and defined in wasi_stubs.c, where
 * they fail with ENOSYS or, where failing would break ordinary scripts for
 * no benefit (chmod, flock, sigaction), succeed as no-ops. */
#ifndef WASMVM_COMPAT_WASI_H
#define WASMVM_COMPAT_WASI_H
#ifdef __wasi__

/* wasi-libc's struct sockaddr_un has no sun_path; sapi/cgi/fastcgi.c and
 * main/streams/xp_socket.c fill one in. Take over the header guard and
 * declare the usual layout (unix sockets still fail: socket() is a stub). */
#include <stddef.h>
#include <__typedef_sa_family_t.h>
#define __wasilibc___struct_sockaddr_un_h
struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; };

#include <sys/types.h>
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <sys/socket.h>
#include <netinet/in.h>

/* users and processes: one sandboxed process, running as "root" */
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int getgroups(int size, gid_t list[]);
pid_t getppid(void);
pid_t getpgrp(void);
pid_t setsid(void);
pid_t fork(void);
pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
int kill(pid_t pid, int sig);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
int execl(const char *path, const char *arg, ...);

/* signals: wasi-libc hides struct sigaction; the CGI process manager uses it */
struct sigaction {
	void (*sa_handler)(int);
	sigset_t sa_mask;
	int sa_flags;
};
#ifndef SA_RESTART
# define SA_RESTART 0x10000000
#endif
int sigaction(int sig, const struct sigaction *__restrict act, struct sigaction *__restrict old);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
int sigprocmask(int how, const sigset_t *__restrict set, sigset_t *__restrict old);

/* ownership and permissions: WASI files have neither */
int chown(const char *path, uid_t uid, gid_t gid);
int lchown(const char *path, uid_t uid, gid_t gid);
int fchown(int fd, uid_t uid, gid_t gid);
int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
mode_t umask(mode_t mask);

/* descriptors and pipes */
FILE *popen(const char *command, const char *mode);
int pclose(FILE *stream);
int dup(int fd);
int dup2(int fd, int fd2);
int getdtablesize(void);
char *mktemp(char *template_);

/* BSD sockets beyond WASI's accept/recv/send/shutdown */
int socket(int domain, int type, int protocol);
int socketpair(int domain, int type, int protocol, int fds[2]);
int bind(int fd, const struct sockaddr *addr, socklen_t len);
int connect(int fd, const struct sockaddr *addr, socklen_t len);
int listen(int fd, int backlog);
int getsockname(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len);
int getpeername(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len);
ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr, socklen_t alen);
ssize_t recvfrom(int fd, void *__restrict buf, size_t len, int flags, struct sockaddr *__restrict addr, socklen_t *__restrict alen);
int getsockopt(int fd, int level, int name, void *__restrict value, socklen_t *__restrict len);
int setsockopt(int fd, int level, int name, const void *value, socklen_t len);
in_addr_t inet_addr(const char *text);
int inet_aton(const char *text, struct in_addr *addr);
char *inet_ntoa(struct in_addr addr);

#ifndef PF_UNIX
# define PF_UNIX AF_UNIX
#endif
#ifndef SOL_IP
# define SOL_IP 0
#endif
#ifndef SOMAXCONN
# define SOMAXCONN 128
#endif
#ifndef MSG_OOB
# define MSG_OOB 0x0001
#endif
#ifndef MSG_DONTWAIT
# define MSG_DONTWAIT 0x0040
#endif
#ifndef POLLPRI
# define POLLPRI 0x0400 /* WASI poll_oneoff never reports it */
#endif
#ifndef SO_REUSEADDR
# define SO_REUSEADDR 2
# define SO_ERROR 4
# define SO_BROADCAST 6
# define SO_KEEPALIVE 9
# define SO_RCVTIMEO 20
# define SO_SNDTIMEO 21
#endif

/* record locks: wasi-libc defines struct flock but not the commands */
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

/* utime()/utimes(): wasi-libc 0.0~git20220510 dates a file 1970-01-01 when
 * `times` is NULL ("now"), and its versions sit in libc.a's posix.o next to
 * open()/stat(), so they cannot be overridden at link time (duplicate
 * symbols). Calls are renamed to wasi_utime.c's versions instead. */
#include <utime.h>
#include <sys/time.h>
int wasmvm_utime(const char *path, const struct utimbuf *times);
int wasmvm_utimes(const char *path, const struct timeval times[2]);
#define utime(path, times) wasmvm_utime(path, times)
#define utimes(path, times) wasmvm_utimes(path, times)

#endif /* __wasi__ */
#endif
