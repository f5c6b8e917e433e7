// Prints its arguments and environment; exits with the status given as the last argument (if numeric).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    int count = 0;
    for (char **e = environ; *e; e++) count++;
    printf("environ count=%d\n", count);
    for (char **e = environ; *e; e++) printf("env %s\n", *e);
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");
    printf("HOME=%s\n", getenv("HOME") ? getenv("HOME") : "(unset)");
    int status = argc > 1 ? atoi(argv[argc - 1]) : 0;
    fflush(stdout);
    return status;
}
