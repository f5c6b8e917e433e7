// CGI guest: a custom Status, several Set-Cookie headers and a folded header line, all with CRLF line ends.
#include <stdio.h>

int main(void) {
    fputs("Status: 404 Not Found\r\n"
          "Content-Type: text/html; charset=utf-8\r\n"
          "Set-Cookie: first=1\r\n"
          "X-Folded: part one\r\n"
          "\tpart two\r\n"
          "Set-Cookie: second=2; Path=/\r\n"
          "Set-Cookie: third=3; HttpOnly\r\n"
          "\r\n"
          "<h1>Not here</h1>\n", stdout);
    return 0;
}
