// CGI guest that allocates 64 KiB blocks until malloc fails, then aborts (QUERY_STRING "small": one 1 MiB
// block, then a normal response). Under a memory page cap the first must fail and the second still work.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Every block is chained into this list, so the compiler cannot prove the allocations unused and elide them
// (clang -O2 removes a malloc whose memory is only memset, which would make the loop endless).
static void *volatile chain;

int main(void) {
    const char *query = getenv("QUERY_STRING");
    if (query && strcmp(query, "small") == 0) {
        char *block = malloc(1 << 20);
        if (!block) return 1;
        memset(block, 1, 1 << 20);
        printf("Content-Type: text/plain\n\nallocated %d\n", block[12345]);
        return 0;
    }
    size_t total = 0;
    for (;;) {
        char *block = malloc(64 << 10);
        if (!block) {
            fprintf(stderr, "malloc failed after %zu bytes\n", total);
            abort();
        }
        memset(block, 1, 64 << 10);
        *(void **)block = chain;
        chain = block;
        total += 64 << 10;
    }
}
