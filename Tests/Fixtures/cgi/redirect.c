// CGI guest: redirects chosen by QUERY_STRING when the path is /redirect; any other path answers with what it
// was asked (method, URI, query, content length, stdin size), which shows how a local redirect was re-run.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *env(const char *name) {
    const char *value = getenv(name);
    return value ? value : "(unset)";
}

int main(void) {
    const char *uri = env("REQUEST_URI");
    const char *query = env("QUERY_STRING");
    if (strncmp(uri, "/redirect", 9) == 0) {
        if (strcmp(query, "absolute") == 0) {
            fputs("Location: https://example.com/elsewhere\n\n", stdout);
        } else if (strcmp(query, "local") == 0) {
            fputs("Location: /target?from=local\n\n", stdout);
        } else if (strcmp(query, "loop") == 0) {
            fputs("Location: /redirect?loop\n\n", stdout);
        } else if (strcmp(query, "moved") == 0) {
            fputs("Status: 301 Moved Permanently\nLocation: /new-home\n\n", stdout);
        } else if (strcmp(query, "network-path") == 0) {
            fputs("Location: //cdn.example.com/x\n\n", stdout);
        }
        return 0;
    }
    size_t received = 0;
    char buffer[256];
    size_t count;
    while ((count = fread(buffer, 1, sizeof buffer, stdin)) > 0) received += count;
    printf("Content-Type: text/plain\n\nmethod=%s uri=%s query=%s content_length=%s content_type=%s stdin=%zu\n",
           env("REQUEST_METHOD"), uri, query, env("CONTENT_LENGTH"), env("CONTENT_TYPE"), received);
    return 0;
}
