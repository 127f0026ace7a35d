/* timings.c — see timings.h. */
#include "common/timings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

bool fse_timings_on(void)
{
    static int on = -1;
    if (on < 0) {
        const char *s = getenv("FSEPACK_TIMINGS");
        on = s && *s && strcmp(s, "0");
    }
    return on;
}

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void fse_timer_start(fse_timer *t)
{
    t->wall = clock_s(CLOCK_MONOTONIC);
    t->cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

void fse_timer_report(const fse_timer *t, const char *stage, const char *name, long long bytes,
                      long long rows)
{
    if (!fse_timings_on()) return;
    double wall = clock_s(CLOCK_MONOTONIC) - t->wall, cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - t->cpu;
    fprintf(stderr, "fsepack-timing: %s %s wall=%.6f cpu=%.6f", stage, name ? name : "-", wall, cpu);
    if (bytes >= 0) fprintf(stderr, " bytes=%lld", bytes);
    if (rows >= 0) fprintf(stderr, " rows=%lld", rows);
    struct rusage ru;
    if (!getrusage(RUSAGE_SELF, &ru)) fprintf(stderr, " peak_kb=%ld", ru.ru_maxrss);
    fputc('\n', stderr);
}
