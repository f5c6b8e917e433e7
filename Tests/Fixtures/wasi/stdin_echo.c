// Reads all of stdin and reports its length, line count and an upper-cased copy.
#include <ctype.h>
#include <stdio.h>

int main(void) {
    char buffer[65536];
    size_t total = 0, lines = 0;
    int c;
    while ((c = getchar()) != EOF) {
        if (total < sizeof buffer) buffer[total] = (char)c;
        total++;
        if (c == '\n') lines++;
    }
    printf("bytes=%zu lines=%zu\n", total, lines);
    for (size_t i = 0; i < total && i < sizeof buffer; i++) putchar(toupper((unsigned char)buffer[i]));
    printf("[end]\n");
    return 0;
}
