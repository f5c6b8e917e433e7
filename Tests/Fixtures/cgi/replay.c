// CGI guest that writes its stdin to stdout unchanged, so a test can put any byte sequence in front of the
// bridge's response parser.
#include <stdio.h>

int main(void) {
    char buffer[4096];
    size_t count;
    while ((count = fread(buffer, 1, sizeof buffer, stdin)) > 0) fwrite(buffer, 1, count, stdout);
    return 0;
}
