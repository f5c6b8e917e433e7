/* wasi_stubs.c -- definitions behind compat/wasi_compat.h and the headers in
 * compat/include, linked into php-cgi.wasm and php.wasm as libwasmvm_compat.a.
 *
 * A WASI preview1 sandbox has one process, no users, no signals, no sockets of
 * its own and no name service. Calls that need those fail the way POSIX says a
 * missing facility fails (ENOSYS, NULL, EAI_FAIL), so PHP reports an ordinary
 * warning. Calls whose only effect would be on ownership, permissions or
 * cross-process locking succeed as no-ops: there is nothing to protect against
 * inside one instance, and failing them would break common scripts. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <arpa/inet.h>
#include "wasi_compat.h"
#include "netdb.h"
#include "pwd.h"
#include "grp.h"
#include "syslog.h"
#include "setjmp.h"

#define FAIL_NOSYS(value) do { errno = ENOSYS; return value; } while (0)

/* ---- users and processes ---- */
uid_t getuid(void) { return 0; }
uid_t geteuid(void) { return 0; }
gid_t getgid(void) { return 0; }
gid_t getegid(void) { return 0; }
int getgroups(int size, gid_t list[]) { (void)size; (void)list; return 0; }
pid_t getppid(void) { return 1; }
pid_t getpgrp(void) { return 1; }
pid_t setsid(void) { FAIL_NOSYS(-1); }
pid_t fork(void) { FAIL_NOSYS(-1); }
pid_t wait(int *status) { (void)status; errno = ECHILD; return -1; }
pid_t waitpid(pid_t pid, int *status, int options) { (void)pid; (void)status; (void)options; errno = ECHILD; return -1; }
int kill(pid_t pid, int sig) { (void)pid; (void)sig; FAIL_NOSYS(-1); }
int execv(const char *path, char *const argv[]) { (void)path; (void)argv; FAIL_NOSYS(-1); }
int execvp(const char *file, char *const argv[]) { (void)file; (void)argv; FAIL_NOSYS(-1); }
int execl(const char *path, const char *arg, ...) { (void)path; (void)arg; FAIL_NOSYS(-1); }

/* ---- signals: none are ever delivered, so handlers and masks are bookkeeping ---- */
int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	(void)sig; (void)act;
	if (old) memset(old, 0, sizeof *old);
	return 0;
}
int sigemptyset(sigset_t *set) { memset(set, 0, sizeof *set); return 0; }
int sigfillset(sigset_t *set) { memset(set, 0xff, sizeof *set); return 0; }
int sigaddset(sigset_t *set, int sig) { (void)set; (void)sig; return 0; }
int sigdelset(sigset_t *set, int sig) { (void)set; (void)sig; return 0; }
int sigismember(const sigset_t *set, int sig) { (void)set; (void)sig; return 0; }
int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	(void)how; (void)set;
	if (old) memset(old, 0, sizeof *old);
	return 0;
}

/* ---- ownership, permissions, advisory locks: accepted, nothing to enforce ---- */
int chown(const char *path, uid_t uid, gid_t gid) { (void)path; (void)uid; (void)gid; return 0; }
int lchown(const char *path, uid_t uid, gid_t gid) { (void)path; (void)uid; (void)gid; return 0; }
int fchown(int fd, uid_t uid, gid_t gid) { (void)fd; (void)uid; (void)gid; return 0; }
int chmod(const char *path, mode_t mode) { (void)path; (void)mode; return 0; }
int fchmod(int fd, mode_t mode) { (void)fd; (void)mode; return 0; }
mode_t umask(mode_t mask)
{
	static mode_t current = 022;
	mode_t previous = current;
	current = mask & 0777;
	return previous;
}
int flock(int fd, int operation) { (void)fd; (void)operation; return 0; }
/* <sys/mman.h> declares it under _WASI_EMULATED_MMAN but the emulation library
 * lacks it; Zend MM only passes hints. */
int madvise(void *addr, size_t len, int advice) { (void)addr; (void)len; (void)advice; return 0; }

/* ---- descriptors and pipes ---- */
FILE *popen(const char *command, const char *mode) { (void)command; (void)mode; FAIL_NOSYS(NULL); }
int pclose(FILE *stream) { (void)stream; FAIL_NOSYS(-1); }
/* WASI preview1 cannot duplicate a descriptor. php://stdin, php://stdout and
 * php://stderr dup() the standard descriptors; handing back the same number
 * keeps them working (closing such a stream closes the original as well). */
int dup(int fd) { return fd; }
int dup2(int fd, int fd2) { (void)fd; (void)fd2; FAIL_NOSYS(-1); }
int getdtablesize(void) { return 1024; }

/* mktemp(): wasi-libc has neither mktemp nor mkstemp; PHP's tempnam() and
 * tmpfile() end up here. Names come from getentropy() (random_get). */
char *mktemp(char *template_)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t len = strlen(template_);
	if (len < 6 || strcmp(template_ + len - 6, "XXXXXX") != 0) {
		errno = EINVAL;
		template_[0] = '\0';
		return template_;
	}
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned char noise[6];
		if (getentropy(noise, sizeof noise) != 0) break;
		for (int i = 0; i < 6; i++) template_[len - 6 + i] = alphabet[noise[i] % 62];
		if (access(template_, F_OK) != 0 && errno == ENOENT) return template_;
	}
	errno = EEXIST;
	template_[0] = '\0';
	return template_;
}

/* tmpfile(): declared (deprecated) by wasi-libc but not defined. libgd's
 * compressed imagebmp() needs one. The file is created in $TMPDIR (default
 * /tmp, which the host must preopen) and unlinked at once, as POSIX would. */
FILE *tmpfile(void)
{
	const char *dir = getenv("TMPDIR");
	char path[1024];
	if (dir == NULL || dir[0] == '\0') dir = "/tmp";
	for (int attempt = 0; attempt < 100; attempt++) {
		snprintf(path, sizeof path, "%s/.php-tmpfile-XXXXXX", dir);
		if (mktemp(path)[0] == '\0') return NULL;
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd < 0) {
			if (errno == EEXIST) continue;
			return NULL;
		}
		unlink(path);
		FILE *file = fdopen(fd, "w+b");
		if (file == NULL) close(fd);
		return file;
	}
	errno = EEXIST;
	return NULL;
}

/* ---- sockets: WASI preview1 cannot create or connect one ---- */
int socket(int domain, int type, int protocol) { (void)domain; (void)type; (void)protocol; FAIL_NOSYS(-1); }
int socketpair(int domain, int type, int protocol, int fds[2]) { (void)domain; (void)type; (void)protocol; (void)fds; FAIL_NOSYS(-1); }
int bind(int fd, const struct sockaddr *addr, socklen_t len) { (void)fd; (void)addr; (void)len; FAIL_NOSYS(-1); }
int connect(int fd, const struct sockaddr *addr, socklen_t len) { (void)fd; (void)addr; (void)len; FAIL_NOSYS(-1); }
int listen(int fd, int backlog) { (void)fd; (void)backlog; FAIL_NOSYS(-1); }
int getsockname(int fd, struct sockaddr *addr, socklen_t *len) { (void)fd; (void)addr; (void)len; FAIL_NOSYS(-1); }
int getpeername(int fd, struct sockaddr *addr, socklen_t *len) { (void)fd; (void)addr; (void)len; FAIL_NOSYS(-1); }
ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr, socklen_t alen)
{ (void)fd; (void)buf; (void)len; (void)flags; (void)addr; (void)alen; FAIL_NOSYS(-1); }
ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *addr, socklen_t *alen)
{ (void)fd; (void)buf; (void)len; (void)flags; (void)addr; (void)alen; FAIL_NOSYS(-1); }
int getsockopt(int fd, int level, int name, void *value, socklen_t *len) { (void)fd; (void)level; (void)name; (void)value; (void)len; FAIL_NOSYS(-1); }
int setsockopt(int fd, int level, int name, const void *value, socklen_t len) { (void)fd; (void)level; (void)name; (void)value; (void)len; FAIL_NOSYS(-1); }

in_addr_t inet_addr(const char *text)
{
	struct in_addr addr;
	return inet_pton(AF_INET, text, &addr) == 1 ? addr.s_addr : (in_addr_t)-1;
}
int inet_aton(const char *text, struct in_addr *addr) { return inet_pton(AF_INET, text, addr) == 1; }
char *inet_ntoa(struct in_addr addr)
{
	static char text[INET_ADDRSTRLEN];
	return (char *)inet_ntop(AF_INET, &addr, text, sizeof text);
}

/* ---- name service: nothing resolves ---- */
int h_errno = 0;
struct hostent *gethostbyname(const char *name) { (void)name; h_errno = HOST_NOT_FOUND; return NULL; }
struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type) { (void)addr; (void)len; (void)type; h_errno = HOST_NOT_FOUND; return NULL; }
struct servent *getservbyname(const char *name, const char *proto) { (void)name; (void)proto; return NULL; }
struct servent *getservbyport(int port, const char *proto) { (void)port; (void)proto; return NULL; }
struct protoent *getprotobyname(const char *name) { (void)name; return NULL; }
struct protoent *getprotobynumber(int proto) { (void)proto; return NULL; }
int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res)
{ (void)node; (void)service; (void)hints; *res = NULL; return EAI_FAIL; }
void freeaddrinfo(struct addrinfo *res) { (void)res; }
const char *gai_strerror(int code) { (void)code; return "name resolution is not available in a WASI sandbox"; }
int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{ (void)sa; (void)salen; (void)host; (void)hostlen; (void)serv; (void)servlen; (void)flags; return EAI_FAIL; }
const char *hstrerror(int code) { (void)code; return "name resolution is not available in a WASI sandbox"; }

/* ---- user and group databases: empty ---- */
struct passwd *getpwnam(const char *name) { (void)name; return NULL; }
struct passwd *getpwuid(uid_t uid) { (void)uid; return NULL; }
int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t len, struct passwd **result)
{ (void)name; (void)pw; (void)buf; (void)len; *result = NULL; return 0; }
int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len, struct passwd **result)
{ (void)uid; (void)pw; (void)buf; (void)len; *result = NULL; return 0; }
struct group *getgrnam(const char *name) { (void)name; return NULL; }
struct group *getgrgid(gid_t gid) { (void)gid; return NULL; }
int getgrnam_r(const char *name, struct group *gr, char *buf, size_t len, struct group **result)
{ (void)name; (void)gr; (void)buf; (void)len; *result = NULL; return 0; }
int getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t len, struct group **result)
{ (void)gid; (void)gr; (void)buf; (void)len; *result = NULL; return 0; }

/* ---- syslog: to stderr, which the host captures ---- */
static const char *syslog_ident = "php";
void openlog(const char *ident, int option, int facility) { (void)option; (void)facility; if (ident) syslog_ident = ident; }
void syslog(int priority, const char *format, ...)
{
	va_list args;
	(void)priority;
	fprintf(stderr, "%s: ", syslog_ident);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
}
void closelog(void) { }

/* ---- longjmp outside Zend: cannot unwind, so stop the instance loudly ---- */
_Noreturn void longjmp(jmp_buf env, int value)
{
	(void)env; (void)value;
	fputs("wasmvm php guest: longjmp() is not supported in WebAssembly\n", stderr);
	abort();
}
_Noreturn void _longjmp(jmp_buf env, int value) { longjmp(env, value); }
_Noreturn void siglongjmp(sigjmp_buf env, int value) { longjmp(env, value); }
