// Checks clocks, sleeping, poll timeouts and random bytes; prints only facts that hold on any correct runtime.
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t ns(clockid_t id) {
    struct timespec t;
    clock_gettime(id, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

int main(void) {
    struct timespec res;
    printf("res realtime ok=%d\n", clock_getres(CLOCK_REALTIME, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0));
    printf("res monotonic ok=%d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0));
    printf("realtime after 2020=%d\n", time(NULL) > 1577836800);

    uint64_t a = ns(CLOCK_MONOTONIC), b = ns(CLOCK_MONOTONIC);
    printf("monotonic non-decreasing=%d\n", b >= a);

    uint64_t before = ns(CLOCK_MONOTONIC);
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
    printf("nanosleep waited=%d\n", ns(CLOCK_MONOTONIC) - before >= 20 * 1000 * 1000);

    before = ns(CLOCK_MONOTONIC);
    int polled = poll(NULL, 0, 15);
    printf("poll timeout result=%d waited=%d\n", polled, ns(CLOCK_MONOTONIC) - before >= 15 * 1000 * 1000);

    // Absolute clock subscription through clock_nanosleep(TIMER_ABSTIME).
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    before = ns(CLOCK_MONOTONIC);
    now.tv_nsec += 10 * 1000 * 1000;
    if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
    int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, NULL);
    printf("absolute sleep result=%d waited=%d\n", r, ns(CLOCK_MONOTONIC) - before >= 9 * 1000 * 1000);

    // stdout is always writable.
    struct pollfd out = {.fd = 1, .events = POLLOUT};
    printf("poll stdout writable=%d\n", poll(&out, 1, 1000) == 1 && (out.revents & POLLOUT));

    unsigned char bytes[64], more[64];
    memset(bytes, 0, sizeof bytes);
    memset(more, 0, sizeof more);
    int e1 = getentropy(bytes, sizeof bytes), e2 = getentropy(more, sizeof more);
    int nonzero = 0;
    for (int i = 0; i < 64; i++) nonzero |= bytes[i];
    printf("random ok=%d nonzero=%d differ=%d\n", e1 == 0 && e2 == 0, nonzero != 0, memcmp(bytes, more, 64) != 0);
    return 0;
}
