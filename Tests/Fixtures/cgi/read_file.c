// CGI guest that serves the file named by SCRIPT_FILENAME, and reports whether it may write next to it.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *path = getenv("SCRIPT_FILENAME");
    FILE *file = path ? fopen(path, "r") : NULL;
    if (!file) {
        printf("Status: 404 Not Found\nContent-Type: text/plain\n\ncannot open %s: %s\n", path ? path : "(unset)",
               strerror(errno));
        return 0;
    }
    printf("Content-Type: text/plain\n\n");
    char buffer[4096];
    size_t count;
    while ((count = fread(buffer, 1, sizeof buffer, file)) > 0) fwrite(buffer, 1, count, stdout);
    fclose(file);
    const char *root = getenv("DOCUMENT_ROOT");
    char written[512];
    snprintf(written, sizeof written, "%s/written.txt", root ? root : "");
    FILE *out = fopen(written, "w");
    printf("write: %s\n", out ? "allowed" : "denied");
    if (out) fclose(out);
    return 0;
}
