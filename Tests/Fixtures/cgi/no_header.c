// CGI guest that forgets its header block and complains on stderr.
#include <stdio.h>

int main(void) {
    fputs("first complaint\nsecond complaint\n", stderr);
    fputs("hello world, no headers here\n", stdout);
    return 0;
}
