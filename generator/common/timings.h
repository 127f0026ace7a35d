/* timings.h — opt-in stage timings on stderr, for `make bench`.
 *
 * Why: issue 8 (speed at a PLIE's scale) needs the time of each stage —
 * ingest of each source, quality checks, measures, each pièce, publication —
 * measured inside one run. With FSEPACK_TIMINGS=1 in the environment every
 * stage prints one line on stderr:
 *
 *   fsepack-timing: <stage> <name> wall=<s> cpu=<s>[ bytes=<n> rows=<n>] peak_kb=<n>
 *
 * (seconds with 6 decimals; cpu = user + system time of the process, from
 * CLOCK_PROCESS_CPUTIME_ID; peak_kb = the process's peak resident size so
 * far, getrusage ru_maxrss). The format is read by tests/tools/bench.sh;
 * the lines are not a user-facing message (not translated). Without the
 * variable nothing is printed and the cost is one clock read per stage.
 */
#ifndef FSE_TIMINGS_H
#define FSE_TIMINGS_H

#include <stdbool.h>

/* A stage's start: wall (CLOCK_MONOTONIC) and process CPU time, seconds. */
typedef struct { double wall, cpu; } fse_timer;

/* True when FSEPACK_TIMINGS is set to a non-empty value other than "0". */
bool fse_timings_on(void);
/* Start (or restart) a timer. */
void fse_timer_start(fse_timer *t);
/* Print the line of stage (e.g. "ingest", "piece") and name (e.g. the
 * dataset, "agen-4/liste-marches") since t started, when timings are on.
 * bytes and rows are printed when >= 0. */
void fse_timer_report(const fse_timer *t, const char *stage, const char *name, long long bytes,
                      long long rows);

#endif
