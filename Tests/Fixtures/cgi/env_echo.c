// CGI guest: reports its whole environment and echoes stdin.
// Each variable is sent both as an "X-Env: NAME=VALUE" header (so a HEAD response, whose body the server drops,
// still shows it) and as a body line; the body ends with "stdin:" and the bytes read from stdin.
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(void) {
    const char *method = getenv("REQUEST_METHOD");
    printf("Content-Type: text/plain\n");
    printf("X-Method: %s\n", method ? method : "(unset)");
    for (char **entry = environ; *entry; entry++) printf("X-Env: %s\n", *entry);
    printf("\n");
    for (char **entry = environ; *entry; entry++) printf("%s\n", *entry);
    printf("stdin:");
    char buffer[4096];
    size_t count;
    while ((count = fread(buffer, 1, sizeof buffer, stdin)) > 0) fwrite(buffer, 1, count, stdout);
    return 0;
}
