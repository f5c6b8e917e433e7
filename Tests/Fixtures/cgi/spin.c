// CGI guest that never finishes (unless QUERY_STRING is "quick"): only fuel or a deadline can stop it.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *query = getenv("QUERY_STRING");
    if (query && strcmp(query, "quick") == 0) {
        fputs("Content-Type: text/plain\n\nquick\n", stdout);
        return 0;
    }
    volatile unsigned counter = 0;
    for (;;) counter++;
}
