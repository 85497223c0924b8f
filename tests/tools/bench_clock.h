/* bench_clock — the benchmarks' clocks: CLOCK_MONOTONIC with its full resolution
 * (engine/timeutil's timeutil_monotonic_ms counts whole milliseconds, too coarse here), and
 * the process's CPU time. */
#ifndef SFDBG_BENCH_CLOCK_H
#define SFDBG_BENCH_CLOCK_H

#include <time.h>

/* Seconds from an arbitrary origin. */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds this process has used: what a run costs, without the time other processes
 * took from it on a loaded machine. */
static inline double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The same in milliseconds. */
static inline double bench_now_ms(void) { return bench_now() * 1e3; }

#endif
