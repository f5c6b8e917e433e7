// CGI guest that fails in the way QUERY_STRING names: a trap or exit(3), before or after its header block.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *query = getenv("QUERY_STRING");
    if (!query) query = "";
    if (strcmp(query, "trap") == 0) __builtin_trap();
    if (strcmp(query, "exit") == 0) exit(3);
    fputs("Content-Type: text/plain\n\npartial body\n", stdout);
    fflush(stdout);
    if (strcmp(query, "trap-after") == 0) __builtin_trap();
    if (strcmp(query, "exit-after") == 0) exit(3);
    return 0;
}
